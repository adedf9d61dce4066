"""Work that went missing, found again: a submission whose answer was lost, a finished video to reuse instead of
paying twice, jobs whose message was lost (a bounded sweep), and a provider's webhook that wakes a poll."""

import shutil
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from videogen.download import download_path
from videogen.finishing import Finish
from videogen.models import VideoJob, VideoSubmission
from videogen.providers.base import Provider, ProviderError

from .dispatch import Step, enqueue_step, lease_seconds, log, log_fields, now, send_step
from .outcomes import accept, handle_failure, mark_lost, store, submit_options

State = VideoJob.State


def recover_submission(job: VideoJob, provider: Provider) -> bool:
    """A submission still `sending` never got its answer read: adopt the task it made, if the provider has one.

    True when the job moved on (adopted, or the look-up failed and the step was re-scheduled); False to submit anew.
    """
    pending = (
        job.submissions.filter(state=VideoSubmission.State.SENDING, provider=job.provider)
        .order_by("-started_at")
        .first()
    )
    if pending is None:
        return False
    try:
        candidates = provider.find_tasks(job.prompt, submit_options(job, provider, pending), pending.started_at)
    except ProviderError as error:
        job.attempts += 1  # a look-up that keeps failing is bounded like a submission
        handle_failure(job, error.message, retryable=error.retryable, retry_after=error.retry_after)
        return True
    taken = set(
        VideoSubmission.objects.filter(provider=job.provider, task_id__in=candidates).values_list("task_id", flat=True)
    )
    found = next((task_id for task_id in candidates if task_id not in taken), None)
    if found is None:
        mark_lost(pending, charged=not provider.finds_tasks)
        return False
    log.info("video job %s found its lost submission at %s", job.pk, job.provider, extra=log_fields(job))
    return accept(job, pending, found, provider.cost_per_clip) or job.state == State.CANCELLED


def reuse_finished_video(job: VideoJob) -> bool:
    """The same prompt was already rendered by this provider for this therapist's clients: copy it, pay nothing."""
    earlier = (
        VideoJob.objects.filter(
            prompt_hash=job.prompt_hash,
            provider=job.provider,
            state=State.READY,
            dream__client__therapist_id=job.dream.client.therapist_id,
            dream__consent_video=True,
        )
        .exclude(pk=job.pk)
        .exclude(dream__video="")
        .select_related("dream")
        .first()
    )
    if earlier is None or job.provider == "local":
        return False
    source = earlier.dream
    copy = download_path(job.pk)
    copy.parent.mkdir(parents=True, exist_ok=True)
    poster = copy.with_suffix(".poster.jpg")
    try:
        try:
            with source.video.open("rb") as src, copy.open("wb") as out:
                shutil.copyfileobj(src, out)
            with source.poster.open("rb") as src, poster.open("wb") as out:
                shutil.copyfileobj(src, out)
        except OSError:
            return False
        job.state = State.DOWNLOADING
        job.save()
        symbols: list[str] = earlier.drawn_symbols
        store(job, copy, poster, Finish(source.video_has_audio, symbols, source.video_credentials))
    finally:
        copy.unlink(missing_ok=True)
        poster.unlink(missing_ok=True)
    log.info("video job %s reused the video of job %s", job.pk, earlier.pk, extra=log_fields(job))
    return True


def stale_jobs(*, cutoff: datetime, limit: int) -> QuerySet[VideoJob]:
    """Active jobs whose step was due before `cutoff` and not taken, or never claimed and untouched since: at most
    `limit`, read through the index on (state, lease, last change). Unsorted, so the read stops at `limit`; the jobs
    a run takes get a fresh lease and leave the set, so the next run takes others."""
    return (
        VideoJob.objects.filter(state__in=VideoJob.ACTIVE_STATES)
        .filter(Q(lease_until__lt=cutoff) | Q(lease_until__isnull=True, updated_at__lt=cutoff))
        .order_by()
        .only("pk", "updated_at")[:limit]
    )


def requeue_stale_jobs() -> int:
    """Send again the step of active jobs that have not moved within their lease (a lost message, a dead worker).

    A step due at T that nobody claimed by T + lease is taken as lost; so is a queued job untouched for a lease.
    The lease is reset to now, so the job is sent again only once per lease, and duplicates find it claimed. One run
    takes a bounded batch (VIDEOGEN_REQUEUE_BATCH): a backlog is worked off over several runs, never in one query.
    """
    moment = now()
    cutoff = moment - timedelta(seconds=lease_seconds())
    count = 0
    for job in stale_jobs(cutoff=cutoff, limit=settings.VIDEOGEN_REQUEUE_BATCH):
        if VideoJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(lease_until=moment, updated_at=moment):
            job.state = VideoJob.objects.values_list("state", flat=True).get(pk=job.pk)
            enqueue_step(job)
            count += 1
    if count:
        log.info("re-enqueued %d stale video jobs", count, extra={"jobs": count})
    return count


def webhook_received(*, job: VideoJob) -> None:
    """A provider says the job moved: poll now (the callback is a hint; the poll, with our key, is the truth)."""
    if job.state in (State.SUBMITTED, State.RENDERING):
        VideoJob.objects.filter(pk=job.pk).update(lease_until=now())
        send_step(Step.POLL, job.pk)
