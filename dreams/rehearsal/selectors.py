"""Read-side of imagery rehearsal: the client's day and night, the current rescript, logs, progress by week, due
reminders. Logs are read for the client themselves or their therapist only."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum
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
    return RehearsalSession.objects.filter(client=client, day=day).aggregate(total=Sum("minutes"))["total"] or 0


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
    rescript, in two grouped queries. Logs of nights before it are counted from the week they fall in."""
    start = rehearsal_start(client)
    if start is None:
        return []
    today = today or client_today(client)
    earliest = NightLog.objects.filter(client=client).order_by("night").values_list("night", flat=True).first()
    if earliest is not None and earliest < start:
        start = earliest
    nights = {
        row["night"]: row
        for row in NightLog.objects.filter(client=client, night__gte=start).values("night", "nightmare", "distress")
    }
    minutes = dict(
        RehearsalSession.objects.filter(client=client, day__gte=start)
        .values_list("day")
        .annotate(total=Sum("minutes"))
        .values_list("day", "total")
    )
    # Through last night, the latest a log can name; a week begun today shows once something was rehearsed in it.
    end = max([today - datetime.timedelta(days=1), *minutes])
    count = max(1, (end - start).days // 7 + 1)
    weeks = []
    for number in range(count):
        first = start + datetime.timedelta(days=7 * number)
        days = [first + datetime.timedelta(days=offset) for offset in range(7)]
        logged = [nights[day] for day in days if day in nights]
        distress = [row["distress"] for row in logged if row["nightmare"] and row["distress"] is not None]
        weeks.append(
            Week(
                number=number + 1,
                start=first,
                nights_logged=len(logged),
                nightmare_nights=sum(1 for row in logged if row["nightmare"]),
                mean_distress=round(sum(distress) / len(distress), 1) if distress else None,
                minutes=sum(minutes.get(day, 0) for day in days),
                target_minutes=client.rehearsal_target_minutes * 7,
            )
        )
    return weeks


def totals(client: Client) -> dict:
    """Counts for the summary: logged nights, nights with a nightmare, the rescripted one, rehearsals."""
    logs = NightLog.objects.filter(client=client).aggregate(
        nights=Count("pk"),
        nightmares=Count("pk", filter=Q(nightmare=True)),
        rescripted=Count("pk", filter=Q(was_rescripted=True)),
        distress=Avg("distress"),
    )
    rehearsals = RehearsalSession.objects.filter(client=client).aggregate(
        sessions=Count("pk"), minutes=Sum("minutes"), vividness=Avg("vividness"), calm=Avg("calm")
    )
    return logs | rehearsals


REMINDER_WINDOW = datetime.timedelta(hours=6)


def reminders_due(now: datetime.datetime | None = None) -> list[Client]:
    """Clients whose reminder time came on their own clock this morning (within REMINDER_WINDOW: beat may have been
    down, but an evening email about last night would be noise) and who have neither been reminded of last night
    nor logged it yet."""
    now = now or timezone.now()
    due = []
    candidates = Client.objects.filter(reminder_at__isnull=False, user__is_active=True).exclude(reminder_email="")
    for client in candidates.select_related("user"):
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
