from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The token scheme, registered with the schema generator; serializer fields for the encrypted model fields.
        from . import authentication, fields  # noqa: F401
