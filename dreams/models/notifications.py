"""Telling a therapist about a dream's video: the notifications and how they want them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dreams import Dream


class Notification(models.Model):
    """Telling a therapist that a dream's video is ready or failed: read in the nav's badge and the list, marked read
    there. It names the dream by foreign key (it goes with the dream), never by its text."""

    class Kind(models.TextChoices):
        READY = "ready", _("video ready")
        FAILED = "failed", _("video failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("dream"))
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.dream_id} to {self.user_id}"


class NotificationPreference(models.Model):
    """How a therapist wants to be told, besides in the app: for now, whether by e-mail too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_on_video = models.BooleanField(_("also e-mail me when a video is ready or failed"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"
