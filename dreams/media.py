"""A dream's stored media (its video and poster files): deleted here, by whoever replaces or erases them."""

import logging
from collections.abc import Iterable

from django.core.files.storage import Storage, default_storage
from django.db import transaction

from .models import Dream

log = logging.getLogger(__name__)


def media_files_delete(*, names: Iterable[str | None], storage: Storage | None = None) -> None:
    """Delete these stored files once the transaction commits (never before: a rollback would leave rows without
    their files); a file that cannot be deleted is logged, by name only, and left to purge_expired."""
    target = storage or default_storage
    kept = [name for name in names if name]

    def remove() -> None:
        for name in kept:
            try:
                target.delete(name)
            except OSError:
                log.exception("could not delete the media file %s", name)

    transaction.on_commit(remove)


def dream_media_delete(*, dream: Dream) -> None:
    """Remove the video and poster files from storage (after commit) and clear the fields."""
    media_files_delete(names=[f.name for f in (dream.video, dream.poster) if f], storage=dream.video.storage)
    dream.video = ""
    dream.poster = ""
    dream.video_ready_at = None
    dream.video_watched_at = None
