"""Two-factor sign-in pages: the code after the password, enrolling an authenticator app (forced on a therapist's or
staff member's first sign-in), recovery codes shown once, turning it off (clients only), and the account page."""

from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dreamtok.auth import lockout_response

from . import services
from .forms import CodeForm
from .middleware import forget_step, second_factor_step
from .qr import qr_svg
from .signals import reset_failures


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _locked(request) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def _refuse(request, form):
    """A wrong code counts as a failed sign-in for django-axes; at the limit, the session ends with the lockout page."""
    user = request.user
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    if _locked(request):
        logout(request)
        return lockout_response(request)
    wait = services.wait_before_next_code(user, form.cleaned_data["code"])
    if wait:
        message = ngettext(
            "This code is not right. Wait %(seconds)d second, then type the current code.",
            "This code is not right. Wait %(seconds)d seconds, then type the current code.",
            wait,
        )
        form.add_error("code", message % {"seconds": wait})
    else:
        form.add_error("code", _("This code is not right, or it was already used. Try the current code."))
    return None


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request):
    """After the password: a code from the authenticator app, or a recovery code."""
    if second_factor_step(request) != "verify":
        return redirect(_next_url(request))
    if _locked(request):
        logout(request)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.device_for_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            forget_step(request)
            reset_failures(request, request.user)
            if device.persistent_id.startswith("otp_static"):
                left = services.recovery_codes_left(request.user)
                used = ngettext(
                    "You used a recovery code; %(left)d is left.", "You used a recovery code; %(left)d are left.", left
                )
                messages.warning(request, used % {"left": left})
            return redirect(_next_url(request))
        refused = _refuse(request, form)
        if refused is not None:
            return refused
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code, keep the recovery codes.

    Open to a session that has passed its second factor, or to an account that has none yet: a session signed in
    with the password alone cannot replace the app of an account that has one."""
    user = request.user
    if second_factor_step(request) == "verify":
        return redirect("two_factor_verify")
    device = services.authenticator_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            forget_step(request)
            reset_failures(request, user)
            return _no_store(render(request, "accounts/recovery_codes.html", {"codes": codes, "new_app": True}))
        refused = _refuse(request, form)
        if refused is not None:
            return refused
    context = {
        "form": form,
        "qr": qr_svg(device.config_url, title=_("Authenticator set-up code")),
        "secret": _grouped(device),
        "required": services.must_have_second_factor(user),
        "step": second_factor_step(request),
    }
    return _no_store(render(request, "accounts/two_factor_setup.html", context))


def _grouped(device: TOTPDevice) -> str:
    """The key as authenticator apps take it by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def account(request):
    """The signed-in user's account page: password, second factor."""
    user = request.user
    context = {
        "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "codes_left": services.recovery_codes_left(user),
        "required": services.must_have_second_factor(user),
    }
    return render(request, "accounts/account.html", context)


@require_POST
def recovery_codes_renew(request):
    if not services.has_second_factor(request.user):
        return redirect("account")
    codes = services.recovery_codes_renew(user=request.user)
    return _no_store(render(request, "accounts/recovery_codes.html", {"codes": codes, "new_app": False}))


@require_POST
def two_factor_remove(request):
    """A client turns the second factor off; therapists and staff cannot."""
    if services.must_have_second_factor(request.user):
        messages.error(request, _("Therapists and staff always sign in with a second factor."))
    else:
        services.second_factor_remove(user=request.user)
        forget_step(request)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account")
