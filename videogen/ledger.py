"""The spending ledger: an entry for every request a provider charged, written with it and never changed after.

Budgets, the per-therapist limits and the admin's costs page read it, so deleting a dream, a client or a job does
not give back what they cost.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate

from .models import LedgerEntry, VideoJob, VideoSubmission

# The setting that names each provider's video model, for the record (the price covers every step of a clip).
MODEL_SETTINGS = {
    "luma": "LUMA_MODEL",
    "runway": "RUNWAY_VIDEO_MODEL",
    "replicate": "REPLICATE_VIDEO_MODEL",
    "kling": "KLING_MODEL",
}


def provider_model(provider: str) -> str:
    """The model a provider is configured to use ("" for the local renderer)."""
    setting = MODEL_SETTINGS.get(provider)
    return str(getattr(settings, setting, "")) if setting else ""


def charge_record(*, submission: VideoSubmission, job: VideoJob) -> LedgerEntry:
    """Enter what `submission` was charged (its cost_usd). Call in the transaction that saves the submission."""
    therapist_id = job.requested_by_id or job.dream.client.therapist_id
    return LedgerEntry.objects.create(
        therapist_id=therapist_id,
        provider=submission.provider,
        model=provider_model(submission.provider),
        amount_usd=submission.cost_usd,
        job_id=job.pk,
        dream_id=job.dream_id,
        submission_id=submission.pk,
    )


def entries_since(since: datetime, *, therapist_id: int | None = None) -> QuerySet[LedgerEntry]:
    entries = LedgerEntry.objects.filter(at__gte=since)
    return entries if therapist_id is None else entries.filter(therapist_id=therapist_id)


def charged_since(since: datetime, *, therapist_id: int | None = None) -> Decimal:
    """What providers charged from `since` on: the clinic's, or one therapist's."""
    total = entries_since(since, therapist_id=therapist_id).aggregate(total=Sum("amount_usd"))["total"]
    return total or Decimal(0)


def external_job_ids_since(since: datetime, *, therapist_id: int) -> set[int]:
    """The jobs of one therapist that an external provider charged for from `since` on, deleted ones included."""
    entries = entries_since(since, therapist_id=therapist_id).exclude(provider="local").exclude(job_id=None)
    return set(entries.values_list("job_id", flat=True))


def daily_costs() -> QuerySet:
    """Per day and provider: how many jobs were charged and how much, newest day first."""
    return (
        LedgerEntry.objects.annotate(day=TruncDate("at"))
        .values("day", "provider")
        .annotate(jobs=Count("job_id", distinct=True), cost=Sum("amount_usd"))
        .order_by("-day", "provider")
    )
