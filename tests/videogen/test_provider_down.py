"""A provider down for good: its jobs move to the next provider, or fail with a clear reason, in bounded time.

The runner's clock skips every wait (the retries' back-off, the polls, the job timeout), so these take no real time;
the bound is on the pipeline's own time, and the fake providers render at once.
"""

import pytest
from django.utils import translation

from tests.conftest import configure_fake, fake_stats
from tests.factories import DreamFactory
from tests.fakes.launch import serve_in_thread, stop_server
from tests.fakes.providers import FakeProviders
from tests.fakes.server import make_handler
from tests.net import free_port
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db(transaction=True)

# Three submit attempts with waits of 2 s and 4 s, each attempt a few instant connection refusals: well under this.
BOUND_SECONDS = 25


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run_timed(dream, provider: str, on_step=None) -> tuple[VideoJob, float]:
    """The job run to its end without waiting, and the seconds of pipeline time it took."""
    clock = runner.SkippingClock()
    started = clock.now()
    job = run_to_end(dream, provider, clock=clock, on_step=on_step)
    return job, (clock.now() - started).total_seconds()


@pytest.fixture
def instant_renders(fake_providers_configured):
    """The shared fake providers render at once: with the clock skipping waits, nothing is worth waiting for."""
    configure_fake(fake_providers_configured, render_seconds=0)
    return fake_providers_configured


@pytest.fixture
def luma_down(instant_renders, settings):
    """Luma's address answers nothing: no process listens on that port."""
    settings.LUMA_API_BASE = f"http://127.0.0.1:{free_port()}/luma"
    return instant_renders


class StoppableFake:
    """The fake providers on a loopback port of their own, in a thread, to be switched off mid-render."""

    def __init__(self, render_seconds: float):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        world = FakeProviders(base_url=self.base, render_seconds=render_seconds)
        self.server = serve_in_thread(make_handler(world, quiet=True), port=port)
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            stop_server(self.server)


@pytest.fixture
def stoppable_luma(instant_renders, settings):
    fake = StoppableFake(render_seconds=60)
    settings.LUMA_API_BASE = f"{fake.base}/luma"
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = [
        *settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS,
        fake.base.removeprefix("http://"),
    ]
    yield fake
    fake.stop()


def test_jobs_of_a_provider_down_for_good_fall_back_to_the_next_one(luma_down, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma", "runway"]
    job, seconds = run_timed(DreamFactory(symbols=["owl"]), "luma")
    assert job.state == "ready", job.error_message
    assert job.providers_tried == ["luma", "runway"] and job.provider == "runway"
    assert fake_stats(luma_down)["submissions"] == {"runway": 1}
    assert seconds < BOUND_SECONDS


def test_with_no_provider_left_the_job_fails_with_a_reason_a_therapist_understands(luma_down, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    job, seconds = run_timed(DreamFactory(symbols=["owl"]), "luma")
    assert job.state == "failed"
    expected = "The video was not made: Luma could not be reached or kept failing. Please try again later."
    assert job.error_message == expected
    assert job.attempts == 3 and job.finished_at is not None
    assert seconds < BOUND_SECONDS


def test_a_provider_dying_mid_render_hands_the_job_on_after_the_job_timeout(stoppable_luma, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma", "runway"]
    # The fallback's own render (two Runway tasks) must fit the same timeout on a busy machine.
    settings.VIDEOGEN_JOB_TIMEOUT_SECONDS = 6
    dream = DreamFactory(symbols=["owl"])

    def stop_once_submitted():
        if VideoJob.objects.filter(dream=dream, provider="luma").exclude(provider_task_id="").exists():
            stoppable_luma.stop()

    job, seconds = run_timed(dream, "luma", on_step=stop_once_submitted)
    assert not stoppable_luma.running
    assert job.state == "ready", job.error_message
    assert job.providers_tried == ["luma", "runway"]
    assert seconds < BOUND_SECONDS


def test_a_provider_dying_mid_render_with_no_fallback_fails_in_bounded_time(stoppable_luma, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    settings.VIDEOGEN_JOB_TIMEOUT_SECONDS = 3
    dream = DreamFactory(symbols=["owl"])

    def stop_once_submitted():
        if VideoJob.objects.filter(dream=dream).exclude(provider_task_id="").exists():
            stoppable_luma.stop()

    job, seconds = run_timed(dream, "luma", on_step=stop_once_submitted)
    assert job.state == "failed"
    assert job.error_message == "Luma did not deliver the video in time."
    assert seconds < BOUND_SECONDS
