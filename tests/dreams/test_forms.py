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
    post(therapist_client, symbols=" Whale,  deep   sea ,whale, ")
    assert Dream.objects.get().symbols == ["whale", "deep sea"]
