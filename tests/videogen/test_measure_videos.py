"""`manage.py measure_videos`: videos stored before their size was recorded are measured, so a small one is flagged."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from tests.factories import DreamFactory, VideoJobFactory
from tests.fakes.media import mp4_bytes

pytestmark = pytest.mark.django_db


def test_videos_stored_before_their_size_was_recorded_are_measured(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    dream = DreamFactory()
    dream.video.save("old.mp4", ContentFile(mp4_bytes(width=64, height=128)), save=True)
    older = VideoJobFactory(dream=dream, provider="replicate", state="ready")
    stored = VideoJobFactory(dream=dream, provider="replicate", state="ready")
    measured = VideoJobFactory(
        dream=DreamFactory(), provider="kling", state="ready", video_width=720, video_height=1280
    )
    out = StringIO()
    call_command("measure_videos", stdout=out)
    stored.refresh_from_db()
    assert (stored.video_width, stored.video_height) == (64, 128) and stored.video_too_small
    older.refresh_from_db()
    measured.refresh_from_db()
    assert older.video_width is None and (measured.video_width, measured.video_height) == (720, 1280)
    assert "1 video measured" in out.getvalue()
