"""Sign-in: the backend that finds an account by the normal form of a typed name, and the helpers for django-axes
(the client's address it counts failures by, the page of a locked-out sign-in)."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .usernames import account_for_sign_in


class UsernameBackend(ModelBackend):
    """Django's ModelBackend, but "DEMO-client" or a full-width "ｄemo-client" signs in as demo-client."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_for_sign_in(username)
        if user is None:
            get_user_model()().set_password(password)  # as long as a real check, as ModelBackend does
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost of them saw.

    Each proxy appends the address it received from to X-Forwarded-For, so the trustworthy entry is the one
    TRUSTED_PROXY_COUNT from the right; anything left of it was written by the client and may be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a page that says when to try again (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    if request.path.startswith("/api/"):  # the API's sign-in: problem details (RFC 9457), as its other refusals
        return JsonResponse(
            {
                "type": "about:blank",
                "title": _("Too many requests"),
                "status": 429,
                "detail": ngettext(
                    "Too many failed sign-ins. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                "code": "locked_out",
            },
            status=429,
            content_type="application/problem+json",
            headers={"Retry-After": str(minutes * 60)},
        )
    return render(request, "axes/lockout.html", {"minutes": minutes}, status=429)
