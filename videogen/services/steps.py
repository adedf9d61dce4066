"""The pipeline's steps, each run by its task with a job id: submit the prompt, poll the provider, fetch and finalize
the video. Each claims the job's lease first, so a duplicate message does nothing."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dreams.notifications import video_notify
from videogen import media
from videogen.budget import BudgetExceeded, check_budget
from videogen.credentials import CredentialsError
from videogen.download import download_path, safe_download
from videogen.errors import message as _
from videogen.finishing import finish_video
from videogen.media_errors import MediaError
from videogen.models import VideoJob, VideoSubmission
from videogen.providers import get_provider
from videogen.providers.base import ProviderError

from .dispatch import (
    Step,
    claim,
    enqueue_step,
    gives_lease_back_on_error,
    lease_seconds,
    log,
    log_fields,
    now,
    send_step,
)
from .jobs import job_cancel
from .outcomes import (
    ERROR_FIELDS,
    MAX_ATTEMPTS,
    accept,
    handle_failure,
    save_unless_cancelled,
    schedule_poll,
    store,
    submit_options,
    told,
)
from .recovery import recover_submission, reuse_finished_video

MAX_DOWNLOADS = 3  # downloads of one finished video before the job moves to the next provider
State = VideoJob.State


@gives_lease_back_on_error
def job_submit(job_id: int) -> None:
    job = claim(job_id, [State.QUEUED, State.SUBMITTED], lease_seconds())
    if job is None:
        return
    if job.provider_task_id:
        schedule_poll(job, 0)
        return
    if not job.dream.consent_video:
        job_cancel(job=job)
        return
    provider = get_provider(job.provider)
    if recover_submission(job, provider) or reuse_finished_video(job):
        return
    if job.attempts >= MAX_ATTEMPTS:  # every try so far died without an answer (a worker killed mid-render, …)
        handle_failure(job, _("The video service kept failing."), retryable=True)
        return
    try:
        check_budget(provider=job.provider, cost=provider.cost_per_clip, therapist=job.requested_by, job=job)
    except BudgetExceeded as error:
        handle_failure(job, error.message, retryable=False)
        return
    job.attempts += 1
    with transaction.atomic():  # recorded before the request leaves: a crash mid-request is then known
        job.save(update_fields=["attempts", "updated_at"])
        submission = VideoSubmission.objects.create(job=job, provider=job.provider)
    try:
        task_id = provider.submit(job.prompt, submit_options(job, provider, submission))
    except ProviderError as error:
        if not error.maybe_created:  # a clear refusal: nothing was made, nothing to look for
            submission.state = VideoSubmission.State.REFUSED
        submission.record_error(error.message, error.detail)
        submission.save(update_fields=["state", *ERROR_FIELDS])
        handle_failure(
            job,
            error.message,
            retryable=error.retryable,
            permanent=error.permanent,
            detail=error.detail,
            retry_after=error.retry_after,
        )
        return
    if not accept(job, submission, task_id, provider.cost_per_clip) and job.state != State.CANCELLED:
        handle_failure(job, _("The video service could not start this video."), retryable=True)


@gives_lease_back_on_error
def job_poll(job_id: int) -> None:
    job = claim(job_id, [State.SUBMITTED, State.RENDERING], lease_seconds())
    if job is None:
        return
    if not job.provider_task_id:  # a submit died before saving its task id: submit again
        job.state = State.QUEUED
        job.lease_until = None
        job.save()
        enqueue_step(job)
        return
    if _overdue(job):  # the provider went quiet or keeps failing to answer: bound the wait, then move on
        message = _("%(provider)s did not deliver the video in time.") % {"provider": get_provider(job.provider).label}
        handle_failure(job, message, retryable=False)
        return
    try:
        result = get_provider(job.provider).poll(job.provider_task_id)
    except ProviderError as error:
        if error.retryable and not error.permanent:
            log.warning(
                "poll of job %s at %s failed, trying again: %s",
                job.pk,
                job.provider,
                error.message,
                extra=log_fields(job),
            )
            schedule_poll(job, max(settings.VIDEOGEN_POLL_SECONDS, error.retry_after or 0))
            return
        handle_failure(job, error.message, retryable=False, permanent=error.permanent, detail=error.detail)
        return
    if result.next_task_id:
        job.provider_task_id = result.next_task_id
    if result.state in ("pending", "running"):
        job.state = State.RENDERING if result.state == "running" or result.next_task_id else job.state
        if result.progress is not None:
            job.progress = max(0.0, min(1.0, result.progress))
        if save_unless_cancelled(job):
            schedule_poll(job, settings.VIDEOGEN_POLL_SECONDS)
    elif result.state == "succeeded":
        job.state = State.DOWNLOADING
        job.progress = 1.0
        job.output_url = result.video_url or ""
        job.lease_until = None  # due now: the finalize step claims it
        if not save_unless_cancelled(job):
            return
        if result.video_path:
            _finalize(job, Path(result.video_path))
        else:
            enqueue_step(job)
    elif result.state == "cancelled":
        job.state = State.CANCELLED
        job.record_error(_("The video service cancelled the job."))
        job.finished_at = now()
        job.save()
    else:
        handle_failure(job, result.error or _("The video service could not make this video."), result.retryable)


def _overdue(job: VideoJob) -> bool:
    if job.submitted_at is None:
        return False
    return now() - job.submitted_at > timedelta(seconds=settings.VIDEOGEN_JOB_TIMEOUT_SECONDS)


@gives_lease_back_on_error
def job_finalize(job_id: int) -> None:
    job = claim(job_id, [State.DOWNLOADING], lease_seconds())
    if job is None:
        return
    if not job.output_url:  # a local render: its file is known to the provider
        result = get_provider(job.provider).poll(job.provider_task_id)
        if result.video_path:
            _finalize(job, Path(result.video_path))
            return
        handle_failure(job, result.error or _("The rendered video is missing."), retryable=True)
        return
    download = download_path(job.pk)
    download.parent.mkdir(parents=True, exist_ok=True)
    try:
        safe_download(job.output_url, download, max_bytes=settings.VIDEOGEN_MAX_VIDEO_MB * 1024 * 1024)
    except MediaError as error:
        download.unlink(missing_ok=True)
        _download_failed(job, error)
        return
    _finalize(job, download)


def _download_failed(job: VideoJob, error: MediaError) -> None:
    """The video exists at the provider: fetch it again later, rather than pay for a new one; give up after a few."""
    job.download_attempts += 1
    job.record_error(error.message, error.detail)
    if not error.retryable:
        handle_failure(job, error.message, retryable=False, detail=error.detail)
        return
    if job.download_attempts >= MAX_DOWNLOADS:
        message = _("The finished video could not be downloaded from %(provider)s, even after several tries.")
        handle_failure(job, message % {"provider": get_provider(job.provider).label}, False, detail=error.detail)
        return
    countdown = min(60, settings.VIDEOGEN_POLL_SECONDS * 2**job.download_attempts)
    job.lease_until = now() + timedelta(seconds=countdown)
    job.save(update_fields=["download_attempts", *ERROR_FIELDS, "lease_until", "updated_at"])
    log.warning("download for job %s failed, trying again: %s", job.pk, error.detail, extra=log_fields(job))
    send_step(Step.FINALIZE, job.pk, countdown)


def _finalize(job: VideoJob, video_path: Path) -> None:
    """Probe the video, make it stream-friendly, give it sound and credentials, store it privately with its poster,
    mark the job ready.

    The file (a download, a copy or a local render) and its poster are deleted whatever happens: once stored, storage
    holds the only copy; if it could not be stored, a retry downloads or renders it again.
    """
    poster_path = video_path.with_suffix(".poster.jpg")
    try:
        try:
            info = media.probe(video_path)
            media.ensure_playable(video_path, info)
            media.make_poster(video_path, poster_path)
            finish = finish_video(job=job, video_path=video_path, poster_path=poster_path, seconds=info.duration)
        except MediaError as error:  # the same file would fail again: try the next provider
            handle_failure(job, error.message, retryable=False, detail=error.detail)
            return
        except CredentialsError as error:  # our own certificate, not the video: no other provider would do better
            log.error("video job %s could not be signed: %s", job.pk, error, extra=log_fields(job))
            message = _("The video could not be given its content credentials (a server setting); retry it later.")
            job.record_error(message, str(error))
            job.state, job.finished_at, job.lease_until = State.FAILED, now(), None
            with transaction.atomic():
                job.save()
                video_notify(dream=job.dream, user=told(job, job.dream), ready=False)
            return
        store(job, video_path, poster_path, finish)
    finally:
        video_path.unlink(missing_ok=True)
        poster_path.unlink(missing_ok=True)
