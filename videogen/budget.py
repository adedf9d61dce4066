"""Spending limits: a daily budget for external providers, and a daily job limit per therapist.

Today's spending is what submissions were charged plus what the jobs still waiting to be sent will cost, so a bulk
start cannot queue more than the budget allows before the first of them is charged.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import VideoJob, VideoSubmission


class BudgetExceeded(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _today_start():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def spent_today(*, job: VideoJob | None = None, dream=None) -> Decimal:
    """Charged today, plus the cost of every queued external job not yet sent; not counting `job`, which is being
    weighed, nor the jobs of `dream`, which a new job is about to replace."""
    from .providers import get_provider

    charged = VideoSubmission.objects.filter(started_at__gte=_today_start()).aggregate(total=Sum("cost_usd"))["total"]
    waiting = VideoJob.objects.filter(state=VideoJob.State.QUEUED, provider_task_id="").exclude(provider="local")
    if job is not None:
        waiting = waiting.exclude(pk=job.pk)
    if dream is not None:
        waiting = waiting.exclude(dream=dream)
    reserved = sum(
        (get_provider(row["provider"]).cost_per_clip * row["jobs"])
        for row in waiting.values("provider").annotate(jobs=Count("id"))
    )
    return (charged or Decimal(0)) + reserved


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
    if therapist is not None:
        used = VideoJob.objects.filter(created_at__gte=_today_start(), requested_by=therapist).exclude(provider="local")
        if job is not None:
            used = used.exclude(pk=job.pk)
        if used.count() >= settings.VIDEOGEN_THERAPIST_DAILY_LIMIT:
            raise BudgetExceeded(
                _("You have reached today's limit of external video jobs. The local renderer is still available.")
            )
