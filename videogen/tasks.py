"""Celery tasks: thin wrappers that take a job id and call the pipeline step. No dream text ever travels here.

Each task imports its service inside the function: the services import these tasks to send them, so this one
direction stays at module level (the HackSoft Django Styleguide's pattern)."""

from celery import shared_task
from celery.signals import worker_init
from django.db import InterfaceError, OperationalError

from dreamtok.text.warm import warm_up

from . import maintenance

# The database out of reach for a moment (a restart, a failover): try the step again in a few seconds rather than
# wait a whole lease for the periodic re-enqueue. Steps are idempotent, so a retry that finds the work done is harmless.
STEP_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 30,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**STEP_OPTIONS)
def job_submit(job_id: int) -> None:
    from videogen.services import steps

    steps.job_submit(job_id)


@shared_task(**STEP_OPTIONS)
def job_poll(job_id: int) -> None:
    from videogen.services import steps

    steps.job_poll(job_id)


@shared_task(**STEP_OPTIONS)
def job_finalize(job_id: int) -> None:
    from videogen.services import steps

    steps.job_finalize(job_id)


@shared_task(ignore_result=True)
def requeue_stale_jobs() -> int:
    from videogen.services import recovery

    return recovery.requeue_stale_jobs()


@shared_task(ignore_result=True)
def purge_expired() -> int:
    return maintenance.purge_expired().count


@worker_init.connect
def load_language_models(**kwargs) -> None:
    """A worker loads the language models as it starts, before its pool forks: each child has them at hand."""
    warm_up()
