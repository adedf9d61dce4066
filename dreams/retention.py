"""Retention: a video nobody has watched for VIDEO_RETENTION_DAYS days is deleted, with its poster (the dream and its
text stay, and the therapist can make the video again). Off unless the setting is set; beat runs it; each deletion is
an audit event of its own, by no one (the system)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import audit
from .media import dream_media_delete
from .models import Dream

log = logging.getLogger(__name__)


def unwatched_videos(*, cutoff: datetime) -> QuerySet[Dream]:
    """Dreams whose video was last delivered before `cutoff` (never watched: made before it), the longest unwatched
    first."""
    last = Coalesce("video_watched_at", "video_ready_at", "created_at")
    videos = Dream.objects.exclude(video="").alias(last_watched=last)
    return videos.filter(last_watched__lt=cutoff).order_by("last_watched")


def expire_unwatched_videos(*, days: int | None = None, now: datetime | None = None, batch: int | None = None) -> int:
    """Delete the videos (and posters) not watched for `days` days, at most `batch` a run; how many went."""
    days = settings.VIDEO_RETENTION_DAYS if days is None else days
    if not days or days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = 0
    due = unwatched_videos(cutoff=cutoff).values_list("pk", flat=True)[: batch or settings.VIDEO_RETENTION_BATCH]
    for dream_id in due:
        with transaction.atomic():
            # Read again under a lock: a player may have fetched it a moment ago, or the dream gone meanwhile.
            dream = unwatched_videos(cutoff=cutoff).select_for_update().filter(pk=dream_id).first()
            if dream is None:
                continue
            dream_media_delete(dream=dream)
            dream.save(update_fields=["video", "poster", "video_ready_at", "video_watched_at", "updated_at"])
            audit.record(
                actor=None, dream_id=dream.pk, action=audit.Action.VIDEO_EXPIRED, detail=f"not watched for {days} days"
            )
            expired += 1
    if expired:
        log.info("deleted %d videos not watched for %d days", expired, days, extra={"videos": expired})
    return expired
