"""The second factor at the API's sign-in: the one place the token endpoint asks whether an account needs one and
whether the code it was given is right, with the pages' rules (accounts.services) and their lockout (django-axes)."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _

from accounts import services

from .problems import Problem


def check_second_factor(request, user: AbstractBaseUser, code: str) -> None:
    """Nothing when `user` needs no second factor or `code` is one of theirs; a Problem otherwise. A wrong code counts
    as a failed sign-in for django-axes, as on the pages: at the limit the name is locked out."""
    if not services.user_requires_second_factor(user):
        return
    if not services.has_second_factor(user):
        raise Problem(
            _("Your account needs a second factor: sign in on the site once to set up an authenticator app."),
            status_code=403,
            code="second_factor_enrolment_required",
        )
    if not code:
        raise Problem(_("Enter the one-time code of your second factor."), status_code=401, code="otp_required")
    if services.verify_second_factor(user, code):
        return
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        raise Problem(_("Too many failed sign-ins."), status_code=429, code="locked_out")
    raise Problem(_("The one-time code is wrong or has expired."), status_code=401, code="otp_invalid")
