"""A user's sessions, whichever engine keeps them (db, cached_db, or cache alone), so that closing or erasing an
account ends every one: database rows are found by reading them, sessions kept in the cache alone by the keys noted
at sign-in."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

NOTED = "dreamtok:sessions:{}"  # the session keys a user signed in with, kept as long as a session lives
NOTED_AT_MOST = 50


def note_session(sender, request, user, **kwargs) -> None:
    """On sign-in (user_logged_in): remember the new session's key under the user."""
    key = getattr(request, "session", None) and request.session.session_key
    if not key:
        return
    name = NOTED.format(user.pk)
    keys = [noted for noted in cache.get(name, []) if noted != key][-(NOTED_AT_MOST - 1) :]
    cache.set(name, [*keys, key], timeout=settings.SESSION_COOKIE_AGE)


def end_sessions(user_id: int) -> int:
    """Delete every session of the user through the session engine, so a cached copy goes with its row; how many."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    keys = set(cache.get(NOTED.format(user_id), []))
    if not settings.SESSION_ENGINE.endswith(".cache"):  # db and cached_db keep a row of every session
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user_id):
                keys.add(session.session_key)
    for key in keys:
        store(session_key=key).delete()
    cache.delete(NOTED.format(user_id))
    return len(keys)
