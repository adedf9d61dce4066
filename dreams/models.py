"""The dreams domain: therapists' clients, their dreams, consent, what clients keep of them, and the audit trail."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.fields import WordListField

THERAPISTS_GROUP = "therapists"
MAX_SYMBOLS = 20
MAX_SYMBOL_LENGTH = 40


def therapists_group():
    """The group that makes a user a therapist (created by a migration; recreated if a test flush removed it)."""
    from django.contrib.auth.models import Group

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

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(fields=["therapist", "pseudonym"], name="unique_pseudonym_per_therapist")
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Dream(models.Model):
    class PrivacyMode(models.TextChoices):
        SYMBOLS = "symbols", _("Symbols only (no dream text leaves the server)")
        ANONYMIZED = "anonymized", _("Anonymized text (names, places and contacts removed)")
        FULL = "full", _("Full text as written")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: the client and their therapist")
        SHARED = "shared", _("Shared with other clients after moderation")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="dreams", verbose_name=_("client"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_dreams", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("dream text"))
    symbols = WordListField(_("symbols"), max_words=MAX_SYMBOLS, word_length=MAX_SYMBOL_LENGTH)
    dreamt_on = models.DateField(_("dreamt on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    consent_video = models.BooleanField(_("consent to video generation"), default=False)
    consent_full_text = models.BooleanField(_("consent to send the full text"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)

    privacy_mode = models.CharField(
        _("privacy mode"), max_length=12, choices=PrivacyMode.choices, default=PrivacyMode.SYMBOLS
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    # Why staff decided as they did: a rejection always says why, and the therapist reads it on the dream's page.
    moderation_reason = models.TextField(_("reason for the moderation decision"), max_length=500, blank=True)
    distressing = models.BooleanField(_("may be distressing"), default=False)

    video = models.FileField(_("video"), upload_to="videos/", blank=True)
    poster = models.FileField(_("poster"), upload_to="posters/", blank=True)
    video_ready_at = models.DateTimeField(_("video ready"), null=True, blank=True)
    # Database defaults too: rows written by code of an earlier schema (an older worker, a migration test) get them.
    video_has_audio = models.BooleanField(_("video has sound"), default=False, db_default=False)
    # What the stored video's C2PA manifest says (generator, provider, model, source type, time): for the dream page.
    video_credentials = models.JSONField(_("content credentials"), default=dict, db_default={}, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dream")
        verbose_name_plural = _("dreams")
        indexes = [
            # The feed's order (selectors.FEED_ORDER) behind its filters: a page is read without sorting.
            models.Index(fields=["client", "-dreamt_on", "-created_at", "-id"], name="dream_client_feed_by_day"),
            models.Index(
                fields=["visibility", "moderation", "-dreamt_on", "-created_at", "-id"], name="dream_shared_feed_by_day"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dream_detail", args=[self.pk])

    @property
    def has_video(self) -> bool:
        return bool(self.video) and self.consent_video

    @property
    def version(self) -> str:
        """A fingerprint of what a video is made from (the text, the symbols, what may leave the server): a video
        whose job kept another one was made from an earlier version of the dream."""
        made_from = [self.content, list(self.symbols), self.privacy_mode]
        return hashlib.sha256(json.dumps(made_from, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


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
    note = models.TextField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")
        indexes = [models.Index(fields=["dream", "at"], name="consent_history")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} by {self.role} for {self.dream_id}"


class Favourite(models.Model):
    """A client's private mark on a dream in their feed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "dream"], name="unique_favourite")]
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.dream_id}"


class FeedPreference(models.Model):
    """How one user wants their feed: for now, whether to skip distressing dreams altogether."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_preference")
    skip_distressing = models.BooleanField(_("skip all distressing dreams"), default=False)

    class Meta:
        verbose_name = _("feed preference")
        verbose_name_plural = _("feed preferences")

    def __str__(self) -> str:
        return f"feed preferences of {self.user}"


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
