"""App configurations the project gives to other packages' apps."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes as the admin shows it: "Sign-in lockouts" in the user's language, not the package's name."""

    verbose_name = _("Sign-in lockouts")
