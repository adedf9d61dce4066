"""A dream's video job run to its end in the test process: the pipeline's steps, in due order, without Celery."""

from collections.abc import Callable

from videogen import runner
from videogen.models import VideoJob
from videogen.services import video_job_start


def run_to_end(
    dream,
    provider: str = "",
    timeout: float = 60,
    *,
    clock: runner.Clock | None = None,
    on_step: Callable[[], None] | None = None,
) -> VideoJob:
    """Start the dream's video and run its steps until it ends; with a `runner.SkippingClock`, without waiting."""
    with runner.in_process(clock) as steps:
        job = video_job_start(dream=dream, provider=provider, requested_by=dream.author)
        runner.drain(steps, [job.pk], timeout=timeout, on_step=on_step)
    job.refresh_from_db()
    dream.refresh_from_db()
    return job
