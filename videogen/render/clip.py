"""One clip from one dream: seed, scene, frames streamed into the encoder, and what came out."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .encode import FPS, HEIGHT, WIDTH, encode
from .scene import Scene

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


def render_clip(prompt: str, symbols: list[str], out_path: Path, poster_path: Path | None = None) -> RenderResult:
    """Render the dream's 5 s 720×1280 loop into `out_path` (H.264 MP4), and its first frame into `poster_path`."""
    started = time.perf_counter()
    out_path = Path(out_path)
    count = encode(frames_of(prompt, symbols), out_path, Path(poster_path) if poster_path else None)
    return RenderResult(
        seconds=time.perf_counter() - started,
        frames=count,
        width=WIDTH,
        height=HEIGHT,
        bytes=out_path.stat().st_size,
        seed=dream_seed(prompt, symbols),
    )
