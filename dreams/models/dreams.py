"""Dreams: the text, symbols and video consent of one dream, and what a client keeps of the feed (favourites,
preferences)."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dreamtok.encryption import keyed_hash
from dreamtok.fields import (
    EncryptedCharField,
    EncryptedTextField,
    EncryptedWordListField,
)

from .clients import Client

MAX_SYMBOLS = 20
MAX_SYMBOL_LENGTH = 40


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
