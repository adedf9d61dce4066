"""Accounts: the invitation a therapist gives a client to choose their own sign-in (only its token's hash is kept)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """A one-time link for a client to choose their sign-in name and password. It works until `expires_at`, once, and
    not after it was revoked or replaced; the link's token is never stored, only its SHA-256."""

    client = models.ForeignKey(
        "dreams.Client", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("client")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation {self.pk} for client {self.client_id}"

    @property
    def is_open(self) -> bool:
        """Not used, not revoked, not expired: the link still works."""
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()
