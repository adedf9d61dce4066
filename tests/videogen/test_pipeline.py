"""The pipeline, step by step in this process: a consented dream ends as a stored, playable video, or a clear error."""

import pytest
from django.core.files.storage import default_storage

from dreams.services import consent_withdraw
from tests.conftest import fake_stats
from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import media, runner
from videogen.models import VideoJob
from videogen.providers import get_provider
from videogen.services import GenerationRefused, video_job_start

pytestmark = pytest.mark.django_db(transaction=True)


def assert_playable(dream):
    assert dream.video and dream.poster and dream.video_ready_at
    info = media.probe(default_storage.path(dream.video.name))
    assert (info.width, info.height) in [(720, 1280), (576, 1024), (72, 128)] and 1 <= info.duration <= 20
    assert default_storage.open(dream.poster.name).read(2) == b"\xff\xd8"
    return info


def test_local_renderer_takes_a_dream_to_ready():
    dream = DreamFactory()
    job = run_to_end(dream, "local")
    assert job.state == "ready", job.error_message
    assert job.cost_usd == 0
    assert "whale" in job.prompt
    assert_playable(dream)


@pytest.mark.parametrize("provider", ["luma", "runway", "replicate", "kling"])
def test_each_external_provider_takes_a_dream_to_ready(fake_providers_configured, provider):
    dream = DreamFactory(symbols=[provider, "moon"])
    job = run_to_end(dream, provider)
    assert job.state == "ready", job.error_message
    assert job.provider == provider and job.cost_usd == get_provider(provider).cost_per_clip
    info = assert_playable(dream)
    assert (job.video_width, job.video_height) == (info.width, info.height)  # the stored file's own size
    assert fake_stats(fake_providers_configured)["submissions"].get(provider, 0) >= 1


def test_a_replicate_video_keeps_its_vertical_frame(fake_providers_configured):
    """Stable Video Diffusion keeps the 576×1024 first frame: no 320×576 clip stretched on a phone."""
    job = run_to_end(DreamFactory(symbols=["owl"]), "replicate")
    assert job.state == "ready", job.error_message
    assert (job.video_width, job.video_height) == (576, 1024)


def test_no_job_without_consent():
    dream = DreamFactory(consent_video=False)
    with pytest.raises(GenerationRefused):
        video_job_start(dream=dream, provider="local")
    assert not VideoJob.objects.exists()


def test_full_text_mode_without_its_consent_is_refused():
    dream = DreamFactory(privacy_mode="full", consent_full_text=False)
    with pytest.raises(GenerationRefused):
        video_job_start(dream=dream, provider="local")


def test_the_prompt_never_carries_the_dream_text_in_symbols_mode():
    dream = DreamFactory(content="Мария Петрова звонила мне с номера +7 903 111-22-33, а я плыл с китом.")
    job = run_to_end(dream, "local")
    assert "Мария" not in job.prompt and "903" not in job.prompt


def test_withdrawn_consent_cancels_the_job_and_keeps_nothing():
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="local", requested_by=dream.author)
        consent_withdraw(dream=dream, by=dream.client.user)
        runner.drain(steps, [job.pk], timeout=30)
    job.refresh_from_db()
    dream.refresh_from_db()
    assert job.state == "cancelled"
    assert not dream.video


def test_a_provider_refusing_the_key_hands_the_job_to_the_next_one(fake_providers_configured, settings):
    settings.LUMA_API_KEY = "wrong-key"
    settings.VIDEOGEN_PROVIDERS = ["luma", "local"]
    dream = DreamFactory()
    job = run_to_end(dream, "luma")
    assert job.state == "ready", job.error_message
    assert job.providers_tried == ["luma", "local"]
    assert job.provider == "local"


def test_over_the_daily_budget_external_providers_are_refused_but_local_works(fake_providers_configured, settings):
    settings.VIDEOGEN_DAILY_BUDGET_USD = 0.01
    dream = DreamFactory()
    with pytest.raises(GenerationRefused, match="budget"):
        video_job_start(dream=dream, provider="kling")
    assert run_to_end(dream, "local").state == "ready"


def test_regenerating_replaces_the_old_files():
    dream = DreamFactory()
    run_to_end(dream, "local")
    first = dream.video.name
    dream.symbols = ["owl"]
    dream.save()
    run_to_end(dream, "local")
    assert dream.video.name != first
    assert not default_storage.exists(first)


def test_an_identical_dream_reuses_the_finished_video(fake_providers_configured):
    first = DreamFactory(symbols=["lighthouse"])
    run_to_end(first, "kling")
    before = fake_stats(fake_providers_configured)["submissions"].get("kling", 0)
    second = DreamFactory(client=first.client, symbols=["lighthouse"])
    job = run_to_end(second, "kling")
    assert job.state == "ready" and job.cost_usd == 0
    assert fake_stats(fake_providers_configured)["submissions"].get("kling", 0) == before
