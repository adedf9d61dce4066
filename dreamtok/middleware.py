"""Project-wide middleware: sign-in required everywhere but a few public paths, and the Permissions-Policy header."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = ("/accounts/login/", "/i18n/", "/static/", "/webhooks/", "/healthz", "/admin/")


class LoginRequiredMiddleware:
    """Anonymous requests to any page are sent to sign in; JSON endpoints answer 401 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.path.endswith("video-status") or "application/json" in request.headers.get("Accept", ""):
                from django.http import JsonResponse

                return JsonResponse({"error": "authentication required"}, status=401)
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
