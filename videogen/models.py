"""VideoJob: the database row that is the source of truth for where one dream's video stands."""

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.fields import EncryptedJSONField, EncryptedTextField, WordListField

from .errors import coded, translated


def new_callback_token() -> str:
    return secrets.token_urlsafe(24)


class CodedError(models.Model):
    """An error kept as a code (the English message) with its parameters, translated when read; `error` keeps the
    text of an error that has no code (written before codes, or not a pipeline message)."""

    error = EncryptedTextField(_("error"), blank=True)
    error_code = models.CharField(_("error code"), max_length=300, blank=True, db_default="")
    error_params = EncryptedJSONField(_("error parameters"), default=dict, blank=True)
    # The technical cause (an HTTP status, a host, an exception's name), for staff: never the dream's text.
    error_detail = models.CharField(_("technical cause"), max_length=500, blank=True, db_default="")

    class Meta:
        abstract = True

    def record_error(self, message: str, detail: str = "") -> None:
        """Keep `message` (a pipeline message keeps its code, in English; other text as it is) and its technical
        `detail`. Not saved."""
        self.error_code, self.error_params = coded(message)
        self.error = "" if self.error_code else str(message)
        self.error_detail = detail[:500]

    @property
    def error_message(self) -> str:
        """The error in the reader's language."""
        return translated(self.error_code, self.error_params, self.error)


class VideoJob(CodedError):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SUBMITTED = "submitted", _("Submitted")
        RENDERING = "rendering", _("Rendering")
        DOWNLOADING = "downloading", _("Downloading")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATES = (State.QUEUED, State.SUBMITTED, State.RENDERING, State.DOWNLOADING)
    SHARP_SHORT_SIDE = 540  # pixels on the short side: 540p, the least a vertical clip should have

    dream = models.ForeignKey("dreams.Dream", on_delete=models.CASCADE, related_name="jobs", verbose_name=_("dream"))
    provider = models.CharField(_("provider"), max_length=20)
    providers_tried = WordListField(_("providers tried"), max_words=10, word_length=20)
    # Indexed as the first column of videojob_stale_sweep: a second index on the state alone only competed with it.
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    provider_task_id = models.CharField(_("provider task id"), max_length=200, blank=True)
    # The prompt and anything that may quote it are stored encrypted; the hash is keyed (encryption.keyed_hash).
    prompt = EncryptedTextField(_("prompt"), blank=True)
    prompt_hash = models.CharField(_("prompt hash"), max_length=64, blank=True, db_index=True)
    dream_version = models.CharField(_("dream version"), max_length=64, blank=True, db_default="")  # Dream.version
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    progress = models.FloatField(_("progress"), default=0.0)
    # What the job has cost so far: the sum of its submissions' costs, on every provider it went through.
    cost_usd = models.DecimalField(_("cost, USD"), max_digits=8, decimal_places=4, default=0)
    download_attempts = models.PositiveSmallIntegerField(_("download attempts"), default=0)
    drawn_symbols = EncryptedJSONField(_("symbols drawn"), default=list, blank=True)
    # Each service the job left for the next one, and why: {"provider", "code", "params", "text"} (see errors.py).
    fallbacks = EncryptedJSONField(_("services skipped"), default=list, blank=True)
    output_url = models.URLField(_("provider output URL"), max_length=2000, blank=True)
    # The stored video's own frame, as probed after any re-encoding.
    video_width = models.PositiveIntegerField(_("video width"), null=True, blank=True)
    video_height = models.PositiveIntegerField(_("video height"), null=True, blank=True)
    callback_token = models.CharField(max_length=64, default=new_callback_token, editable=False, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("video job")
        verbose_name_plural = _("video jobs")
        indexes = [
            # The stale-job sweep: each active state by lease (and, never claimed, by last change), so finished jobs,
            # the bulk of the table, are never read. (Not a partial index: SQLite uses one only for literal values.)
            models.Index(fields=["state", "lease_until", "updated_at"], name="videojob_stale_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} job {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    def record_fallback(self, provider: str, message: str) -> None:
        """Note that `provider` was left for the next service, and why. Not saved."""
        code, params = coded(message)
        self.fallbacks = [*self.fallbacks, {"provider": provider, "code": code, "params": params, "text": str(message)}]

    @property
    def skipped_providers(self) -> list[tuple[str, str]]:
        """(provider, why it was skipped, in the reader's language) for each service the job fell back from."""
        return [
            (entry["provider"], translated(entry.get("code", ""), entry.get("params", {}), entry.get("text", "")))
            for entry in self.fallbacks
        ]

    @property
    def is_outdated(self) -> bool:
        """A finished video made from an earlier text, symbols or privacy mode of its dream (unknown for jobs made
        before versions were kept: not outdated)."""
        return self.state == self.State.READY and bool(self.dream_version) and self.dream_version != self.dream.version

    @property
    def progress_percent(self) -> int:
        """Progress (stored 0..1) as the whole percent a page shows, as the page's script shows it."""
        return round(max(0.0, min(1.0, self.progress)) * 100)

    @property
    def video_too_small(self) -> bool:
        """A stored video under SHARP_SHORT_SIDE pixels on its short side looks soft on a phone."""
        width, height = self.video_width, self.video_height
        return width is not None and height is not None and min(width, height) < self.SHARP_SHORT_SIDE


def new_install_prefix() -> str:
    return secrets.token_hex(6)


def new_submission_nonce() -> str:
    return secrets.token_hex(4)


class VideoSubmission(CodedError):
    """One request to a provider to start a job's video.

    The row is written before the request leaves, so a worker killed before it saved the provider's answer leaves a
    submission still `sending`: the next attempt asks the provider whether the task exists before paying for another.
    """

    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        LOST = "lost", _("Lost (no answer; not found at the provider)")

    job = models.ForeignKey(VideoJob, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("job"))
    provider = models.CharField(_("provider"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SENDING)
    task_id = models.CharField(_("provider task id"), max_length=200, blank=True)
    cost_usd = models.DecimalField(_("cost, USD"), max_digits=8, decimal_places=4, default=0)
    started_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    # Random, set at insert and part of external_id: ids rewind when a database is copied or restored from a backup
    # (the install prefix comes back with it), the nonce does not. Empty for requests sent before it existed.
    nonce = models.CharField(max_length=16, blank=True, default=new_submission_nonce, editable=False)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            # A provider's task belongs to one job (the local renderer names clips by their prompt, so it is exempt).
            models.UniqueConstraint(
                fields=["provider", "task_id"],
                condition=models.Q(state="accepted") & ~models.Q(provider="local"),
                name="one_job_per_provider_task",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} submission {self.pk} of job {self.job_id} ({self.state})"

    @property
    def external_id(self) -> str:
        """Our id for this request at the provider (Kling keeps it as external_task_id, unique per account): this
        install's prefix, the job, the submission and its random nonce, so staging, production, a reset database or one
        copied or restored from a backup on one key never share one. A request sent before installs had a prefix, or
        before submissions had a nonce, keeps the name it was sent with."""
        installation = Installation.current()
        if self.pk <= installation.unprefixed_up_to:
            return f"dreamtok-{self.job_id}-{self.pk}"
        name = f"dreamtok-{installation.prefix}-{self.job_id}-{self.pk}"
        return f"{name}-{self.nonce}" if self.nonce else name


class Installation(models.Model):
    """This deployment as the providers see it: one row, made once, whose random prefix names our requests there."""

    prefix = models.CharField(max_length=24, default=new_install_prefix, editable=False)
    # Submissions up to this id were sent before installs had a prefix (set when the row is made by migration).
    unprefixed_up_to = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"installation {self.prefix}"

    @classmethod
    def current(cls) -> "Installation":
        """The row, made on first use when no migration made it (a flushed test database)."""
        found = cls.objects.filter(pk=1).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return cls.objects.create(pk=1)
        except IntegrityError:  # another process made it a moment ago
            return cls.objects.get(pk=1)


class WebhookDelivery(models.Model):
    """A webhook id already processed: a second delivery with the same id is a replay and is ignored."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="unique_webhook_delivery")]

    def __str__(self) -> str:
        return f"{self.provider} webhook {self.event_id}"


class LedgerIsAppendOnly(Exception):
    """An entry of the spending ledger was to be changed or deleted: it never is."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly("ledger entries are never changed")

    def delete(self):
        raise LedgerIsAppendOnly("ledger entries are never deleted")


class LedgerEntry(models.Model):
    """What one request to a provider cost, when, for which therapist: append-only; budgets and costs read it.

    It names the therapist, job and dream by id, not by foreign key, so deleting any of them leaves the entry as it
    was (the money stays spent). Nothing of the dream's text goes in.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    therapist_id = models.PositiveBigIntegerField(_("therapist id"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=20)
    model = models.CharField(_("model"), max_length=200, blank=True)
    amount_usd = models.DecimalField(_("amount, USD"), max_digits=8, decimal_places=4)
    job_id = models.PositiveBigIntegerField(_("job id"), null=True, blank=True)
    dream_id = models.UUIDField(_("dream id"), null=True, blank=True)
    # One entry per submission: a request is charged once, whichever step found out that it was.
    submission_id = models.PositiveBigIntegerField(_("submission id"), null=True, blank=True, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("spending entry")
        verbose_name_plural = _("spending ledger")
        indexes = [models.Index(fields=["therapist_id", "at"], name="ledger_therapist_day")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.provider} {self.amount_usd} USD"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly("ledger entries are never changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("ledger entries are never deleted")
