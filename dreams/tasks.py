"""Celery tasks of the dreams domain: thin wrappers around its services."""

from celery import shared_task

from . import retention


@shared_task(ignore_result=True)
def expire_unwatched_videos() -> int:
    return retention.expire_unwatched_videos()
