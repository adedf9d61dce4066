"""What the pages say in the user's language: the video services' names, symbol chips, the admin's titles, its app
names and its counts of objects (with Russian plural forms)."""

import re

import pytest

from dreams.models import Dream
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, VideoJobFactory

pytestmark = pytest.mark.django_db

RU = {"accept-language": "ru"}
EN = {"accept-language": "en"}


def chips(page: str) -> list[str]:
    return re.findall(r"<li>([^<]+)</li>", page.split('class="symbols"')[1].split("</ul>")[0])


@pytest.mark.parametrize(
    "headers,label",
    [(RU, "Локальный рендерер (ничего не покидает сервер)"), (EN, "Local renderer (nothing leaves the server)")],
)
def test_the_local_renderer_is_named_in_the_users_language_in_the_dream_form(client, headers, label):
    therapist = TherapistFactory()
    owner = ClientFactory(therapist=therapist)
    client.force_login(therapist)
    page = client.get(f"/clients/{owner.pk}/dreams/add/", headers=headers).content.decode()
    assert f'<option value="local">{label}</option>' in page


@pytest.mark.parametrize("headers,words", [(RU, ["кит", "вода", "красный"]), (EN, ["whale", "water", "red"])])
def test_symbol_chips_in_the_feed_and_on_the_dream_page_speak_the_users_language(client, headers, words):
    dream = DreamFactory(symbols=["whale", "water", "red"], video="videos/x.mp4", poster="posters/x.jpg")
    client.force_login(dream.client.user)
    assert chips(client.get("/feed/", headers=headers).content.decode()) == words
    assert chips(client.get(f"/dreams/{dream.pk}/", headers=headers).content.decode()) == words
    dream.refresh_from_db()
    assert dream.symbols == ["whale", "water", "red"], "what is stored (and sent in the prompt) stays English"


def test_a_symbol_the_lexicon_no_longer_knows_is_shown_as_it_was_stored(client):
    dream = DreamFactory(symbols=["whale", "zeppelin"], video="videos/x.mp4", poster="posters/x.jpg")
    client.force_login(dream.client.user)
    assert chips(client.get("/feed/", headers=RU).content.decode()) == ["кит", "zeppelin"]


def test_the_russian_admin_names_the_site_not_django(staff):
    page = staff.get("/admin/", headers=RU).content.decode()
    assert "Django" not in page
    assert "<title>Сны, видео и учётные записи | Модерация DreamTok</title>" in page
    assert '<a href="/admin/">Модерация DreamTok</a>' in page


def test_the_admin_names_the_sign_in_lockout_app_in_the_users_language(staff):
    russian = staff.get("/admin/", headers=RU).content.decode()
    english = staff.get("/admin/", headers=EN).content.decode()
    assert "Блокировки входа</a>" in russian and "Sign-in lockouts</a>" in english
    assert ">Axes<" not in russian + english and "AXES" not in russian + english


@pytest.mark.parametrize(
    "count,says", [(1, "1 сон"), (2, "2 сна"), (5, "5 снов"), (7, "7 снов"), (11, "11 снов"), (21, "21 сон")]
)
def test_the_russian_admin_counts_dreams_with_the_right_plural(staff, count, says):
    DreamFactory.create_batch(count)
    page = staff.get("/admin/dreams/dream/", headers=RU).content.decode()
    assert re.search(r'<p class="paginator">\s*' + says + r"\s", page)


def test_the_russian_admin_counts_video_jobs_clients_and_audit_events_with_the_right_plural(staff):
    dreams = DreamFactory.create_batch(7)
    for dream in dreams:
        VideoJobFactory(dream=dream)
    assert "7 задач видео" in staff.get("/admin/videogen/videojob/", headers=RU).content.decode()
    assert "7 клиентов" in staff.get("/admin/dreams/client/", headers=RU).content.decode()
    staff.get(f"/admin/dreams/dream/{dreams[0].pk}/change/")  # one audit event
    assert "1 событие журнала" in staff.get("/admin/dreams/auditevent/", headers=RU).content.decode()


def test_the_english_admin_counts_as_before(staff):
    DreamFactory.create_batch(2)
    assert re.search(
        r'<p class="paginator">\s*2 dreams\s', staff.get("/admin/dreams/dream/", headers=EN).content.decode()
    )
    Dream.objects.all()[0].delete()
    assert re.search(
        r'<p class="paginator">\s*1 dream\s', staff.get("/admin/dreams/dream/", headers=EN).content.decode()
    )


def test_every_model_in_the_admin_has_its_counted_phrase():
    """A model added to the admin without one would be counted "7 сны" again."""
    from django.contrib import admin

    from dreams.templatetags.dreams_admin import COUNTED

    assert {model._meta.label_lower for model in admin.site._registry} <= set(COUNTED)
