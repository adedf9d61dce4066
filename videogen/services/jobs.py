"""The public job API: start, cancel, discard and retry a dream's video jobs, the providers on offer, and counts."""

from pathlib import Path
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from dreams import audit
from dreams.models import Client, Dream
from videogen.budget import BudgetExceeded, check_budget
from videogen.download import download_prefix
from videogen.errors import message as _
from videogen.models import VideoJob, VideoSubmission
from videogen.prompts.cache import cached_build_prompt, forget_prompts, prompt_hash
from videogen.prompts.template import FullTextNotAllowed
from videogen.providers import get_provider, offered_providers
from videogen.providers.base import ProviderError
from videogen.providers.local import LocalProvider

from .dispatch import enqueue_step, log, log_fields, now

State = VideoJob.State


class GenerationRefused(Exception):
    """A job could not be started; `message` is for the therapist."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    local = cast(LocalProvider, get_provider("local"))
    renders = VideoSubmission.objects.filter(job__dream=dream, provider="local").exclude(task_id="")
    names = [download_prefix(job_id) for job_id in dream.jobs.values_list("pk", flat=True)]
    names += [local.path_for(task_id).stem for task_id in renders.values_list("task_id", flat=True)]
    hashes = list(dream.jobs.exclude(prompt_hash="").values_list("prompt_hash", flat=True))

    def remove() -> None:
        forget_prompts(hashes)
        # A temporary file starts with the name of the file it is made for, or with a dot before that name.
        for name in names:
            for path in [*folder.glob(f"{name}*"), *folder.glob(f".{name}*")]:
                path.unlink(missing_ok=True)

    transaction.on_commit(remove)


def job_cancel(*, job: VideoJob) -> VideoJob:
    if job.provider_task_id and job.state in VideoJob.ACTIVE_STATES:
        try:
            get_provider(job.provider).cancel(job.provider_task_id)
        except ProviderError as error:
            log.warning("cancel of job %s at %s failed: %s", job.pk, job.provider, error.message, extra=log_fields(job))
    job.state = State.CANCELLED
    job.finished_at = now()
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


def active_job_count(*, user) -> int:
    """Jobs still running for the dreams of a client (`user` is the client) or of a therapist's clients."""
    return VideoJob.objects.filter(
        Q(dream__client__user=user) | Q(dream__client__therapist=user), state__in=VideoJob.ACTIVE_STATES
    ).count()


def client_active_job_count(*, client: Client) -> int:
    """Jobs still running for a client's dreams: what erasing the client stops."""
    return VideoJob.objects.filter(dream__client=client, state__in=VideoJob.ACTIVE_STATES).count()


# The states of a job still being made, for the domain's lists and filters.
ACTIVE_JOB_STATES: tuple[str, ...] = tuple(VideoJob.ACTIVE_STATES)


def latest_job_state() -> Subquery:
    """The state of a dream's latest video job, to annotate a queryset of dreams with (None when none was asked for)."""
    latest = VideoJob.objects.filter(dream=OuterRef("pk")).order_by("-created_at", "-id").values("state")[:1]
    return Subquery(latest)
