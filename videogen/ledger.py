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
    return str(getattr(settings, setting)) if setting else ""


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
    return {job_id for job_id in entries.values_list("job_id", flat=True) if job_id is not None}


def provider_totals(providers: list[str], *, since: datetime) -> list[dict]:
    """For each of `providers` (and any other the ledger or the requests name), even one that never charged: the
    requests sent, how many were refused or lost, what it charged in all and since `since`; then a "total" row."""
    sent = dict(VideoSubmission.objects.values_list("provider").annotate(n=Count("id")).order_by())
    failed = dict(
        VideoSubmission.objects.filter(state__in=[VideoSubmission.State.REFUSED, VideoSubmission.State.LOST])
        .values_list("provider")
        .annotate(n=Count("id"))
        .order_by()
    )
    charged = dict(LedgerEntry.objects.values_list("provider").annotate(total=Sum("amount_usd")).order_by())
    recent = dict(entries_since(since).values_list("provider").annotate(total=Sum("amount_usd")).order_by())
    names = list(providers) + sorted((set(sent) | set(charged)) - set(providers))
    rows = [
        {
            "provider": name,
            "requests": sent.get(name, 0),
            "failed": failed.get(name, 0),
            "charged": charged.get(name) or Decimal(0),
            "charged_recently": recent.get(name) or Decimal(0),
        }
        for name in names
    ]
    total = {key: sum(row[key] for row in rows) for key in ("requests", "failed", "charged", "charged_recently")}
    return [*rows, {"provider": "total", **total}]


def daily_costs() -> QuerySet:
    """Per day and provider: how many jobs were charged and how much, newest day first."""
    return (
        LedgerEntry.objects.annotate(day=TruncDate("at"))
        .values("day", "provider")
        .annotate(jobs=Count("job_id", distinct=True), cost=Sum("amount_usd"))
        .order_by("-day", "provider")
    )
