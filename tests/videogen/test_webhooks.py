"""Webhooks and callbacks: a per-job token in the URL, Replicate's signature, replays ignored; each is only a hint."""

import json
import time

import pytest

from tests.factories import VideoJobFactory
from tests.fakes.replicate import FAKE_REPLICATE_WEBHOOK_SECRET, sign_standard_webhook
from videogen.models import VideoJob
from videogen.services import dispatch, steps

pytestmark = pytest.mark.django_db


class Recorder:
    """A dispatcher that records the steps sent to it instead of queueing them."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def send(self, step: dispatch.Step, job_id: int, countdown: float = 0) -> None:
        self.calls.append((step, job_id))


@pytest.fixture
def sent():
    """The steps the webhook view sends, recorded instead of queued."""
    recorder = Recorder()
    with dispatch.running(dispatcher=recorder):
        yield recorder.calls


def job_for(provider: str, task_id: str) -> VideoJob:
    return VideoJobFactory(provider=provider, state="rendering", provider_task_id=task_id)


def replicate_post(
    client, job, body: dict, *, webhook_id="msg_1", timestamp=None, secret=FAKE_REPLICATE_WEBHOOK_SECRET
):
    raw = json.dumps(body).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign_standard_webhook(secret, webhook_id, timestamp, raw),
    }
    return client.post(
        f"/webhooks/replicate/{job.callback_token}/", raw, content_type="application/json", headers=headers
    )


def test_luma_callback_with_the_jobs_token_triggers_a_poll(client, sent):
    job = job_for("luma", "gen-123")
    response = client.post(
        f"/webhooks/luma/{job.callback_token}/",
        {"id": "gen-123", "state": "completed"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert sent == [("job_poll", job.pk)]


def test_callback_with_an_unknown_token_is_refused(client, sent):
    job_for("luma", "gen-123")
    response = client.post("/webhooks/luma/guessed-token/", {"id": "gen-123"}, content_type="application/json")
    assert response.status_code == 404 and sent == []


def test_callback_for_another_providers_job_is_refused(client, sent):
    job = job_for("kling", "task-1")
    response = client.post(f"/webhooks/luma/{job.callback_token}/", {"id": "task-1"}, content_type="application/json")
    assert response.status_code == 404 and sent == []


def test_signed_replicate_webhook_is_accepted(client, sent, settings):
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    response = replicate_post(client, job, {"id": "pred-9", "status": "succeeded", "input": {"input_image": "x"}})
    assert response.status_code == 200 and sent == [("job_poll", job.pk)]


def test_forged_replicate_webhook_is_rejected(client, sent, settings):
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    forged = "whsec_" + "QUJDREVGR0hJSktMTU5PUA=="
    response = replicate_post(client, job, {"id": "pred-9", "status": "succeeded"}, secret=forged)
    assert response.status_code == 400 and sent == []


def test_stale_replicate_webhook_is_rejected(client, sent, settings):
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    response = replicate_post(client, job, {"id": "pred-9"}, timestamp=int(time.time()) - 3600)
    assert response.status_code == 400 and sent == []


def test_replayed_replicate_webhook_is_ignored(client, sent, settings):
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    body = {"id": "pred-9", "status": "succeeded", "input": {"input_image": "x"}}
    replicate_post(client, job, body, webhook_id="msg_7")
    replay = replicate_post(client, job, body, webhook_id="msg_7")
    assert replay.status_code == 200 and replay.content == b"already processed"
    assert sent == [("job_poll", job.pk)]


def test_webhook_for_a_finished_job_does_nothing(client, sent):
    job = job_for("luma", "gen-1")
    VideoJob.objects.filter(pk=job.pk).update(state="ready")
    response = client.post(f"/webhooks/luma/{job.callback_token}/", {"id": "gen-1"}, content_type="application/json")
    assert response.status_code == 200 and sent == []


def job_fields(job: VideoJob) -> dict:
    job.refresh_from_db()
    return {name: getattr(job, name) for name in ("state", "progress", "output_url", "error", "provider_task_id")}


def test_a_luma_callback_body_cannot_change_the_job_by_itself(client, sent):
    job = job_for("luma", "gen-123")
    before = job_fields(job)
    body = {"id": "gen-123", "state": "completed", "assets": {"video": "https://attacker.example/evil.mp4"}}
    response = client.post(f"/webhooks/luma/{job.callback_token}/", body, content_type="application/json")
    assert response.status_code == 200
    assert job_fields(job) == before  # still rendering, no output URL: only the poll, with our key, decides
    assert sent == [("job_poll", job.pk)]


def test_a_kling_callback_body_cannot_change_the_job_by_itself(client, sent):
    job = job_for("kling", "task-1")
    before = job_fields(job)
    body = {
        "task_id": "task-1",
        "task_status": "succeed",
        "task_result": {"videos": [{"url": "https://attacker.example/evil.mp4"}]},
    }
    response = client.post(f"/webhooks/kling/{job.callback_token}/", body, content_type="application/json")
    assert response.status_code == 200
    assert job_fields(job) == before
    assert sent == [("job_poll", job.pk)]


def test_a_failed_callback_cannot_fail_the_job(client, sent):
    job = job_for("luma", "gen-123")
    body = {"id": "gen-123", "state": "failed", "failure_reason": "forged"}
    client.post(f"/webhooks/luma/{job.callback_token}/", body, content_type="application/json")
    assert job_fields(job)["state"] == "rendering" and job_fields(job)["error"] == ""


def test_a_callback_naming_only_part_of_the_task_id_is_ignored(client, sent):
    job = job_for("luma", "gen-123")
    response = client.post(f"/webhooks/luma/{job.callback_token}/", {"id": "gen"}, content_type="application/json")
    assert response.content == b"ignored" and sent == []


def test_replicate_webhook_without_a_configured_secret_is_rejected(client, sent, settings):
    settings.REPLICATE_WEBHOOK_SECRET = ""
    job = job_for("replicate", "vid:pred-9")
    response = replicate_post(client, job, {"id": "pred-9", "status": "succeeded"})
    assert response.status_code == 400 and sent == []


def test_a_forged_completion_leaves_the_video_to_what_the_provider_reports(client, sent, fake_providers_configured):
    """End to end with the fake Luma: the callback only wakes the poll, and the poll reads the provider's own answer."""
    from videogen.providers import get_provider
    from videogen.providers.base import SubmitOptions

    task_id = get_provider("luma").submit("a whale in deep water", SubmitOptions())
    job = VideoJobFactory(provider="luma", state="submitted", provider_task_id=task_id)
    body = {"id": task_id, "state": "completed", "assets": {"video": "https://attacker.example/evil.mp4"}}
    client.post(f"/webhooks/luma/{job.callback_token}/", body, content_type="application/json")
    assert sent == [("job_poll", job.pk)]
    deadline = time.monotonic() + 20
    while job_fields(job)["state"] != "downloading" and time.monotonic() < deadline:
        steps.job_poll(job.pk)
        time.sleep(0.4)
    assert job.state == "downloading"
    assert job.output_url.startswith(fake_providers_configured) and "attacker" not in job.output_url


@pytest.mark.parametrize(
    ("provider", "body", "next_body"),
    [
        ("luma", {"id": "t-1", "state": "dreaming"}, {"id": "t-1", "state": "completed"}),
        ("kling", {"task_id": "t-1", "task_status": "processing"}, {"task_id": "t-1", "task_status": "succeed"}),
    ],
)
def test_a_replayed_unsigned_callback_is_ignored_but_the_next_state_is_heard(client, sent, provider, body, next_body):
    job = job_for(provider, "t-1")
    url = f"/webhooks/{provider}/{job.callback_token}/"
    answers = [client.post(url, data, content_type="application/json") for data in (body, body, next_body)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[1].content == b"already processed"
    assert sent == [("job_poll", job.pk), ("job_poll", job.pk)]


def test_a_large_replicate_webhook_is_verified_on_its_whole_body(client, sent, settings):
    """A prediction with long logs runs past 256 KiB: the signature covers every byte of it."""
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    body = {"id": "pred-9", "status": "succeeded", "input": {"input_image": "x"}, "logs": "step 1/25\n" * 40_000}
    assert len(json.dumps(body)) > 300 * 1024
    response = replicate_post(client, job, body)
    assert response.status_code == 200 and sent == [("job_poll", job.pk)]


@pytest.mark.parametrize("size", [2 * 1024 * 1024 + 1, 3 * 1024 * 1024])
def test_a_webhook_body_over_2_mib_is_refused_as_too_large(client, sent, settings, size):
    settings.REPLICATE_WEBHOOK_SECRET = FAKE_REPLICATE_WEBHOOK_SECRET
    job = job_for("replicate", "vid:pred-9")
    body = {"id": "pred-9", "status": "succeeded", "logs": ""}
    body["logs"] = "x" * (size - len(json.dumps(body)))
    response = replicate_post(client, job, body)
    assert response.status_code == 413 and sent == []
