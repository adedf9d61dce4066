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


@pytest.fixture
def luma_first(settings):
    """An external provider offered first, as in the review: a misread request must never reach it."""
    settings.LUMA_API_KEY = "key"
    settings.VIDEOGEN_PROVIDERS = ["luma", "local"]


UNREADABLE = [
    pytest.param(b'{"provider": "local"}', "text/plain", id="json-as-text-plain"),
    pytest.param(b'{"provider": "local"', "application/json", id="malformed-json"),
    pytest.param(b'["local"]', "application/json", id="json-list"),
    pytest.param(b"5", "application/json", id="json-integer"),
    pytest.param(b'{"provider": "lo\xffcal"}', "application/json", id="invalid-utf8"),
    pytest.param(b"", "application/json", id="empty-json"),
    pytest.param(b'{"provider": 5}', "application/json", id="provider-not-a-string"),
    pytest.param(b'{"provider": ""}', "application/json", id="provider-empty"),
    pytest.param(b'{"provider": "sora"}', "application/json", id="provider-not-offered"),
    pytest.param(b"provider=", "application/x-www-form-urlencoded", id="form-provider-empty"),
    pytest.param(b"provider=sora", "application/x-www-form-urlencoded", id="form-provider-not-offered"),
    pytest.param(b"", "", id="no-content-type"),
]


@pytest.mark.parametrize("body,content_type", UNREADABLE)
def test_a_body_that_cannot_be_read_or_names_no_offered_provider_is_refused(
    client, dream, luma_first, body, content_type
):
    response = client.generic("POST", f"/dreams/{dream.pk}/generate-video", body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["status"] == "refused" and response.json()["error"]
    assert not VideoJob.objects.exists()


@pytest.mark.parametrize("body", [{}, {"other": 1}])
def test_a_json_object_without_a_provider_takes_the_first_offered(client, dream, luma_first, body):
    response = client.post(f"/dreams/{dream.pk}/generate-video", json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json()["job"]["provider"] == "luma"


def test_a_form_without_a_provider_takes_the_first_offered(client, dream, luma_first):
    response = client.post(f"/dreams/{dream.pk}/generate-video", {})
    assert response.status_code == 200 and response.json()["job"]["provider"] == "luma"


def test_generate_without_consent_is_refused_clearly(client):
    dream = DreamFactory(consent_video=False)
    client.force_login(dream.author)
    response = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"})
    assert response.status_code == 400
    assert "consent" in response.json()["error"].lower() or "соглас" in response.json()["error"].lower()
    assert not VideoJob.objects.exists()


def test_status_of_a_dream_without_a_job(client, dream):
    body = client.get(f"/dreams/{dream.pk}/video-status").json()
    label = body.pop("state_label")
    assert body == {"status": "none", "progress": 0.0, "provider": "", "error": "", "video_url": "", "poster_url": ""}
    assert label  # every answer has the same keys (the API's schema says so), and a label to show


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


@pytest.mark.django_db(transaction=True)
def test_after_withdrawal_the_status_says_withdrawn_not_ready(client, dream):
    with runner.in_process() as steps:
        job_id = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"}).json()["job"]["id"]
        runner.drain(steps, [job_id], timeout=60)
    assert client.get(f"/dreams/{dream.pk}/video-status").json()["status"] == "ready"
    client.force_login(dream.client.user)
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    said = {
        dream.client.user: "You withdrew your consent, so the video was deleted.",
        dream.author: "Consent withdrawn",
    }
    for user in (dream.client.user, dream.author):
        client.force_login(user)
        body = client.get(f"/dreams/{dream.pk}/video-status", headers={"accept-language": "en"}).json()
        assert body["status"] == "withdrawn" and body["state_label"] == "Consent withdrawn"
        assert body["video_url"] == "" and body["poster_url"] == ""
        page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
        assert said[user] in page and "Ready" not in page  # the client's page speaks to the client


def test_a_job_stopped_by_a_withdrawal_says_withdrawn_not_cancelled(client, dream):
    client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"})
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    assert client.get(f"/dreams/{dream.pk}/video-status").json()["status"] == "withdrawn"
