"""The moving elements: water with reflections and glints, fire and its glow, particles (embers, snow, rain,
the streaks of falling, fireflies, floating orbs) and flocks of birds."""

from __future__ import annotations

import numpy as np

from .primitives import TAU, add, gaussian, glow_kernel, over, periodic_noise, planar, ramp, splat
from .stage import Moment, Motif, Stage


class Water(Motif):
    """Below the horizon: the scene above, mirrored and darkened, crossed by waves whose crests catch the light."""

    depth = 0.7

    def __init__(self, stage: Stage):
        self.horizon = stage.horizon_row
        height, width = stage.height, stage.width
        rows = np.arange(self.horizon, height)
        self.mirror_rows = np.clip(2 * self.horizon - rows - 1, 0, height - 1)
        depth = (rows - self.horizon + 1.5) / height  # distance below the horizon, 0..~0.5
        fade = np.exp(-depth * 4.5).astype(np.float32)[:, None]
        self.reflect = 0.75 * fade
        p = stage.palette
        self.body = ramp(
            height - self.horizon, [(0, 0.55 * p.horizon + 0.45 * p.ground), (0.4, p.ground), (1, p.ground * 0.7)]
        ) * (1 - self.reflect)
        xs = (np.arange(width, dtype=np.float32) - width / 2) / height
        inverse = (1 / (depth + 0.02)).astype(np.float32)[:, None]
        across = xs[None, :] * inverse * 2.5
        self.across_sin, self.across_cos = np.sin(across), np.cos(across)
        self.along = inverse * 0.9
        self.crest_fade = (np.clip(depth * 12 - 0.15, 0, 1) ** 2).astype(np.float32)[:, None] * np.float32(1.4)
        self.light = 0.6 * p.glow + 0.4
        self.phase = stage.rng.uniform(0, TAU, 3).astype(np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        angle = TAU * moment.tau
        turn = angle + self.phase[0]
        sway = self.across_sin * np.float32(1.2 * np.cos(turn)) + self.across_cos * np.float32(1.2 * np.sin(turn))
        waves = np.sin(self.along - 2 * angle + self.phase[1] + sway)
        waves += 0.6 * np.sin(self.along * 1.7 + angle * 3 + self.phase[2] - 0.7 * sway)
        band = canvas[:, self.horizon :]
        reflection = canvas[:, self.mirror_rows]
        np.multiply(reflection, self.reflect, out=band)
        band += self.body
        band *= 1 + 0.12 * waves * self.crest_fade
        crests = np.clip(waves - 0.9, 0, None) * self.crest_fade
        reflection *= 0.9
        reflection += planar(self.light * 0.12)
        band += crests * reflection


class FireGlow(Motif):
    """The sky above a fire, flickering."""

    depth = 0.3

    def __init__(self, stage: Stage, base: int):
        rng = stage.rng
        self.rows = gaussian(np.arange(stage.height, dtype=np.float32), base, stage.height * 0.14)[:, None]
        self.colour = stage.palette.glow * np.float32(0.4)
        self.beats = rng.uniform(0, TAU, 2)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        angle = TAU * moment.tau
        flicker = 1 + 0.12 * np.sin(3 * angle + self.beats[0]) + 0.07 * np.sin(7 * angle + self.beats[1])
        add(canvas, self.rows * np.float32(flicker), self.colour)


class Fire(Motif):
    """Flames along the ground, rising one noise-period per half loop, in front of what burns."""

    depth = 0.65

    def __init__(self, stage: Stage, base: int):
        rng = stage.rng
        self.height, self.width = stage.height, stage.width
        self.base = base
        self.tall = int(self.height * 0.2)
        self.noise = periodic_noise(rng, self.tall, self.width, scale=3.0 * stage.unit)
        self.noise = np.concatenate([self.noise, self.noise], axis=0)
        rows = np.linspace(0, 1, self.tall, dtype=np.float32)[:, None]
        self.floor = (rows**1.6 * 1.3 - 0.55).astype(np.float32) * (1 - rows**10)  # soft at the ground line
        self.tips = rng.uniform(0.6, 1.0) * (
            0.6 + 0.4 * np.sin(np.linspace(0, rng.uniform(6, 14), self.width) + rng.uniform(0, TAU)) ** 2
        ).astype(np.float32)
        self.deep = np.array((0.55, 0.06, 0.02), dtype=np.float32)
        self.bright = np.array((0.45, 0.6, 0.3), dtype=np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        offset = (moment.tau * 2 % 1) * self.tall
        start = int(offset)
        frac = np.float32(offset - start)
        noise = (1 - frac) * self.noise[start : start + self.tall] + frac * self.noise[
            start + 1 : start + 1 + self.tall
        ]
        heat = np.clip((noise * 0.32 + self.floor) * self.tips * 1.6, 0, 1)
        top = self.base - self.tall + int(moment.dy * 0.5)
        rows = slice(max(top, 0), min(top + self.tall, self.height))
        heat = heat[rows.start - top : rows.stop - top]
        canvas[:, rows] += heat * planar(self.deep) + heat**3 * planar(self.bright)


class Particles(Motif):
    """Points that live for a fraction of the loop each: born, moving along a straight path with sway, fading.

    With a whole number of lives per loop every particle is where it started when the loop closes.
    """

    def __init__(
        self,
        stage: Stage,
        *,
        count: int,
        area: tuple[float, float, float, float],
        travel: tuple[float, float],
        lives: tuple[int, int],
        colour: np.ndarray,
        size: float,
        glow: int = 1,
        streak: int = 1,
        sway: float = 0.0,
        spread: float = 0.3,
        parallax: float = 0.6,
        depth: float = 0.9,
        dark: bool = False,
    ):
        rng = stage.rng
        self.height, self.width = stage.height, stage.width
        x0, y0, x1, y1 = area
        self.xs = rng.uniform(x0, x1, count).astype(np.float32) * self.width
        self.ys = rng.uniform(y0, y1, count).astype(np.float32) * self.height
        scale = rng.uniform(1 - spread, 1 + spread, count).astype(np.float32)
        self.travel_x = travel[0] * self.height * scale
        self.travel_y = travel[1] * self.height * scale
        self.lives = rng.integers(lives[0], lives[1] + 1, count)
        self.phases = rng.uniform(0, 1, count)
        self.weights = (rng.uniform(0.3, 1.0, count) ** 2 * size).astype(np.float32)
        self.sway = sway * self.height
        self.sway_beats = rng.integers(1, 3, count)
        self.sway_phase = rng.uniform(0, TAU, count)
        self.colour, self.streak = colour, streak
        self.spread = glow_kernel(glow, 3.0) if glow else None
        self.parallax, self.depth, self.dark = parallax, depth, dark

    def light(self, moment: Moment) -> np.ndarray:
        life = (self.lives * moment.tau + self.phases) % 1
        alive = np.sin(np.pi * life) ** 1.5 * self.weights
        xs = self.xs + self.travel_x * life + moment.dx * self.parallax
        ys = self.ys + self.travel_y * life + moment.dy * self.parallax
        if self.sway:
            xs = xs + self.sway * np.sin(TAU * self.sway_beats * moment.tau + self.sway_phase)
        if self.streak > 1:
            back = np.linspace(0, 0.06, self.streak, dtype=np.float32)[:, None]
            xs = (xs[None, :] - self.travel_x[None, :] * back).ravel()
            ys = (ys[None, :] - self.travel_y[None, :] * back).ravel()
            alive = np.tile(alive, self.streak) / self.streak * 2
        return splat(self.height, self.width, xs, ys, alive, self.spread)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        light = self.light(moment)
        if self.dark:
            over(canvas, np.minimum(light, 1), self.colour)
        else:
            add(canvas, light, self.colour)


class Birds(Motif):
    """A flock crossing the sky once per loop, each bird a V of points whose wings beat."""

    depth = 0.8

    def __init__(self, stage: Stage, count: int = 7):
        rng = stage.rng
        self.height, self.width = stage.height, stage.width
        unit = stage.unit
        self.span = rng.uniform(4, 7, count).astype(np.float32) * unit
        self.xs = rng.uniform(0, 1, count).astype(np.float32)
        self.ys = rng.uniform(0.12, stage.horizon - 0.1, count).astype(np.float32) * self.height
        self.beats = rng.integers(6, 10, count)
        self.phases = rng.uniform(0, TAU, count)
        self.direction = rng.choice([-1.0, 1.0])
        self.colour = stage.palette.shadow
        self.along = np.linspace(-1, 1, 13, dtype=np.float32)[:, None]
        self.spread = glow_kernel(1, 1.6, point=0)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        travel = self.width + 40
        x = ((self.xs + self.direction * moment.tau) % 1) * travel - 20 + moment.dx * 0.8
        flap = np.sin(TAU * self.beats * moment.tau + self.phases)
        y = self.ys + 2 * np.sin(TAU * moment.tau + self.phases) + moment.dy * 0.8
        px = x[None, :] + self.along * self.span
        py = y[None, :] - np.abs(self.along) ** 0.8 * self.span * (0.15 + 0.4 * flap[None, :])
        weights = np.full(px.shape, 0.7, dtype=np.float32)
        coverage = splat(self.height, self.width, px.ravel(), py.ravel(), weights.ravel(), self.spread)
        over(canvas, np.minimum(coverage, 1) * 1.3, self.colour)
