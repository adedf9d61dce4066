"""A fallback is visible: which service made the video, and why the one before it was skipped."""

import pytest
from django.utils import translation

from tests.factories import UserFactory, VideoJobFactory
from videogen import runner
from videogen.models import VideoJob
from videogen.providers.base import _status_error
from videogen.services import outcomes


class Answer:
    status_code = 401
    headers: dict = {}


@pytest.fixture
def fell_back(settings) -> VideoJob:
    settings.LUMA_API_KEY = "key"
    settings.VIDEOGEN_PROVIDERS = ["luma", "local"]
    job = VideoJobFactory(provider="luma", providers_tried=["luma"])
    error = _status_error("Luma", Answer(), "HTTP 401")
    with translation.override("ru"), runner.in_process():
        outcomes.handle_failure(job, error.message, retryable=False, permanent=True, detail=error.detail)
    job.refresh_from_db()
    assert job.provider == "local"
    VideoJob.objects.filter(pk=job.pk).update(state="ready", progress=1.0)
    return job


@pytest.mark.django_db
def test_the_therapist_sees_who_made_the_video_and_why_the_first_service_was_skipped(client, fell_back):
    client.force_login(fell_back.dream.author)
    page = client.get(f"/dreams/{fell_back.dream_id}/", headers={"accept-language": "en"}).content.decode()
    assert "Made by Local renderer" in page
    assert "Luma was skipped: The Luma API key was refused." in page


@pytest.mark.django_db
def test_staff_see_the_fallback_in_the_admin(client, fell_back):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/videogen/videojob/{fell_back.pk}/change/", headers={"accept-language": "en"})
    assert "Luma was skipped: The Luma API key was refused." in page.content.decode()


@pytest.mark.django_db
def test_staff_see_the_technical_cause_and_the_therapist_does_not(client, settings):
    settings.VIDEOGEN_PROVIDERS = ["local"]
    job = VideoJobFactory(providers_tried=["local"])
    with runner.in_process():
        outcomes.handle_failure(job, "x", retryable=False, detail="HTTP 503 from render host")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "HTTP 503 from render host" in client.get(f"/admin/videogen/videojob/{job.pk}/change/").content.decode()
    client.force_login(job.dream.author)
    assert "HTTP 503 from render host" not in client.get(f"/dreams/{job.dream_id}/").content.decode()
