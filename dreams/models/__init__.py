"""The dreams domain's models, one module a concern; imported from here (`from dreams.models import Dream`)."""

from .clients import THERAPISTS_GROUP, Client, is_therapist, therapists_group
from .dreams import MAX_SYMBOL_LENGTH, MAX_SYMBOLS, Dream, Favourite, FeedPreference
from .history import ActorFields, AuditEvent, ConsentEvent
from .notifications import Notification, NotificationPreference
from .rehearsal import MAX_REHEARSAL_MINUTES, SCORE, NightLog, RehearsalSession

__all__ = [
    "MAX_REHEARSAL_MINUTES",
    "MAX_SYMBOLS",
    "MAX_SYMBOL_LENGTH",
    "SCORE",
    "THERAPISTS_GROUP",
    "ActorFields",
    "AuditEvent",
    "Client",
    "ConsentEvent",
    "Dream",
    "Favourite",
    "FeedPreference",
    "NightLog",
    "Notification",
    "NotificationPreference",
    "RehearsalSession",
    "is_therapist",
    "therapists_group",
]
