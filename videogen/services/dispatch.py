"""How a job's steps are sent and taken: the dispatcher (Celery, or the in-process runner), the clock the steps read,
and the lease a step claims so that a duplicate message does nothing."""

import enum
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from videogen.models import VideoJob
from videogen.tasks import job_finalize as job_finalize_task
from videogen.tasks import job_poll as job_poll_task
from videogen.tasks import job_submit as job_submit_task

log = logging.getLogger("videogen.services")  # one logger for the whole pipeline, as log filters expect

CLAIM_TOLERANCE = timedelta(seconds=1)
State = VideoJob.State


class Step(enum.StrEnum):
    """A pipeline step, named as its Celery task is."""

    SUBMIT = "job_submit"
    POLL = "job_poll"
    FINALIZE = "job_finalize"


STEPS: dict[str, Step] = {
    State.QUEUED: Step.SUBMIT,
    State.SUBMITTED: Step.POLL,
    State.RENDERING: Step.POLL,
    State.DOWNLOADING: Step.FINALIZE,
}


class Dispatcher(Protocol):
    """Where a step goes to be run `countdown` seconds from now."""

    def send(self, step: Step, job_id: int, countdown: float = 0) -> None: ...


class CeleryDispatcher:
    """The workers' queue: each step is its task."""

    tasks = {Step.SUBMIT: job_submit_task, Step.POLL: job_poll_task, Step.FINALIZE: job_finalize_task}

    def send(self, step: Step, job_id: int, countdown: float = 0) -> None:
        self.tasks[step].apply_async(args=[job_id], countdown=countdown)


CELERY = CeleryDispatcher()
# The seam the in-process runner uses: both are set for the length of a `with running(...)` block in this context.
_dispatcher: ContextVar[Dispatcher | None] = ContextVar("dispatcher", default=None)
_clock: ContextVar[Callable[[], datetime]] = ContextVar("clock", default=timezone.now)


@contextmanager
def running(*, dispatcher: Dispatcher, clock: Callable[[], datetime] = timezone.now) -> Iterator[None]:
    """Within this block, steps go to `dispatcher` and the pipeline reads the time from `clock`."""
    dispatcher_token = _dispatcher.set(dispatcher)
    clock_token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(clock_token)
        _dispatcher.reset(dispatcher_token)


def now() -> datetime:
    """The pipeline's time: leases, deadlines and timestamps all read it, so a test clock moves them together."""
    return _clock.get()()


def log_fields(job: VideoJob, **more) -> dict:
    """The `extra` of a pipeline log line: ids and states, never dream text or prompts."""
    return {"job_id": job.pk, "dream_id": job.dream_id, "state": job.state, "provider": job.provider, **more}


def send_step(step: Step, job_id: int, countdown: float = 0) -> None:
    dispatcher = _dispatcher.get()  # not `or`: an empty queue is falsy
    (CELERY if dispatcher is None else dispatcher).send(step, job_id, countdown)


def enqueue_step(job: VideoJob, countdown: float = 0) -> None:
    """Send the message for the job's current step. The row, not the message, says what is to be done."""
    step = STEPS.get(job.state)
    if step is not None:
        send_step(step, job.pk, countdown)


def lease_seconds() -> int:
    return settings.VIDEOGEN_LEASE_SECONDS


# The lease the running step took (job id, lease end), so that a step failing midway can give back that one alone.
_taken_lease: ContextVar[tuple[int, datetime] | None] = ContextVar("taken_lease", default=None)


def claim(job_id: int, states: list[str], seconds: float) -> VideoJob | None:
    """Take the job's lease if its step is due; a duplicate message finds the lease held and does nothing."""
    moment = now()
    lease_until = moment + timedelta(seconds=seconds)
    claimed = (
        VideoJob.objects.filter(pk=job_id, state__in=states)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=moment + CLAIM_TOLERANCE))
        .update(lease_until=lease_until, updated_at=moment)
    )
    if not claimed:
        return None
    _taken_lease.set((job_id, lease_until))
    return VideoJob.objects.select_related("dream", "requested_by").get(pk=job_id)


def gives_lease_back_on_error(step: Callable[[int], None]) -> Callable[[int], None]:
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
                give_lease_back(*taken)
            raise
        finally:
            _taken_lease.reset(token)

    return run


def give_lease_back(job_id: int, lease_until: datetime) -> None:
    """Only the lease the step took: one it already moved on (a poll scheduled, a retry set) stays as it is."""
    try:
        VideoJob.objects.filter(pk=job_id, lease_until=lease_until).update(lease_until=None)
    except DatabaseError:  # the database is still out of reach: the stale sweep brings the job back
        log.warning("video job %s keeps its lease after a failed step", job_id, extra={"job_id": job_id})
