"""Staff view of video jobs: filters, retry and cancel, cost per provider and day."""

import pytest

from tests.factories import DreamFactory
from videogen import runner
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db


def test_job_list_filters_by_state_and_provider(staff):
    VideoJob.objects.create(
        dream=DreamFactory(title="Failed one"), provider="luma", state="failed", error="Key refused"
    )
    VideoJob.objects.create(dream=DreamFactory(title="Ready one"), provider="local", state="ready")
    page = staff.get("/admin/videogen/videojob/?state__exact=failed&provider=luma").content.decode()
    assert "Failed one" in page and "Ready one" not in page and "Key refused" in page


def test_retry_queues_a_failed_job_again(staff, django_capture_on_commit_callbacks):
    job = VideoJob.objects.create(dream=DreamFactory(), provider="local", state="failed", attempts=3, error="x")
    with runner.in_process() as steps, django_capture_on_commit_callbacks(execute=True):
        staff.post("/admin/videogen/videojob/", {"action": "retry", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.state == "queued" and job.attempts == 0 and job.error == ""
    assert [(step, job_id) for _, _, step, job_id in steps] == [("job_submit", job.pk)]


def test_cancel_stops_an_active_job(staff):
    job = VideoJob.objects.create(dream=DreamFactory(), provider="local", state="rendering", provider_task_id="ab12")
    staff.post("/admin/videogen/videojob/", {"action": "cancel", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.state == "cancelled" and job.finished_at


def test_cost_summary_per_provider_and_day(staff):
    VideoJob.objects.create(dream=DreamFactory(), provider="kling", state="ready", cost_usd="0.10")
    VideoJob.objects.create(dream=DreamFactory(), provider="kling", state="ready", cost_usd="0.10")
    VideoJob.objects.create(dream=DreamFactory(), provider="runway", state="failed", cost_usd="0.05")
    page = staff.get("/admin/videogen/videojob/costs/", headers={"accept-language": "en"}).content.decode()
    assert "kling" in page and "0.2000" in page and "runway" in page and "0.0500" in page
