"""Spending limits: a daily budget for external providers, and each therapist's daily share of it in money and jobs.

What was spent is read from the ledger, which keeps it after the dream, client or job is deleted; to it is added what
the jobs still waiting to be sent will cost, so a bulk start cannot queue more than the budget allows before the
first of them is charged.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from . import ledger
from .errors import message as _
from .models import VideoJob
from .providers import get_provider


class BudgetExceeded(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def today_start() -> datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def reserved(*, job: VideoJob | None = None, dream=None, therapist=None) -> Decimal:
    """What the queued external jobs not yet sent will cost (one therapist's, with `therapist`); not counting `job`,
    which is being weighed, nor the jobs of `dream`, which a new job is about to replace."""
    waiting = VideoJob.objects.filter(state=VideoJob.State.QUEUED, provider_task_id="").exclude(provider="local")
    if job is not None:
        waiting = waiting.exclude(pk=job.pk)
    if dream is not None:
        waiting = waiting.exclude(dream=dream)
    if therapist is not None:
        waiting = waiting.filter(requested_by=therapist)
    return sum(
        (get_provider(row["provider"]).cost_per_clip * row["jobs"])
        for row in waiting.values("provider").annotate(jobs=Count("id"))
    ) or Decimal(0)


def spent_today(*, job: VideoJob | None = None, dream=None, therapist=None) -> Decimal:
    """Charged today (by the clinic, or for one therapist), plus what their queued external jobs will cost."""
    therapist_id = therapist.pk if therapist is not None else None
    charged = ledger.charged_since(today_start(), therapist_id=therapist_id)
    return charged + reserved(job=job, dream=dream, therapist=therapist)


def today() -> dict:
    """Today's spending against the clinic's budget, for the costs page: charged, reserved and what is left."""
    budget = Decimal(str(settings.VIDEOGEN_DAILY_BUDGET_USD))
    charged = ledger.charged_since(today_start())
    waiting = reserved()
    return {
        "budget": budget,
        "charged_today": charged,
        "reserved_today": waiting,
        "budget_left": max(Decimal(0), budget - charged - waiting),
    }


def _jobs_today(therapist, job: VideoJob | None) -> int:
    """The therapist's external jobs today: those the ledger charged (deleted or not) and those not charged yet."""
    since = today_start()
    made = VideoJob.objects.filter(created_at__gte=since, requested_by=therapist).exclude(provider="local")
    used = ledger.external_job_ids_since(since, therapist_id=therapist.pk) | set(made.values_list("pk", flat=True))
    used.discard(job.pk if job is not None else None)
    return len(used)


def check_budget(*, provider: str, cost: Decimal, therapist, job: VideoJob | None = None, dream=None) -> None:
    """Raise BudgetExceeded when an external provider would go over a limit. The local renderer is always allowed.

    `job` is the job being weighed, when it exists already: it is not counted twice. `dream`: its running jobs are
    about to be replaced by the one being weighed.
    """
    if provider == "local":
        return
    budget = Decimal(str(settings.VIDEOGEN_DAILY_BUDGET_USD))
    if spent_today(job=job, dream=dream) + cost > budget:
        raise BudgetExceeded(
            _("Today's budget for external video services is used up. The local renderer is still available.")
        )
    if therapist is None:
        return
    share = Decimal(str(settings.VIDEOGEN_THERAPIST_DAILY_BUDGET_USD))
    if spent_today(job=job, dream=dream, therapist=therapist) + cost > share:
        raise BudgetExceeded(
            _(
                "You have used up your share of today's budget for external video services. "
                "The local renderer is still available."
            )
        )
    if _jobs_today(therapist, job) >= settings.VIDEOGEN_THERAPIST_DAILY_LIMIT:
        raise BudgetExceeded(
            _("You have reached today's limit of external video jobs. The local renderer is still available.")
        )
