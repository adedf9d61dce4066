"""Staff view of video jobs: filters, retry and cancel, cost per provider and day."""

import re

import pytest

from tests.factories import DreamFactory, VideoJobFactory, VideoSubmissionFactory
from videogen import ledger, runner
from videogen.models import VideoSubmission

pytestmark = pytest.mark.django_db


def test_job_list_filters_by_state_and_provider(staff):
    VideoJobFactory(dream=DreamFactory(title="Failed one"), provider="luma", state="failed", error="Key refused")
    VideoJobFactory(dream=DreamFactory(title="Ready one"), state="ready")
    page = staff.get("/admin/videogen/videojob/?state__exact=failed&provider=luma").content.decode()
    assert "Failed one" in page and "Ready one" not in page and "Key refused" in page


def test_job_list_searches_the_dreams_encrypted_titles_in_any_case(staff):
    VideoJobFactory(dream=DreamFactory(title="Lighthouse at dawn"), provider_task_id="a1")
    VideoJobFactory(dream=DreamFactory(title="Cellar"), provider="luma", provider_task_id="lighthouse-0")
    VideoJobFactory(dream=DreamFactory(title="Garden"), provider="luma", provider_task_id="b2")
    page = staff.get("/admin/videogen/videojob/?q=LIGHTHOUSE").content.decode()
    assert "Lighthouse at dawn" in page and "Cellar" in page and "Garden" not in page  # title, or the task id


def test_retry_queues_a_failed_job_again(staff, django_capture_on_commit_callbacks):
    job = VideoJobFactory(state="failed", attempts=3, error="x")
    with runner.in_process() as steps, django_capture_on_commit_callbacks(execute=True):
        staff.post("/admin/videogen/videojob/", {"action": "retry", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.state == "queued" and job.attempts == 0 and job.error_message == ""
    assert [(step, job_id) for _, _, step, job_id in steps] == [("job_submit", job.pk)]


def test_cancel_stops_an_active_job(staff):
    job = VideoJobFactory(state="rendering", provider_task_id="ab12")
    staff.post("/admin/videogen/videojob/", {"action": "cancel", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.state == "cancelled" and job.finished_at


def charged(job, provider, cost, state="accepted"):
    """A request to a provider, entered in the ledger as the pipeline does when the provider took it."""
    task_id = f"{provider}-{VideoSubmission.objects.count()}"
    submission = VideoSubmissionFactory(job=job, provider=provider, state=state, task_id=task_id, cost_usd=cost)
    if state == "accepted":
        ledger.charge_record(submission=submission, job=job)
    return submission


def test_cost_summary_counts_each_provider_a_job_was_charged_at(staff):
    for _ in range(2):
        charged(VideoJobFactory(provider="kling", state="ready"), "kling", "0.10")
    fell_back = VideoJobFactory(provider="kling", state="ready")
    charged(fell_back, "runway", "0.05")  # Runway took the money, then failed the video
    charged(fell_back, "kling", "0.10")
    charged(fell_back, "luma", "0", state="refused")  # a refused request costs nothing and is not a row
    page = staff.get("/admin/videogen/videojob/costs/", headers={"accept-language": "en"}).content.decode()
    rows = re.findall(r"<tr><td>[^<]*</td><td>(\w+)</td><td>(\d+)</td><td>([\d.]+)</td></tr>", page)
    assert sorted(rows) == [("kling", "3", "0.3000"), ("runway", "1", "0.0500")]


def test_a_job_page_lists_its_submissions(staff):
    job = VideoJobFactory(state="ready", providers_tried=["luma"])
    VideoSubmissionFactory(job=job, provider="luma", state="refused", error="The Luma API key was refused.")
    charged(job, "local", "0")
    page = staff.get(f"/admin/videogen/videojob/{job.pk}/change/", headers={"accept-language": "en"}).content.decode()
    assert "The Luma API key was refused." in page and "Accepted" in page


def test_the_job_list_shows_each_stored_videos_size_and_flags_a_small_one(staff):
    sizes = {"Sharp": (576, 1024), "Blurry": (320, 576), "Not yet": (None, None)}
    for title, (width, height) in sizes.items():
        dream = DreamFactory(title=title)
        VideoJobFactory(dream=dream, provider="replicate", state="ready", video_width=width, video_height=height)
    page = staff.get("/admin/videogen/videojob/", headers={"accept-language": "en"}).content.decode()
    assert "576×1024" in page and "320×576" in page
    assert page.count("under 540 px") == 1
