from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class DreamsConfig(AppConfig):
    name = "dreams"
    verbose_name = _("Dreams")

    def ready(self) -> None:
        from .sessions import note_session  # reads the models, which are not loaded when apps.py is imported

        user_logged_in.connect(note_session, dispatch_uid="dreams.note_session")
