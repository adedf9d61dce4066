"""App configurations the project gives to other packages' apps: the admin's default site, axes' and django-otp's
names."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with DreamTok's default site (see `dreams.adminsite`), which asks for the second factor
    (`accounts.adminsite`)."""

    default_site = "accounts.adminsite.AdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes as the admin shows it: "Sign-in lockouts" in the user's language, not the package's name."""

    verbose_name = _("Sign-in lockouts")


class AuthenticatorAppsConfig(TOTPConfig):
    """django-otp's TOTP devices as the admin shows them, in the user's language."""

    verbose_name = _("Second factor: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    """django-otp's static tokens (our recovery codes) as the admin shows them."""

    verbose_name = _("Second factor: recovery codes")
