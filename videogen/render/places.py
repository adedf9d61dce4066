"""Where a dream happens: the grounds (open water, fields, dunes, snow, roads and rails, a cliff's edge), the far
skylines (mountains, a village, ruins), fog, a river, and the deep water that fills the whole frame; rooms are in
`rooms`, a place's extra features in `features`. Each returns motifs for the scene."""

from __future__ import annotations

import numpy as np

from .figures import Pen
from .primitives import TAU, add, gaussian, over, periodic_noise, ramp, soft_mask, splat
from .scenery import Silhouette, _haze, _rim
from .stage import Moment, Motif, Stage


def mask(stage: Stage, draw, softness: float = 0.8) -> np.ndarray:
    """A soft alpha mask of what `draw(pen)` draws, at the stage's size."""
    return soft_mask(stage.height, stage.width, lambda d, s: draw(Pen(d, s)), softness * stage.unit)


def ground(stage: Stage, colour: np.ndarray, *, rise: float = 0.0, wave: float = 2.0, depth: float = 0.45) -> Motif:
    """A gently rolling plane from the horizon down, coloured from far (hazy) to near."""
    u, p = stage.unit, stage.palette
    phase = stage.rng.uniform(0, TAU)
    top = stage.horizon_row + rise * u

    def draw(pen: Pen) -> None:
        xs = np.linspace(-10, stage.width + 10, 30)
        ys = top - wave * u * np.sin(xs / stage.width * 5 + phase)
        pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 10, stage.height + 10), (-10, stage.height + 10)])

    near = ramp(stage.height, [(0, colour), (stage.horizon, 0.5 * colour + 0.5 * p.horizon), (1, colour * 0.55)])
    return Silhouette(stage, mask(stage, draw, 1.0), near, parallax=0.4, depth=depth)


def dunes(stage: Stage) -> list[Motif]:
    u = stage.unit
    sand = 0.55 * stage.palette.glow + 0.25 * np.array((0.9, 0.7, 0.45), np.float32)
    layers = []
    for k, (rise, depth) in enumerate(((0, 0.4), (40, 0.45), (90, 0.5))):
        phase = stage.rng.uniform(0, TAU)
        base = stage.horizon_row + rise * u

        def draw(pen: Pen, base=base, phase=phase, k=k) -> None:
            xs = np.linspace(-10, stage.width + 10, 40)
            ys = base - (12 + 6 * k) * u * np.abs(np.sin(xs / stage.width * (2 + k) + phase)) ** 1.5
            pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 10, stage.height + 10), (-10, stage.height + 10)])

        alpha = mask(stage, draw, 1.2)
        shade = sand * np.float32(0.55 + 0.2 * k)
        layers.append(
            Silhouette(
                stage,
                alpha,
                shade,
                light=_rim(alpha, u),
                light_colour=stage.palette.glow * 0.5,
                parallax=0.3 + 0.2 * k,
                depth=depth,
            )
        )
    return layers


def mountains(stage: Stage, *, volcano: bool = False, valley: bool = False) -> list[Motif]:
    """Two ranges of peaks, hazier the farther; a volcano is one cone with a glowing crater."""
    u = stage.unit
    rng = stage.rng
    layers = []
    for k, (height, amount) in enumerate(((120, 0.65), (75, 0.35))):
        base = stage.horizon_row + (4 + 14 * k) * u

        def draw(pen: Pen, base=base, height=height, k=k) -> None:
            if volcano and k == 0:
                cx = stage.width * rng.uniform(0.35, 0.65)
                pen.poly(
                    [
                        (cx - 150 * u, base),
                        (cx - 14 * u, base - height * u),
                        (cx + 14 * u, base - height * u),
                        (cx + 150 * u, base),
                    ]
                )
                return
            xs = np.linspace(-20, stage.width + 20, 9 + 2 * k)
            ys = base - height * u * rng.uniform(0.4, 1.0, len(xs))
            if valley:
                ys = np.maximum(ys, base - height * u * (0.15 + 1.6 * np.abs(xs / stage.width - 0.5)))
            ys[::2] = base - height * u * 0.25 * rng.uniform(0.3, 1.0, len(ys[::2]))
            pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 20, base + 40 * u), (-20, base + 40 * u)])

        alpha = mask(stage, draw, 0.7)
        layers.append(
            Silhouette(
                stage,
                alpha,
                _haze(stage, amount),
                light=_rim(alpha, u) * 0.7,
                light_colour=stage.palette.glow * 0.5,
                parallax=0.2 + 0.2 * k,
                depth=0.32 + 0.03 * k,
            )
        )
    return layers


def village(stage: Stage) -> list[Motif]:
    """Small houses along the horizon, a few windows lit."""
    u = stage.unit
    rng = stage.rng
    base = stage.horizon_row + 6 * u
    roofs: list[tuple[float, float, float]] = []

    def draw(pen: Pen) -> None:
        x = -5.0
        while x < stage.width:
            w, h = rng.uniform(14, 24) * u, rng.uniform(12, 20) * u
            pen.rect(x, base - h, x + w, base + 30 * u)
            pen.poly([(x - 2 * u, base - h), (x + w / 2, base - h - w * 0.5), (x + w + 2 * u, base - h)])
            roofs.append((x, w, h))
            x += w + rng.uniform(2, 12) * u

    alpha = mask(stage, draw, 0.6)

    def lit(pen: Pen) -> None:
        for x, w, h in roofs:
            if rng.random() < 0.6:
                pen.rect(x + w * 0.35, base - h * 0.6, x + w * 0.6, base - h * 0.3)

    light = mask(stage, lit, 0.4) * alpha
    return [
        Silhouette(
            stage,
            alpha,
            _haze(stage, 0.4),
            light=light * 1.5,
            light_colour=stage.palette.glow,
            parallax=0.35,
            depth=0.36,
        )
    ]


def rails(stage: Stage) -> list[Motif]:
    """Two rails and their sleepers running to the horizon."""
    u = stage.unit
    cx, top, bottom = stage.width / 2, stage.horizon_row, stage.height

    def draw(pen: Pen) -> None:
        for side in (-1, 1):
            pen.line([(cx + side * 2 * u, top), (cx + side * 60 * u, bottom)], 1.6 * u)
        for k in range(16):
            t = (k / 16) ** 2
            y = top + t * (bottom - top)
            half = (3 + t * 75) * u
            pen.rect(cx - half, y, cx + half, y + (0.5 + 3 * t) * u)

    colour = 0.6 * stage.palette.shadow + 0.2 * stage.palette.glow
    return [
        ground(stage, 0.8 * stage.palette.ground),
        Silhouette(stage, mask(stage, draw, 0.5), colour, parallax=0.5, depth=0.5),
    ]


def edge(stage: Stage, *, abyss: bool) -> list[Motif]:
    """A cliff's edge in the foreground and, beyond it, nothing but air (an abyss: darkness below)."""
    u = stage.unit

    def draw(pen: Pen) -> None:
        pen.poly(
            [
                (-10, stage.height * 0.78),
                (stage.width * 0.45, stage.height * 0.8),
                (stage.width * 0.62, stage.height * 0.88),
                (stage.width * 0.7, stage.height + 10),
                (-10, stage.height + 10),
            ]
        )

    motifs: list[Motif] = [
        Silhouette(
            stage,
            mask(stage, draw, 0.8),
            stage.palette.shadow,
            light=_rim(mask(stage, draw, 0.8), u),
            light_colour=stage.palette.glow * 0.6,
            parallax=0.9,
            depth=0.8,
        )
    ]
    if abyss:
        rows = np.clip((np.arange(stage.height, dtype=np.float32) / stage.height - stage.horizon) * 3, 0, 1)[:, None]
        motifs.append(Shade(rows**1.5 * 0.85, np.zeros(3, np.float32), depth=0.31))
    return motifs


class Shade(Motif):
    """A fixed veil over the frame: a colour through an alpha map (the dark of an abyss, a room's dimness)."""

    def __init__(self, alpha: np.ndarray, colour: np.ndarray, depth: float):
        self.alpha, self.colour, self.depth = alpha.astype(np.float32), colour, depth

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        over(canvas, self.alpha, self.colour)


class Fog(Motif):
    """Banks of mist drifting across the lower frame, once per loop."""

    depth = 0.88

    def __init__(self, stage: Stage, strength: float = 0.55):
        self.height, self.width = stage.height, stage.width
        noise = periodic_noise(stage.rng, stage.height // 2, stage.width, scale=14 * stage.unit)
        rows = gaussian(np.arange(stage.height // 2, dtype=np.float32), stage.height * 0.22, stage.height * 0.2)[
            :, None
        ]
        self.density = np.concatenate([np.clip(noise * 0.35 + 0.55, 0, 1) * rows * strength] * 2, axis=1)
        self.top = int(stage.horizon_row - stage.height * 0.15)
        self.colour = 0.6 * stage.palette.horizon + 0.3 * stage.palette.glow

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        start = int(moment.tau * self.width)
        alpha = self.density[:, start : start + self.width]
        rows = slice(max(self.top, 0), min(self.top + alpha.shape[0], self.height))
        over(canvas[:, rows], alpha[rows.start - self.top : rows.stop - self.top], self.colour)


class River(Motif):
    """A river winding from the horizon to the viewer, the sky in it, its glints flowing toward us."""

    depth = 0.5

    def __init__(self, stage: Stage):
        u = stage.unit
        top, bottom = stage.horizon_row, stage.height
        phase = stage.rng.uniform(0, TAU)

        def draw(pen: Pen) -> None:
            ys = np.linspace(top, bottom + 10, 30)
            t = (ys - top) / (bottom - top)
            centre = stage.width / 2 + np.sin(t * 4 + phase) * 40 * u * t
            half = (3 + t**1.3 * 80) * u
            pen.poly(
                list(zip(centre - half, ys, strict=True)) + list(zip(centre[::-1] + half[::-1], ys[::-1], strict=True))
            )

        self.alpha = mask(stage, draw, 0.8)
        self.colour = 0.6 * stage.palette.horizon + 0.3 * stage.palette.glow
        self.rows = np.arange(stage.height, dtype=np.float32)[:, None]
        self.spark = stage.palette.glow
        rng = stage.rng
        self.glints = (rng.uniform(0, stage.width, 90).astype(np.float32), rng.uniform(0, 1, 90))
        self.height, self.width, self.top = stage.height, stage.width, top

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        over(canvas, self.alpha * 0.85, self.colour)
        xs, phases = self.glints
        t = (phases + moment.tau) % 1
        ys = self.top + t**2 * (self.height - self.top)
        light = splat(
            self.height, self.width, xs, ys.astype(np.float32), (np.sin(np.pi * t) * 0.8).astype(np.float32), None
        )
        add(canvas, light * self.alpha, self.spark)


class Underwater(Motif):
    """Deep water: light from the surface in shifting rays, and bubbles rising, the whole frame."""

    depth = 0.0

    def __init__(self, stage: Stage):
        p = stage.palette
        self.height, self.width = stage.height, stage.width
        self.rows = ramp(
            stage.height, [(0, 0.6 * p.glow + 0.3 * p.horizon), (0.35, p.horizon * 0.7), (1, p.ground * 0.5)]
        )
        xs = np.arange(stage.width, dtype=np.float32)[None, :]
        ys = np.arange(stage.height, dtype=np.float32)[:, None]
        self.ray_x, self.ray_fade = xs + ys * 0.35, np.exp(-ys / (stage.height * 0.5)).astype(np.float32)
        self.ray_colour = p.glow * 0.18
        rng = stage.rng
        count = 40
        self.bx = rng.uniform(0, stage.width, count).astype(np.float32)
        self.bphase = rng.uniform(0, 1, count)
        self.bcolour = 0.5 * p.glow + 0.3

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas[:] = self.rows
        angle = TAU * moment.tau
        rays = np.sin(self.ray_x * 0.12 + angle) * np.sin(self.ray_x * 0.05 - angle + 1.0)
        add(canvas, np.clip(rays, 0, None) * self.ray_fade, self.ray_colour)
        t = (self.bphase + moment.tau) % 1
        ys = (self.height * (1.05 - t * 1.1)).astype(np.float32)
        xs = self.bx + 3 * np.sin(TAU * (t * 2 + self.bphase)).astype(np.float32)
        add(canvas, splat(self.height, self.width, xs, ys, np.full(len(xs), 0.6, np.float32), None), self.bcolour)
