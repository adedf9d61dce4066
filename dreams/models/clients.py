"""Therapists and their clients: who a therapist is (a group), and a client's pseudonym, clock and reminder."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

THERAPISTS_GROUP = "therapists"


def therapists_group():
    """The group that makes a user a therapist (created by a migration; recreated if a test flush removed it)."""
    return Group.objects.get_or_create(name=THERAPISTS_GROUP)[0]


def is_therapist(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=THERAPISTS_GROUP).exists()


class Client(models.Model):
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clients", verbose_name=_("therapist")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=80)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_profile",
        verbose_name=_("sign-in account"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Imagery rehearsal: the client's own clock ("last night" is their night), the therapist's daily target, and the
    # morning-log reminder the client asked for (none without a time and an address).
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow", db_default="Europe/Moscow")
    rehearsal_target_minutes = models.PositiveSmallIntegerField(
        _("daily rehearsal target, minutes"),
        default=10,
        db_default=10,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    reminder_at = models.TimeField(_("morning log reminder at"), null=True, blank=True)
    reminder_email = models.EmailField(_("reminder address"), blank=True)
    reminder_sent_on = models.DateField(_("last reminder sent for the night of"), null=True, blank=True)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(fields=["therapist", "pseudonym"], name="unique_pseudonym_per_therapist")
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The client's time zone (the server's when the stored name is unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)
