"""`manage.py generate_videos`: bulk generation in this process with a progress bar, or queued for the workers."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import DreamFactory
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db(transaction=True)


def test_generates_missing_videos_in_this_process(capsys):
    waiting = [DreamFactory(symbols=["owl"]), DreamFactory(symbols=["moon"])]
    DreamFactory(consent_video=False)
    call_command("generate_videos", "--missing", "--provider", "local")
    out, progress_bar = capsys.readouterr()
    assert "2 ready, 0 failed" in out
    assert "2/2" in progress_bar and "video" in progress_bar
    for dream in waiting:
        dream.refresh_from_db()
        assert dream.video and dream.poster


def test_queue_only_enqueues_for_the_workers(capsys):
    DreamFactory()
    call_command("generate_videos", "--queue")
    assert "Queued 1 video jobs" in capsys.readouterr().out
    assert VideoJob.objects.get().state == "queued"


def test_an_unoffered_provider_is_a_clear_error():
    with pytest.raises(CommandError, match="not offered"):
        call_command("generate_videos", "--provider", "sora")
