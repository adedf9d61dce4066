"""One clip from one dream: seed, scene, frames streamed into the encoder, and what came out."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .encode import FPS, HEIGHT, WIDTH, add_sound, encode, has_audio
from .scene import Scene
from .sound import soundscape
from .words import read_dream

SECONDS = 5
FRAMES = SECONDS * FPS
# Frames are drawn at a quarter of the output size and scaled up by the encoder's scaler: the softness is the look.
INTERNAL_WIDTH, INTERNAL_HEIGHT = 180, 320


@dataclass(frozen=True)
class RenderResult:
    seconds: float  # wall-clock time the render took
    frames: int
    width: int
    height: int
    bytes: int
    seed: int


def dream_key(prompt: str, symbols: list[str]) -> str:
    """sha256 of the prompt and the symbols, as hex: the seed of the scene and the name of the cached file."""
    text = prompt.strip() + "\n" + ",".join(s.strip().lower() for s in symbols)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dream_seed(prompt: str, symbols: list[str]) -> int:
    return int(dream_key(prompt, symbols)[:16], 16)


def scene_for(prompt: str, symbols: list[str], width: int = INTERNAL_WIDTH, height: int = INTERNAL_HEIGHT) -> Scene:
    return Scene(prompt, symbols, seed=dream_seed(prompt, symbols), width=width, height=height, frames=FRAMES)


def frames_of(prompt: str, symbols: list[str]) -> Iterator[np.ndarray]:
    """The dream's frames as planar RGB; the scene is prepared on the first `next()`, on the thread that draws."""
    scene = scene_for(prompt, symbols)
    for index in range(FRAMES):
        yield scene.planes(index)


def sound_of(prompt: str, symbols: list[str], seconds: float = SECONDS) -> np.ndarray:
    """The dream's soundscape: stereo 48 kHz float32, one loop of `seconds`, from the same reading as its picture."""
    reading = read_dream(prompt, symbols)
    return soundscape(reading.sounds, seed=dream_seed(prompt, symbols), seconds=seconds, tension=reading.tension)


def drawn_symbols(prompt: str, symbols: list[str]) -> list[str]:
    """The dream's symbols that its clip draws, in the dream's order."""
    return read_dream(prompt, symbols).drawn


def ensure_sound(video_path: Path, symbols: list[str], seconds: float) -> bool:
    """Give a silent video (a provider's) the soundscape of its dream's symbols; a video with sound keeps its own.

    Returns True: the video has sound now.
    """
    if not has_audio(video_path):
        add_sound(video_path, sound_of("", symbols, seconds))
    return True


def render_clip(prompt: str, symbols: list[str], out_path: Path, poster_path: Path | None = None) -> RenderResult:
    """Render the dream's 5 s 720×1280 loop with its soundscape into `out_path` (H.264 and AAC in MP4), and its
    first frame into `poster_path`."""
    started = time.perf_counter()
    out_path = Path(out_path)
    poster = Path(poster_path) if poster_path else None
    count = encode(frames_of(prompt, symbols), out_path, poster, sound=lambda: sound_of(prompt, symbols))
    return RenderResult(
        seconds=time.perf_counter() - started,
        frames=count,
        width=WIDTH,
        height=HEIGHT,
        bytes=out_path.stat().st_size,
        seed=dream_seed(prompt, symbols),
    )
