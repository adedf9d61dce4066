"""Retention: with VIDEO_RETENTION_DAYS set, beat deletes the videos (and posters) nobody has watched for that long;
"last watched" is recorded when a video is delivered, one UPDATE a dream an hour at most; off by default."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dreams import tasks
from dreams.delivery import signed_url
from dreams.models import AuditEvent, Dream
from dreams.retention import expire_unwatched_videos
from tests.factories import DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def with_video(*, ready_days_ago: int, watched_days_ago: int | None = None) -> Dream:
    dream = DreamFactory(with_video=True, with_video__video=b"\x00" * 2048, with_video__poster=b"\xff\xd8\xff\xd9")
    now = timezone.now()
    dream.video_ready_at = now - timedelta(days=ready_days_ago)
    dream.video_watched_at = None if watched_days_ago is None else now - timedelta(days=watched_days_ago)
    dream.save()
    return dream


@pytest.fixture
def videos():
    return {
        "watched_long_ago": with_video(ready_days_ago=90, watched_days_ago=40),
        "watched_lately": with_video(ready_days_ago=90, watched_days_ago=5),
        "never_watched_old": with_video(ready_days_ago=40),
        "never_watched_new": with_video(ready_days_ago=5),
    }


def test_retention_is_off_by_default(videos):
    assert django_settings.VIDEO_RETENTION_DAYS == 0
    assert expire_unwatched_videos() == 0
    assert all(Dream.objects.get(pk=dream.pk).video for dream in videos.values())


def test_unwatched_videos_are_deleted_with_their_posters_and_audited(
    settings, videos, django_capture_on_commit_callbacks
):
    settings.VIDEO_RETENTION_DAYS = 30
    names = {key: (dream.video.name, dream.poster.name) for key, dream in videos.items()}
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unwatched_videos() == 2
    for key in ("watched_long_ago", "never_watched_old"):
        dream = Dream.objects.get(pk=videos[key].pk)
        assert not dream.video and not dream.poster and dream.video_ready_at is None
        assert not any(default_storage.exists(name) for name in names[key])
        assert dream.title and dream.content and dream.consent_video  # the dream stays; a video can be made again
    for key in ("watched_lately", "never_watched_new"):
        assert Dream.objects.get(pk=videos[key].pk).video.name == names[key][0]
        assert all(default_storage.exists(name) for name in names[key])
    events = AuditEvent.objects.filter(action="video_expired")
    assert sorted(str(e.dream_id) for e in events) == sorted(
        str(videos[key].pk) for key in ("watched_long_ago", "never_watched_old")
    )
    assert {(e.actor_id, e.actor_name, e.detail) for e in events} == {(None, "", "not watched for 30 days")}
    assert expire_unwatched_videos() == 0  # nothing left to do


def test_a_run_takes_a_bounded_batch(settings, videos, django_capture_on_commit_callbacks):
    settings.VIDEO_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unwatched_videos(batch=1) == 1
        assert expire_unwatched_videos(batch=1) == 1
        assert expire_unwatched_videos(batch=1) == 0


def test_beat_runs_retention_through_its_task(settings, videos, django_capture_on_commit_callbacks):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["expire-unwatched-videos"]
    assert schedule["task"] == tasks.expire_unwatched_videos.name == "dreams.tasks.expire_unwatched_videos"
    settings.VIDEO_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_unwatched_videos.apply().get() == 2


def test_watching_records_the_time_once_an_hour_at_most(client):
    dream = with_video(ready_days_ago=40)
    client.force_login(dream.client.user)
    url = signed_url(dream.video, dream.client.user)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url, headers={"range": "bytes=0-99"}).status_code == 206
    watched = Dream.objects.get(pk=dream.pk).video_watched_at
    assert watched is not None and timezone.now() - watched < timedelta(minutes=1)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):  # a player's further Range requests, and a second viewer's
            assert client.get(url, headers={"range": "bytes=100-199"}).status_code == 206
    updates = [q["sql"] for q in first.captured_queries + again.captured_queries if q["sql"].startswith("UPDATE")]
    assert len([sql for sql in updates if "video_watched_at" in sql]) == 1
    assert Dream.objects.get(pk=dream.pk).video_watched_at == watched


def test_a_poster_alone_is_not_watching(client):
    dream = with_video(ready_days_ago=40)
    client.force_login(dream.client.user)
    assert client.get(signed_url(dream.poster, dream.client.user)).status_code == 200
    assert Dream.objects.get(pk=dream.pk).video_watched_at is None


def test_after_expiry_the_dream_says_the_video_was_deleted_and_can_be_made_again(
    client, settings, django_capture_on_commit_callbacks
):
    from videogen.models import VideoJob

    dream = with_video(ready_days_ago=40)
    VideoJobFactory(dream=dream, state=VideoJob.State.READY)
    settings.VIDEO_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unwatched_videos() == 1
    client.force_login(dream.client.therapist)
    status = client.get(f"/dreams/{dream.pk}/video-status", headers={"accept-language": "en"}).json()
    assert status["status"] == "expired" and status["video_url"] == "" and status["poster_url"] == ""
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "The video was deleted, as nobody had watched it for long. It can be made again." in page
    assert "/media/" not in page
