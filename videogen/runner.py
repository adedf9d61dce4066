"""Run video jobs to the end inside this process, without Celery: for `generate_videos` and for tests.

`in_process()` gives the pipeline a queue of its own to send steps to, and a clock; `drain()` runs the queued steps
in due order. With the wall clock a step due later is waited for, as a worker would; with a `SkippingClock` the wait
is skipped and the clock moves on instead, so a test of retries and timeouts takes no real time.
"""

import heapq
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Protocol

from django.utils import timezone

from .models import VideoJob
from .services import dispatch, steps
from .services.dispatch import Step

RUNS: dict[Step, Callable[[int], None]] = {
    Step.SUBMIT: steps.job_submit,
    Step.POLL: steps.job_poll,
    Step.FINALIZE: steps.job_finalize,
}


class Clock(Protocol):
    """The time the pipeline reads, and how the runner waits for a step due later."""

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class WallClock:
    """Real time: a step due later is waited for, while a real provider renders."""

    def now(self) -> datetime:
        return timezone.now()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class SkippingClock:
    """The wall clock plus every wait skipped so far. The pipeline reads this clock for its leases and deadlines, so
    a step run early still finds its lease due and a job timeout still passes; the providers must need no waiting
    (the fake providers rendering at once)."""

    def __init__(self) -> None:
        self.skipped = timedelta()

    def now(self) -> datetime:
        return timezone.now() + self.skipped

    def sleep(self, seconds: float) -> None:
        self.skipped += timedelta(seconds=seconds)


class StepQueue:
    """The steps sent while `in_process()` runs (a `Dispatcher`): (due, order, step, job id), earliest first."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self._heap: list[tuple[datetime, int, Step, int]] = []
        self._order = itertools.count()

    def send(self, step: Step, job_id: int, countdown: float = 0) -> None:
        due = self.clock.now() + timedelta(seconds=countdown)
        heapq.heappush(self._heap, (due, next(self._order), step, job_id))

    def take(self, job: VideoJob) -> None:
        """Queue the job's current step here: for a job started in another thread (a live server's), whose step went
        to Celery, since the queue serves only the thread that opened it."""
        step = dispatch.STEPS.get(job.state)
        if step is not None:
            self.send(step, job.pk)

    def pop(self) -> tuple[datetime, int, Step, int]:
        return heapq.heappop(self._heap)

    def clear(self) -> None:
        """Forget every queued step (a test's lost message)."""
        self._heap.clear()

    def __iter__(self) -> Iterator[tuple[datetime, int, Step, int]]:
        return iter(list(self._heap))

    def __len__(self) -> int:
        return len(self._heap)


@contextmanager
def in_process(clock: Clock | None = None) -> Iterator[StepQueue]:
    """Within this block, pipeline steps (sent from this thread) go to a local queue instead of Celery, and the
    pipeline reads the time from `clock` (the wall clock unless given); `drain` runs them."""
    queue = StepQueue(clock or WallClock())
    with dispatch.running(dispatcher=queue, clock=queue.clock.now):
        yield queue


def drain(
    queue: StepQueue, job_ids: Iterable[int], *, timeout: float, on_step: Callable[[], None] | None = None
) -> None:
    """Run queued steps in due order until every job ends or `timeout` seconds of real time pass (a guard against a
    job that never ends, whatever the clock)."""
    job_ids = list(job_ids)
    deadline = time.monotonic() + timeout
    while queue and time.monotonic() < deadline:
        due, _, step, job_id = queue.pop()
        wait = (due - queue.clock.now()).total_seconds()
        if wait > 0:
            queue.clock.sleep(min(wait, max(0.0, deadline - time.monotonic())))
        RUNS[step](job_id)
        if on_step:
            on_step()
        if not VideoJob.objects.filter(pk__in=job_ids, state__in=VideoJob.ACTIVE_STATES).exists():
            break
