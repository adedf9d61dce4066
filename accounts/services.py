"""Two-factor sign-in: who must have a second factor, checking a code (authenticator app or recovery code), enrolling
an authenticator app and its recovery codes, turning the second factor off (clients only).

`user_requires_second_factor` and `verify_second_factor` are the two entry points other sign-ins (the API's token
endpoint) call; the pages of `accounts.views` use the rest.
"""

import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dreams.models import is_therapist

# The accounts `seed_demo` makes that DEMO_MODE lets in without a second factor (until they enrol one themselves).
DEMO_EXEMPT_USERNAMES = frozenset({"demo-therapist", "demo-staff"})
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def must_have_second_factor(user) -> bool:
    """Therapists and staff must sign in with a second factor (DEMO_MODE's demo accounts aside)."""
    if not user.is_authenticated or not (user.is_staff or is_therapist(user)):
        return False
    return not (settings.DEMO_MODE and user.get_username() in DEMO_EXEMPT_USERNAMES)


def has_second_factor(user) -> bool:
    """The account has a confirmed authenticator app or recovery codes."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def user_requires_second_factor(user) -> bool:
    """Whether a sign-in of this account is complete only with a second factor: therapists and staff always (but
    DEMO_MODE's demo accounts), clients once they turned it on. A therapist without one yet must enrol on the site."""
    return has_second_factor(user) or must_have_second_factor(user)


def verify_second_factor(user, code: str) -> bool:
    """Whether `code` is a second factor of this account: a current authenticator code, or a recovery code (then used
    up). Authenticator codes are throttled per device by django-otp; callers count failures for django-axes' lockout
    (as `accounts.views` does)."""
    return device_for_code(user, code) is not None


def _devices_for(user, code: str) -> list:
    """The devices a code is meant for: an authenticator's (six digits) or the recovery codes (the rest), so that a
    mistyped code of one kind does not slow the other kind down (django-otp throttles a device after a wrong code)."""
    kind = TOTPDevice if code.isdecimal() and len(code) <= 8 else StaticDevice
    return [device for device in devices_for_user(user, confirmed=True, for_verify=True) if isinstance(device, kind)]


def device_for_code(user, code: str):
    """The device that accepts `code` (see `verify_second_factor`), or None."""
    code = "".join((code or "").split())
    if not code or len(code) > 16 or not user.is_authenticated:
        return None
    for device in _devices_for(user, code):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    return None


def wait_before_next_code(user, code: str) -> int:
    """Seconds before the devices `code` is meant for take a code again (django-otp's throttle), 0 when they do."""
    code = "".join((code or "").split())
    waits = [0]
    for device in _devices_for(user, code) if code and user.is_authenticated else []:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append(math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)


def authenticator_start(user) -> TOTPDevice:
    """An authenticator app being set up: the account's unconfirmed one (a reload shows the same key), or a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up with a code it shows: the account's other authenticators go, and a fresh set of
    recovery codes is returned (to be shown once). None when the code is wrong."""
    code = "".join((code or "").split())
    if not code.isdecimal() or not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_renew(user=device.user)


def recovery_codes_renew(*, user) -> list[str]:
    """A new set of single-use recovery codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_remove(*, user) -> None:
    """Turn the second factor off (for clients: therapists and staff cannot do without it)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
