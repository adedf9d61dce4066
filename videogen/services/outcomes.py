"""What a step does with a provider's answer: accept a task, store a finished video, or handle a failure (retry,
fall back to the next provider, or fail with a message the therapist understands). Both the steps and the recovery
of lost work end here."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction

from dreams.media import dream_media_delete
from dreams.models import Dream
from dreams.notifications import video_notify
from videogen import ledger, media
from videogen.budget import BudgetExceeded, check_budget
from videogen.errors import message as _
from videogen.finishing import Finish
from videogen.media_errors import MediaError
from videogen.models import VideoJob, VideoSubmission
from videogen.providers import get_provider, offered_providers
from videogen.providers.base import Provider, ProviderError, SubmitOptions

from .dispatch import Step, enqueue_step, log, log_fields, now, send_step
from .jobs import build_job_prompt

MAX_ATTEMPTS = 3  # submissions to one provider before the job moves to the next
State = VideoJob.State
ERROR_FIELDS = ("error", "error_code", "error_params", "error_detail")  # what record_error sets


def submit_options(job: VideoJob, provider: Provider, submission: VideoSubmission) -> SubmitOptions:
    return SubmitOptions(
        symbols=list(job.dream.symbols),
        callback_url=_callback_url(job) if provider.supports_webhooks else None,
        seed=job.pk,
        external_id=submission.external_id,
    )


def _callback_url(job: VideoJob) -> str | None:
    base = settings.VIDEOGEN_PUBLIC_URL.rstrip("/")
    if not base:
        return None
    return f"{base}/webhooks/{job.provider}/{job.callback_token}/"


def accept(job: VideoJob, submission: VideoSubmission, task_id: str, cost: Decimal) -> bool:
    """The provider has the task: record it, charge it, and start polling. False when the job cannot take it: it was
    cancelled while we waited for the answer (the task is cancelled too), or another job holds that task already."""
    submission.state = VideoSubmission.State.ACCEPTED
    submission.task_id = task_id
    submission.cost_usd = cost
    submission.record_error("")
    job.provider_task_id = task_id
    job.state = State.SUBMITTED
    job.submitted_at = now()
    job.cost_usd += cost
    job.download_attempts = 0
    try:
        with transaction.atomic():
            submission.save()
            ledger.charge_record(submission=submission, job=job)  # charged even if the job was cancelled meanwhile
            saved = save_unless_cancelled(job)
    except IntegrityError:  # a look-up adopted this task for another job a moment ago
        job.refresh_from_db()
        submission.state, submission.task_id, submission.cost_usd = VideoSubmission.State.LOST, "", 0
        submission.save(update_fields=["state", "task_id", "cost_usd", *ERROR_FIELDS])
        return False
    if not saved:
        job.refresh_from_db()
        cancel_at_provider(job.provider, task_id, job)
        return False
    log.info("video job %s submitted to %s as %s", job.pk, job.provider, task_id, extra=log_fields(job))
    schedule_poll(job, 0 if job.provider == "local" else settings.VIDEOGEN_POLL_SECONDS)
    return True


def save_unless_cancelled(job: VideoJob) -> bool:
    """Save what a step learnt from a provider, unless the job was cancelled while it asked (a cancel wins)."""
    with transaction.atomic():
        state = VideoJob.objects.select_for_update().values_list("state", flat=True).get(pk=job.pk)
        if state == State.CANCELLED:
            return False
        job.save()
    return True


def cancel_at_provider(provider: str, task_id: str, job: VideoJob) -> None:
    try:
        get_provider(provider).cancel(task_id)
    except ProviderError as error:
        log.warning("cancel of job %s at %s failed: %s", job.pk, provider, error.detail, extra=log_fields(job))


def schedule_poll(job: VideoJob, countdown: float) -> None:
    job.lease_until = now() + timedelta(seconds=countdown)
    job.save(update_fields=["lease_until", "updated_at"])
    send_step(Step.POLL, job.pk, countdown)


def mark_lost(submission: VideoSubmission, *, charged: bool) -> None:
    """A request whose answer never came and whose task was not found. Where the provider cannot be asked, it may
    have made (and billed) the video all the same: the budget counts it."""
    submission.state = VideoSubmission.State.LOST
    if not charged:
        submission.save(update_fields=["state"])
        return
    submission.cost_usd = get_provider(submission.provider).cost_per_clip
    with transaction.atomic():
        submission.save(update_fields=["state", "cost_usd"])
        ledger.charge_record(submission=submission, job=submission.job)


def store(job: VideoJob, video_path: Path, poster_path: Path, finish: Finish) -> None:
    """Keep the finished video and its poster as the dream's own, replacing any earlier ones, and mark the job ready;
    unless the job was cancelled or consent withdrawn meanwhile: then keep nothing."""
    try:
        frame = media.probe(video_path)  # the stored file's own size, after any re-encoding
    except MediaError:
        frame = None
    with transaction.atomic():
        dream = Dream.objects.select_for_update().get(pk=job.dream_id)
        current = VideoJob.objects.select_for_update().get(pk=job.pk)
        if current.state != State.DOWNLOADING:
            return  # cancelled meanwhile: keep nothing
        if not dream.consent_video:  # consent withdrawn meanwhile: keep nothing, and end the job
            current.state, current.finished_at, current.lease_until = State.CANCELLED, now(), None
            current.save(update_fields=["state", "finished_at", "lease_until", "updated_at"])
            return
        dream_media_delete(dream=dream)
        with video_path.open("rb") as video, poster_path.open("rb") as poster:
            dream.video.save(f"{dream.pk}-{job.pk}.mp4", File(video), save=False)
            dream.poster.save(f"{dream.pk}-{job.pk}.jpg", File(poster), save=False)
        dream.video_ready_at = now()
        if dream.visibility == Dream.Visibility.SHARED:  # an approval was of the old video: moderate the new one
            dream.moderation = Dream.Moderation.PENDING
        dream.video_has_audio, dream.video_credentials = finish.has_audio, finish.credentials
        fields = ["video", "poster", "video_ready_at", "moderation", "video_has_audio", "video_credentials"]
        dream.save(update_fields=[*fields, "updated_at"])
        job.drawn_symbols = finish.drawn_symbols
        job.state = State.READY
        job.progress = 1.0
        job.record_error("")
        job.finished_at = now()
        job.lease_until = None
        job.video_width, job.video_height = (frame.width, frame.height) if frame else (None, None)
        job.save()
        video_notify(dream=dream, user=told(job, dream), ready=True)
    log.info("video job %s ready", job.pk, extra=log_fields(job))


def handle_failure(
    job: VideoJob,
    message: str,
    retryable: bool,
    permanent: bool = False,
    detail: str = "",
    retry_after: float | None = None,
) -> None:
    """Try again, hand the job to the next provider, or fail it with a message the therapist understands."""
    log.warning(
        "video job %s failed at %s: %s",
        job.pk,
        job.provider,
        detail or message,
        extra=log_fields(job, attempts=job.attempts),
    )
    job.record_error(message, detail)
    job.provider_task_id = ""
    job.output_url = ""
    if retryable and not permanent and job.attempts < MAX_ATTEMPTS:
        countdown = max(min(60, 2**job.attempts), retry_after or 0)
        job.state = State.QUEUED
        job.lease_until = now() + timedelta(seconds=countdown)
        job.save()
        enqueue_step(job, countdown=countdown)
        return
    following = _next_provider(job, message)
    if following:
        for unanswered in job.submissions.filter(state=VideoSubmission.State.SENDING, provider=job.provider):
            mark_lost(unanswered, charged=True)  # not asked any more: count it as made
        job.provider = following
        job.providers_tried = [*job.providers_tried, following]
        job.attempts = 0
        job.state = State.QUEUED
        job.lease_until = None
        job.prompt = build_job_prompt(dream=job.dream, provider=following).prompt
        job.save()
        log.info("video job %s falls back to %s", job.pk, following, extra=log_fields(job))
        enqueue_step(job)
        return
    if retryable and not permanent:
        # The message said "we will try again shortly"; now we will not, so say what happened instead.
        job.record_error(
            _("The video was not made: %(provider)s could not be reached or kept failing. Please try again later.")
            % {"provider": get_provider(job.provider).label},
            job.error_detail,
        )
    job.state = State.FAILED
    job.finished_at = now()
    job.lease_until = None
    with transaction.atomic():
        job.save()
        video_notify(dream=job.dream, user=told(job, job.dream), ready=False)
    log.warning("video job %s failed for good", job.pk, extra=log_fields(job))


def told(job: VideoJob, dream: Dream):
    """Who hears how the video went: the therapist who asked for it, else the client's therapist."""
    return job.requested_by or dream.client.therapist


def _next_provider(job: VideoJob, why: str) -> str | None:
    """The next offered service within budget. When there is one, the job notes (saved by the caller) why it left its
    own service (`why`) and why it passed over any in between (their budget)."""
    over_budget = []
    for name in offered_providers():
        if name in job.providers_tried:
            continue
        try:
            check_budget(provider=name, cost=get_provider(name).cost_per_clip, therapist=job.requested_by, job=job)
        except BudgetExceeded as error:
            log.info("video job %s skips %s: over budget", job.pk, name, extra=log_fields(job))
            over_budget.append((name, error.message))
            continue
        for provider, reason in [(job.provider, why), *over_budget]:
            job.record_fallback(provider, reason)
        return name
    return None
