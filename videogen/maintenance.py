"""Housekeeping for operators: orphaned media files in storage and expired temporary downloads, removed on schedule.

A media file is an orphan when no Dream points at it (a delete that failed after commit, a worker killed between
storing a file and saving the row). Young files are spared, so a save still in its transaction is never taken.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from dreams.models import Dream

from . import media
from .media_errors import MediaError
from .models import VideoJob

log = logging.getLogger(__name__)

MEDIA_FOLDERS = ("videos", "posters")


@dataclass
class PurgeReport:
    """What was removed (or, in a dry run, would be): storage names and temporary file paths."""

    media: list[str] = field(default_factory=list)
    temporary: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.media) + len(self.temporary)


def purge_expired(
    *,
    media_grace: timedelta | None = None,
    temporary_max_age: timedelta | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Remove orphaned media older than `media_grace` and temporary files older than `temporary_max_age`."""
    now = now or timezone.now()
    if media_grace is None:
        media_grace = timedelta(seconds=settings.VIDEOGEN_PURGE_MEDIA_GRACE_SECONDS)
    if temporary_max_age is None:
        temporary_max_age = timedelta(seconds=settings.VIDEOGEN_PURGE_TMP_SECONDS)
    report = PurgeReport(
        media=purge_orphaned_media(default_storage, older_than=now - media_grace, dry_run=dry_run),
        temporary=purge_temporary_files(
            Path(settings.VIDEOGEN_TMP_DIR), older_than=now - temporary_max_age, dry_run=dry_run
        ),
    )
    if report.count and not dry_run:
        log.info(
            "purged %d orphaned media files and %d temporary files",
            len(report.media),
            len(report.temporary),
            extra={"media_files": len(report.media), "temporary_files": len(report.temporary)},
        )
    return report


def referenced_media() -> set[str]:
    names: set[str] = set()
    for video, poster in Dream.objects.values_list("video", "poster").iterator():
        names.update(name for name in (video, poster) if name)
    return names


def _stored_files(storage: Storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _stored_files(storage, f"{folder}/{directory}")


def purge_orphaned_media(storage: Storage, *, older_than: datetime, dry_run: bool = False) -> list[str]:
    """Delete files under videos/ and posters/ that no Dream references, last written before `older_than`."""
    referenced = referenced_media()
    removed = []
    for folder in MEDIA_FOLDERS:
        for name in _stored_files(storage, folder):
            if name in referenced:
                continue
            try:
                modified = storage.get_modified_time(name)
                if timezone.is_naive(modified):
                    modified = timezone.make_aware(modified)
                if modified >= older_than:
                    continue
                if not dry_run:
                    storage.delete(name)
            except FileNotFoundError:
                continue  # removed by someone else meanwhile
            removed.append(name)
    return removed


def purge_temporary_files(folder: Path, *, older_than: datetime, dry_run: bool = False) -> list[str]:
    """Delete files in the downloads folder (and below) last written before `older_than`; the folders stay."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    cutoff = older_than.timestamp()
    for directory, _folders, files in os.walk(folder):
        for name in files:
            path = Path(directory) / name
            try:
                if path.stat().st_mtime >= cutoff:
                    continue
                if not dry_run:
                    path.unlink()
            except FileNotFoundError:
                continue
            removed.append(str(path))
    return removed


def measure_stored_videos() -> int:
    """Record the size of each stored video that has none (stored before sizes were recorded): each dream's video is
    its latest ready job's. Returns how many were measured; a file that cannot be read is logged and left."""
    measured = 0
    dreams = Dream.objects.exclude(video="").exclude(video__isnull=True)
    for dream in dreams.iterator():
        job = VideoJob.objects.filter(dream=dream, state="ready").order_by("-pk").first()
        if job is None or job.video_width is not None:
            continue
        folder = Path(settings.VIDEOGEN_TMP_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"measure-{job.pk}.mp4"
        try:
            with dream.video.open("rb") as stored, path.open("wb") as copy:
                for chunk in stored.chunks():
                    copy.write(chunk)
            info = media.probe(path)
        except (OSError, MediaError) as error:
            log.warning("video of job %s not measured: %r", job.pk, error)
            continue
        finally:
            path.unlink(missing_ok=True)
        job.video_width, job.video_height = info.width, info.height
        job.save(update_fields=["video_width", "video_height"])
        measured += 1
    return measured
