"""Idle sign-out by role: therapists and staff after SESSION_IDLE_MINUTES without a request, clients after
CLIENT_SESSION_IDLE_MINUTES."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import ngettext

from dreamtok.http import is_json_endpoint

from .selectors import viewer

LAST_SEEN = "dreamtok_last_seen"  # epoch seconds of the session's last request, to the minute
ROLE = "dreamtok_role"  # read once a session: the role decides the limit
TOUCH_SECONDS = 60  # the last-seen mark is renewed at most once a minute: not a session write per request


def idle_limit_seconds(role: str) -> int:
    """How long a session of this role may go without a request. Anyone but a client counts as staff."""
    minutes = settings.CLIENT_SESSION_IDLE_MINUTES if role == "client" else settings.SESSION_IDLE_MINUTES
    return minutes * 60


class IdleSignOutMiddleware:
    """Signs out a session idle past its role's limit, before the view runs; the server-side session expires with it
    (set_expiry), so a copied cookie is no longer honoured either. Runs before LoginRequiredMiddleware, which then
    sends the request to sign in (a script's request: 401)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        session = request.session
        if ROLE not in session:
            session[ROLE] = viewer(request).role
        limit = idle_limit_seconds(session[ROLE])
        now = int(time.time())
        last_seen = session.get(LAST_SEEN)
        if isinstance(last_seen, int) and now - last_seen > limit:
            logout(request)
            minutes = limit // 60
            message = ngettext(
                "You were signed out after %(minutes)d minute without activity. Please sign in again.",
                "You were signed out after %(minutes)d minutes without activity. Please sign in again.",
                minutes,
            )
            messages.info(request, message % {"minutes": minutes})
            return
        # A page's script polling a JSON endpoint (video-status) is not the user at the screen: it keeps no one in.
        if request.method == "GET" and isinstance(last_seen, int) and is_json_endpoint(request):
            return
        if not isinstance(last_seen, int) or now - last_seen >= TOUCH_SECONDS:
            session[LAST_SEEN] = now
            session.set_expiry(limit + TOUCH_SECONDS)
