"""Write-side of imagery rehearsal: a rescript (a new version of a nightmare, a dream of its own), which one is
current, rehearsals, morning logs, the client's clock and reminder. Each write is audit-logged."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit
from ..models import MAX_REHEARSAL_MINUTES, Client, Dream, NightLog, RehearsalSession
from ..services import dream_create
from . import selectors


def rescript_create(*, original: Dream, author, current: bool = True, **fields) -> Dream:
    """A new version of `original`, made as any dream is made (consent, symbols, its own video through the pipeline);
    with `current`, the one the client now rehearses. A rescript of a rescript is a new version of the nightmare."""
    nightmare = original.rescript_of or original
    fields.setdefault("dreamt_on", nightmare.dreamt_on)
    with transaction.atomic():
        if current:
            nightmare.rescripts.filter(is_current_rescript=True).update(is_current_rescript=False)
        return dream_create(
            author=author, client=nightmare.client, rescript_of=nightmare, is_current_rescript=current, **fields
        )


def rescript_make_current(*, rescript: Dream, by) -> Dream:
    """This new version, not another of the same nightmare, is the one rehearsed from now on."""
    with transaction.atomic():
        Dream.objects.filter(rescript_of=rescript.rescript_of_id, is_current_rescript=True).update(
            is_current_rescript=False
        )
        rescript.is_current_rescript = True
        rescript.save(update_fields=["is_current_rescript", "updated_at"])
        audit.record(actor=by, dream_id=rescript.pk, action=audit.Action.CHANGED, detail="made the current version")
    return rescript


def rehearsal_record(
    *, client: Client, rescript: Dream, by, minutes: int, vividness: int, calm: int
) -> RehearsalSession:
    """One rehearsal, on the client's day; longer than three hours is refused (ValidationError on `minutes`)."""
    if minutes < 1:
        raise ValidationError({"minutes": _("Enter the minutes you rehearsed: at least one.")})
    if minutes > MAX_REHEARSAL_MINUTES:
        raise ValidationError(
            {"minutes": _("A rehearsal of more than 3 hours (180 minutes) cannot be right. Check the minutes.")}
        )
    with transaction.atomic():
        session = RehearsalSession(
            client=client,
            rescript=rescript,
            day=selectors.client_today(client),
            minutes=minutes,
            vividness=vividness,
            calm=calm,
        )
        session.full_clean(exclude=["client", "rescript"])
        session.save()
        audit.record(
            actor=by, dream_id=rescript.pk, client_id=client.pk, action=audit.Action.CREATED, detail="rehearsal"
        )
    return session


def night_log_record(
    *, client: Client, by, night: datetime.date, nightmare: bool, distress: int | None, was_rescripted: bool
) -> tuple[NightLog, bool]:
    """The morning log of `night` (the client's night); a second log of the same night edits the first. A night
    that has not yet passed in the client's time zone is refused. Returns the log and whether it is new."""
    if night > selectors.last_night(client):
        raise ValidationError({"night": _("That night has not passed yet: log only nights that are over.")})
    if nightmare and distress is None:
        raise ValidationError({"distress": _("Say how distressing the nightmare was, from 0 to 10.")})
    rescript = selectors.current_rescript(client)
    values = {
        "nightmare": nightmare,
        "distress": distress if nightmare else None,
        "was_rescripted": bool(nightmare and was_rescripted),
        "rescript": rescript,
    }
    with transaction.atomic():
        log, created = NightLog.objects.update_or_create(client=client, night=night, defaults=values)
        action = audit.Action.CREATED if created else audit.Action.CHANGED
        audit.record(actor=by, client_id=client.pk, action=action, detail=f"night log {night.isoformat()}")
    return log, created


def _check_time_zone(name: str) -> None:
    if name not in selectors.TIME_ZONES:
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})


def client_clock_update(
    *, client: Client, by, time_zone: str, reminder_at: datetime.time | None = None, reminder_email: str = ""
) -> Client:
    """The client's time zone and morning reminder (none without both a time and an address)."""
    _check_time_zone(time_zone)
    client.time_zone = time_zone
    client.reminder_at = reminder_at if reminder_email else None
    client.reminder_email = reminder_email if reminder_at else ""
    client.full_clean(exclude=["therapist", "user"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        client.save(update_fields=["time_zone", "reminder_at", "reminder_email"])
        audit.record(actor=by, client_id=client.pk, action=audit.Action.CHANGED, detail="rehearsal clock")
    return client


def rehearsal_target_update(*, client: Client, by, minutes: int, time_zone: str) -> Client:
    """The therapist sets the daily rehearsal target (1–180 minutes) and the client's time zone."""
    _check_time_zone(time_zone)
    client.rehearsal_target_minutes = minutes
    client.time_zone = time_zone
    client.full_clean(exclude=["therapist", "user"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        client.save(update_fields=["rehearsal_target_minutes", "time_zone"])
        audit.record(actor=by, client_id=client.pk, action=audit.Action.CHANGED, detail="rehearsal target")
    return client


def reminder_mark_sent(*, client: Client, night: datetime.date) -> bool:
    """Claim the reminder of `night` for this client: True once, so a duplicated beat run sends one email."""
    claimed = Client.objects.filter(pk=client.pk).exclude(reminder_sent_on__gte=night).update(reminder_sent_on=night)
    return bool(claimed)
