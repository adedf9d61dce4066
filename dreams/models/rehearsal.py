"""Imagery rehearsal: the client's rehearsals of a new version and their morning logs of the night."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.fields import (
    EncryptedBooleanField,
    EncryptedIntegerField,
)

from .clients import Client
from .dreams import Dream

SCORE = [MinValueValidator(0), MaxValueValidator(10)]
MAX_REHEARSAL_MINUTES = 180


class RehearsalSession(models.Model):
    """One rehearsal of a new version in imagination: how long, how vivid, how calm (0–10). The client's own record,
    seen by them and their therapist only (not in the admin)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="rehearsals", verbose_name=_("client"))
    rescript = models.ForeignKey(
        Dream, on_delete=models.CASCADE, related_name="rehearsals", verbose_name=_("new version")
    )
    day = models.DateField(_("day"))  # in the client's time zone
    # The figures are the client's health record: stored encrypted, summed and averaged in Python (selectors).
    minutes = EncryptedIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_REHEARSAL_MINUTES)]
    )
    vividness = EncryptedIntegerField(_("how vivid"), validators=SCORE)
    calm = EncryptedIntegerField(_("how calm"), validators=SCORE)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "day"], name="rehearsal_by_day")]

    def __str__(self) -> str:
        return f"rehearsal {self.pk} of client {self.client_id}"


class NightLog(models.Model):
    """The morning log of one night (in the client's time zone): a nightmare or not, how distressing, whether it was
    the rescripted one. One a night: logging the night again edits it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="night_logs", verbose_name=_("client"))
    # The new version rehearsed at the time: deleting the nightmare (and so its rescripts) deletes the log too.
    rescript = models.ForeignKey(
        Dream, on_delete=models.CASCADE, null=True, blank=True, related_name="night_logs", verbose_name=_("new version")
    )
    night = models.DateField(_("night of"))
    # Stored encrypted, counted in Python (selectors): the database cannot read them.
    nightmare = EncryptedBooleanField(_("a nightmare came"))
    distress = EncryptedIntegerField(_("how distressing"), null=True, blank=True, validators=SCORE)
    was_rescripted = EncryptedBooleanField(_("it was the rescripted nightmare"), default=False)
    updated_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["-night"]
        constraints = [models.UniqueConstraint(fields=["client", "night"], name="one_log_a_night")]

    def __str__(self) -> str:
        return f"night {self.night} of client {self.client_id}"
