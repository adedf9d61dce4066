"""Who calls the API: an app with a device token (`Authorization: Bearer <secret>`), or the browser with its session
(CSRF checked on every unsafe method, as DRF's SessionAuthentication does)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import token_for_secret

SCHEME = "Bearer"


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != SCHEME.lower().encode():
            return None  # no token: the session, or anonymous
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as “Authorization: Bearer <token>”."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid, has expired or was revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{SCHEME} realm="api"'  # so that an anonymous call answers 401, not 403


class BrowserSessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser's session; unsafe methods need the CSRF token (X-CSRFToken), as the pages' forms do."""


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = DeviceTokenAuthentication
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A device token from POST /api/v1/auth/tokens."}


class BrowserSessionScheme(SessionScheme):
    target_class = "api.authentication.BrowserSessionAuthentication"  # by its path, as SessionScheme names its own
