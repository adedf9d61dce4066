"""Every copy of a dream's media — local renders, provider downloads, stored videos and posters — is gone once the
pipeline is done with it, and once consent is withdrawn or the dream deleted: every file under the var folder is
listed before and after."""

from pathlib import Path

import pytest

from dreams.services import consent_withdraw, dream_delete
from tests.conftest import configure_fake, files_under
from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.download import download_path
from videogen.models import VideoJob
from videogen.services import job_cancel, video_job_start
from videogen.services.steps import job_submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def var_dir(tmp_path, settings):
    """The folder that holds this test's stored media and temporary files (see conftest's _private_media)."""
    assert Path(settings.VIDEOGEN_TMP_DIR).is_relative_to(tmp_path)
    return tmp_path


@pytest.fixture
def fake(fake_providers_configured):
    configure_fake(fake_providers_configured, render_seconds=0.3)
    return fake_providers_configured


def stored(dream) -> set[str]:
    return {f"media/{dream.video.name}", f"media/{dream.poster.name}"}


@pytest.mark.parametrize("provider", ["local", "luma"])
def test_a_finished_video_leaves_only_the_stored_video_and_poster(fake, var_dir, provider):
    before = files_under(var_dir)
    dream = DreamFactory()
    job = run_to_end(dream, provider)
    assert job.state == "ready", job.error_message
    assert files_under(var_dir) - before == stored(dream)


def withdraw(dream) -> None:
    consent_withdraw(dream=dream, by=dream.client.user)


def delete(dream) -> None:
    dream_delete(dream=dream, by=dream.author)


@pytest.mark.parametrize("end", [withdraw, delete], ids=["consent withdrawn", "dream deleted"])
@pytest.mark.parametrize("provider", ["local", "luma"])
def test_nothing_of_the_dream_is_left_once_it_is_withdrawn_or_deleted(fake, var_dir, provider, end):
    before = files_under(var_dir)
    dream = DreamFactory()
    assert run_to_end(dream, provider).state == "ready"
    assert files_under(var_dir) - before
    end(dream)
    assert files_under(var_dir) - before == set()


def leave_a_render(dream) -> None:
    """A worker killed after rendering, before it stored the clip: the poll that would have stored it is lost."""
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="local", requested_by=dream.author)
        job_submit(job.pk)
        steps.clear()


def leave_a_download(dream) -> None:
    """A worker killed while it downloaded the provider's video: the file stays where the download put it."""
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="luma", requested_by=dream.author)
        steps.clear()
    VideoJob.objects.filter(pk=job.pk).update(state=VideoJob.State.DOWNLOADING)
    path = download_path(job.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42 half a video")


@pytest.mark.parametrize("end", [withdraw, delete], ids=["consent withdrawn", "dream deleted"])
@pytest.mark.parametrize("leave", [leave_a_render, leave_a_download], ids=["render", "download"])
def test_what_a_dead_worker_left_behind_goes_with_the_dream(fake, var_dir, leave, end):
    before = files_under(var_dir)
    dream = DreamFactory()
    leave(dream)
    assert files_under(var_dir) - before
    end(dream)
    assert files_under(var_dir) - before == set()


def test_a_cancelled_render_leaves_no_file(var_dir):
    before = files_under(var_dir)
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = video_job_start(dream=dream, provider="local", requested_by=dream.author)
        job_submit(job.pk)
        steps.clear()
    job.refresh_from_db()
    assert files_under(var_dir) - before
    job_cancel(job=job)
    assert files_under(var_dir) - before == set()
