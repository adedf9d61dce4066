"""Celery tasks: thin wrappers that take a job id and call the pipeline step. No dream text ever travels here."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def job_submit(job_id: int) -> None:
    services.job_submit(job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def job_poll(job_id: int) -> None:
    services.job_poll(job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def job_finalize(job_id: int) -> None:
    services.job_finalize(job_id)


@shared_task(ignore_result=True)
def requeue_stale_jobs() -> int:
    return services.requeue_stale_jobs()
