"""Thin Celery wrappers for the dreams domain: the morning-log reminders (run by beat every few minutes)."""

from celery import shared_task


@shared_task(name="dreams.tasks.send_morning_reminders", ignore_result=True)
def send_morning_reminders() -> int:
    from .rehearsal.reminders import reminders_send_due

    return reminders_send_due()
