"""A device token opens media links too: an app plays a feed's signed link sending its token, and the media view then
checks the permission for that account exactly as for a browser's session. Only /media/, only GET and HEAD."""

from .authentication import SCHEME
from .tokens import token_for_secret


class DeviceTokenForMedia:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/media/")
            and request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
        ):
            scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
            token = token_for_secret(secret.strip()) if scheme.lower() == SCHEME.lower() and secret else None
            if token is not None:
                request.user = token.user
        return self.get_response(request)
