"""Run video jobs to the end inside this process, without Celery: for `generate_videos` and for tests."""

import heapq
import itertools
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from . import services
from .models import VideoJob


@contextmanager
def in_process():
    """Within this block, pipeline steps go to a local queue instead of Celery; `drain` runs them."""
    queue: list = []
    order = itertools.count()

    def dispatch(step: str, job_id: int, countdown: float) -> None:
        heapq.heappush(queue, (time.monotonic() + countdown, next(order), step, job_id))

    previous = services.dispatcher
    services.dispatcher = dispatch
    try:
        yield queue
    finally:
        services.dispatcher = previous


def drain(queue: list, job_ids: Iterable[int], *, timeout: float, on_step: Callable[[], None] | None = None) -> None:
    """Run queued steps in due order until every job ends or `timeout` seconds pass."""
    job_ids = list(job_ids)
    deadline = time.monotonic() + timeout
    while queue and time.monotonic() < deadline:
        due, _, step, job_id = heapq.heappop(queue)
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, max(0.0, deadline - time.monotonic())))
        getattr(services, step)(job_id)
        if on_step:
            on_step()
        if not VideoJob.objects.filter(pk__in=job_ids, state__in=VideoJob.ACTIVE_STATES).exists():
            break
