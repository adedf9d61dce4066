from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DreamsConfig(AppConfig):
    name = "dreams"
    verbose_name = _("Dreams")
