"""The last touches before a video is stored: a soundscape for a silent one, the symbols the local renderer drew,
and content credentials (C2PA) in the video and its poster."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from videogen import credentials, render
from videogen.models import VideoJob


@dataclass(frozen=True)
class Finish:
    has_audio: bool
    drawn_symbols: list[str] = field(default_factory=list)
    credentials: dict = field(default_factory=dict)


def finish_video(*, job: VideoJob, video_path: Path, poster_path: Path, seconds: float) -> Finish:
    """Sound, drawn symbols and credentials for the job's video, changed in place; raises CredentialsError."""
    symbols = list(job.dream.symbols)
    if settings.VIDEOGEN_SOUNDSCAPE:
        has_audio = render.ensure_sound(video_path, symbols, seconds)
    else:
        has_audio = render.has_audio(video_path)
    drawn = render.drawn_symbols(job.prompt, symbols) if job.provider == credentials.LOCAL else []
    described = {}
    if settings.C2PA_ENABLED:
        if settings.DEBUG and not Path(settings.C2PA_CERT_CHAIN).exists():
            credentials.make_development_credentials(settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY)
        described = credentials.describe(provider=job.provider, settings=settings, created=timezone.now())
        for path in (video_path, poster_path):
            credentials.sign(
                path, described, cert_chain=settings.C2PA_CERT_CHAIN, private_key=settings.C2PA_PRIVATE_KEY
            )
    return Finish(has_audio=has_audio, drawn_symbols=drawn, credentials=described)
