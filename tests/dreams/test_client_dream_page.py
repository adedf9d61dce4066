"""A client's own dream page speaks to the client: where their video stands in their words, a way back to the feed,
and the text of their dream unless their therapist keeps it as notes for therapists only."""

import pytest

from dreams.models import Dream
from tests.factories import ClientFactory, DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


def page_of(client, dream, user, headers=EN) -> str:
    client.force_login(user)
    return client.get(f"/dreams/{dream.pk}/", headers=headers).content.decode()


def test_a_client_without_consent_reads_that_they_have_not_agreed_to_a_video(client):
    dream = DreamFactory(consent_video=False)
    page = page_of(client, dream, dream.client.user)
    assert "You have not agreed to a video of this dream." in page
    assert "the client has not consented" not in page
    assert "Give consent to a video of this dream" in page


def test_the_therapist_still_reads_it_in_the_third_person(client):
    dream = DreamFactory(consent_video=False)
    assert "No video: the client has not consented." in page_of(client, dream, dream.author)


def test_the_client_reads_their_dream_and_finds_the_way_back_to_the_feed(client):
    dream = DreamFactory(content="I swam with a red whale.")
    page = page_of(client, dream, dream.client.user)
    assert "I swam with a red whale." in page
    assert 'class="back-to-feed" href="/feed/"' in page


def test_notes_for_therapists_only_stay_hidden_from_the_client(client):
    dream = DreamFactory(content="THERAPIST-NOTES-ONLY", text_for_therapists_only=True)
    page = page_of(client, dream, dream.client.user)
    assert "THERAPIST-NOTES-ONLY" not in page
    assert "notes for therapists only" in page
    assert "THERAPIST-NOTES-ONLY" in page_of(client, dream, dream.author)


def test_another_client_never_reads_the_text_of_a_shared_dream(client):
    dream = DreamFactory(content="SHARED-TEXT", visibility="shared", moderation="approved", video="videos/x.mp4")
    page = page_of(client, dream, ClientFactory().user)
    assert "SHARED-TEXT" not in page
    assert 'class="back-to-feed" href="/feed/?tab=shared"' in page


def test_a_failed_video_is_told_to_the_client_without_its_technical_cause(client):
    dream = DreamFactory()
    VideoJobFactory(dream=dream, state="failed", error="ffmpeg exit 1")
    page = page_of(client, dream, dream.client.user)
    assert "The video could not be made. Your therapist can try again." in page
    assert "ffmpeg" not in page


def test_a_withdrawn_consent_is_said_in_the_clients_words(client):
    dream = DreamFactory(consent_video=False)
    VideoJobFactory(dream=dream, state="ready")
    assert "You withdrew your consent, so the video was deleted." in page_of(client, dream, dream.client.user)


def test_the_client_page_speaks_russian(client):
    dream = DreamFactory(consent_video=False)
    page = page_of(client, dream, dream.client.user, headers={"accept-language": "ru"})
    assert "Вы не давали согласия на видео этого сна." in page


def test_the_therapist_marks_the_text_as_notes_in_the_form(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    form = client.get(f"/dreams/{dream.pk}/edit/", headers=EN).content.decode()
    assert 'name="text_for_therapists_only"' in form
    assert not Dream._meta.get_field("text_for_therapists_only").default, "by default the client reads the text"
