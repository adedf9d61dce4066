"""A session signed in with a password alone reaches nothing but the second-factor pages when its account needs a
second factor: therapists and staff are sent to enrol one (on their first sign-in) or to type a code."""

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse

from dreamtok.middleware import _is_page_request

from .services import has_second_factor, must_have_second_factor

# Where a half-signed-in session may go: the second-factor pages themselves, signing out, the language, static files.
OPEN_PREFIXES = (
    "/accounts/two-factor/verify/",
    "/accounts/two-factor/setup/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)
NEEDED = "dreamtok_second_factor"  # the session's answer, read once: "verify", "enrol" or "" (none needed)


def second_factor_step(request) -> str:
    """What this session still has to do: "" (nothing: verified, or not needed), "verify" or "enrol"."""
    user = request.user
    # A request that did not pass django-otp's middleware (a view called directly) has not passed a second factor.
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return ""
    session = getattr(request, "session", {})
    if NEEDED not in session:
        if has_second_factor(user):
            session[NEEDED] = "verify"
        else:
            session[NEEDED] = "enrol" if must_have_second_factor(user) else ""
    return session[NEEDED]


def forget_step(request) -> None:
    """After enrolling, verifying or turning the second factor off: the step is worked out anew."""
    request.session.pop(NEEDED, None)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = second_factor_step(request)
        if step and not request.path.startswith(OPEN_PREFIXES):
            target = reverse("two_factor_verify" if step == "verify" else "two_factor_setup")
            if not _is_page_request(request):
                return JsonResponse({"error": "second factor required", "url": target}, status=401)
            return redirect_to_login(request.get_full_path(), target)
        return self.get_response(request)
