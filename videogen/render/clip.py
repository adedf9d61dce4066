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


def step(a: np.ndarray, b: np.ndarray) -> float:
    """How much one frame differs from another: the mean absolute difference of their 8-bit values."""
    difference = np.maximum(a, b)
    difference -= np.minimum(a, b)
    return float(difference.sum(dtype=np.uint64)) / difference.size


def seamless(frames: list[np.ndarray]) -> list[np.ndarray]:
    """The loop turned to start just after its smallest step, so that the step from its last frame back to its
    first (the seam a player shows at every repeat) is the smallest of the loop: no larger than any other.

    Every motion is periodic in the loop, so any frame can be the first; where the loop starts only decides which
    of its steps the seam is.
    """
    steps = [step(frame, frames[(index + 1) % len(frames)]) for index, frame in enumerate(frames)]
    start = (int(np.argmin(steps)) + 1) % len(frames)
    return frames[start:] + frames[:start]


def loop_of(prompt: str, symbols: list[str]) -> list[np.ndarray]:
    """The dream's frames as planar RGB (3, height, width) uint8, in the order the clip shows them."""
    scene = scene_for(prompt, symbols)
    return seamless([scene.planes(index) for index in range(FRAMES)])


def frames_of(prompt: str, symbols: list[str]) -> Iterator[np.ndarray]:
    """The clip's frames; the loop is drawn on the first `next()`, on the thread that draws (all of it: its seam
    is chosen before its first frame goes out)."""
    yield from loop_of(prompt, symbols)


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
