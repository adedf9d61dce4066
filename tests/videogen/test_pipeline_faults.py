"""What the pipeline does when a provider's video cannot be fetched, or when a provider's answer was lost.

Every case ends in a defined state with a message a therapist understands, never pays twice for one video, and leaves
the dream untouched unless a playable video was stored.
"""

import re

import pytest

from dreams.models import Dream
from tests.conftest import configure_fake, fake_stats
from tests.factories import DreamFactory, VideoJobFactory, VideoSubmissionFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import Installation, VideoJob, VideoSubmission
from videogen.providers import get_provider
from videogen.providers.base import SubmitOptions
from videogen.services import GenerationRefused, video_job_start
from videogen.services.jobs import build_job_prompt
from videogen.services.outcomes import MAX_ATTEMPTS, accept, submit_options
from videogen.services.steps import MAX_DOWNLOADS, job_submit

pytestmark = pytest.mark.django_db(transaction=True)

EXTERNAL = ["luma", "runway", "replicate", "kling"]
FAULTS = {
    "404": "expired",
    "truncated": "could not be downloaded",
    "not_video": "not a video",
    "oversize": "larger than the 1 mb limit",
    "redirect_to_loopback": "private network",
}


@pytest.fixture
def fake(fake_providers_configured, settings):
    configure_fake(fake_providers_configured, render_seconds=0.3)
    settings.VIDEOGEN_MAX_VIDEO_MB = 1
    return fake_providers_configured


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("provider", EXTERNAL)
def test_a_spoiled_download_fails_the_job_clearly_without_paying_again(fake, settings, provider, fault):
    settings.VIDEOGEN_PROVIDERS = [provider]
    configure_fake(fake, file_fault={provider: fault})
    dream = DreamFactory(symbols=["whale", provider])
    job = run_to_end(dream, provider)
    assert job.state == "failed"
    assert FAULTS[fault] in job.error_message.lower(), job.error_message
    assert not dream.video and not dream.poster and dream.consent_video
    assert fake_stats(fake)["submissions"] == {provider: 1}
    # a cut-off transfer is fetched again (a few times); a refused one is not; bytes that arrived whole are not
    assert job.download_attempts == {"truncated": MAX_DOWNLOADS, "not_video": 0}.get(fault, 1)


def test_a_download_that_keeps_failing_hands_the_video_to_the_next_provider(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "local"]
    configure_fake(fake, file_fault={"kling": "404"})
    dream = DreamFactory()
    job = run_to_end(dream, "kling")
    assert job.state == "ready", job.error_message
    assert job.providers_tried == ["kling", "local"] and dream.video
    charged = list(job.submissions.values_list("provider", "state", "cost_usd"))
    assert [(provider, state) for provider, state, _cost in charged] == [("kling", "accepted"), ("local", "accepted")]
    assert job.cost_usd == get_provider("kling").cost_per_clip  # what Kling charged stays on the job


def never_arrived(job: VideoJob) -> VideoSubmission:
    """As a worker killed as its request left leaves it: the submission recorded as sending, no answer read."""
    job.attempts = 1
    job.save()
    return VideoSubmissionFactory(job=job)


def lose_the_answer(job: VideoJob) -> str:
    """As a worker killed mid-request leaves it: the provider made the task, we recorded the submission as sending."""
    submission = never_arrived(job)
    provider = get_provider(job.provider)
    return provider.submit(job.prompt, submit_options(job, provider, submission))


def resubmitted(dream, provider: str, lose=lose_the_answer):
    """The dream's job after its first request was lost by `lose(job)`: submitted again, then run to its end."""
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider=provider, requested_by=dream.author)
        steps.clear()  # the submit message was lost with the worker
        lost = lose(job)
        job_submit(job.pk)
        runner.drain(steps, [job.pk], timeout=60)
    job.refresh_from_db()
    return job, lost


@pytest.mark.parametrize("provider", ["luma", "replicate", "kling"])
def test_a_lost_answer_is_found_at_the_provider_and_not_paid_twice(fake, settings, provider):
    settings.VIDEOGEN_PROVIDERS = [provider]
    job, task_id = resubmitted(DreamFactory(symbols=["owl", provider]), provider)
    assert job.state == "ready", job.error_message
    assert fake_stats(fake)["submissions"] == {provider: 1}
    assert list(job.submissions.values_list("state", "task_id")) == [("accepted", task_id)]


def test_with_webhooks_on_a_lost_replicate_answer_is_found_and_not_paid_twice(fake, settings):
    """Replicate's predictions never show the webhook they were sent with: the look-up matches what they carry."""
    settings.VIDEOGEN_PROVIDERS = ["replicate"]
    settings.VIDEOGEN_PUBLIC_URL = "https://dreamtok.example"
    job, task_id = resubmitted(DreamFactory(symbols=["owl"]), "replicate")
    assert job.state == "ready", job.error_message
    assert fake_stats(fake)["submissions"] == {"replicate": 1}
    assert list(job.submissions.values_list("state", "task_id")) == [("accepted", task_id)]


def test_a_lost_replicate_request_that_is_not_found_is_counted_as_spent(fake, settings):
    """Matching a prediction by its input cannot prove that a request never arrived: it may yet be billed."""
    settings.VIDEOGEN_PROVIDERS = ["replicate"]
    job, _lost = resubmitted(DreamFactory(symbols=["owl"]), "replicate", lose=never_arrived)
    assert job.state == "ready", job.error_message
    cost = get_provider("replicate").cost_per_clip
    assert list(job.submissions.values_list("state", "cost_usd")) == [("lost", cost), ("accepted", cost)]


def test_a_lost_answer_never_adopts_a_task_of_another_install_on_the_same_kling_key(fake, settings):
    """Staging and production (or a reset database) number jobs and submissions alike; Kling's external_task_id is
    unique per account, so ours carries this install's own prefix."""
    settings.VIDEOGEN_PROVIDERS = ["kling"]

    def lost_while_another_install_numbered_alike(job: VideoJob) -> str:
        submission = never_arrived(job)
        numbered_alike = SubmitOptions(external_id=f"dreamtok-{job.pk}-{submission.pk}")
        return get_provider("kling").submit("another install's dream", numbered_alike)

    job, elsewhere = resubmitted(DreamFactory(symbols=["owl"]), "kling", lose=lost_while_another_install_numbered_alike)
    assert job.state == "ready", job.error_message
    assert job.provider_task_id != elsewhere
    assert list(job.submissions.values_list("state", flat=True)) == ["lost", "accepted"]


def test_external_ids_carry_a_random_prefix_made_once_per_install(fake):
    job = VideoJobFactory(provider="kling")
    first, second = VideoSubmissionFactory.create_batch(2, job=job)
    prefix = Installation.current().prefix
    assert re.fullmatch(r"[0-9a-f]{12}", prefix)
    assert first.external_id == f"dreamtok-{prefix}-{job.pk}-{first.pk}-{first.nonce}"
    assert second.external_id == f"dreamtok-{prefix}-{job.pk}-{second.pk}-{second.nonce}"
    assert re.fullmatch(r"[0-9a-f]{8}", first.nonce) and first.nonce != second.nonce
    Installation.objects.all().delete()  # a database reset: the same ids again, another install
    assert not first.external_id.startswith(f"dreamtok-{prefix}-")


def test_a_database_restored_from_a_backup_names_new_requests_afresh(fake):
    """A restore (or a staging copy) brings the install prefix back while ids rewind: the nonce tells them apart."""
    job = VideoJobFactory(provider="kling")
    sent = VideoSubmissionFactory(job=job)
    name = sent.external_id
    sent.delete()  # the backup was taken before this submission
    again = VideoSubmissionFactory(pk=sent.pk, job=job)
    assert again.external_id != name and again.external_id.startswith(f"dreamtok-{Installation.current().prefix}-")


def test_a_provider_that_cannot_be_asked_is_sent_the_job_again(fake, settings):
    """Runway lists no tasks: a lost answer costs one more submission, recorded as such."""
    settings.VIDEOGEN_PROVIDERS = ["runway"]
    job, _task_id = resubmitted(DreamFactory(symbols=["owl"]), "runway")
    assert job.state == "ready", job.error_message
    assert fake_stats(fake)["submissions"] == {"runway": 2}
    assert list(job.submissions.values_list("state", flat=True)) == ["lost", "accepted"]


def test_a_task_already_taken_by_another_job_is_not_adopted(fake, settings):
    """Two dreams with the same symbols send the same prompt; a lost answer must not take the other job's video."""
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    first = DreamFactory(symbols=["lighthouse"])
    first_job = run_to_end(first, "luma")
    second = DreamFactory(symbols=["lighthouse"])  # another therapist: the finished video is not reused
    job, _submission = resubmitted(second, "luma", lose=never_arrived)
    assert job.state == "ready", job.error_message
    assert job.provider_task_id != first_job.submissions.get().task_id
    assert list(job.submissions.values_list("state", flat=True)) == ["lost", "accepted"]


def test_a_job_whose_every_try_died_mid_request_stops(settings):
    settings.VIDEOGEN_PROVIDERS = ["local"]
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="local", requested_by=dream.author)
        steps.clear()
        job.attempts = MAX_ATTEMPTS
        job.save()
        job_submit(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "kept failing" in job.error_message


def test_the_budget_counts_queued_jobs_so_a_bulk_start_cannot_overspend(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "local"]
    settings.VIDEOGEN_DAILY_BUDGET_USD = 0.25  # two Kling clips at 0.10, not three
    dreams = [DreamFactory() for _ in range(3)]
    with runner.in_process():
        started = [video_job_start(dream=dream, provider="kling") for dream in dreams[:2]]
        with pytest.raises(GenerationRefused, match="budget"):
            video_job_start(dream=dreams[2], provider="kling")
    assert len(started) == VideoJob.objects.count() == 2


def test_a_job_that_would_overspend_when_sent_goes_to_the_local_renderer(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "local"]
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="kling", requested_by=dream.author)
        settings.VIDEOGEN_DAILY_BUDGET_USD = 0.05  # lowered by the operator meanwhile
        runner.drain(steps, [job.pk], timeout=60)
    job.refresh_from_db()
    assert job.state == "ready" and job.provider == "local"
    assert fake_stats(fake)["submissions"] == {}


def test_the_therapist_daily_limit_holds_for_external_services_only(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "luma", "local"]
    settings.VIDEOGEN_THERAPIST_DAILY_LIMIT = 1
    first = DreamFactory()
    second = DreamFactory(client=first.client)
    video_job_start(dream=first, provider="kling", requested_by=first.author)
    with pytest.raises(GenerationRefused, match="limit"):
        video_job_start(dream=second, provider="luma", requested_by=first.author)
    assert video_job_start(dream=second, provider="local", requested_by=first.author).provider == "local"


def test_a_fallback_does_not_count_against_the_therapist_limit_twice(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma", "kling", "local"]
    settings.VIDEOGEN_THERAPIST_DAILY_LIMIT = 1
    settings.LUMA_API_KEY = "wrong-key"
    dream = DreamFactory()
    job = run_to_end(dream, "luma")
    assert job.state == "ready" and job.providers_tried == ["luma", "kling"]


def test_the_prompt_of_a_fallback_fits_the_next_provider(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma", "runway"]
    settings.LUMA_API_KEY = "wrong-key"
    dream = DreamFactory(privacy_mode="full", consent_full_text=True, content="I swam with a whale. " * 150)
    job = run_to_end(dream, "luma")
    assert job.state == "ready", job.error_message
    assert job.prompt == build_job_prompt(dream=dream, provider="runway").prompt
    assert len(job.prompt) <= get_provider("runway").max_prompt_chars


def test_a_job_cancelled_while_its_request_was_out_stays_cancelled(fake, settings, monkeypatch):
    """Consent withdrawn while the provider was answering: the answer does not bring the job back."""
    from dreams.services import consent_withdraw
    from videogen.providers.luma import LumaProvider

    settings.VIDEOGEN_PROVIDERS = ["luma"]
    dream = DreamFactory()
    submit = LumaProvider.submit

    def submit_while_the_client_withdraws(self, prompt, options):
        consent_withdraw(dream=Dream.objects.get(pk=dream.pk), by=dream.client.user)
        return submit(self, prompt, options)

    monkeypatch.setattr(LumaProvider, "submit", submit_while_the_client_withdraws)
    job = run_to_end(dream, "luma")
    assert job.state == "cancelled" and not dream.video
    [submission] = job.submissions.all()
    assert submission.state == "accepted" and submission.cost_usd == get_provider("luma").cost_per_clip
    assert fake_stats(fake)["submissions"] == {"luma": 1}
    assert fake_stats(fake)["tasks"] == 0  # and Luma was told to drop it


def test_one_task_is_never_recorded_for_two_jobs(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling"]
    first, second = (DreamFactory() for _ in range(2))
    with runner.in_process():
        jobs = [video_job_start(dream=dream, provider="kling") for dream in (first, second)]
        submissions = [VideoSubmissionFactory(job=job) for job in jobs]
        assert accept(jobs[0], submissions[0], "k-1", get_provider("kling").cost_per_clip)
        assert not accept(jobs[1], submissions[1], "k-1", get_provider("kling").cost_per_clip)
    jobs[1].refresh_from_db()
    assert jobs[1].state == "queued" and jobs[1].provider_task_id == "" and jobs[1].cost_usd == 0
    submissions[1].refresh_from_db()
    assert (submissions[1].state, submissions[1].task_id, submissions[1].cost_usd) == ("lost", "", 0)


def test_a_request_left_unanswered_before_a_fallback_is_counted_as_spent(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["runway", "local"]
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="runway", requested_by=dream.author)
        steps.clear()
        VideoSubmissionFactory(job=job)  # sent; no answer read
        job.attempts = MAX_ATTEMPTS
        job.save()
        VideoSubmissionFactory(job=job)  # sent; no answer read
        job_submit(job.pk)
        runner.drain(steps, [job.pk], timeout=60)
    job.refresh_from_db()
    assert job.state == "ready" and job.provider == "local"
    runway = get_provider("runway").cost_per_clip
    assert sorted(job.submissions.values_list("provider", "state", "cost_usd")) == [
        ("local", "accepted", 0),
        ("runway", "lost", runway),
        ("runway", "lost", runway),
    ]


def test_regenerating_near_the_budget_does_not_count_the_job_it_replaces(fake, settings):
    settings.VIDEOGEN_PROVIDERS = ["kling", "local"]
    settings.VIDEOGEN_DAILY_BUDGET_USD = 0.15  # one Kling clip at 0.10, not two
    dream = DreamFactory()
    with runner.in_process():
        first = video_job_start(dream=dream, provider="kling")
        second = video_job_start(dream=dream, provider="kling")
    first.refresh_from_db()
    assert first.state == "cancelled" and second.state == "queued"
