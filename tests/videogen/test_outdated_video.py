"""Editing the text or symbols of a dream with a video says that the video was made from an earlier version, with a
one-click remake through the generate service (consent and budget apply)."""

import pytest

from tests.factories import DreamFactory, store_video
from videogen import runner
from videogen.models import VideoJob
from videogen.services import video_job_start

pytestmark = pytest.mark.django_db

NOTICE = "The video was made from an earlier version of this dream."


@pytest.fixture
def made(client, django_capture_on_commit_callbacks):
    dream = DreamFactory()
    with runner.in_process():
        job = video_job_start(dream=dream, provider="local", requested_by=dream.author)
    VideoJob.objects.filter(pk=job.pk).update(state="ready", progress=1.0)
    store_video(dream)
    client.force_login(dream.author)
    return dream


def edit(client, dream, **changes):
    data = {
        "title": dream.title,
        "content": dream.content,
        "dreamt_on": "2026-11-01",
        "symbols": ", ".join(dream.symbols),
        "privacy_mode": "symbols",
        "visibility": "private",
        "consent_video": "on",
        "provider": "local",
        **changes,
    }
    assert client.post(f"/dreams/{dream.pk}/edit/", data).status_code == 302


def page(client, dream) -> str:
    return client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()


def test_a_fresh_video_has_no_notice(client, made):
    assert NOTICE not in page(client, made)


def test_a_changed_title_keeps_the_video_current(client, made):
    edit(client, made, title="Another title")
    assert NOTICE not in page(client, made)


@pytest.mark.parametrize("change", [{"content": "I flew over a burning city."}, {"symbols": "owl, moon"}])
def test_editing_text_or_symbols_marks_the_video_outdated_with_a_remake(client, made, change):
    edit(client, made, **change)
    shown = page(client, made)
    assert NOTICE in shown
    assert f'action="/dreams/{made.pk}/generate-video"' in shown and "Make it again" in shown
    with runner.in_process():
        response = client.post(
            f"/dreams/{made.pk}/generate-video", {"provider": "local"}, headers={"accept": "text/html"}
        )
    assert response.status_code == 302
    assert made.jobs.first().state == "queued"
    assert NOTICE not in page(client, made)  # the new job is of the current version
