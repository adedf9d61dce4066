"""The audit trail: who viewed, created, changed, generated, shared, moderated, withdrew consent for or deleted a dream,
and who deleted a client.

Each call is one INSERT of ids and an action; nothing of the dream's text goes in.
"""

import uuid
from collections.abc import Iterable

from .models import AuditEvent

Action = AuditEvent.Action


def actor_of(user) -> tuple:
    """The account and sign-in name an event records for a user (none for anonymous or no one)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user, user.get_username()


def record(
    *, actor, action: str, dream_id: uuid.UUID | None = None, client_id: int | None = None, detail: str = ""
) -> AuditEvent:
    """One event about a dream (or, for a client's deletion or a refused lookup, about a client or nothing)."""
    user, name = actor_of(actor)
    return AuditEvent.objects.create(
        actor=user, actor_name=name, dream_id=dream_id, client_id=client_id, action=action, detail=detail
    )


def record_many(*, actor, events: Iterable[tuple[uuid.UUID, str]], detail: str = "") -> list[AuditEvent]:
    """Several (dream id, action) events by one actor, in one INSERT."""
    user, name = actor_of(actor)
    rows = [
        AuditEvent(actor=user, actor_name=name, dream_id=dream_id, action=action, detail=detail)
        for dream_id, action in events
    ]
    return AuditEvent.objects.bulk_create(rows) if rows else []
