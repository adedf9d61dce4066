"""App configurations the project gives to other packages' apps: the admin's default site, axes' name."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class AdminConfig(DjangoAdminConfig):
    """Django's admin with DreamTok's default site (see `dreams.adminsite`), which asks for the second factor
    (`accounts.adminsite`)."""

    default_site = "accounts.adminsite.AdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes as the admin shows it: "Sign-in lockouts" in the user's language, not the package's name."""

    verbose_name = _("Sign-in lockouts")
