"""django-axes' failure count is reset when a sign-in is complete: at once for an account without a second factor, and
for one with it only after the code (accounts.views), so signing in again with the password alone never wipes the
count of wrong codes."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import user_requires_second_factor


def reset_failures(request, user) -> None:
    """Forget this name's failed attempts from this address (passwords and codes alike)."""
    if request is None or not hasattr(request, "META"):
        return
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, get_credentials(user.get_username()))


@receiver(user_logged_in, dispatch_uid="accounts.reset_failures_on_sign_in")
def sign_in_complete_without_second_factor(sender, request, user, **kwargs) -> None:
    if not user_requires_second_factor(user):
        reset_failures(request, user)
