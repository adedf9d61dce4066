"""On S3 (moto's server), a real Chromium plays a dream's video through the app's media link: the link redirects to
the bucket, the Content-Security-Policy lets the video come from there, and after withdrawal the link is refused."""

import copy

import pytest
from django.core.files.base import ContentFile

from dreams.services import consent_withdraw
from dreamtok.s3 import s3_origins
from tests.e2e.conftest import sign_in, wait_js
from tests.factories import PASSWORD, DreamFactory
from tests.videogen import test_storage_s3
from tests.videogen.test_storage_s3 import REGION

# moto's S3 server and a private bucket on it, as the S3 storage tests have them
s3_endpoint, bucket = test_storage_s3.s3_endpoint, test_storage_s3.bucket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def policy_for_the_bucket(bucket, settings):
    """The policy settings.py builds when its storage is this bucket (MEDIA_ORIGINS from s3_origins)."""
    origins = s3_origins(bucket_name=bucket["name"], endpoint_url=bucket["endpoint"], region_name=REGION)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    for directive in ("img-src", "media-src"):
        policy["DIRECTIVES"][directive] = [*policy["DIRECTIVES"][directive], *origins]
    settings.CONTENT_SECURITY_POLICY = policy
    return origins


def test_a_video_on_s3_plays_through_the_apps_link_within_the_policy(
    live_server,
    desktop,
    bucket,
    policy_for_the_bucket,
    rendered_clip,
):
    video, poster = rendered_clip
    dream = DreamFactory()
    dream.video.save("clip.mp4", ContentFile(video), save=False)
    dream.poster.save("clip.jpg", ContentFile(poster), save=True)
    console, answers = [], []
    desktop.on("console", lambda message: console.append(message.text))
    desktop.on("response", lambda response: answers.append((response.status, response.url)))

    sign_in(desktop, live_server.url, dream.client.user.username, PASSWORD)
    desktop.goto(f"{live_server.url}/dreams/{dream.pk}/")
    wait_js(desktop, "() => document.querySelector('video.dream-video').readyState >= 1", timeout=20)

    link = desktop.eval_on_selector("video.dream-video", "video => video.getAttribute('src')")
    assert link.startswith("/media/")
    assert (302, f"{live_server.url}{link}") in answers
    assert any(url.startswith(bucket["endpoint"]) and status in (200, 206) for status, url in answers)
    assert [text for text in console if "Content Security Policy" in text or "Refused to" in text] == []

    consent_withdraw(dream=dream, by=dream.client.user)
    assert desktop.request.get(f"{live_server.url}{link}", max_redirects=0).status == 404
