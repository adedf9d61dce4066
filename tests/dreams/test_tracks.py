"""Each video's description track: WebVTT naming the dream, its night, its scene and symbols, in the reader's
language, linked from every <video>, and only for those who may watch the video."""

import pytest

from dreams.models import AuditEvent
from tests.factories import ClientFactory, DreamFactory

pytestmark = pytest.mark.django_db


def test_the_track_describes_title_night_scene_and_symbols_in_english(client):
    dream = DreamFactory(title="The red whale", symbols=["whale", "water", "red"], with_video=True)
    client.force_login(dream.client.user)
    response = client.get(f"/dreams/{dream.pk}/description.vtt", headers={"accept-language": "en"})
    assert response["Content-Type"].startswith("text/vtt")
    text = response.content.decode()
    assert text.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n")
    assert "“The red whale”, a dream of Nov. 1, 2026. An AI-generated video." in text
    assert "The scene is drawn from the dream's symbols: whale, water, red." in text
    assert dream.content not in text, "never the dream's text"


def test_the_track_speaks_russian_with_russian_symbols(client):
    dream = DreamFactory(title="Кит", symbols=["whale"], with_video=True)
    client.force_login(dream.client.user)
    text = client.get(f"/dreams/{dream.pk}/description.vtt", headers={"accept-language": "ru"}).content.decode()
    assert "«Кит», сон 1 ноября 2026 г." in text and "кит" in text.split("\n\n")[2]


def test_a_title_cannot_break_the_track(client):
    dream = DreamFactory(title="a --> b\n\nWEBVTT <b>bold</b>", with_video=True)
    client.force_login(dream.client.user)
    text = client.get(f"/dreams/{dream.pk}/description.vtt", headers={"accept-language": "en"}).content.decode()
    assert text.count("-->") == 2 and "<b>" not in text and text.count("\n\n") == 2


def test_the_track_is_for_those_who_may_watch_and_is_audited(client):
    dream = DreamFactory(with_video=True)
    client.force_login(ClientFactory().user)
    assert client.get(f"/dreams/{dream.pk}/description.vtt").status_code == 404
    client.force_login(dream.client.user)
    assert client.get(f"/dreams/{dream.pk}/description.vtt").status_code == 200
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="viewed", actor=dream.client.user).exists()
    dream.consent_video = False
    dream.save()
    assert client.get(f"/dreams/{dream.pk}/description.vtt").status_code == 404


def test_the_feed_and_the_dream_page_link_the_track_from_the_video(client):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user)
    feed = client.get("/feed/").content.decode()
    track = f'label="Описание" data-src="/dreams/{dream.pk}/description.vtt"'
    assert '<track kind="descriptions" default srclang="ru" ' + track in feed
    page = client.get(f"/dreams/{dream.pk}/").content.decode()
    assert f'src="/dreams/{dream.pk}/description.vtt"' in page
