"""The costs page lists every provider, also one whose requests all failed, with the total and the budget left."""

import re

import pytest

from tests.factories import VideoJobFactory, VideoSubmissionFactory
from videogen import ledger

pytestmark = pytest.mark.django_db


def cells(page: str, provider: str) -> list[str]:
    row = re.search(rf'<tr data-provider="{provider}">(.*?)</tr>', page, re.S)
    assert row, f"no row for {provider}"
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


def test_a_provider_whose_jobs_all_failed_is_listed_with_the_total_and_budget(staff, settings):
    settings.VIDEOGEN_DAILY_BUDGET_USD = 5
    job = VideoJobFactory(provider="luma", state="failed")
    VideoSubmissionFactory(job=job, provider="luma", state="refused")
    VideoSubmissionFactory(job=job, provider="luma", state="refused")
    made = VideoJobFactory(provider="kling", state="ready")
    submission = VideoSubmissionFactory(job=made, provider="kling", state="accepted", task_id="k-1", cost_usd="0.25")
    ledger.charge_record(submission=submission, job=made)
    page = staff.get("/admin/videogen/videojob/costs/", headers={"accept-language": "en"}).content.decode()
    assert cells(page, "luma") == ["luma", "2", "2", "0.0000", "0.0000"]
    assert cells(page, "kling") == ["kling", "1", "0", "0.2500", "0.2500"]
    assert cells(page, "runway")[1:] == ["0", "0", "0.0000", "0.0000"]  # configured or not, every provider
    assert cells(page, "total") == ["Total", "3", "2", "0.2500", "0.2500"]
    assert re.search(r'id="budget">5\.0000<', page) and re.search(r'id="budget-left">4\.7500<', page)
