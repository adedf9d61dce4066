from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideogenConfig(AppConfig):
    name = "videogen"
    verbose_name = _("Video generation")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
