"""The dreams domain: therapists' clients, their dreams, consent, what clients keep of them, and the audit trail."""

import json
import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.encryption import keyed_hash
from dreamtok.fields import (
    EncryptedBooleanField,
    EncryptedCharField,
    EncryptedIntegerField,
    EncryptedTextField,
    EncryptedWordListField,
)

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
    # Stored encrypted (dreamtok.fields): the database orders, filters and searches none of them.
    title = EncryptedCharField(_("title"), max_length=200)
    content = EncryptedTextField(_("dream text"))
    symbols = EncryptedWordListField(_("symbols"), max_words=MAX_SYMBOLS, word_length=MAX_SYMBOL_LENGTH)
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
    moderation_reason = EncryptedTextField(_("reason for the moderation decision"), max_length=500, blank=True)
    distressing = models.BooleanField(_("may be distressing"), default=False)
    # The text is the client's dream, so the client reads it on their dream's page, unless the therapist keeps it as
    # notes for therapists only.
    text_for_therapists_only = models.BooleanField(
        _("notes for therapists only"),
        default=False,
        db_default=False,
        help_text=_("Unticked, the client reads the text of their dream on its page."),
    )

    video = models.FileField(_("video"), upload_to="videos/", blank=True)
    poster = models.FileField(_("poster"), upload_to="posters/", blank=True)
    video_ready_at = models.DateTimeField(_("video ready"), null=True, blank=True)
    # When the video was last delivered to a player (written at most once an hour a dream): retention reads it.
    video_watched_at = models.DateTimeField(_("video last watched"), null=True, blank=True)
    # Database defaults too: rows written by code of an earlier schema (an older worker, a migration test) get them.
    video_has_audio = models.BooleanField(_("video has sound"), default=False, db_default=False)
    # What the stored video's C2PA manifest says (generator, provider, model, source type, time): for the dream page.
    video_credentials = models.JSONField(_("content credentials"), default=dict, db_default={}, blank=True)
    # Imagery rehearsal: a rescript is a dream of its own (consent, symbols, video) written as a new version of a
    # nightmare; deleting the nightmare deletes its rescripts, and with them their rehearsal logs and media.
    rescript_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rescripts",
        verbose_name=_("new version of"),
    )
    is_current_rescript = models.BooleanField(_("the current new version"), default=False, db_default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dream")
        verbose_name_plural = _("dreams")
        constraints = [
            models.UniqueConstraint(
                fields=["rescript_of"], condition=models.Q(is_current_rescript=True), name="one_current_rescript"
            )
        ]
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
        return keyed_hash(json.dumps(made_from, ensure_ascii=False))  # keyed: no guess at the text can be tested


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
    # None: the default, on while the client rehearses a new version of a nightmare.
    only_new_versions = models.BooleanField(_("only the new versions of rescripted nightmares"), null=True, blank=True)

    class Meta:
        verbose_name = _("feed preference")
        verbose_name_plural = _("feed preferences")

    def __str__(self) -> str:
        return f"feed preferences of {self.user}"


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
