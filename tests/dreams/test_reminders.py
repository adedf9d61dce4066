"""The morning-log reminder: sent by the beat task once the client's chosen time has come on their own clock, once
a night, not after the night is logged, through Django's email framework, with nothing of a dream in it."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from dreams.models import NightLog
from dreams.rehearsal import reminders, services
from dreams.tasks import send_morning_reminders
from tests.factories import ClientFactory, DreamFactory

# 04:30 UTC: 07:30 in Moscow, 13:30 in Tokyo, 20:30 of the day before in Los Angeles.
NOW = datetime.datetime(2026, 12, 2, 4, 30, tzinfo=datetime.UTC)


@pytest.fixture
def clients(db):
    made = {}
    for zone, hour in (("Europe/Moscow", 7), ("Asia/Tokyo", 12), ("America/Los_Angeles", 7)):
        at = datetime.time(hour, 15)
        client = ClientFactory(time_zone=zone, reminder_at=at, reminder_email=f"{zone.split('/')[1]}@ex.org")
        DreamFactory(client=client, title="A secret nightmare title", content="Secret text of the dream")
        made[zone] = client
    return made


def test_the_reminder_goes_at_the_clients_time_once_a_night(clients):
    # Moscow is 15 minutes past its 07:15, Tokyo an hour past its 12:15; in Los Angeles 07:15 was 13 hours ago: an
    # evening email about last night would be noise.
    assert reminders.reminders_send_due(NOW) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["Moscow@ex.org", "Tokyo@ex.org"]
    assert reminders.reminders_send_due(NOW + datetime.timedelta(minutes=5)) == 0
    message = mail.outbox[0]
    assert "/morning/" in message.body and "Secret" not in message.body + message.subject
    clients["Europe/Moscow"].refresh_from_db()
    assert clients["Europe/Moscow"].reminder_sent_on == datetime.date(2026, 12, 1)


def test_no_reminder_once_the_night_is_logged(clients):
    moscow = clients["Europe/Moscow"]
    NightLog.objects.create(client=moscow, night=datetime.date(2026, 12, 1), nightmare=False)
    reminders.reminders_send_due(NOW)
    assert "Moscow@ex.org" not in [message.to[0] for message in mail.outbox]


def test_clearing_the_address_turns_the_reminder_off(clients):
    tokyo = clients["Asia/Tokyo"]
    services.client_clock_update(
        client=tokyo, by=tokyo.user, time_zone="Asia/Tokyo", reminder_at=None, reminder_email=""
    )
    reminders.reminders_send_due(NOW)
    assert "Tokyo@ex.org" not in [message.to[0] for message in mail.outbox]


def test_beat_runs_the_task_every_few_minutes(clients):
    entry = settings.CELERY_BEAT_SCHEDULE["morning-reminders"]
    assert entry["task"] == send_morning_reminders.name and entry["schedule"] <= 600
    send_morning_reminders.apply()  # the task as the worker runs it, at the real clock: it must not fail
