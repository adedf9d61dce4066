"""Rescripts: a new version of a nightmare is a dream of its own (consent, symbols, mood, video through the same
pipeline), one of them current; deleting the nightmare deletes every new version, its logs and its media."""

import datetime

import pytest
from django.test import Client as Browser
from django.urls import reverse

from dreams import services as dream_services
from dreams.models import AuditEvent, ConsentEvent, Dream, NightLog, RehearsalSession
from dreams.rehearsal import services
from tests.conftest import files_under
from tests.factories import ClientFactory, DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen.render.words import read_dream

CALM_TEXT = "I walk to the sea at dawn; the water is warm and a friendly whale sings to me."


@pytest.fixture
def nightmare(db):
    client = ClientFactory()
    return dream_services.dream_create(
        author=client.therapist,
        client=client,
        title="The chase",
        content="A killer chased me through a dark corridor with a knife, there was blood on the floor.",
        dreamt_on=datetime.date(2026, 11, 1),
        consent_video=True,
        generate=False,
    )


def make_rescript(nightmare, **extra):
    fields = {"title": "The sea at dawn", "content": CALM_TEXT, "consent_video": True, "generate": False}
    return services.rescript_create(original=nightmare, author=nightmare.author, **(fields | extra))


def test_a_rescript_is_a_dream_of_its_own_with_its_own_consent_and_symbols(nightmare):
    assert nightmare.distressing and "knife" in nightmare.symbols
    rescript = make_rescript(nightmare)
    assert rescript.rescript_of == nightmare and rescript.is_current_rescript
    assert rescript.client == nightmare.client and rescript.dreamt_on == nightmare.dreamt_on
    assert not rescript.distressing  # its own symbols decide, the nightmare's flag is not inherited
    assert "sea" in rescript.symbols and not {"knife", "blood", "killer"} & set(rescript.symbols)
    events = ConsentEvent.objects.filter(dream=rescript)
    assert [(e.kind, e.actor) for e in events] == [("given", nightmare.author)]
    assert AuditEvent.objects.filter(dream_id=rescript.pk, action="created").exists()


def test_the_renderer_reads_the_rescripts_calm_not_the_nightmares_tension(nightmare):
    rescript = make_rescript(nightmare)
    assert read_dream("", nightmare.symbols).tension >= 0.6
    assert read_dream("", rescript.symbols).tension <= 0.2
    assert read_dream("", rescript.symbols).time != "dark"


def test_only_one_rescript_of_a_nightmare_is_current(nightmare):
    first = make_rescript(nightmare)
    second = make_rescript(nightmare, title="A garden")
    first.refresh_from_db()
    assert not first.is_current_rescript and second.is_current_rescript
    services.rescript_make_current(rescript=first, by=nightmare.author)
    assert list(Dream.objects.filter(is_current_rescript=True)) == [first]


def test_a_rescript_of_a_rescript_is_a_new_version_of_the_nightmare(nightmare):
    first = make_rescript(nightmare)
    again = services.rescript_create(original=first, author=nightmare.author, title="Again", content=CALM_TEXT)
    assert again.rescript_of == nightmare


def test_the_form_shows_the_original_beside_and_keeps_input_on_error(nightmare):
    browser = Browser(headers={"accept-language": "en"})
    browser.force_login(nightmare.author)
    url = reverse("rescript_add", args=[nightmare.pk])
    page = browser.get(url).content.decode()
    assert "A killer chased me" in page and 'id="dream-form"' in page
    response = browser.post(url, {"title": "", "content": "Only the sea, calm and warm.", "dreamt_on": "2026-11-01"})
    body = response.content.decode()
    assert response.status_code == 200 and "has-error" in body and "Only the sea, calm and warm." in body
    response = browser.post(
        url,
        {
            "title": "The sea",
            "content": CALM_TEXT,
            "dreamt_on": "2026-11-01",
            "privacy_mode": "symbols",
            "visibility": "private",
            "provider": "local",
        },
    )
    rescript = Dream.objects.get(rescript_of=nightmare)
    assert response.status_code == 302 and response.url == reverse("dream_detail", args=[rescript.pk])
    assert rescript.rescript_of == nightmare and not rescript.text_for_therapists_only and not rescript.consent_video


@pytest.mark.django_db(transaction=True)
def test_deleting_the_nightmare_deletes_its_rescripts_logs_and_media(tmp_path):
    before = files_under(tmp_path)
    client = ClientFactory()
    nightmare = DreamFactory(client=client, title="Teeth", symbols=["teeth falling out"])
    rescript = services.rescript_create(
        original=nightmare,
        author=client.therapist,
        title="New teeth",
        content=CALM_TEXT,
        consent_video=True,
        generate=False,
    )
    assert run_to_end(rescript, "local").state == "ready"
    assert rescript.video and files_under(tmp_path) - before
    services.rehearsal_record(client=client, rescript=rescript, by=client.user, minutes=10, vividness=6, calm=7)
    services.night_log_record(
        client=client,
        by=client.user,
        night=datetime.date(2026, 11, 2),
        nightmare=True,
        distress=4,
        was_rescripted=True,
    )
    dream_services.dream_delete(dream=nightmare, by=client.therapist)
    assert not Dream.objects.filter(pk__in=[nightmare.pk, rescript.pk]).exists()
    assert not RehearsalSession.objects.exists() and not NightLog.objects.exists()
    assert {f for f in files_under(tmp_path) - before if not f.startswith("tmp")} == set()
