"""The dream's video endpoints: POST generate-video, GET video-status, as the seed's frontend uses them."""

import json

import pytest

from tests.factories import DreamFactory
from videogen import runner
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def dream(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    return dream


def test_generate_answers_processing_with_the_job(client, dream, django_capture_on_commit_callbacks):
    with runner.in_process() as steps, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "processing"
    assert body["job"]["provider"] == "local" and VideoJob.objects.filter(pk=body["job"]["id"]).exists()
    assert [step for _, _, step, _ in steps] == ["job_submit"]


def test_generate_takes_the_provider_from_a_json_body(client, dream):
    response = client.post(
        f"/dreams/{dream.pk}/generate-video", json.dumps({"provider": "local"}), content_type="application/json"
    )
    assert response.json()["job"]["provider"] == "local"


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"provider": 5}'])
def test_generate_with_a_malformed_body_uses_the_default_provider(client, dream, body):
    response = client.post(f"/dreams/{dream.pk}/generate-video", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["job"]["provider"] == "local"


def test_generate_with_an_unknown_provider_is_refused_clearly(client, dream):
    response = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "sora"})
    assert response.status_code == 400
    assert response.json()["error"]


def test_generate_without_consent_is_refused_clearly(client):
    dream = DreamFactory(consent_video=False)
    client.force_login(dream.author)
    response = client.post(f"/dreams/{dream.pk}/generate-video")
    assert response.status_code == 400
    assert "consent" in response.json()["error"].lower() or "соглас" in response.json()["error"].lower()


def test_status_of_a_dream_without_a_job(client, dream):
    body = client.get(f"/dreams/{dream.pk}/video-status").json()
    assert body == {"status": "none", "progress": 0.0, "error": "", "video_url": ""}


@pytest.mark.django_db(transaction=True)
def test_status_follows_the_job_to_a_playable_signed_url(client, dream):
    with runner.in_process() as steps:
        job_id = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"}).json()["job"]["id"]
        assert client.get(f"/dreams/{dream.pk}/video-status").json()["status"] == "queued"
        runner.drain(steps, [job_id], timeout=60)
    body = client.get(f"/dreams/{dream.pk}/video-status").json()
    assert body["status"] == "ready" and body["progress"] == 1.0 and body["error"] == ""
    video = client.get(body["video_url"])
    assert video.status_code == 200 and video["Content-Type"] == "video/mp4"
    assert b"ftyp" in b"".join(video.streaming_content)[:64]


def test_a_plain_form_post_comes_back_to_the_dream_page(client, dream):
    response = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"}, headers={"accept": "text/html"})
    assert response.status_code == 302 and response.url == f"/dreams/{dream.pk}/"
