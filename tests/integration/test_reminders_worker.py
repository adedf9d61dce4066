"""The morning-log reminder through the real parts: Celery beat schedules it, a worker on Redis and PostgreSQL sends
it through Django's email framework (the console backend, so the worker's output holds the email), once a night."""

import datetime

import pytest
from django.utils import timezone

from dreams.models import Client
from tests.factories import ClientFactory
from tests.net import wait_for

pytestmark = pytest.mark.integration


def test_beat_and_a_worker_send_the_reminder_once_at_the_clients_time(processes, tmp_path):
    # Ten minutes past the client's chosen time on their own clock (Tokyo): due now, whatever the server's zone.
    tokyo_now = timezone.now().astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    since_midnight = tokyo_now.hour * 60 + tokyo_now.minute
    at = (tokyo_now - datetime.timedelta(minutes=min(10, since_midnight))).time().replace(second=0, microsecond=0)
    client = ClientFactory(time_zone="Asia/Tokyo", reminder_at=at, reminder_email="sleeper@example.org")
    processes.env["MORNING_REMINDER_SECONDS"] = "1"
    processes.env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    processes.worker(concurrency=1)
    processes.beat()
    log = tmp_path / "worker.log"

    def sent() -> bool:
        return log.exists() and "To: sleeper@example.org" in log.read_text(errors="replace")

    wait_for(sent, timeout=60, what="the reminder in the worker's output")
    last_night = (tokyo_now - datetime.timedelta(days=1)).date()
    assert Client.objects.get(pk=client.pk).reminder_sent_on == last_night
    wait_for(lambda: (tmp_path / "beat.log").read_text().count("send_morning_reminders") >= 4, timeout=30, what="beat")
    assert log.read_text(errors="replace").count("To: sleeper@example.org") == 1  # beat ran on; one email a night
