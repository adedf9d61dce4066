"""The video pipeline's steps: start a job, submit, poll, finalize, fall back, cancel. Tasks call these by id."""

import functools
import logging
import shutil
import uuid
from contextvars import ContextVar
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dreams import audit
from dreams.media import dream_media_delete
from dreams.models import Dream
from dreams.notifications import video_notify

from . import ledger, media
from .budget import BudgetExceeded, check_budget
from .credentials import CredentialsError
from .errors import message as _
from .finishing import Finish, finish_video
from .models import VideoJob, VideoSubmission
from .prompts.cache import cached_build_prompt, forget_prompts, prompt_hash
from .providers import get_provider, offered_providers
from .providers.base import ProviderError, SubmitOptions

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # submissions to one provider before the job moves to the next
MAX_DOWNLOADS = 3  # downloads of one finished video before the job moves to the next provider
CLAIM_TOLERANCE = timedelta(seconds=1)
State = VideoJob.State
ERROR_FIELDS = ("error", "error_code", "error_params", "error_detail")  # what record_error sets


class GenerationRefused(Exception):
    """A job could not be started; `message` is for the therapist."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def log_fields(job: VideoJob, **more) -> dict:
    """The `extra` of a pipeline log line: ids and states, never dream text or prompts."""
    return {"job_id": job.pk, "dream_id": job.dream_id, "state": job.state, "provider": job.provider, **more}


def build_job_prompt(*, dream: Dream, provider: str):
    return cached_build_prompt(
        text=dream.content,
        symbols=list(dream.symbols),
        mode=dream.privacy_mode,
        provider=provider,
        full_text_allowed=dream.consent_full_text,
    )


def provider_choices() -> list[tuple[str, str]]:
    """The services a therapist may pick, in fallback order, with their labels."""
    return [(name, str(get_provider(name).label)) for name in offered_providers()]


def video_job_start(*, dream: Dream, provider: str = "", requested_by=None) -> VideoJob:
    """Queue a new video for a consented dream; the task is sent once the transaction commits."""
    from .prompts.template import FullTextNotAllowed

    if not dream.consent_video:
        raise GenerationRefused(_("The client has not consented to video generation for this dream."))
    if dream.privacy_mode not in Dream.PrivacyMode.values:  # a value written around validation: send nothing
        raise GenerationRefused(_("Choose what may leave the server for this dream in its form first."))
    offered = offered_providers()
    provider = provider or offered[0]
    if provider not in offered:
        raise GenerationRefused(_("This video service is not available."))
    try:
        built = build_job_prompt(dream=dream, provider=provider)
    except FullTextNotAllowed as error:
        raise GenerationRefused(str(error)) from error
    try:
        check_budget(provider=provider, cost=get_provider(provider).cost_per_clip, therapist=requested_by, dream=dream)
    except BudgetExceeded as error:
        raise GenerationRefused(error.message) from error
    with transaction.atomic():
        video_jobs_cancel(dream=dream)
        job = VideoJob.objects.create(
            dream=dream,
            provider=provider,
            providers_tried=[provider],
            prompt=built.prompt,
            prompt_hash=prompt_hash(
                text=dream.content, symbols=list(dream.symbols), mode=dream.privacy_mode, provider=provider
            ),
            dream_version=dream.version,
            requested_by=requested_by,
        )
        audit.record(actor=requested_by, dream_id=dream.pk, action=audit.Action.GENERATED, detail=provider)
        transaction.on_commit(lambda: enqueue_step(job))
    log.info("video job %s queued for dream %s on %s", job.pk, dream.pk, provider, extra=log_fields(job))
    return job


def video_jobs_cancel(*, dream: Dream) -> int:
    """Cancel the dream's running jobs (and tell their providers, best effort)."""
    cancelled = 0
    for job in VideoJob.objects.filter(dream=dream, state__in=VideoJob.ACTIVE_STATES):
        job_cancel(job=job)
        cancelled += 1
    return cancelled


def video_jobs_discard(*, dream: Dream) -> None:
    """Cancel the dream's running jobs and, once the transaction commits, delete every temporary copy of its
    videos: provider downloads and local renders of each of its jobs, with their posters and half-written files, and
    the prompts built from it in the prompt cache."""
    video_jobs_cancel(dream=dream)
    folder = Path(settings.VIDEOGEN_TMP_DIR)
    local = get_provider("local")
    renders = VideoSubmission.objects.filter(job__dream=dream, provider="local").exclude(task_id="")
    names = [_download_prefix(job_id) for job_id in dream.jobs.values_list("pk", flat=True)]
    names += [local.path_for(task_id).stem for task_id in renders.values_list("task_id", flat=True)]
    hashes = list(dream.jobs.exclude(prompt_hash="").values_list("prompt_hash", flat=True))

    def remove() -> None:
        forget_prompts(hashes)
        # A temporary file starts with the name of the file it is made for, or with a dot before that name.
        for name in names:
            for path in [*folder.glob(f"{name}*"), *folder.glob(f".{name}*")]:
                path.unlink(missing_ok=True)

    transaction.on_commit(remove)


def _download_prefix(job_id: int) -> str:
    return f"job-{job_id}-"


def download_path(job_id: int) -> Path:
    """Where a job's video is downloaded to or copied before it is stored: unique, so a second finalize never shares
    it, and named after the job, so deleting the dream finds it."""
    return Path(settings.VIDEOGEN_TMP_DIR) / f"{_download_prefix(job_id)}{uuid.uuid4().hex[:8]}.mp4"


def job_cancel(*, job: VideoJob) -> VideoJob:
    if job.provider_task_id and job.state in VideoJob.ACTIVE_STATES:
        try:
            get_provider(job.provider).cancel(job.provider_task_id)
        except ProviderError as error:
            log.warning("cancel of job %s at %s failed: %s", job.pk, job.provider, error.message, extra=log_fields(job))
    job.state = State.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at", "updated_at"])
    return job


def job_retry(*, job: VideoJob) -> VideoJob:
    """Staff's retry: start over on the same provider with fresh attempts."""
    job.state = State.QUEUED
    job.provider_task_id = ""
    job.attempts = 0
    job.record_error("")
    job.progress = 0
    job.finished_at = None
    job.lease_until = None
    job.save()
    transaction.on_commit(lambda: enqueue_step(job))
    return job


STEPS = {
    State.QUEUED: "job_submit",
    State.SUBMITTED: "job_poll",
    State.RENDERING: "job_poll",
    State.DOWNLOADING: "job_finalize",
}
# Where steps are sent: Celery by default; `videogen.runner` swaps in its own loop to run jobs in one process.
dispatcher = None


def send_step(step: str, job_id: int, countdown: float = 0) -> None:
    if dispatcher is not None:
        dispatcher(step, job_id, countdown)
        return
    from . import tasks

    getattr(tasks, step).apply_async(args=[job_id], countdown=countdown)


def enqueue_step(job: VideoJob, countdown: float = 0) -> None:
    """Send the message for the job's current step. The row, not the message, says what is to be done."""
    step = STEPS.get(job.state)
    if step is not None:
        send_step(step, job.pk, countdown)


# The lease the running step took (job id, lease end), so that a step failing midway can give back that one alone.
_taken_lease: ContextVar[tuple[int, datetime] | None] = ContextVar("taken_lease", default=None)


def _claim(job_id: int, states, seconds: float) -> VideoJob | None:
    """Take the job's lease if its step is due; a duplicate message finds the lease held and does nothing."""
    now = timezone.now()
    lease_until = now + timedelta(seconds=seconds)
    claimed = (
        VideoJob.objects.filter(pk=job_id, state__in=states)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now + CLAIM_TOLERANCE))
        .update(lease_until=lease_until, updated_at=now)
    )
    if not claimed:
        return None
    _taken_lease.set((job_id, lease_until))
    return VideoJob.objects.select_related("dream", "requested_by").get(pk=job_id)


def gives_lease_back_on_error(step):
    """A step that raises before it finishes (a database error, …) gives its lease back, so the task's retry runs at
    once instead of finding the lease held and leaving the job to the stale sweep, a whole lease later."""

    @functools.wraps(step)
    def run(job_id: int) -> None:
        token = _taken_lease.set(None)
        try:
            step(job_id)
        except Exception:
            taken = _taken_lease.get()
            if taken is not None:
                _give_lease_back(*taken)
            raise
        finally:
            _taken_lease.reset(token)

    return run


def _give_lease_back(job_id: int, lease_until: datetime) -> None:
    """Only the lease the step took: one it already moved on (a poll scheduled, a retry set) stays as it is."""
    try:
        VideoJob.objects.filter(pk=job_id, lease_until=lease_until).update(lease_until=None)
    except DatabaseError:  # the database is still out of reach: the stale sweep brings the job back
        log.warning("video job %s keeps its lease after a failed step", job_id, extra={"job_id": job_id})


def _lease() -> int:
    return settings.VIDEOGEN_LEASE_SECONDS


@gives_lease_back_on_error
def job_submit(job_id: int) -> None:
    job = _claim(job_id, [State.QUEUED, State.SUBMITTED], _lease())
    if job is None:
        return
    if job.provider_task_id:
        _schedule_poll(job, 0)
        return
    if not job.dream.consent_video:
        job_cancel(job=job)
        return
    provider = get_provider(job.provider)
    if _recover_submission(job, provider) or _reuse_finished_video(job):
        return
    if job.attempts >= MAX_ATTEMPTS:  # every try so far died without an answer (a worker killed mid-render, …)
        _handle_failure(job, _("The video service kept failing."), retryable=True)
        return
    try:
        check_budget(provider=job.provider, cost=provider.cost_per_clip, therapist=job.requested_by, job=job)
    except BudgetExceeded as error:
        _handle_failure(job, error.message, retryable=False)
        return
    job.attempts += 1
    with transaction.atomic():  # recorded before the request leaves: a crash mid-request is then known
        job.save(update_fields=["attempts", "updated_at"])
        submission = VideoSubmission.objects.create(job=job, provider=job.provider)
    try:
        task_id = provider.submit(job.prompt, _submit_options(job, provider, submission))
    except ProviderError as error:
        if not error.maybe_created:  # a clear refusal: nothing was made, nothing to look for
            submission.state = VideoSubmission.State.REFUSED
        submission.record_error(error.message, error.detail)
        submission.save(update_fields=["state", *ERROR_FIELDS])
        _handle_failure(
            job,
            error.message,
            retryable=error.retryable,
            permanent=error.permanent,
            detail=error.detail,
            retry_after=error.retry_after,
        )
        return
    if not _accept(job, submission, task_id, provider.cost_per_clip) and job.state != State.CANCELLED:
        _handle_failure(job, _("The video service could not start this video."), retryable=True)


def _submit_options(job: VideoJob, provider, submission: VideoSubmission) -> SubmitOptions:
    return SubmitOptions(
        symbols=list(job.dream.symbols),
        callback_url=_callback_url(job) if provider.supports_webhooks else None,
        seed=job.pk,
        external_id=submission.external_id,
    )


def _accept(job: VideoJob, submission: VideoSubmission, task_id: str, cost) -> bool:
    """The provider has the task: record it, charge it, and start polling. False when the job cannot take it: it was
    cancelled while we waited for the answer (the task is cancelled too), or another job holds that task already."""
    submission.state = VideoSubmission.State.ACCEPTED
    submission.task_id = task_id
    submission.cost_usd = cost
    submission.record_error("")
    job.provider_task_id = task_id
    job.state = State.SUBMITTED
    job.submitted_at = timezone.now()
    job.cost_usd += cost
    job.download_attempts = 0
    try:
        with transaction.atomic():
            submission.save()
            ledger.charge_record(submission=submission, job=job)  # charged even if the job was cancelled meanwhile
            saved = _save_unless_cancelled(job)
    except IntegrityError:  # a look-up adopted this task for another job a moment ago
        job.refresh_from_db()
        submission.state, submission.task_id, submission.cost_usd = VideoSubmission.State.LOST, "", 0
        submission.save(update_fields=["state", "task_id", "cost_usd", *ERROR_FIELDS])
        return False
    if not saved:
        job.refresh_from_db()
        _cancel_at_provider(job.provider, task_id, job)
        return False
    log.info("video job %s submitted to %s as %s", job.pk, job.provider, task_id, extra=log_fields(job))
    _schedule_poll(job, 0 if job.provider == "local" else settings.VIDEOGEN_POLL_SECONDS)
    return True


def _save_unless_cancelled(job: VideoJob) -> bool:
    """Save what a step learnt from a provider, unless the job was cancelled while it asked (a cancel wins)."""
    with transaction.atomic():
        state = VideoJob.objects.select_for_update().values_list("state", flat=True).get(pk=job.pk)
        if state == State.CANCELLED:
            return False
        job.save()
    return True


def _cancel_at_provider(provider: str, task_id: str, job: VideoJob) -> None:
    try:
        get_provider(provider).cancel(task_id)
    except ProviderError as error:
        log.warning("cancel of job %s at %s failed: %s", job.pk, provider, error.detail, extra=log_fields(job))


def _recover_submission(job: VideoJob, provider) -> bool:
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
        candidates = provider.find_tasks(job.prompt, _submit_options(job, provider, pending), pending.started_at)
    except ProviderError as error:
        job.attempts += 1  # a look-up that keeps failing is bounded like a submission
        _handle_failure(job, error.message, retryable=error.retryable, retry_after=error.retry_after)
        return True
    taken = set(
        VideoSubmission.objects.filter(provider=job.provider, task_id__in=candidates).values_list("task_id", flat=True)
    )
    found = next((task_id for task_id in candidates if task_id not in taken), None)
    if found is None:
        _mark_lost(pending, charged=not provider.finds_tasks)
        return False
    log.info("video job %s found its lost submission at %s", job.pk, job.provider, extra=log_fields(job))
    return _accept(job, pending, found, provider.cost_per_clip) or job.state == State.CANCELLED


def _mark_lost(submission: VideoSubmission, *, charged: bool) -> None:
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


def _schedule_poll(job: VideoJob, countdown: float) -> None:
    job.lease_until = timezone.now() + timedelta(seconds=countdown)
    job.save(update_fields=["lease_until", "updated_at"])
    send_step("job_poll", job.pk, countdown)


@gives_lease_back_on_error
def job_poll(job_id: int) -> None:
    job = _claim(job_id, [State.SUBMITTED, State.RENDERING], _lease())
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
        _handle_failure(job, message, retryable=False)
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
            _schedule_poll(job, max(settings.VIDEOGEN_POLL_SECONDS, error.retry_after or 0))
            return
        _handle_failure(job, error.message, retryable=False, permanent=error.permanent, detail=error.detail)
        return
    if result.next_task_id:
        job.provider_task_id = result.next_task_id
    if result.state in ("pending", "running"):
        job.state = State.RENDERING if result.state == "running" or result.next_task_id else job.state
        if result.progress is not None:
            job.progress = max(0.0, min(1.0, result.progress))
        if _save_unless_cancelled(job):
            _schedule_poll(job, settings.VIDEOGEN_POLL_SECONDS)
    elif result.state == "succeeded":
        job.state = State.DOWNLOADING
        job.progress = 1.0
        job.output_url = result.video_url or ""
        job.lease_until = None  # due now: the finalize step claims it
        if not _save_unless_cancelled(job):
            return
        if result.video_path:
            _finalize(job, Path(result.video_path))
        else:
            enqueue_step(job)
    elif result.state == "cancelled":
        job.state = State.CANCELLED
        job.record_error(_("The video service cancelled the job."))
        job.finished_at = timezone.now()
        job.save()
    else:
        _handle_failure(job, result.error or _("The video service could not make this video."), result.retryable)


def _overdue(job: VideoJob) -> bool:
    if job.submitted_at is None:
        return False
    return timezone.now() - job.submitted_at > timedelta(seconds=settings.VIDEOGEN_JOB_TIMEOUT_SECONDS)


@gives_lease_back_on_error
def job_finalize(job_id: int) -> None:
    job = _claim(job_id, [State.DOWNLOADING], _lease())
    if job is None:
        return
    if not job.output_url:  # a local render: its file is known to the provider
        result = get_provider(job.provider).poll(job.provider_task_id)
        if result.video_path:
            _finalize(job, Path(result.video_path))
            return
        _handle_failure(job, result.error or _("The rendered video is missing."), retryable=True)
        return
    download = download_path(job.pk)
    download.parent.mkdir(parents=True, exist_ok=True)
    try:
        media.safe_download(job.output_url, download, max_bytes=settings.VIDEOGEN_MAX_VIDEO_MB * 1024 * 1024)
    except media.MediaError as error:
        download.unlink(missing_ok=True)
        _download_failed(job, error)
        return
    _finalize(job, download)


def _download_failed(job: VideoJob, error: media.MediaError) -> None:
    """The video exists at the provider: fetch it again later, rather than pay for a new one; give up after a few."""
    job.download_attempts += 1
    job.record_error(error.message, error.detail)
    if not error.retryable:
        _handle_failure(job, error.message, retryable=False, detail=error.detail)
        return
    if job.download_attempts >= MAX_DOWNLOADS:
        message = _("The finished video could not be downloaded from %(provider)s, even after several tries.")
        _handle_failure(job, message % {"provider": get_provider(job.provider).label}, False, detail=error.detail)
        return
    countdown = min(60, settings.VIDEOGEN_POLL_SECONDS * 2**job.download_attempts)
    job.lease_until = timezone.now() + timedelta(seconds=countdown)
    job.save(update_fields=["download_attempts", *ERROR_FIELDS, "lease_until", "updated_at"])
    log.warning("download for job %s failed, trying again: %s", job.pk, error.detail, extra=log_fields(job))
    send_step("job_finalize", job.pk, countdown)


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
        except media.MediaError as error:  # the same file would fail again: try the next provider
            _handle_failure(job, error.message, retryable=False, detail=error.detail)
            return
        except CredentialsError as error:  # our own certificate, not the video: no other provider would do better
            log.error("video job %s could not be signed: %s", job.pk, error, extra=log_fields(job))
            message = _("The video could not be given its content credentials (a server setting); retry it later.")
            job.record_error(message, str(error))
            job.state, job.finished_at, job.lease_until = State.FAILED, timezone.now(), None
            with transaction.atomic():
                job.save()
                video_notify(dream=job.dream, user=_told(job, job.dream), ready=False)
            return
        _store(job, video_path, poster_path, finish)
    finally:
        video_path.unlink(missing_ok=True)
        poster_path.unlink(missing_ok=True)


def _store(job: VideoJob, video_path: Path, poster_path: Path, finish: Finish) -> None:
    try:
        frame = media.probe(video_path)  # the stored file's own size, after any re-encoding
    except media.MediaError:
        frame = None
    with transaction.atomic():
        dream = Dream.objects.select_for_update().get(pk=job.dream_id)
        current = VideoJob.objects.select_for_update().get(pk=job.pk)
        if current.state != State.DOWNLOADING:
            return  # cancelled meanwhile: keep nothing
        if not dream.consent_video:  # consent withdrawn meanwhile: keep nothing, and end the job
            current.state, current.finished_at, current.lease_until = State.CANCELLED, timezone.now(), None
            current.save(update_fields=["state", "finished_at", "lease_until", "updated_at"])
            return
        dream_media_delete(dream=dream)
        with video_path.open("rb") as video, poster_path.open("rb") as poster:
            dream.video.save(f"{dream.pk}-{job.pk}.mp4", File(video), save=False)
            dream.poster.save(f"{dream.pk}-{job.pk}.jpg", File(poster), save=False)
        dream.video_ready_at = timezone.now()
        if dream.visibility == Dream.Visibility.SHARED:  # an approval was of the old video: moderate the new one
            dream.moderation = Dream.Moderation.PENDING
        dream.video_has_audio, dream.video_credentials = finish.has_audio, finish.credentials
        fields = ["video", "poster", "video_ready_at", "moderation", "video_has_audio", "video_credentials"]
        dream.save(update_fields=[*fields, "updated_at"])
        job.drawn_symbols = finish.drawn_symbols
        job.state = State.READY
        job.progress = 1.0
        job.record_error("")
        job.finished_at = timezone.now()
        job.lease_until = None
        job.video_width, job.video_height = (frame.width, frame.height) if frame else (None, None)
        job.save()
        video_notify(dream=dream, user=_told(job, dream), ready=True)
    log.info("video job %s ready", job.pk, extra=log_fields(job))


def _reuse_finished_video(job: VideoJob) -> bool:
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
        _store(job, copy, poster, Finish(source.video_has_audio, earlier.drawn_symbols, source.video_credentials))
    finally:
        copy.unlink(missing_ok=True)
        poster.unlink(missing_ok=True)
    log.info("video job %s reused the video of job %s", job.pk, earlier.pk, extra=log_fields(job))
    return True


def _handle_failure(
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
        job.lease_until = timezone.now() + timedelta(seconds=countdown)
        job.save()
        enqueue_step(job, countdown=countdown)
        return
    following = _next_provider(job, message)
    if following:
        for unanswered in job.submissions.filter(state=VideoSubmission.State.SENDING, provider=job.provider):
            _mark_lost(unanswered, charged=True)  # not asked any more: count it as made
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
    job.finished_at = timezone.now()
    job.lease_until = None
    with transaction.atomic():
        job.save()
        video_notify(dream=job.dream, user=_told(job, job.dream), ready=False)
    log.warning("video job %s failed for good", job.pk, extra=log_fields(job))


def _told(job: VideoJob, dream: Dream):
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


def _callback_url(job: VideoJob) -> str | None:
    base = settings.VIDEOGEN_PUBLIC_URL.rstrip("/")
    if not base:
        return None
    return f"{base}/webhooks/{job.provider}/{job.callback_token}/"


def stale_jobs(*, cutoff: datetime, limit: int):
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
    now = timezone.now()
    cutoff = now - timedelta(seconds=_lease())
    count = 0
    for job in stale_jobs(cutoff=cutoff, limit=settings.VIDEOGEN_REQUEUE_BATCH):
        if VideoJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(lease_until=now, updated_at=now):
            job.state = VideoJob.objects.values_list("state", flat=True).get(pk=job.pk)
            enqueue_step(job)
            count += 1
    if count:
        log.info("re-enqueued %d stale video jobs", count, extra={"jobs": count})
    return count


def webhook_received(*, job: VideoJob) -> None:
    """A provider says the job moved: poll now (the callback is a hint; the poll, with our key, is the truth)."""
    if job.state in (State.SUBMITTED, State.RENDERING):
        VideoJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
        send_step("job_poll", job.pk)
