"""POST generate-video is rate-limited per user (VIDEOGEN_GENERATE_RATE): past the rate a clear 429, no job; the
window passes and it works again. The dream form's "make the video now" counts against the same rate."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dreamtok import ratelimit
from tests.factories import DreamFactory, dreams_titled
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def dream(client, settings):
    settings.VIDEOGEN_GENERATE_RATE = "3/m"
    dream = DreamFactory()
    client.force_login(dream.author)
    return dream


def generate(client, dream, **kwargs):
    return client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"}, **kwargs)


@pytest.mark.parametrize(
    ("rate", "parsed"), [("10/m", (10, 60)), ("30/5m", (30, 300)), (" 2 / h ", (2, 3600)), ("1/d", (1, 86400))]
)
def test_rates_are_read_as_count_per_period(rate, parsed):
    assert ratelimit.parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "off"])
def test_an_empty_rate_means_no_limit(rate):
    assert ratelimit.parse_rate(rate) is None


@pytest.mark.parametrize("rate", ["10", "ten/m", "10/w", "10/m/s"])
def test_a_malformed_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(rate)


def test_within_the_rate_every_request_makes_a_job(client, dream):
    assert [generate(client, dream).status_code for _ in range(3)] == [200, 200, 200]
    assert VideoJob.objects.filter(dream=dream).count() == 3


def test_past_the_rate_the_answer_is_429_with_a_clear_message_and_no_job(client, dream):
    for _ in range(3):
        generate(client, dream)
    response = generate(client, dream, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    body = response.json()
    assert body["status"] == "refused"
    assert "many videos in a short time" in body["error"] and "try again in" in body["error"]
    assert 1 <= int(response["Retry-After"]) <= 60
    assert VideoJob.objects.filter(dream=dream).count() == 3


def test_a_plain_form_post_past_the_rate_comes_back_with_a_message(client, dream):
    for _ in range(3):
        generate(client, dream)
    response = generate(client, dream, headers={"accept": "text/html"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain[-1] == (f"/dreams/{dream.pk}/", 302)
    assert "many videos in a short time" in response.content.decode()


def test_the_rate_is_per_user(client, dream):
    for _ in range(4):
        generate(client, dream)
    other = DreamFactory()
    client.force_login(other.author)
    assert generate(client, other).status_code == 200


def test_the_next_window_opens_again(client, dream, monkeypatch):
    now = 1_000_000_020.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(3):
        generate(client, dream)
    assert generate(client, dream).status_code == 429
    now += 60
    assert generate(client, dream).status_code == 200


def test_the_daily_budget_still_applies_within_the_rate(client, dream, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "local"]
    settings.KLING_ACCESS_KEY = settings.KLING_SECRET_KEY = "configured"
    settings.VIDEOGEN_DAILY_BUDGET_USD = 0.01
    response = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "kling"})
    assert response.status_code == 400 and response.json()["status"] == "refused"


def test_the_dream_form_asking_for_a_video_counts_against_the_rate(client, dream):
    for _ in range(3):
        generate(client, dream)
    response = client.post(
        f"/clients/{dream.client_id}/dreams/add/",
        {
            "title": "Owl",
            "content": "A white owl on a lighthouse.",
            "dreamt_on": "2026-11-01",
            "privacy_mode": "symbols",
            "visibility": "private",
            "consent_video": "on",
            "generate": "on",
            "provider": "local",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "many videos in a short time" in response.content.decode()
    assert not dreams_titled("Owl", dream.client.dreams.all())


def test_each_request_counts_and_the_fourth_must_wait(dream):
    assert ratelimit.generation_wait(dream.author) == 0
    assert ratelimit.generation_wait(dream.author) == 0
    assert ratelimit.generation_wait(dream.author) == 0
    assert ratelimit.generation_wait(dream.author) > 0
