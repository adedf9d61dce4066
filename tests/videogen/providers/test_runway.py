"""Runway (text → image → video, two tasks of one job) against its fake on loopback."""

import json

import pytest
from django.core import checks

from tests.fakes.providers import JSON_BODY, install_fake_world, record_sleeps, respond_times, slow_server
from tests.fakes.runway import FAKE_RUNWAY_KEY
from videogen.prompts.template import build_prompt
from videogen.providers.base import ProviderError, SubmitOptions, WebhookRejected
from videogen.providers.runway import RunwayProvider


@pytest.fixture
def fake(httpserver, settings):
    settings.RUNWAY_IMAGE_MODEL = "gen4_image"
    settings.RUNWAY_VIDEO_MODEL = "gen4_turbo"
    return install_fake_world(httpserver, settings)


@pytest.fixture
def runway(fake):
    return RunwayProvider()


def finish_image(fake, runway, task_id):
    fake.advance(20)  # an image takes a quarter of the 60 s render time
    return runway.poll(task_id)


def test_runway_makes_an_image_then_a_vertical_video(fake, runway):
    task_id = runway.submit("a lighthouse in fog", SubmitOptions(seed=7))
    assert task_id.startswith("img:")

    [image_request] = fake.requests_to("/runway/text_to_image", "POST")
    assert image_request.headers["authorization"] == f"Bearer {FAKE_RUNWAY_KEY}"
    assert image_request.headers["x-runway-version"] == "2024-11-06"
    assert image_request.json == {
        "model": "gen4_image",
        "promptText": "a lighthouse in fog",
        "ratio": "720:1280",
        "seed": 7,
    }
    assert runway.poll(task_id).state == "pending"
    fake.advance(5)
    running = runway.poll(task_id)
    assert running.state == "running" and 0 < running.progress < 0.3

    moved_on = finish_image(fake, runway, task_id)
    assert moved_on.state == "running" and moved_on.next_task_id.startswith("vid:")
    [video_request] = fake.requests_to("/runway/image_to_video", "POST")
    image_id = task_id.removeprefix("img:")
    assert video_request.json == {
        "model": "gen4_turbo",
        "promptImage": f"{fake.base_url}/files/{image_id}.png",
        "ratio": "720:1280",
        "duration": 5,
    }
    assert video_request.headers["x-runway-version"] == "2024-11-06"

    video_id = moved_on.next_task_id
    fake.advance(30)
    assert 0.3 <= runway.poll(video_id).progress < 1
    fake.advance(60)
    done = runway.poll(video_id)
    assert done.state == "succeeded"
    assert done.video_url == f"{fake.base_url}/files/{video_id.removeprefix('vid:')}.mp4"
    assert fake.stats()["submissions"] == {"runway": 1}
    assert fake.stats()["steps"] == {"runway:video": 1}


def test_runway_refuses_the_retired_gen3a_turbo_with_a_clear_message(fake, runway, settings):
    """gen3a_turbo left Runway's SDK in June 2026: nothing is sent, and the job moves on to the next provider."""
    settings.RUNWAY_VIDEO_MODEL = "gen3a_turbo"
    with pytest.raises(ProviderError) as caught:
        runway.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert "gen3a_turbo" in caught.value.message and "gen4_turbo" in caught.value.message
    assert fake.requests_to("/runway") == []


def test_start_up_checks_refuse_a_retired_runway_model(settings):
    settings.RUNWAY_API_KEY, settings.RUNWAY_VIDEO_MODEL = "key", "gen3a_turbo"
    [error] = [message for message in checks.run_checks() if message.id == "videogen.E001"]
    assert error.level == checks.ERROR
    assert "RUNWAY_VIDEO_MODEL" in error.msg and "gen4_turbo" in error.hint
    settings.RUNWAY_VIDEO_MODEL = "gen4_turbo"
    assert not [message for message in checks.run_checks() if message.id == "videogen.E001"]


def test_the_fake_runway_refuses_the_retired_model(fake):
    body = {"model": "gen3a_turbo", "promptImage": "https://x.example/i.png", "ratio": "768:1280", "duration": 5}
    headers = {"Authorization": f"Bearer {FAKE_RUNWAY_KEY}", "X-Runway-Version": "2024-11-06", **JSON_BODY}
    assert fake.handle("POST", "/runway/image_to_video", headers, json.dumps(body).encode()).status == 400


def test_runway_text_only_model_goes_straight_to_video(fake, runway, settings):
    settings.RUNWAY_VIDEO_MODEL = "veo3"
    task_id = runway.submit("a lighthouse", SubmitOptions())
    assert task_id.startswith("vid:")
    request = fake.requests_to("/runway/text_to_video")[0]
    assert request.json == {"model": "veo3", "promptText": "a lighthouse", "ratio": "720:1280", "duration": 8}
    fake.advance(90)
    assert runway.poll(task_id).state == "succeeded"


def test_runway_waits_out_a_429_with_retry_after(httpserver, fake, runway, monkeypatch):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, "/runway/text_to_image", 1, method="POST", status=429, headers={"Retry-After": "4"})
    assert runway.submit("a lighthouse", SubmitOptions()).startswith("img:")
    assert waits == [pytest.approx(0.004)]


def test_runway_survives_a_few_500s(httpserver, fake, runway, monkeypatch):
    record_sleeps(monkeypatch)
    task_id = runway.submit("a lighthouse", SubmitOptions())
    respond_times(httpserver, f"/runway/tasks/{task_id.removeprefix('img:')}", 3, status=503)
    assert runway.poll(task_id).state == "pending"


def test_runway_500_forever_is_a_retryable_error(httpserver, fake, runway, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/runway/tasks/abc", 10, status=500)
    with pytest.raises(ProviderError) as caught:
        runway.poll("vid:abc")
    assert caught.value.retryable


def test_runway_timeout_is_a_retryable_error(runway, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base, pytest.raises(ProviderError) as caught:
        settings.RUNWAY_API_BASE = base + "/runway"
        runway.poll("vid:abc")
    assert caught.value.retryable


def test_runway_malformed_json_is_a_retryable_error(httpserver, fake, runway):
    respond_times(httpserver, "/runway/tasks/abc", 1, body=b"{status: RUNNING}")
    with pytest.raises(ProviderError) as caught:
        runway.poll("vid:abc")
    assert caught.value.retryable


def test_runway_safety_failure_is_final(fake, runway):
    fake.fail_next("runway", "safety")
    task_id = runway.submit("a lighthouse", SubmitOptions())
    result = finish_image(fake, runway, task_id)
    assert result.state == "failed" and not result.retryable
    assert result.error == "Runway's content filter refused this prompt."


def test_runway_internal_failure_of_the_video_may_be_retried(fake, runway):
    task_id = runway.submit("a lighthouse", SubmitOptions())
    fake.fail_next("runway", "internal")
    video_id = finish_image(fake, runway, task_id).next_task_id
    fake.advance(90)
    result = runway.poll(video_id)
    assert result.state == "failed" and result.retryable


def test_runway_refused_key_is_permanent(fake, runway, settings):
    settings.RUNWAY_API_KEY = "wrong"
    with pytest.raises(ProviderError) as caught:
        runway.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert caught.value.message == "The Runway API key was refused."


def test_runway_refuses_prompts_over_1000_characters(fake, runway):
    with pytest.raises(ProviderError) as caught:
        runway.submit("x" * 1001, SubmitOptions())
    assert not caught.value.retryable
    assert fake.requests_to("/runway") == []


WAVE = "\N{WATER WAVE}"  # outside the Basic Multilingual Plane: two UTF-16 code units


def test_runway_counts_the_prompt_in_utf16_code_units_as_runway_does(fake, runway):
    """999 characters, two of them emoji: 1,001 units for Runway, refused by us as too long, not sent to be refused
    as a bad request (which a therapist reads as the content filter)."""
    prompt = "x" * 997 + WAVE * 2
    assert len(prompt) == 999
    with pytest.raises(ProviderError) as caught:
        runway.submit(prompt, SubmitOptions())
    assert "1001 characters" in caught.value.message and not caught.value.retryable
    assert fake.requests_to("/runway") == []
    assert runway.submit("x" * 998 + WAVE, SubmitOptions())  # exactly 1,000 units


def test_the_fake_runway_counts_prompt_text_in_utf16_code_units(fake):
    body = {"model": "gen4_image", "promptText": "x" * 997 + WAVE * 2, "ratio": "720:1280"}
    headers = {"Authorization": f"Bearer {FAKE_RUNWAY_KEY}", "X-Runway-Version": "2024-11-06", **JSON_BODY}
    answer = fake.handle("POST", "/runway/text_to_image", headers, json.dumps(body).encode())
    assert answer.status == 400 and "1000" in answer.body.decode()


def test_a_dream_written_outside_the_basic_plane_makes_a_prompt_within_runways_limit():
    """Emoji never reach a prompt, but letters beyond the BMP do: styled "fancy text" pasted from a phone, rare CJK."""
    fancy = "".join(chr(0x1D4EA + ord(letter) - ord("a")) for letter in "whale")  # MATHEMATICAL BOLD SCRIPT
    dream = f"I swam with a {fancy} and it sang \U00020b9f. " * 80
    prompt = build_prompt(text=dream, symbols=["whale"], mode="full", provider="runway", full_text_allowed=True).prompt
    assert len(prompt.encode("utf-16-le")) // 2 <= 1000
    assert len(prompt) > 700 and fancy in prompt  # cut to fit, not emptied


def test_runway_cancel_deletes_the_current_task(fake, runway):
    task_id = runway.submit("a lighthouse", SubmitOptions())
    runway.cancel(task_id)
    assert runway.poll(task_id).state == "cancelled"
    runway.cancel("vid:gone")  # unknown: nothing to do


def test_runway_has_no_webhooks(runway):
    assert not runway.supports_webhooks
    with pytest.raises(WebhookRejected):
        runway.parse_webhook({}, b"{}")
