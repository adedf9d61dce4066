"""Silhouette layers (city, forest, hills, stairs, road, a whale, the flyer) and the mirror."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from . import shapes
from .primitives import TAU, Sprite, add, blur, glow_kernel, over, planar, ramp, soft_mask, splat
from .stage import Moment, Motif, Stage

Path = Callable[[float], tuple[float, float]]


def _still(tau: float) -> tuple[float, float]:
    return 0.0, 0.0


class Silhouette(Motif):
    """A soft shape in one colour (per-row colours allowed) with an optional light channel, moving with parallax."""

    def __init__(
        self,
        stage: Stage,
        alpha: np.ndarray,
        colour: np.ndarray,
        *,
        light: np.ndarray | None = None,
        light_colour: np.ndarray | None = None,
        parallax: float = 0.5,
        depth: float = 0.5,
        path: Path = _still,
    ):
        layers = alpha[None] if light is None else np.stack([alpha, light])
        self.sprite = Sprite(layers)
        self.colour, self.light_colour = colour, light_colour
        self.parallax, self.depth, self.path = parallax, depth, path

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        x, y = self.path(moment.tau)
        self.sprite.draw(
            canvas, x + moment.dx * self.parallax, y + moment.dy * self.parallax, self.colour, self.light_colour
        )


def _mask(stage: Stage, draw, softness: float = 0.8) -> np.ndarray:
    return soft_mask(stage.height, stage.width, draw, softness * stage.unit)


def _haze(stage: Stage, amount: float) -> np.ndarray:
    """Silhouette colours that fade toward the horizon's colour with distance: atmospheric depth."""
    p = stage.palette
    near = p.shadow
    return ramp(
        stage.height,
        [
            (0, (1 - amount) * near + amount * p.top),
            (stage.horizon, (1 - amount) * near + amount * p.horizon),
            (1, near),
        ],
    )


def _rim(alpha: np.ndarray, unit: float) -> np.ndarray:
    """Light along the top-left edges of a shape, as if lit from behind and above."""
    step = max(1, int(round(1.5 * unit)))
    inner = np.zeros_like(alpha)
    inner[step:, step:] = alpha[:-step, :-step]
    return np.clip(alpha - inner, 0, 1) * alpha


def city(stage: Stage) -> list[Motif]:
    rng = stage.rng
    u = stage.unit
    base = stage.horizon_row + 4 * u
    layers = []
    for depth, amount, low, high, parallax in ((0.4, 0.5, 40, 95, 0.35), (0.6, 0.08, 25, 70, 0.7)):
        boxes = []

        def draw(d, s, low=low, high=high, boxes=boxes):
            boxes.extend(shapes.skyline(d, s, rng, -20, stage.width + 20, base, low * u, high * u))

        alpha = _mask(stage, draw, 0.7)
        lit = _mask(stage, lambda d, s, boxes=boxes: shapes.windows(d, s, rng, boxes, 1.6 * u, 0.25), 0.3) * alpha
        layers.append(
            Silhouette(
                stage,
                alpha,
                _haze(stage, amount),
                light=lit,
                light_colour=stage.palette.accent * 0.7,
                parallax=parallax,
                depth=depth,
            )
        )
    return layers


def forest(stage: Stage) -> list[Motif]:
    rng = stage.rng
    u = stage.unit
    base = stage.horizon_row + 6 * u
    layers = []
    for depth, amount, low, high, spacing, parallax in (
        (0.35, 0.6, 40, 70, 9, 0.3),
        (0.5, 0.3, 60, 110, 16, 0.55),
        (0.65, 0.0, 120, 200, 34, 0.9),
    ):
        draw = partial(
            shapes.pines,
            rng=rng,
            left=-10,
            right=stage.width + 10,
            base=base + (depth - 0.35) * 60 * u,
            low=low * u,
            high=high * u,
            spacing=spacing * u,
        )
        alpha = _mask(stage, lambda d, s, draw=draw: draw(d, s), 0.5 + depth)
        layers.append(
            Silhouette(
                stage,
                alpha,
                _haze(stage, amount),
                light=_rim(alpha, u) * 0.5,
                light_colour=stage.palette.glow * 0.6,
                parallax=parallax,
                depth=depth,
            )
        )
    return layers


def hills(stage: Stage) -> list[Motif]:
    rng = stage.rng
    u = stage.unit
    layers = []
    for depth, amount, rise, amplitude, parallax in ((0.35, 0.55, 0, 14, 0.3), (0.5, 0.25, 30, 22, 0.6)):
        base = stage.horizon_row + rise * u
        alpha = _mask(
            stage,
            lambda d, s, b=base, a=amplitude: shapes.hills(d, s, rng, stage.width, b, a * u, stage.height + 40),
            1.2,
        )
        layers.append(Silhouette(stage, alpha, _haze(stage, amount), parallax=parallax, depth=depth))
    return layers


def stairs(stage: Stage) -> list[Motif]:
    u = stage.unit
    alpha = _mask(
        stage,
        lambda d, s: shapes.stairs(d, s, stage.width * 0.5, stage.height + 10, stage.height * 0.12, 90 * u, 16),
        0.6,
    )
    return [
        Silhouette(
            stage,
            alpha,
            _haze(stage, 0.15),
            light=_rim(alpha, u),
            light_colour=stage.palette.glow,
            parallax=0.6,
            depth=0.55,
        )
    ]


class Road(Motif):
    """A path to the horizon, its marks running toward the viewer, twice per loop."""

    depth = 0.55

    def __init__(self, stage: Stage):
        u = stage.unit
        cx, top = stage.width / 2, stage.horizon_row
        self.height, self.width, self.cx, self.top = stage.height, stage.width, cx, top
        alpha = _mask(
            stage,
            lambda d, s: d.polygon(
                [
                    (cx * s, top * s),
                    ((cx + 2 * u) * s, top * s),
                    ((cx + 110 * u) * s, stage.height * s),
                    ((cx - 110 * u) * s, stage.height * s),
                ],
                fill=255,
            ),
            0.8,
        )
        self.surface = Silhouette(
            stage, alpha * 0.85, 0.55 * stage.palette.ground + 0.25 * stage.palette.horizon, parallax=0.5
        )
        self.marks = np.arange(12, dtype=np.float32) / 12
        self.colour = stage.palette.glow * 0.9
        self.spread = glow_kernel(1, 1.0, point=0)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        self.surface.draw(canvas, moment)
        z = (self.marks + moment.tau * 2) % 1
        depth = z**2.2
        ys = self.top + depth * (self.height - self.top)
        along = np.linspace(0, 1, 6, dtype=np.float32)[:, None]
        ys = (ys[None, :] + along * depth * 14).ravel()
        xs = np.full_like(ys, self.cx + moment.dx * 0.5)
        weights = np.tile(np.sin(np.pi * z) * 0.8, 6)
        add(canvas, splat(self.height, self.width, xs, ys, weights, self.spread), self.colour)


def _swim(width: float, height: float, beat: int = 1) -> Path:
    return lambda tau: (width * np.sin(TAU * tau), height * np.sin(TAU * beat * tau * 2))


def whale(stage: Stage) -> list[Motif]:
    """A whale swimming in the water, or, with no water in the dream, through the air above the horizon."""
    u = stage.unit
    p = stage.palette
    motifs: list[Motif] = []
    cy = stage.horizon_row + (45 if stage.has("water") else -40) * u
    alpha = _mask(stage, lambda d, s, cy=cy: shapes.whale(d, s, stage.width * 0.44, cy, 124 * u), 1.2)
    halo = blur(alpha, 8) * (1 - alpha) * 0.6
    shade = ramp(
        stage.height,
        [
            (0, 0.7 * p.accent),
            (cy / stage.height - 0.04, 0.65 * p.accent),
            (cy / stage.height + 0.06, 0.3 * p.accent + 0.3 * p.shadow),
            (1, p.shadow),
        ],
    )
    motifs.append(
        Silhouette(
            stage,
            alpha * 0.88,
            shade,
            light=_rim(alpha, u) * 1.2 + halo,
            light_colour=p.accent * 0.5,
            parallax=0.8,
            depth=0.75,
            path=_swim(14 * u, 4 * u),
        )
    )

    return motifs


def flyer(stage: Stage) -> list[Motif]:
    """The dreamer flying above the scene, rim-lit from below, gliding and bobbing while the world streams past."""
    u = stage.unit
    p = stage.palette
    length = 84 * u
    cx, cy = stage.width * 0.46, max(stage.horizon_row - 108 * u, 60 * u)
    alpha = _mask(stage, lambda d, s: shapes.flyer(d, s, cx, cy, length), 0.9)
    below = np.zeros_like(alpha)
    step = max(1, int(round(2 * u)))
    below[:-step] = alpha[step:]
    rim = np.clip(alpha - below, 0, 1) * alpha  # the undersides catch the light from below
    halo = blur(alpha, 6) * (1 - alpha)
    phase = stage.rng.uniform(0, TAU)
    return [
        Silhouette(
            stage,
            alpha * 0.92,
            p.shadow,
            light=rim * 1.3 + halo * 0.9,
            light_colour=0.6 * p.glow + 0.15,
            parallax=0.3,  # the camera follows the flyer: the world drifts past faster than it does
            depth=0.85,
            path=lambda tau: (7 * u * np.sin(TAU * tau + phase), 5 * u * np.sin(TAU * 2 * tau + phase)),
        )
    ]


class Mirror(Motif):
    """Mirror symmetry of the scene, a glossy floor, and an oval mirror showing a rippling, other-coloured world."""

    depth = 0.95

    def __init__(self, stage: Stage, floor: bool):
        u = stage.unit
        p = stage.palette
        self.height, self.width = stage.height, stage.width
        self.floor = stage.horizon_row if floor else None
        if floor:
            rows = np.arange(self.floor, self.height)
            self.mirror_rows = np.clip(2 * self.floor - rows - 1, 0, self.height - 1)
            self.floor_fade = (0.55 * np.exp(-(rows - self.floor) / (70 * u))).astype(np.float32)[:, None]
            self.floor_colour = ramp(self.height - self.floor, [(0, p.ground), (1, p.ground * 0.5)])
        cx, cy = self.width / 2, stage.horizon_row - 62 * u
        rx, ry = 46 * u, 72 * u
        inside = _mask(
            stage, lambda d, s: d.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=255), 0.5
        )
        ring = _mask(stage, lambda d, s: shapes.ring(d, s, cx, cy, rx, ry, 5 * u), 0.5)
        rows = np.flatnonzero(inside.max(axis=1) > 0)
        cols = np.flatnonzero(inside.max(axis=0) > 0)
        self.box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        self.inside = inside[self.box]
        box_h, box_w = self.inside.shape
        self.ys = np.arange(box_h)[:, None] + self.box[0].start
        self.xs = np.arange(box_w)[None, :] + self.box[1].start
        self.wave_rows = np.arange(box_h, dtype=np.float32)[:, None] / (9 * u)
        self.amplitude = 2.5 * u
        turn = np.array([[0.2, 0.3, 0.7], [0.6, 0.3, 0.3], [0.3, 0.8, 0.2]], dtype=np.float32)
        self.tint = turn * 0.8
        person = _mask(stage, lambda d, s: shapes.figure(d, s, cx, cy + ry * 0.95, ry * 1.35), 1.6)[self.box]
        self.person = person * self.inside * 0.85
        self.person_colour = p.shadow * 0.6 + p.accent * 0.1
        self.ring = Sprite(np.stack([ring, _rim(ring, u) * 1.5 + blur(ring, 5) * (1 - inside) * 1.2]))
        self.ring_colour = 0.5 * p.accent + 0.2
        self.ring_light = 0.6 * p.glow + 0.3

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        half = self.width // 2
        canvas[:, :, self.width - half :] = canvas[:, :, :half][:, :, ::-1]
        wave = np.sin(TAU * (self.wave_rows * 0.25 - moment.tau)) * self.amplitude
        cols = np.clip(self.width - 1 - self.xs + wave.astype(np.int32), 0, self.width - 1)
        rows = np.clip(self.box[0].stop - 1 - self.ys // 2 + (wave * 0.5).astype(np.int32), 0, self.height - 1)
        seen = np.take(canvas.reshape(3, -1), rows * self.width + cols, axis=1)  # far faster than canvas[:, rows, cols]
        world = sum(planar(self.tint[:, channel]) * seen[channel] for channel in range(3))
        region = canvas[:, self.box[0], self.box[1]]
        over(region, self.inside, world)
        sway = int(round(wave[len(wave) // 2, 0] * 0.5))
        over(region, np.roll(self.person, sway, axis=1), self.person_colour)
        self.ring.draw(canvas, moment.dx * 0.2, moment.dy * 0.2, self.ring_colour, self.ring_light)
        if self.floor is not None:
            floor = canvas[:, self.floor :]
            floor[:] = canvas[:, self.mirror_rows] * self.floor_fade + self.floor_colour * (1 - self.floor_fade)
