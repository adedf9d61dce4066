"""What the API keeps: the device tokens apps sign in with, stored as hashes of their secrets."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeviceToken(models.Model):
    """One device's sign-in: a random secret shown once, kept only as its SHA-256; it expires, and its owner can
    revoke it. The id (not the secret) names it in the token list."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_tokens", verbose_name=_("account")
    )
    name = models.CharField(_("device name"), max_length=100)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True)
    prefix = models.CharField(_("first characters of the secret"), max_length=8)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("device token")
        verbose_name_plural = _("device tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
