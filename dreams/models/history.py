"""Who did what to a dream: the consent history and the audit trail, each naming the actor and their sign-in name."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.fields import (
    EncryptedTextField,
)

from .dreams import Dream


class ActorFields(models.Model):
    """Who did it: their account, and their sign-in name, kept in case the account goes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("sign-in name"), max_length=150, blank=True)

    class Meta:
        abstract = True


class ConsentEvent(ActorFields):
    """One giving or withdrawal of consent to a dream's video: who, in which role, when and how (with the note of a
    new consent given in session). The history decides who may give consent again after a withdrawal."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("given")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Role(models.TextChoices):
        CLIENT = "client", _("the client")
        THERAPIST = "therapist", _("the therapist")
        OTHER = "other", _("someone else")

    class How(models.TextChoices):
        DREAM_FORM = "dream_form", _("in the dream form")
        DREAM_PAGE = "dream_page", _("on the dream's page")
        IN_SESSION = "in_session", _("anew in session, noted by the therapist")
        EARLIER = "earlier", _("recorded before consent had a history")

    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="consent_events", verbose_name=_("dream"))
    kind = models.CharField(_("consent"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    how = models.CharField(_("how"), max_length=12, choices=How.choices)
    full_text = models.BooleanField(_("with consent to send the full text"), default=False)
    note = EncryptedTextField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")
        indexes = [models.Index(fields=["dream", "at"], name="consent_history")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} by {self.role} for {self.dream_id}"


class AuditEvent(ActorFields):
    """Who did what to which dream (or client), and when: ids and actions only, never the dream's text or title.

    The dream and the client are kept by their ids, not foreign keys, so the trail outlives them; `actor_name` keeps
    the sign-in name in case the account goes.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        GENERATED = "generated", _("video requested")
        SHARED = "shared", _("shared")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        DELETED = "deleted", _("deleted")
        CLIENT_DELETED = "client_deleted", _("client deleted")
        TRANSFERRED = "transferred", _("moved to another client or author")
        LOOKUP_REFUSED = "lookup_refused", _("admin lookup refused")
        EXPORTED = "exported", _("dreams exported")
        VIDEO_EXPIRED = "video_expired", _("video deleted, not watched for long")
        CLIENT_CREATED = "client_created", _("client added")
        ACCESS_VIEWED = "access_viewed", _("client's sign-in viewed")
        INVITED = "invited", _("client invited")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
        ACCESS_DISABLED = "access_disabled", _("client's sign-in switched off")
        ACCESS_ENABLED = "access_enabled", _("client's sign-in switched on")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    dream_id = models.UUIDField(_("dream id"), null=True, blank=True, db_index=True)  # none for a client or a lookup
    client_id = models.PositiveBigIntegerField(_("client id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # Ids only (what moved where), never text a user wrote.
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        subject = self.dream_id or (f"client {self.client_id}" if self.client_id else self.detail)
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action} {subject}"
