"""A dream's scene: which motifs it gets from its symbols, the camera's drift, and the finish (vignette, grain)."""

from __future__ import annotations

import numpy as np

from .elements import Fire, FireGlow, Particles, Water
from .palette import palette_for
from .primitives import TAU
from .scenery import Mirror, Road, animals, city, door, flyer, forest, hills, house, stairs
from .sky import Clouds, Moon, Sky, Stars
from .stage import Moment, Motif, Stage
from .words import read_dream

GRAIN_FRAMES = 8  # divides the 120 frames of a loop, so the grain loops too
GRAIN = 1.6  # its spread in 8-bit levels: visible after encoding, yet x264 spends few bits on it


def _particles(stage: Stage) -> list[Motif]:
    p = stage.palette
    has = stage.has
    found: list[Motif] = []
    if has("fire"):
        found.append(
            Particles(
                stage,
                count=160,
                area=(0, 0.35, 1, 1.0),
                travel=(0.05, -0.45),
                lives=(1, 2),
                colour=np.array((1.0, 0.55, 0.2), np.float32),
                size=1.1,
                sway=0.012,
                depth=0.88,
            )
        )
    if has("snow"):
        white = 0.3 * p.glow + 0.7
        found.append(
            Particles(
                stage,
                count=220,
                area=(-0.1, -0.15, 1.1, 0.8),
                travel=(0.04, 0.35),
                lives=(1, 1),
                colour=white,
                size=0.9,
                sway=0.01,
                depth=0.9,
            )
        )
        found.append(
            Particles(
                stage,
                count=25,
                area=(-0.1, -0.2, 1.1, 0.6),
                travel=(0.05, 0.5),
                lives=(1, 1),
                colour=white * 0.5,
                size=3.0,
                glow=3,
                sway=0.02,
                parallax=1.4,
                depth=0.92,
            )
        )
    if has("rain"):
        found.append(
            Particles(
                stage,
                count=260,
                area=(-0.1, -0.3, 1.1, 0.3),
                travel=(-0.1, 1.2),
                lives=(4, 6),
                colour=0.4 * p.glow + 0.3,
                size=1.6,
                glow=0,
                streak=12,
                spread=0.1,
                depth=0.9,
            )
        )
    if has("falling"):
        found.append(
            Particles(
                stage,
                count=120,
                area=(-0.05, 0.4, 1.05, 1.3),
                travel=(0.0, -1.3),
                lives=(2, 3),
                colour=0.5 * p.accent + 0.3,
                size=1.5,
                streak=14,
                spread=0.2,
                depth=0.9,
            )
        )
    if has("forest") and not has("fire") and not has("snow"):
        found.append(
            Particles(
                stage,
                count=40,
                area=(0, 0.5, 1, 0.95),
                travel=(0.03, -0.05),
                lives=(1, 2),
                colour=np.array((0.8, 1.0, 0.45), np.float32),
                size=1.2,
                glow=2,
                sway=0.02,
                depth=0.88,
            )
        )
    if "flight" in stage.reading.subjects:
        # streaks of wind rushing past the flyer
        found.append(
            Particles(
                stage,
                count=36,
                area=(0.0, 0.05, 1.4, stage.horizon),
                travel=(-0.9, 0.03),
                lives=(2, 3),
                colour=0.4 * p.glow + 0.35,
                size=0.9,
                glow=1,
                streak=16,
                spread=0.3,
                depth=0.86,
            )
        )
    if not found:
        # floating orbs of light: the generic dream's breath
        found.append(
            Particles(
                stage,
                count=30,
                area=(-0.05, 0.1, 1.05, 1.1),
                travel=(0.03, -0.25),
                lives=(1, 1),
                colour=0.6 * p.glow + 0.4 * p.accent,
                size=2.2,
                glow=3,
                sway=0.03,
                parallax=1.2,
                depth=0.9,
            )
        )
    return found


def compose(stage: Stage) -> list[Motif]:
    """The motifs of a dream, back to front."""
    has = stage.has
    mood = stage.reading.mood
    subjects = stage.reading.subjects
    motifs: list[Motif] = [Sky(stage)]
    stars = {"night": 1.0, "falling": 0.9, "water": 0.5, "city": 0.5, "fire": 0.4, "dream": 0.45, "mirror": 0.6}
    if mood in stars:
        motifs.append(Stars(stage, brightness=stars[mood]))
    if has("night") or "moon" in subjects:
        motifs.append(Moon(stage))
    if has("sky"):
        motifs.append(Clouds(stage, bands=3, streaming="flight" in subjects))
    elif mood in ("dream", "rain", "snow", "passage", "forest", "mirror"):
        motifs.append(Clouds(stage, bands=2, strength=0.5))
    if has("fire"):
        base = stage.horizon_row + int((40 if has("city") or has("forest") else 6) * stage.unit)
        motifs += [FireGlow(stage, stage.horizon_row), Fire(stage, base)]
    if has("city"):
        motifs += city(stage)
    if has("forest"):
        motifs += forest(stage)
    if has("house"):
        motifs += house(stage)
    if "door" in subjects:
        motifs += door(stage)
    if "stairs" in subjects:
        motifs += stairs(stage)
    if "road" in subjects:
        motifs.append(Road(stage))
    if has("water"):
        motifs.append(Water(stage))
    elif not (has("city") or has("forest") or has("mirror") or "road" in subjects):
        motifs += hills(stage)
    motifs += animals(stage, subjects)
    if "flight" in subjects:
        motifs += flyer(stage)
    motifs += _particles(stage)
    if has("mirror"):
        motifs.append(Mirror(stage, floor=not has("water")))
    return sorted(motifs, key=lambda motif: motif.depth)


class Scene:
    """Everything a dream's frames need, prepared once; `planes(index)` or `frame(index)` draws one frame."""

    def __init__(self, prompt: str, symbols: list[str], seed: int, width: int, height: int, frames: int):
        rng = np.random.default_rng(seed)
        reading = read_dream(prompt, symbols)
        palette = palette_for(reading, rng)
        horizon = 0.52 if "water" in reading.families else 0.66
        self.stage = Stage(width, height, palette, rng, reading, horizon)
        self.frames = frames
        self.motifs = compose(self.stage)
        self.drift = (8 if "flight" in reading.subjects else 5) * self.stage.unit
        self.drift_phase = rng.uniform(0, TAU, 2)
        self.canvas = np.empty((3, height, width), dtype=np.float32)  # planar: see primitives
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        distance = np.hypot((xs / width - 0.5) * 1.1, (ys / height - 0.5) * 1.25)
        vignette = 1 - 0.75 * np.clip(distance, 0, 1) ** 2.2
        self.gain = (vignette * 0.94 * 255).astype(np.float32)
        lift = (palette.glow * 0.04 * 255).astype(np.float32)[:, None, None]
        noise = rng.standard_normal((GRAIN_FRAMES, 1, height, width)).astype(np.float32)
        self.grain = noise * np.float32(GRAIN * min(1.0, 320 / height) ** 0.5) + lift  # grain, and a lift of the blacks

    def moment(self, index: int) -> Moment:
        tau = (index % self.frames) / self.frames
        angle = TAU * tau
        dx = self.drift * np.sin(angle + self.drift_phase[0])
        dy = self.drift * 0.6 * np.sin(angle + self.drift_phase[1])
        return Moment(tau=tau, index=index, dx=float(dx), dy=float(dy))

    def planes(self, index: int) -> np.ndarray:
        """Frame `index` as planar RGB, (3, height, width) uint8: what the encoder takes."""
        moment = self.moment(index)
        canvas = self.canvas
        for motif in self.motifs:
            motif.draw(canvas, moment)
        canvas *= self.gain
        canvas += self.grain[index % GRAIN_FRAMES]
        np.clip(canvas, 0, 255, out=canvas)
        return canvas.astype(np.uint8)

    def frame(self, index: int) -> np.ndarray:
        """Frame `index` as an RGB image, (height, width, 3) uint8."""
        return np.stack(self.planes(index), axis=-1)
