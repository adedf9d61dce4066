"""The feed's keyset cursor: the last dream of a page by the fields of its order (selectors.FEED_ORDER), signed, so
the pages and the API hand out the same cursors and a forged one is refused."""

import uuid
from datetime import date, datetime

from django.core import signing

CURSOR_SALT = "dreamtok.feed.cursor"
# What decoding a forged or malformed cursor raises.
BAD_CURSOR = (signing.BadSignature, ValueError, TypeError)


def encode_cursor(dream) -> str:
    """The last dream of a page, by the fields of the feed's order (selectors.FEED_ORDER)."""
    fields = [dream.dreamt_on.isoformat(), dream.created_at.isoformat(), str(dream.pk)]
    return signing.dumps(fields, salt=CURSOR_SALT, compress=True)


def decode_cursor(value: str) -> tuple | None:
    """(dreamt_on, created_at, dream id) of the last dream on the previous page; one of BAD_CURSOR when not one (a
    cursor of the earlier (created_at, id) form included)."""
    if not value:
        return None
    dreamt_on, created_at, dream_id = signing.loads(value, salt=CURSOR_SALT)
    if not all(isinstance(field, str) for field in (dreamt_on, created_at, dream_id)):
        raise ValueError("a feed cursor holds a day, a time and a dream id")
    return date.fromisoformat(dreamt_on), datetime.fromisoformat(created_at), uuid.UUID(dream_id)
