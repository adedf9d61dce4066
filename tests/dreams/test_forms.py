"""The dream form: each kind of bad input gets a clear message next to its field, and the input is kept."""

import datetime

import pytest
from django.utils import timezone

from dreams.models import Dream
from tests.factories import ClientFactory, TherapistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def therapist_client(client):
    therapist = TherapistFactory()
    client.force_login(therapist)
    return client, ClientFactory(therapist=therapist)


def form_data(**overrides):
    data = {
        "title": "Whale",
        "content": "A red whale swam in deep water.",
        "dreamt_on": "2026-11-01",
        "symbols": "",
        "consent_video": "on",
        "privacy_mode": "symbols",
        "visibility": "private",
        "provider": "local",
        "generate": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(therapist_client, **overrides):
    http, owner = therapist_client
    return http.post(f"/clients/{owner.pk}/dreams/add/", form_data(**overrides))


def test_valid_dream_is_saved_with_suggested_symbols(therapist_client):
    response = post(therapist_client)
    dream = Dream.objects.get()
    assert response.status_code == 302
    assert response.url == f"/dreams/{dream.pk}/"
    assert "whale" in dream.symbols


def test_consent_is_recorded_with_who_and_when(therapist_client):
    post(therapist_client)
    dream = Dream.objects.get()
    assert dream.consent_recorded_by == dream.author
    assert dream.consent_recorded_at is not None


@pytest.mark.parametrize("content", ["", "   \n\t  "])
def test_empty_text_is_refused_next_to_the_field(therapist_client, content):
    response = post(therapist_client, content=content, title="Kept title")
    assert response.status_code == 200
    assert "content" in response.context["form"].errors
    assert "Kept title" in response.content.decode()
    assert not Dream.objects.exists()


def test_text_over_ten_thousand_characters_is_refused_and_kept(therapist_client):
    long_text = "сон " * 2600
    response = post(therapist_client, content=long_text)
    errors = response.context["form"].errors["content"]
    assert "10000" in errors[0] or "10 000" in errors[0] or "10,000" in errors[0]
    assert long_text.strip()[:200] in response.content.decode()


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "rtl \u202eoverride"])
def test_control_characters_are_refused(therapist_client, bad):
    response = post(therapist_client, content=f"I dreamt {bad} of the sea")
    assert "content" in response.context["form"].errors
    assert not Dream.objects.exists()


def test_a_date_in_the_future_is_refused(therapist_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post(therapist_client, dreamt_on=tomorrow.isoformat())
    assert "dreamt_on" in response.context["form"].errors


def test_asking_for_a_video_without_consent_is_refused(therapist_client):
    response = post(therapist_client, consent_video=None, generate="on")
    assert "consent_video" in response.context["form"].errors
    assert not Dream.objects.exists()


def test_a_dream_without_consent_can_be_saved_when_no_video_is_asked_for(therapist_client):
    response = post(therapist_client, consent_video=None, generate=None)
    assert response.status_code == 302
    assert Dream.objects.get().consent_video is False


def test_full_text_mode_needs_its_own_consent(therapist_client):
    response = post(therapist_client, privacy_mode="full")
    assert "consent_full_text" in response.context["form"].errors


def test_edited_symbols_are_stored_as_a_clean_list(therapist_client):
    post(therapist_client, symbols=" Whale,  swimming   pool ,whale, ")
    assert Dream.objects.get().symbols == ["whale", "swimming pool"]


def test_symbols_typed_in_russian_or_any_form_are_stored_as_english_symbol_words(therapist_client):
    post(therapist_client, symbols="кит, Owls, летучая мышь")
    assert Dream.objects.get().symbols == ["whale", "owl", "bat"]


@pytest.mark.parametrize("typed", ["маша петрова", "+7 912 345 67 89", "ivan@mail.ru", "sarah", "Boston"])
def test_a_symbol_that_is_personal_data_is_refused_next_to_the_field_and_kept(therapist_client, typed):
    response = post(therapist_client, symbols=f"{typed}, whale")
    errors = response.context["form"].errors["symbols"]
    assert len(errors) == 1 and typed.lower() in errors[0]
    assert f'value="{typed}, whale"' in response.content.decode()
    assert not Dream.objects.exists()


@pytest.mark.parametrize(
    "typed", ["paper crane", "Harrowgate", "Priya", "Tromsø", "Череповец", "Baker Street", "улица Гагарина", "Ivanova"]
)
def test_a_symbol_the_lexicon_does_not_know_is_refused_with_a_message_and_kept(therapist_client, typed):
    response = post(therapist_client, symbols=f"{typed}, whale")
    errors = response.context["form"].errors.as_data()["symbols"]
    assert len(errors) == 1 and typed.lower() in errors[0].message
    assert f'value="{typed}, whale"' in response.content.decode()
    assert not Dream.objects.exists()


@pytest.mark.parametrize("typed", ["HIV", "ВИЧ", "hiv-positive", "bipolar disorder", "шизофрения", "диабет", "cancer"])
def test_a_health_condition_is_never_a_symbol(therapist_client, typed):
    response = post(therapist_client, symbols=f"owl, {typed}")
    errors = response.context["form"].errors.as_data()["symbols"]
    assert [error.code for error in errors] == ["symbol_health"]
    assert not Dream.objects.exists()


@pytest.mark.parametrize(("typed", "symbol"), [("WHALES", "whale"), ("кита", "whale"), ("Летучие Мыши", "bat")])
def test_a_symbol_word_is_known_in_any_case_or_inflection(therapist_client, typed, symbol):
    post(therapist_client, symbols=typed)
    assert Dream.objects.get().symbols == [symbol]


def test_windows_line_ends_are_stored_as_plain_newlines(therapist_client):
    post(therapist_client, content="Кит плавал.\r\n\r\nМаша звонила.\r\n")
    assert Dream.objects.get().content == "Кит плавал.\n\nМаша звонила."


def test_carriage_returns_do_not_count_toward_the_length_limit(therapist_client):
    line = "сон " * 24 + "\r\n"  # 98 characters, 97 once the line end is "\n"
    content = line * 103  # 10,094 characters as sent, 9,991 as stored
    assert len(content) > 10_000 >= len(content.replace("\r\n", "\n"))
    response = post(therapist_client, content=content)
    assert response.status_code == 302, response.context["form"].errors
    assert "\r" not in Dream.objects.get().content


def test_clearing_the_symbols_on_edit_fills_in_the_suggested_symbols(therapist_client):
    http, _owner = therapist_client
    post(therapist_client, symbols="owl")
    dream = Dream.objects.get()
    assert dream.symbols == ["owl"]
    http.post(f"/dreams/{dream.pk}/edit/", form_data(symbols=""))
    dream.refresh_from_db()
    assert dream.symbols == ["red", "whale", "water"]


# The live preview shows the very prompt the video job would send.


def preview(therapist_client, **overrides):
    http, _owner = therapist_client
    return http.post("/dreams/prompt-preview", form_data(**overrides)).json()


@pytest.mark.parametrize(
    ("content", "symbols", "mode"),
    [
        ("Лев пришёл ко мне в гости.", "", "symbols"),
        ("Лев пришёл ко мне в гости. Потом приплыл кит.", "", "anonymized"),
        ("Henderson called me. Porter was there too, by the sea.", "", "anonymized"),
        ("Маша звонила +7 903 111 22 33.\r\n\r\nКит плавал в воде.", "кит, owl", "symbols"),
        ("I couldn't open the door of the old house.", "", "full"),
    ],
)
def test_the_preview_shows_exactly_the_prompt_the_saved_dreams_job_sends(therapist_client, content, symbols, mode):
    from videogen.services.jobs import build_job_prompt

    fields = {"content": content, "symbols": symbols, "privacy_mode": mode, "consent_full_text": "on"}
    shown = preview(therapist_client, **fields)
    post(therapist_client, **fields)
    dream = Dream.objects.get()
    sent = build_job_prompt(dream=dream, provider="local")
    assert shown["prompt"] == sent.prompt
    assert shown["symbols"] == dream.symbols == sent.symbols


def test_the_preview_marks_the_removed_parts_of_the_text_as_it_is_stored(therapist_client):
    shown = preview(therapist_client, content="🐋 Кит.\r\n\r\nМаша звонила.", privacy_mode="anonymized")
    assert shown["segments"] == [
        {"text": "🐋 Кит.\n\n", "kind": None},
        {"text": "Маша", "kind": "name"},
        {"text": " звонила.", "kind": None},
    ]


def test_the_preview_of_full_text_without_its_consent_gives_the_refusal_that_saving_gives(therapist_client):
    shown = preview(therapist_client, privacy_mode="full")
    refused = post(therapist_client, privacy_mode="full").context["form"].errors["consent_full_text"]
    assert "prompt" not in shown
    assert shown["error"] == refused[0]


def test_the_preview_refuses_a_personal_symbol_as_saving_does(therapist_client):
    shown = preview(therapist_client, symbols="ivan@mail.ru")
    assert "prompt" not in shown and "ivan@mail.ru" in shown["error"]
