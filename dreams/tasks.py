"""Thin Celery wrappers for the dreams domain: the retention of unwatched videos and the morning-log reminders (beat
runs both)."""

from celery import shared_task

from . import retention


@shared_task(ignore_result=True)
def expire_unwatched_videos() -> int:
    return retention.expire_unwatched_videos()


@shared_task(name="dreams.tasks.send_morning_reminders", ignore_result=True)
def send_morning_reminders() -> int:
    from .rehearsal.reminders import reminders_send_due

    return reminders_send_due()
