"""Project-wide middleware: sign-in required everywhere but a few public paths, and the Permissions-Policy header."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import resolve_url

# /api/ checks its callers itself (a device token or the session; anonymous calls answer 401 problem details).
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/invitation/",
    "/i18n/",
    "/static/",
    "/webhooks/",
    "/healthz",
    "/admin/",
    "/api/",
)
NAVIGATIONS = ("navigate", "nested-navigate")


def _is_page_request(request) -> bool:
    """A page the browser navigates to, as opposed to a script's fetch, a fragment, a video or a poster.

    Browsers say which with Sec-Fetch-Mode; without it (older browsers, tools), a request is a page unless it asks
    for JSON, names itself a script's request (X-Requested-With) or is the video-status endpoint.
    """
    if request.headers.get("Sec-Fetch-Mode", "navigate") not in NAVIGATIONS:
        return False
    if request.headers.get("X-Requested-With") or "application/json" in request.headers.get("Accept", ""):
        return False
    return not request.path.endswith("video-status")


class LoginRequiredMiddleware:
    """Anonymous requests to any page are sent to sign in. Fetches, fragments and media answer 401 instead: a redirect
    would hand a script the sign-in page in place of what it asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if not _is_page_request(request):
                return JsonResponse(
                    {"error": "authentication required", "login_url": resolve_url(settings.LOGIN_URL)}, status=401
                )
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy: the pages need no camera, microphone or location. The Content-Security-Policy comes from
    django-csp (settings.CONTENT_SECURITY_POLICY); SecurityMiddleware sends HSTS, nosniff, Referrer- and
    Cross-Origin-Opener-Policy."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response
