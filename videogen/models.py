"""VideoJob: the database row that is the source of truth for where one dream's video stands."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_callback_token() -> str:
    return secrets.token_urlsafe(24)


class VideoJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SUBMITTED = "submitted", _("Submitted")
        RENDERING = "rendering", _("Rendering")
        DOWNLOADING = "downloading", _("Downloading")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATES = (State.QUEUED, State.SUBMITTED, State.RENDERING, State.DOWNLOADING)

    dream = models.ForeignKey("dreams.Dream", on_delete=models.CASCADE, related_name="jobs", verbose_name=_("dream"))
    provider = models.CharField(_("provider"), max_length=20)
    providers_tried = models.JSONField(_("providers tried"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED, db_index=True)
    provider_task_id = models.CharField(_("provider task id"), max_length=200, blank=True)
    prompt = models.TextField(_("prompt"), blank=True)
    prompt_hash = models.CharField(_("prompt hash"), max_length=64, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    progress = models.FloatField(_("progress"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    # What the job has cost so far: the sum of its submissions' costs, on every provider it went through.
    cost_usd = models.DecimalField(_("cost, USD"), max_digits=8, decimal_places=4, default=0)
    download_attempts = models.PositiveSmallIntegerField(_("download attempts"), default=0)
    drawn_symbols = models.JSONField(_("symbols drawn"), default=list, db_default=[], blank=True)
    output_url = models.URLField(_("provider output URL"), max_length=2000, blank=True)
    callback_token = models.CharField(max_length=64, default=new_callback_token, editable=False, unique=True)
    requested_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by")
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

    def __str__(self) -> str:
        return f"{self.provider} job {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES


class VideoSubmission(models.Model):
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
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

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
        """Our id for this request at the provider (Kling keeps it as external_task_id): unique per submission."""
        return f"dreamtok-{self.job_id}-{self.pk}"


class WebhookDelivery(models.Model):
    """A webhook id already processed: a second delivery with the same id is a replay and is ignored."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="unique_webhook_delivery")]

    def __str__(self) -> str:
        return f"{self.provider} webhook {self.event_id}"
