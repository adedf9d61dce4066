"""The local provider: renders into VIDEOGEN_TMP_DIR, polls by file, reuses, cancels, never leaves a half file."""

from decimal import Decimal

import pytest

from videogen.providers import local
from videogen.providers.base import ProviderError, SubmitOptions
from videogen.providers.local import LocalProvider

PROMPT = "A huge red whale swims beside me in the water"
OPTIONS = SubmitOptions(symbols=["whale", "water", "red"])


def test_local_provider_needs_no_key_and_costs_nothing(settings):
    assert LocalProvider.name == "local"
    assert LocalProvider.label == "Local renderer (nothing leaves the server)"
    assert LocalProvider.is_configured(settings) is True
    assert LocalProvider.max_prompt_chars == 2000
    assert LocalProvider().cost_per_clip == Decimal("0")


def test_submit_renders_into_the_tmp_dir_and_poll_finds_it(settings):
    provider = LocalProvider()
    task_id = provider.submit(PROMPT, OPTIONS)
    path = settings.VIDEOGEN_TMP_DIR / f"local-{task_id}.mp4"
    assert len(task_id) == 32 and int(task_id, 16) >= 0
    assert path.stat().st_size > 10_000
    result = provider.poll(task_id)
    assert result.state == "succeeded"
    assert result.video_path == str(path)
    assert result.progress == 1.0
    assert list(settings.VIDEOGEN_TMP_DIR.iterdir()) == [path]  # no temporary file left behind


def test_submitting_the_same_dream_again_does_not_render_again(settings, monkeypatch):
    provider = LocalProvider()
    first = provider.submit(PROMPT, OPTIONS)

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(local, "render_clip", must_not_render)
    assert provider.submit(PROMPT, OPTIONS) == first


def test_different_symbols_get_a_different_task(settings):
    provider = LocalProvider()
    assert provider.submit(PROMPT, OPTIONS) != provider.submit(PROMPT, SubmitOptions(symbols=["whale"]))


def test_poll_of_a_missing_clip_fails_retryably(settings):
    result = LocalProvider().poll("0" * 32)
    assert result.state == "failed"
    assert result.retryable is True
    assert result.error


def test_cancel_removes_the_clip(settings):
    provider = LocalProvider()
    task_id = provider.submit(PROMPT, OPTIONS)
    provider.cancel(task_id)
    assert provider.poll(task_id).state == "failed"
    provider.cancel(task_id)  # cancelling twice is harmless


def test_a_render_that_dies_midway_leaves_no_file_under_the_final_name(settings, monkeypatch):
    def dies_midway(prompt, symbols, out_path, poster_path=None):
        out_path.write_bytes(b"\x00\x00\x00\x18ftypisom half a video")
        raise RuntimeError("worker killed")

    monkeypatch.setattr(local, "render_clip", dies_midway)
    provider = LocalProvider()
    with pytest.raises(ProviderError) as error:
        provider.submit(PROMPT, OPTIONS)
    assert error.value.retryable is True
    assert list(settings.VIDEOGEN_TMP_DIR.iterdir()) == []


def test_a_task_id_cannot_point_outside_the_tmp_dir(settings):
    with pytest.raises(ProviderError):
        LocalProvider().poll("../../etc/passwd")
