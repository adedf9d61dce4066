"""purge_expired: orphaned media and stale temporary downloads go; referenced, young and unrelated files stay."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import DreamFactory, store_video
from videogen import tasks
from videogen.maintenance import purge_expired

pytestmark = pytest.mark.django_db

HOUR = 3600


def stored(name: str, age_seconds: float) -> str:
    """A real file in storage, last written `age_seconds` ago."""
    name = default_storage.save(name, ContentFile(b"\x00" * 64))
    age(default_storage.path(name), age_seconds)
    return name


def age(path, seconds: float) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def temporary(settings, name: str, age_seconds: float):
    path = settings.VIDEOGEN_TMP_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00" * 64)
    age(path, age_seconds)
    return path


@pytest.fixture
def files(settings):
    dream = store_video(DreamFactory(), "kept", video=b"video", poster=b"poster")
    age(default_storage.path(dream.video.name), 30 * HOUR)
    age(default_storage.path(dream.poster.name), 30 * HOUR)
    return {
        "dream": dream,
        "old_video": stored("videos/orphan.mp4", 2 * HOUR),
        "old_poster": stored("posters/orphan.jpg", 2 * HOUR),
        "young_video": stored("videos/saving-now.mp4", 60),
        "elsewhere": stored("healthz/other.txt", 30 * HOUR),
        "old_download": temporary(settings, "job-7.mp4", 7 * HOUR),
        "old_part": temporary(settings, "nested/.download-abc.part", 7 * HOUR),
        "fresh_download": temporary(settings, "job-8.mp4", 5 * HOUR),
    }


def test_removes_orphaned_media_older_than_the_grace_period(files):
    report = purge_expired()
    assert sorted(report.media) == sorted([files["old_video"], files["old_poster"]])
    assert not default_storage.exists(files["old_video"]) and not default_storage.exists(files["old_poster"])


def test_keeps_media_a_dream_references_however_old(files):
    purge_expired()
    dream = files["dream"]
    assert default_storage.exists(dream.video.name) and default_storage.exists(dream.poster.name)


def test_keeps_a_young_orphan_that_may_be_a_save_in_progress(files):
    purge_expired()
    assert default_storage.exists(files["young_video"])


def test_leaves_files_outside_videos_and_posters_alone(files):
    purge_expired()
    assert default_storage.exists(files["elsewhere"])


def test_removes_temporary_downloads_older_than_their_maximum_age(files, settings):
    report = purge_expired()
    assert sorted(report.temporary) == sorted([str(files["old_download"]), str(files["old_part"])])
    assert not files["old_download"].exists() and not files["old_part"].exists()
    assert files["fresh_download"].exists()
    assert settings.VIDEOGEN_TMP_DIR.is_dir() and (settings.VIDEOGEN_TMP_DIR / "nested").is_dir()


def test_command_prints_what_it_removed(files):
    out = StringIO()
    call_command("purge_expired", stdout=out)
    printed = out.getvalue()
    assert f"removed orphaned media {files['old_video']}" in printed
    assert f"removed temporary file {files['old_download']}" in printed
    assert printed.rstrip().endswith("removed 2 orphaned media files and 2 temporary files")


def test_command_dry_run_removes_nothing(files):
    out = StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "would remove 2 orphaned media files and 2 temporary files" in out.getvalue()
    assert default_storage.exists(files["old_video"]) and files["old_download"].exists()


def test_command_takes_other_ages(files):
    call_command("purge_expired", "--media-grace-hours", "0", "--tmp-hours", "4", stdout=StringIO())
    assert not default_storage.exists(files["young_video"])
    assert not files["fresh_download"].exists()
    assert default_storage.exists(files["dream"].video.name)


def test_missing_folders_are_nothing_to_purge(settings):
    assert purge_expired().count == 0


def test_beat_runs_the_purge_as_a_task(files, settings):
    assert settings.CELERY_BEAT_SCHEDULE["purge-expired"]["task"] == "videogen.tasks.purge_expired"
    assert tasks.purge_expired.apply().get() == 4
    assert not default_storage.exists(files["old_video"])
