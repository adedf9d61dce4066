"""Webhooks and callbacks: a per-job token in the URL, Replicate's signature, replays ignored; each is only a hint."""

import json
import time

import pytest

from tests.factories import DreamFactory
from tests.fakes.providers import FAKE_REPLICATE_WEBHOOK_SECRET, sign_standard_webhook
from videogen import services
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Record the steps the webhook view sends instead of queueing them."""
    calls = []
    monkeypatch.setattr(services, "dispatcher", lambda step, job_id, countdown: calls.append((step, job_id)))
    return calls


def job_for(provider: str, task_id: str) -> VideoJob:
    return VideoJob.objects.create(dream=DreamFactory(), provider=provider, state="rendering", provider_task_id=task_id)


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
