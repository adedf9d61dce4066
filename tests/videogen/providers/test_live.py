"""Live smoke tests: one real 5 s 9:16 clip at each provider whose key is in the environment. They cost money, so
they are deselected unless asked for: before a release, with the keys set,
`DEBUG=true .venv/bin/pytest -m live -p no:cacheprovider tests/videogen/providers/test_live.py` (or DREAMTOK_LIVE=1).

Each goes the whole way through the pipeline (submit, poll, download, probe, faststart, poster, storage) on the
provider's real host and checks the stored file and the recorded cost. The selection itself is checked here too.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import media
from videogen.providers import get_provider

ROOT = Path(__file__).resolve().parents[3]
# The shortest clip each makes as we ask: 5 s, but Stable Video Diffusion's 25 frames at 6 fps last about 4 s.
MIN_SECONDS = {"luma": 5.0, "runway": 5.0, "replicate": 4.0, "kling": 5.0}
KEYS = ("LUMA_API_KEY", "RUNWAY_API_KEY", "REPLICATE_API_TOKEN", "KLING_ACCESS_KEY", "KLING_SECRET_KEY")


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(1500)
@pytest.mark.parametrize("provider", [pytest.param(name, marks=pytest.mark.live(name)) for name in MIN_SECONDS])
def test_a_real_provider_makes_a_stored_vertical_clip_at_the_recorded_cost(provider, settings):
    settings.VIDEOGEN_PROVIDERS = [provider]  # no fallback: this provider, or a failure
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = []  # the real https checks
    settings.VIDEOGEN_PUBLIC_URL = ""  # no callbacks reach a test machine: poll
    settings.VIDEOGEN_DAILY_BUDGET_USD = max(settings.VIDEOGEN_DAILY_BUDGET_USD, 1.0)
    dream = DreamFactory(symbols=["lighthouse", "sea", "moon"])
    job = run_to_end(dream, provider, timeout=1200)
    assert job.state == "ready", job.error_message
    path = Path(default_storage.path(dream.video.name))
    info = media.probe(path)
    assert info.codec == "h264" and "mp4" in info.container.split(",")
    assert abs(info.width / info.height - 9 / 16) < 0.02, (info.width, info.height)
    assert info.duration >= MIN_SECONDS[provider] - 0.1, info.duration
    boxes = media.top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat")  # faststart
    assert (job.video_width, job.video_height) == (info.width, info.height)
    assert job.cost_usd == get_provider(provider).cost_per_clip
    assert list(job.submissions.values_list("provider", "state")) == [(provider, "accepted")]


def collected(*options: str, **environment: str) -> str:
    """What pytest would run of this file: its --collect-only summary, in a clean environment."""
    env = {key: value for key, value in os.environ.items() if key not in KEYS and key != "DREAMTOK_LIVE"}
    env.update({"DEBUG": "true", **environment})
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *options, __file__]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return run.stdout


def test_live_tests_are_deselected_unless_asked_for():
    """As `make test` and CI run the suite: the live tests are deselected, not skipped."""
    summary = collected("-m", "not integration and not e2e", LUMA_API_KEY="a-real-key").splitlines()[-1]
    assert summary.startswith("2/6 tests collected (4 deselected)") and "skipped" not in summary


def test_asked_for_a_live_run_only_providers_with_a_key_are_selected():
    summary = collected("-m", "live", LUMA_API_KEY="a-real-key", KLING_ACCESS_KEY="only-half-of-a-pair")
    assert "test_a_real_provider_makes_a_stored_vertical_clip_at_the_recorded_cost[luma]" in summary
    assert "[kling]" not in summary and "[runway]" not in summary
    assert summary.splitlines()[-1].startswith("1/6 tests collected (5 deselected)")
    with_variable = collected(DREAMTOK_LIVE="1", RUNWAY_API_KEY="a-real-key")  # the other tests of the file too
    assert "[runway]" in with_variable and with_variable.splitlines()[-1].startswith("3/6 tests collected")
