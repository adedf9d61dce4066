"""Replicate (image → Stable Video Diffusion, or one text-to-video model) and its signed webhooks."""

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from PIL import Image

from tests.fakes.providers import install_fake_world, record_sleeps, respond_times, slow_server
from tests.fakes.replicate import FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET, sign_standard_webhook
from videogen import download, media
from videogen.providers.base import ProviderError, SubmitOptions, WebhookRejected
from videogen.providers.replicate import SVD_INPUT, ReplicateProvider

SVD_VERSION = "3f0457e4619daac51203dedb472816fd4af51f3149fa7a9e0b5ffcf1b8172438"
CALLBACK = "https://dreamtok.example/webhooks/replicate/"


@pytest.fixture
def fake(httpserver, settings):
    settings.REPLICATE_IMAGE_MODEL = "black-forest-labs/flux-schnell"
    settings.REPLICATE_VIDEO_MODEL = "stability-ai/stable-video-diffusion"
    settings.REPLICATE_VIDEO_VERSION = SVD_VERSION
    return install_fake_world(httpserver, settings)


@pytest.fixture
def replicate(fake):
    return ReplicateProvider()


def signed_headers(body: bytes, *, webhook_id="msg_1", timestamp=None, secret=FAKE_REPLICATE_WEBHOOK_SECRET):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Webhook-Id": webhook_id,
        "Webhook-Timestamp": timestamp,
        "Webhook-Signature": sign_standard_webhook(secret, webhook_id, timestamp, body),
    }


def test_replicate_makes_an_image_then_an_svd_video(fake, replicate):
    task_id = replicate.submit("a lighthouse in fog", SubmitOptions(callback_url=CALLBACK, seed=3))
    assert task_id.startswith("img:")
    [image_request] = fake.requests_to("/replicate/models/black-forest-labs/flux-schnell/predictions", "POST")
    assert image_request.headers["authorization"] == f"Bearer {FAKE_REPLICATE_TOKEN}"
    assert image_request.json == {
        "input": {
            "prompt": "a lighthouse in fog",
            "aspect_ratio": "9:16",
            "output_format": "png",
            "num_outputs": 1,
            "seed": 3,
        },
        "webhook": CALLBACK,
        "webhook_events_filter": ["completed"],
    }
    assert replicate.poll(task_id).state == "pending"
    fake.advance(5)
    assert replicate.poll(task_id).state == "running"

    fake.advance(15)
    moved_on = replicate.poll(task_id)
    assert moved_on.state == "running" and moved_on.next_task_id.startswith("vid:")
    [video_request] = fake.requests_to("/replicate/predictions", "POST")
    sent = video_request.json
    first_frame = sent["input"].pop("input_image")
    assert sent == {  # a poll does not know the job's webhook: the SVD step is polled
        "version": SVD_VERSION,
        "input": SVD_INPUT,
    }
    assert first_frame.startswith("data:image/jpeg;base64,")
    video_id = moved_on.next_task_id
    fake.advance(90)
    done = replicate.poll(video_id)
    assert done.state == "succeeded"
    assert done.video_url == f"{fake.base_url}/files/{video_id.removeprefix('vid:')}.mp4"
    assert fake.stats()["submissions"] == {"replicate": 1}


def test_stable_video_diffusion_keeps_the_vertical_frame(fake, replicate, tmp_path):
    """SVD fits a 9:16 image kept in aspect into 576 px of height (about 320×576): the first image goes as 576×1024,
    at its own dimensions."""
    task_id = replicate.submit("a lighthouse in fog", SubmitOptions())
    fake.advance(20)
    video_id = replicate.poll(task_id).next_task_id
    [video_request] = fake.requests_to("/replicate/predictions", "POST")
    assert video_request.json["input"]["sizing_strategy"] == "use_image_dimensions"
    first_frame = base64.b64decode(video_request.json["input"]["input_image"].split(",", 1)[1])
    assert Image.open(BytesIO(first_frame)).size == (576, 1024)
    fake.advance(90)
    clip = download.safe_download(replicate.poll(video_id).video_url, tmp_path / "clip.mp4", max_bytes=10_000_000)
    info = media.probe(clip)
    assert (info.width, info.height) == (576, 1024)


def test_replicate_asks_for_no_webhook_without_a_secret_to_verify_it(fake, replicate, settings):
    settings.REPLICATE_WEBHOOK_SECRET = ""
    replicate.submit("a lighthouse", SubmitOptions(callback_url=CALLBACK))
    assert "webhook" not in fake.requests_to("/replicate/models", "POST")[0].json


def test_replicate_text_to_video_model_takes_the_configured_input(fake, replicate, settings):
    settings.REPLICATE_VIDEO_MODEL = "minimax/video-01"
    settings.REPLICATE_VIDEO_INPUT = {"aspect_ratio": "9:16", "duration": 5}
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    assert task_id.startswith("vid:")
    request = fake.requests_to("/replicate/models/minimax/video-01/predictions")[0]
    assert request.json == {"input": {"aspect_ratio": "9:16", "duration": 5, "prompt": "a lighthouse"}}
    fake.advance(90)
    assert replicate.poll(task_id).state == "succeeded"


def test_replicate_model_spelled_with_a_version_uses_the_predictions_endpoint(fake, replicate, settings):
    settings.REPLICATE_IMAGE_MODEL = "stability-ai/sdxl:abc123"
    replicate.submit("a lighthouse", SubmitOptions())
    assert fake.requests_to("/replicate/predictions", "POST")[0].json["version"] == "abc123"


def test_replicate_waits_out_a_429_with_retry_after(httpserver, fake, replicate, monkeypatch):
    waits = record_sleeps(monkeypatch)
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    path = f"/replicate/predictions/{task_id.removeprefix('img:')}"
    respond_times(httpserver, path, 1, status=429, headers={"Retry-After": "5"})
    assert replicate.poll(task_id).state == "pending"
    assert waits == [pytest.approx(0.005)]


def test_replicate_survives_a_few_429s_on_create(httpserver, fake, replicate, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/replicate/models/black-forest-labs/flux-schnell/predictions", 2, status=429)
    assert replicate.submit("a lighthouse", SubmitOptions())
    assert fake.stats()["submissions"] == {"replicate": 1}


def test_a_502_on_create_is_not_sent_again_blindly(httpserver, fake, replicate, monkeypatch):
    """The prediction may exist behind a 502: the pipeline looks for it before it pays for another."""
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/replicate/models/black-forest-labs/flux-schnell/predictions", 1, status=502)
    with pytest.raises(ProviderError) as caught:
        replicate.submit("a lighthouse", SubmitOptions())
    assert caught.value.retryable and caught.value.maybe_created
    assert len([r for r in httpserver.log if r[0].method == "POST"]) == 1


def test_replicate_survives_a_few_500s_while_polling(httpserver, fake, replicate, monkeypatch):
    record_sleeps(monkeypatch)
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    respond_times(httpserver, f"/replicate/predictions/{task_id.removeprefix('img:')}", 2, status=502)
    assert replicate.poll(task_id).state in ("pending", "running")


def test_replicate_500_forever_is_a_retryable_error(httpserver, fake, replicate, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/replicate/predictions/abc", 10, status=500)
    with pytest.raises(ProviderError) as caught:
        replicate.poll("vid:abc")
    assert caught.value.retryable


def test_replicate_timeout_is_a_retryable_error(replicate, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base, pytest.raises(ProviderError) as caught:
        settings.REPLICATE_API_BASE = base + "/replicate"
        replicate.poll("vid:abc")
    assert caught.value.retryable


def test_replicate_malformed_json_is_a_retryable_error(httpserver, fake, replicate):
    respond_times(httpserver, "/replicate/predictions/abc", 1, body=b"Service Unavailable")
    with pytest.raises(ProviderError) as caught:
        replicate.poll("vid:abc")
    assert caught.value.retryable


def test_replicate_nsfw_failure_is_final(fake, replicate):
    fake.fail_next("replicate", "safety")
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    fake.advance(20)
    result = replicate.poll(task_id)
    assert result.state == "failed" and not result.retryable
    assert result.error == "Replicate's content filter refused this prompt."


def test_replicate_internal_failure_may_be_retried(fake, replicate):
    fake.fail_next("replicate", "internal")
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    fake.advance(20)
    assert replicate.poll(task_id).retryable


def test_replicate_refused_token_is_permanent(fake, replicate, settings):
    settings.REPLICATE_API_TOKEN = "wrong"
    with pytest.raises(ProviderError) as caught:
        replicate.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert caught.value.message == "The Replicate API key was refused."


def test_replicate_billing_problem_is_permanent(httpserver, fake, replicate):
    respond_times(httpserver, "/replicate/models/black-forest-labs/flux-schnell/predictions", 1, status=402)
    with pytest.raises(ProviderError) as caught:
        replicate.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent


def test_replicate_invalid_input_is_not_retried(httpserver, fake, replicate):
    respond_times(httpserver, "/replicate/models/black-forest-labs/flux-schnell/predictions", 1, status=422)
    with pytest.raises(ProviderError) as caught:
        replicate.submit("a lighthouse", SubmitOptions())
    assert not caught.value.retryable and not caught.value.permanent


def test_replicate_cancel_cancels_the_prediction(fake, replicate):
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    replicate.cancel(task_id)
    assert replicate.poll(task_id).state == "cancelled"
    assert fake.requests_to(f"/replicate/predictions/{task_id.removeprefix('img:')}/cancel", "POST")
    replicate.cancel("vid:gone")  # unknown: nothing to do


def test_replicate_genuine_webhook_names_the_task_and_event(fake, replicate):
    task_id = replicate.submit("a lighthouse", SubmitOptions(callback_url=CALLBACK))
    body = json.dumps(fake.render_object(fake.tasks[task_id.removeprefix("img:")])).encode()
    event = replicate.parse_webhook(signed_headers(body, webhook_id="msg_42"), body)
    assert event.task_id == task_id
    assert event.event_id == "msg_42"


def test_replicate_webhook_for_the_svd_step_names_the_video_task(fake, replicate):
    task_id = replicate.submit("a lighthouse", SubmitOptions())
    fake.advance(20)
    video_id = replicate.poll(task_id).next_task_id
    body = json.dumps(fake.render_object(fake.tasks[video_id.removeprefix("vid:")])).encode()
    assert replicate.parse_webhook(signed_headers(body), body).task_id == video_id


def test_replicate_webhook_accepts_any_listed_v1_signature(replicate):
    body = b'{"id": "p1", "input": {"prompt": "x"}}'
    headers = signed_headers(body)
    headers["Webhook-Signature"] = "v1,bm90IGl0 v2,abc " + headers["Webhook-Signature"]
    assert replicate.parse_webhook(headers, body).task_id == "img:p1"


def test_replicate_forged_webhook_is_rejected(replicate):
    body = b'{"id": "p1", "status": "succeeded"}'
    forged = "whsec_" + "Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0"
    with pytest.raises(WebhookRejected, match="signature"):
        replicate.parse_webhook(signed_headers(body, secret=forged), body)


def test_replicate_webhook_with_a_changed_body_is_rejected(replicate):
    body = b'{"id": "p1", "status": "failed"}'
    headers = signed_headers(body)
    with pytest.raises(WebhookRejected):
        replicate.parse_webhook(headers, body.replace(b"failed", b"succeeded"))


@pytest.mark.parametrize("age", [-400, 400])
def test_replicate_stale_or_future_webhook_is_rejected(replicate, age):
    body = b'{"id": "p1"}'
    with pytest.raises(WebhookRejected, match="5 minutes"):
        replicate.parse_webhook(signed_headers(body, timestamp=int(time.time()) + age), body)


def test_replicate_webhook_without_headers_is_rejected(replicate):
    with pytest.raises(WebhookRejected):
        replicate.parse_webhook({}, b'{"id": "p1"}')


def test_replicate_webhook_is_rejected_when_no_secret_is_set(replicate, settings):
    body = b'{"id": "p1"}'
    headers = signed_headers(body)
    settings.REPLICATE_WEBHOOK_SECRET = ""
    with pytest.raises(WebhookRejected):
        replicate.parse_webhook(headers, body)


def an_hour_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=1)


def test_a_prediction_as_replicate_shows_it_has_no_webhook_member(fake, replicate):
    task_id = replicate.submit("a lighthouse", SubmitOptions(callback_url=CALLBACK))
    prediction = fake.render_object(fake.tasks[task_id.removeprefix("img:")])
    assert "webhook" not in prediction and prediction["input"]["prompt"] == "a lighthouse"


def test_replicate_finds_a_lost_prediction_with_webhooks_on(fake, replicate):
    """The Prediction schema has input, model/version and created_at, never the webhook URL it was sent with."""
    options = SubmitOptions(callback_url=CALLBACK, seed=7)
    task_id = replicate.submit("a lighthouse in fog", options)
    assert replicate.find_tasks("a lighthouse in fog", options, an_hour_ago()) == [task_id]


def test_replicate_does_not_take_another_jobs_prediction_for_a_lost_one(fake, replicate, settings):
    replicate.submit("a lighthouse", SubmitOptions(seed=8))  # the same prompt for another job (another seed)
    settings.REPLICATE_IMAGE_MODEL = "stability-ai/sdxl:abc123"
    replicate.submit("a lighthouse", SubmitOptions(seed=7))  # the same input, another model
    settings.REPLICATE_IMAGE_MODEL = "black-forest-labs/flux-schnell"
    assert replicate.find_tasks("a lighthouse", SubmitOptions(seed=7), an_hour_ago()) == []
    future = datetime.now(UTC) + timedelta(hours=1)
    replicate.submit("a lighthouse", SubmitOptions(seed=7))
    assert replicate.find_tasks("a lighthouse", SubmitOptions(seed=7), future) == []  # made before we sent


def test_replicate_reads_on_through_the_next_pages(fake, replicate, monkeypatch):
    monkeypatch.setattr("tests.fakes.replicate.PAGE_SIZE", 2)
    wanted = replicate.submit("the first dream", SubmitOptions(seed=1))
    for number in range(2, 7):
        replicate.submit(f"dream {number}", SubmitOptions(seed=number))
    assert replicate.find_tasks("the first dream", SubmitOptions(seed=1), an_hour_ago()) == [wanted]
    assert [request.query for request in fake.requests_to("/replicate/predictions", "GET")] == [
        {},
        {"cursor": "2"},
        {"cursor": "4"},
    ]


def test_replicate_never_follows_a_next_page_to_another_host(httpserver, fake, replicate):
    """The token goes to the configured API only."""
    page = {"previous": None, "next": "https://elsewhere.example/v1/predictions?cursor=x", "results": []}
    respond_times(httpserver, "/replicate/predictions", 1, method="GET", body=json.dumps(page))
    assert replicate.find_tasks("a lighthouse", SubmitOptions(), an_hour_ago()) == []


def test_start_up_checks_demand_a_version_for_stable_video_diffusion(settings):
    """SVD is a community model: Replicate creates it only by version (its model endpoint serves official models)."""
    from django.core import checks

    settings.REPLICATE_API_TOKEN = "token"
    settings.REPLICATE_VIDEO_MODEL, settings.REPLICATE_VIDEO_VERSION = "stability-ai/stable-video-diffusion", ""
    [error] = [message for message in checks.run_checks() if message.id == "videogen.E002"]
    assert error.level == checks.ERROR and "REPLICATE_VIDEO_VERSION" in error.msg
    settings.REPLICATE_VIDEO_MODEL = "stability-ai/stable-video-diffusion:3f0457e4"
    assert not [message for message in checks.run_checks() if message.id == "videogen.E002"]
    settings.REPLICATE_VIDEO_MODEL, settings.REPLICATE_VIDEO_VERSION = "stability-ai/stable-video-diffusion", "3f04"
    assert not [message for message in checks.run_checks() if message.id == "videogen.E002"]
