"""The standalone fake provider server (`python -m tests.fakes.server`) speaks all four protocols from one process."""

import hashlib
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.fakes.launch import fake_providers_process
from tests.fakes.providers import fake_settings
from videogen import download, media
from videogen.providers import get_provider
from videogen.providers.base import ProviderError, SubmitOptions

ROOT = Path(__file__).resolve().parents[2]
RENDER_SECONDS = 0.3


@pytest.fixture(scope="module")
def server_base():
    with fake_providers_process(render_seconds=RENDER_SECONDS) as base:
        yield base


@pytest.fixture
def base(server_base, settings):
    for name, value in fake_settings(server_base).items():
        setattr(settings, name, value)
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = [server_base.removeprefix("http://")]
    settings.VIDEOGEN_HTTP_RETRY_SCALE = 0.001
    settings.REPLICATE_VIDEO_MODEL = "stability-ai/stable-video-diffusion"
    settings.RUNWAY_VIDEO_MODEL = "gen4_turbo"
    requests.post(f"{server_base}/_reset", timeout=5).raise_for_status()
    return server_base


def run_to_the_end(provider, prompt: str, options: SubmitOptions = SubmitOptions()):  # noqa: B008
    task_id = provider.submit(prompt, options)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        result = provider.poll(task_id)
        if result.next_task_id:
            task_id = result.next_task_id
        elif result.state in ("succeeded", "failed", "cancelled"):
            return result
        time.sleep(0.05)
    raise AssertionError(f"{provider.name} did not finish")


@pytest.mark.parametrize("name", ["luma", "runway", "replicate", "kling"])
def test_every_provider_renders_a_downloadable_clip(base, name, tmp_path):
    result = run_to_the_end(get_provider(name), f"a lighthouse for {name}")
    assert result.state == "succeeded"
    assert result.video_url.startswith(f"{base}/files/")
    clip = download.safe_download(result.video_url, tmp_path / "clip.mp4", max_bytes=10 * 1024 * 1024)
    info = media.probe(clip)
    assert info.width * 16 == info.height * 9  # vertical: the samples' 72×128, or SVD's 576×1024


def test_stats_count_submissions_per_provider_prompt_and_external_id(base):
    get_provider("luma").submit("one dream", SubmitOptions())
    get_provider("luma").submit("one dream", SubmitOptions())
    get_provider("kling").submit("another dream", SubmitOptions(external_id="job-7-1"))
    stats = requests.get(f"{base}/_stats", timeout=5).json()
    assert stats["submissions"] == {"luma": 2, "kling": 1}
    assert stats["by_prompt"][hashlib.sha256(b"one dream").hexdigest()] == 2
    assert stats["by_external_id"] == {"job-7-1": 1}

    requests.post(f"{base}/_reset", timeout=5)
    assert requests.get(f"{base}/_stats", timeout=5).json()["submissions"] == {}


def test_second_steps_are_counted_apart_from_submissions(base):
    run_to_the_end(get_provider("runway"), "a lighthouse")
    stats = requests.get(f"{base}/_stats", timeout=5).json()
    assert stats["submissions"] == {"runway": 1}
    assert stats["steps"] == {"runway:video": 1}


def test_configure_makes_the_next_task_fail(base):
    requests.post(f"{base}/_configure", json={"fail_next": {"kling": "safety"}}, timeout=5)
    result = run_to_the_end(get_provider("kling"), "a lighthouse")
    assert result.state == "failed" and not result.retryable


def test_concurrent_submissions_are_all_counted(base):
    luma = get_provider("luma")
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda n: luma.submit(f"dream {n}", SubmitOptions()), range(24)))
    assert len(set(ids)) == 24
    assert requests.get(f"{base}/_stats", timeout=5).json()["submissions"] == {"luma": 24}


def test_replicate_webhooks_arrive_signed_and_verify(base, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    replicate = get_provider("replicate")
    task_id = replicate.submit("a lighthouse", SubmitOptions(callback_url=httpserver.url_for("/hook")))
    deadline = time.monotonic() + 5
    while not httpserver.log and time.monotonic() < deadline:
        time.sleep(0.05)
    request, _response = httpserver.log[0]
    event = replicate.parse_webhook(dict(request.headers), request.get_data())
    assert event.task_id == task_id
    assert event.event_id.startswith("msg_")


def test_luma_callbacks_carry_the_generation(base, httpserver):
    httpserver.expect_request("/cb/token", method="POST").respond_with_data("ok")
    luma = get_provider("luma")
    task_id = luma.submit("a lighthouse", SubmitOptions(callback_url=httpserver.url_for("/cb/token")))
    deadline = time.monotonic() + 5
    while not httpserver.log and time.monotonic() < deadline:
        time.sleep(0.05)
    request, _response = httpserver.log[0]
    assert json.loads(request.get_data())["state"] == "completed"
    assert luma.parse_webhook({}, request.get_data()).task_id == task_id


def test_print_env_names_every_setting_to_point_at_the_server():
    output = subprocess.run(
        [sys.executable, "-m", "tests.fakes.server", "--port", "8799", "--print-env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "LUMA_API_BASE=http://127.0.0.1:8799/luma" in output
    assert "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS=127.0.0.1:8799" in output


def test_any_key_works_except_a_bad_one(base, settings):
    settings.LUMA_API_KEY = "whatever-the-test-set"
    settings.KLING_ACCESS_KEY, settings.KLING_SECRET_KEY = "kling-access", "kling-secret"
    assert get_provider("luma").submit("a lighthouse", SubmitOptions())
    assert get_provider("kling").submit("a lighthouse", SubmitOptions())
    settings.RUNWAY_API_KEY = "bad-key"
    with pytest.raises(ProviderError) as caught:
        get_provider("runway").submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
