"""Spending limits: a daily budget for external providers, and a daily job limit per therapist."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import VideoJob


class BudgetExceeded(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _today_start():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def spent_today() -> Decimal:
    total = VideoJob.objects.filter(created_at__gte=_today_start()).aggregate(total=Sum("cost_usd"))["total"]
    return total or Decimal(0)


def check_budget(*, provider: str, cost: Decimal, therapist) -> None:
    """Raise BudgetExceeded when an external provider would go over a limit. The local renderer is always allowed."""
    if provider == "local":
        return
    budget = Decimal(str(settings.VIDEOGEN_DAILY_BUDGET_USD))
    if spent_today() + cost > budget:
        raise BudgetExceeded(
            _("Today's budget for external video services is used up. The local renderer is still available.")
        )
    if therapist is not None:
        used = (
            VideoJob.objects.filter(created_at__gte=_today_start(), requested_by=therapist)
            .exclude(provider="local")
            .count()
        )
        if used >= settings.VIDEOGEN_THERAPIST_DAILY_LIMIT:
            raise BudgetExceeded(
                _("You have reached today's limit of external video jobs. The local renderer is still available.")
            )
