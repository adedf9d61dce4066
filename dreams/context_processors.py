"""Template context: the signed-in user's role, and a therapist's unread notifications."""

from .notifications import unread_count
from .selectors import viewer


def role(request) -> dict:
    current = viewer(request).role if hasattr(request, "user") else "anonymous"
    return {"role": current, "is_therapist": current == "therapist"}


def notifications(request) -> dict:
    """The nav's badge: one count query, for therapists only (nobody else is notified)."""
    if not hasattr(request, "user") or viewer(request).role != "therapist":
        return {}
    return {"unread_notifications": unread_count(request.user)}
