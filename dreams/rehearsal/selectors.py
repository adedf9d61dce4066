"""Read-side of imagery rehearsal: the client's day and night, the current rescript, logs, progress by week, due
reminders. Logs are read for the client themselves or their therapist only.

The figures of the logs (minutes, scores, whether a nightmare came) are stored encrypted, so the database cannot sum
or count them: each selector reads the rows of one client (a few hundred at most) in one query a model and adds them
up in Python."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from ..models import Client, Dream, NightLog, RehearsalSession

TIME_ZONES = frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(TIME_ZONES) if "/" in name or name == "UTC"]


def client_now(client: Client, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()).astimezone(client.zone)


def client_today(client: Client, now: datetime.datetime | None = None) -> datetime.date:
    """Today on the client's clock, not the server's."""
    return client_now(client, now).date()


def last_night(client: Client, now: datetime.datetime | None = None) -> datetime.date:
    """The night that ended this morning on the client's clock, named by its evening (the night of the 1st to the
    2nd is the night of the 1st)."""
    return client_today(client, now) - datetime.timedelta(days=1)


def client_of_user(user) -> Client | None:
    """The client record of a signed-in client (None for anyone else)."""
    if not user.is_authenticated:
        return None
    return Client.objects.filter(user=user).first()


def current_rescript(client: Client) -> Dream | None:
    """The new version the client rehearses now: the newest current rescript of any of their nightmares."""
    return (
        Dream.objects.filter(client=client, is_current_rescript=True, rescript_of__isnull=False)
        .select_related("rescript_of", "client")
        .order_by("-created_at")
        .first()
    )


def night_log(client: Client, night: datetime.date) -> NightLog | None:
    return NightLog.objects.filter(client=client, night=night).first()


def minutes_on(client: Client, day: datetime.date) -> int:
    return sum(RehearsalSession.objects.filter(client=client, day=day).values_list("minutes", flat=True))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Week:
    """One week of progress: from `start` for seven days of the client's calendar."""

    number: int
    start: datetime.date
    nights_logged: int
    nightmare_nights: int
    mean_distress: float | None
    minutes: int
    target_minutes: int

    @property
    def end(self) -> datetime.date:
        return self.start + datetime.timedelta(days=6)


def rehearsal_start(client: Client) -> datetime.date | None:
    """The client's day the first rescript was written (progress is counted in weeks from it)."""
    first = Dream.objects.filter(client=client, rescript_of__isnull=False).order_by("created_at").first()
    return client_today(client, first.created_at) if first else None


def weekly_progress(client: Client, *, today: datetime.date | None = None) -> list[Week]:
    """Nights with nightmares, mean distress and rehearsal minutes (against the target) per week since the first
    rescript, from one query on the logs and one on the rehearsals. Logs of nights before it are counted from the
    week they fall in."""
    start = rehearsal_start(client)
    if start is None:
        return []
    today = today or client_today(client)
    logs = NightLog.objects.filter(client=client).values("night", "nightmare", "distress")
    nights = {row["night"]: row for row in logs}
    start = min([start, *nights])
    minutes: dict[datetime.date, int] = {}
    for day, spent in RehearsalSession.objects.filter(client=client, day__gte=start).values_list("day", "minutes"):
        minutes[day] = minutes.get(day, 0) + spent
    # Through last night, the latest a log can name; a week begun today shows once something was rehearsed in it.
    end = max([today - datetime.timedelta(days=1), *minutes])
    count = max(1, (end - start).days // 7 + 1)
    weeks = []
    for number in range(count):
        first = start + datetime.timedelta(days=7 * number)
        days = [first + datetime.timedelta(days=offset) for offset in range(7)]
        logged = [nights[day] for day in days if day in nights]
        mean_distress = _mean([row["distress"] for row in logged if row["nightmare"] and row["distress"] is not None])
        weeks.append(
            Week(
                number=number + 1,
                start=first,
                nights_logged=len(logged),
                nightmare_nights=sum(1 for row in logged if row["nightmare"]),
                mean_distress=None if mean_distress is None else round(mean_distress, 1),
                minutes=sum(minutes.get(day, 0) for day in days),
                target_minutes=client.rehearsal_target_minutes * 7,
            )
        )
    return weeks


def totals(client: Client) -> dict:
    """Counts for the summary: logged nights, nights with a nightmare, the rescripted one, mean distress, rehearsals
    (their number, minutes, mean vividness and calm). The means and the minutes are None when nothing is logged."""
    logs = list(NightLog.objects.filter(client=client).values_list("nightmare", "distress", "was_rescripted"))
    rehearsals = list(RehearsalSession.objects.filter(client=client).values_list("minutes", "vividness", "calm"))
    minutes, vividness, calm = ([row[column] for row in rehearsals] for column in range(3))
    return {
        "nights": len(logs),
        "nightmares": sum(1 for nightmare, _, _ in logs if nightmare),
        "rescripted": sum(1 for _, _, rescripted in logs if rescripted),
        "distress": _mean([distress for _, distress, _ in logs if distress is not None]),
        "sessions": len(rehearsals),
        "minutes": sum(minutes) if minutes else None,
        "vividness": _mean(vividness),
        "calm": _mean(calm),
    }


REMINDER_WINDOW = datetime.timedelta(hours=6)


def reminders_due(now: datetime.datetime | None = None) -> list[Client]:
    """Clients whose reminder time came on their own clock this morning (within REMINDER_WINDOW: beat may have been
    down, but an evening email about last night would be noise) and who have neither been reminded of last night
    nor logged it yet."""
    now = now or timezone.now()
    due = []
    candidates = Client.objects.filter(reminder_at__isnull=False, user__is_active=True).exclude(reminder_email="")
    for client in candidates.select_related("user"):
        assert client.reminder_at is not None  # the query asked for it
        local = client_now(client, now)
        night = local.date() - datetime.timedelta(days=1)
        since = local.replace(tzinfo=None) - datetime.datetime.combine(local.date(), client.reminder_at)
        if not datetime.timedelta(0) <= since < REMINDER_WINDOW:
            continue
        if client.reminder_sent_on and client.reminder_sent_on >= night:
            continue
        if NightLog.objects.filter(client=client, night=night).exists():
            continue
        due.append(client)
    return due
