"""Rehearsal and the morning log: limits with clear messages and the input kept, the client's own night, one log a
night, progress by week as a chart and a table, only the client and their therapist see any of it."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib import admin
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from dreams.models import AuditEvent, NightLog, RehearsalSession
from dreams.rehearsal import selectors, services
from tests.factories import ClientFactory, DreamFactory, UserFactory

CALM = "I walk to the sea at dawn; the water is warm and a friendly whale sings to me."


@pytest.fixture
def rescript(db):
    client = ClientFactory(time_zone="Europe/Moscow")
    nightmare = DreamFactory(client=client, title="The chase", symbols=["chase", "darkness"], distressing=True)
    return services.rescript_create(original=nightmare, author=client.therapist, title="The sea at dawn", content=CALM)


def browser_of(user, language: str = "en") -> Browser:
    browser = Browser(headers={"accept-language": language})
    browser.force_login(user)
    return browser


def test_the_client_rehearses_the_current_rescript_and_checks_in(rescript):
    client = rescript.client
    browser = browser_of(client.user)
    page = browser.get(reverse("rehearse")).content.decode()
    assert "The sea at dawn" in page and "a friendly whale sings" in page and 'id="timer"' in page
    response = browser.post(reverse("rehearse"), {"minutes": "12", "vividness": "7", "calm": "8"})
    assert response.status_code == 302
    session = RehearsalSession.objects.get()
    assert (session.rescript, session.minutes, session.vividness, session.calm) == (rescript, 12, 7, 8)
    assert session.day == selectors.client_today(client)
    assert "Today: 12 of 10 minutes" in browser.get(reverse("rehearse")).content.decode()


def test_the_text_stays_hidden_when_the_therapist_did_not_allow_it(rescript):
    rescript.text_for_therapists_only = True
    rescript.save()
    page = browser_of(rescript.client.user).get(reverse("rehearse")).content.decode()
    assert "The sea at dawn" in page and "a friendly whale sings" not in page


@pytest.mark.parametrize("language,says", [("en", "more than 3 hours"), ("ru", "больше 3 часов")])
def test_a_rehearsal_over_three_hours_is_refused_with_the_input_kept(rescript, language, says):
    browser = browser_of(rescript.client.user, language)
    response = browser.post(reverse("rehearse"), {"minutes": "181", "vividness": "7", "calm": "8"})
    body = response.content.decode()
    assert response.status_code == 200 and says in body
    assert 'value="181"' in body and 'value="7"' in body and not RehearsalSession.objects.exists()


def test_scores_outside_zero_to_ten_are_refused(rescript):
    response = browser_of(rescript.client.user).post(
        reverse("rehearse"), {"minutes": "5", "vividness": "11", "calm": "-1"}
    )
    assert response.content.decode().count("Choose a number from 0 to 10.") == 2
    assert not RehearsalSession.objects.exists()


def test_last_night_is_the_clients_night_not_the_servers(rescript):
    client = rescript.client
    # 23:30 UTC on 1 December: already 2 December in Kiritimati (UTC+14), still 1 December in Pago Pago (UTC-11).
    now = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)
    client.time_zone = "Pacific/Kiritimati"
    assert selectors.last_night(client, now) == datetime.date(2026, 12, 1)
    client.time_zone = "Pacific/Pago_Pago"
    assert selectors.last_night(client, now) == datetime.date(2026, 11, 30)


@pytest.mark.parametrize("language,says", [("en", "has not passed yet"), ("ru", "ещё не прошла")])
def test_a_log_for_a_future_night_is_refused(rescript, language, says):
    client = rescript.client
    tonight = selectors.client_today(client)
    browser = browser_of(client.user, language)
    response = browser.post(reverse("morning_log"), {"night": tonight.isoformat(), "nightmare": "yes", "distress": "6"})
    body = response.content.decode()
    assert response.status_code == 200 and says in body and 'value="6"' in body
    assert not NightLog.objects.exists()


def test_a_second_log_of_the_same_night_edits_the_first(rescript):
    client = rescript.client
    browser = browser_of(client.user)
    night = selectors.last_night(client).isoformat()
    browser.post(reverse("morning_log"), {"night": night, "nightmare": "yes", "distress": "8"})
    response = browser.post(
        reverse("morning_log"),
        {"night": night, "nightmare": "yes", "distress": "3", "was_rescripted": "on"},
        follow=True,
    )
    assert "That night was logged already: updated." in response.content.decode()
    log = NightLog.objects.get()
    assert (log.distress, log.was_rescripted, log.rescript) == (3, True, rescript)
    page = browser.get(reverse("morning_log")).content.decode()
    assert "already logged" in page and re.search(r'value="yes"[^>]*checked', page)


def test_a_nightmare_without_its_distress_is_asked_for(rescript):
    night = selectors.last_night(rescript.client).isoformat()
    response = browser_of(rescript.client.user).post(reverse("morning_log"), {"night": night, "nightmare": "yes"})
    assert "Say how distressing the nightmare was" in response.content.decode()


def test_weekly_progress_counts_nights_distress_and_minutes(rescript):
    client = rescript.client
    today = selectors.client_today(client)
    start = selectors.rehearsal_start(client)
    assert start == today
    for offset, (nightmare, distress) in enumerate([(True, 8), (True, 6), (False, None)]):
        NightLog.objects.create(
            client=client, night=start - datetime.timedelta(days=3 - offset), nightmare=nightmare, distress=distress
        )
    RehearsalSession.objects.create(client=client, rescript=rescript, day=start, minutes=15, vividness=5, calm=6)
    weeks = selectors.weekly_progress(client, today=today)
    assert len(weeks) == 1
    week = weeks[0]
    assert (week.nights_logged, week.nightmare_nights, week.mean_distress, week.minutes, week.target_minutes) == (
        3,
        2,
        7.0,
        15,
        70,
    )


def test_the_progress_page_draws_the_chart_and_the_table_without_inline_style_or_script(rescript):
    client = rescript.client
    night = selectors.last_night(client)
    NightLog.objects.create(client=client, night=night, nightmare=True, distress=5)
    browser = browser_of(client.therapist, "ru")
    page = browser.get(reverse("client_progress", args=[client.pk])).content.decode()
    assert '<svg class="progress-chart"' in page and "<table" in page
    assert " style=" not in page and "<style" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert not re.search(r'\b(?:x|y|width|height|cx|cy)="[^"]*,', svg)  # no Russian decimal comma in coordinates
    assert AuditEvent.objects.filter(client_id=client.pk, action="viewed", detail="rehearsal progress").exists()


def test_the_therapist_sets_the_target_and_bad_values_are_refused(rescript):
    client = rescript.client
    browser = browser_of(client.therapist)
    url = reverse("client_progress", args=[client.pk])
    response = browser.post(url, {"minutes": "500", "time_zone": "Europe/Moscow"})
    assert (
        "Set a target from 1 to 180 minutes." in response.content.decode()
        and 'value="500"' in response.content.decode()
    )
    browser.post(url, {"minutes": "20", "time_zone": "Asia/Tokyo"})
    client.refresh_from_db()
    assert (client.rehearsal_target_minutes, client.time_zone) == (20, "Asia/Tokyo")


def test_the_summary_is_one_printable_page(rescript):
    page = (
        browser_of(rescript.client.therapist).get(reverse("client_summary", args=[rescript.client.pk])).content.decode()
    )
    assert 'media="print"' in page and "css/print.css" in page and "The sea at dawn" in page and "The chase" in page


def test_another_therapist_and_staff_see_nothing_and_the_admin_has_no_logs(rescript):
    other = ClientFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)
    for user in (other.therapist, staff):
        browser = browser_of(user)
        assert browser.get(reverse("client_progress", args=[rescript.client.pk])).status_code in (403, 404)
        assert browser.get(reverse("client_summary", args=[rescript.client.pk])).status_code in (403, 404)
        assert browser.get(reverse("rehearse")).status_code == 403
    assert NightLog not in admin.site._registry and RehearsalSession not in admin.site._registry


def test_the_client_sets_a_reminder_only_with_a_time_and_an_address(rescript):
    client = rescript.client
    browser = browser_of(client.user)
    response = browser.post(reverse("rehearsal_clock"), {"time_zone": "Asia/Tokyo", "reminder_at": "07:30"})
    assert "Give an address to send the reminder to" in response.content.decode()
    response = browser.post(
        reverse("rehearsal_clock"), {"time_zone": "Mars/Base", "reminder_at": "", "reminder_email": ""}
    )
    assert "Select a valid choice" in response.content.decode()
    browser.post(
        reverse("rehearsal_clock"),
        {"time_zone": "Asia/Tokyo", "reminder_at": "07:30", "reminder_email": "a@example.org"},
    )
    client.refresh_from_db()
    assert (client.time_zone, client.reminder_at, client.reminder_email) == (
        "Asia/Tokyo",
        datetime.time(7, 30),
        "a@example.org",
    )
    assert zoneinfo.ZoneInfo("Asia/Tokyo") == client.zone
    assert timezone.now()  # the clock is the server's; the night is the client's (see above)


def test_every_rehearsal_page_and_write_is_in_the_audit_log(rescript):
    client = rescript.client
    browser = browser_of(client.user)
    browser.get(reverse("rehearse"))
    browser.post(reverse("rehearse"), {"minutes": "5", "vividness": "5", "calm": "5"})
    browser.get(reverse("morning_log"))
    night = selectors.last_night(client).isoformat()
    browser.post(reverse("morning_log"), {"night": night, "nightmare": "no"})
    browser.post(reverse("morning_log"), {"night": night, "nightmare": "yes", "distress": "2"})
    browser.post(reverse("rehearsal_clock"), {"time_zone": "Europe/Berlin"})
    therapist = browser_of(client.therapist)
    therapist.get(reverse("client_summary", args=[client.pk]))
    events = AuditEvent.objects.filter(client_id=client.pk).order_by("at", "id")
    assert [(event.actor, event.action, event.detail) for event in events] == [
        (client.user, "viewed", ""),
        (client.user, "created", "rehearsal"),
        (client.user, "viewed", "morning log"),
        (client.user, "created", f"night log {night}"),
        (client.user, "changed", f"night log {night}"),
        (client.user, "changed", "rehearsal clock"),
        (client.therapist, "viewed", "rehearsal summary"),
    ]
    assert all(event.dream_id in (None, rescript.pk) for event in events)
