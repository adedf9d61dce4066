"""The far layers: the sky's gradient and drifting colour clouds, stars, the moon, banks of cloud."""

from __future__ import annotations

import numpy as np

from .primitives import TAU, Sprite, add, gaussian, glow_kernel, over, periodic_noise, ramp, soft_mask, splat
from .stage import Moment, Motif, Stage


class Sky(Motif):
    """Gradient from the top colour to the horizon and down to the ground, with slow nebulae of light."""

    depth = 0.0

    def __init__(self, stage: Stage):
        p = stage.palette
        self.height, self.width = stage.height, stage.width
        self.margin = int(12 * stage.unit)
        h = stage.horizon
        rows = self.height + 2 * self.margin
        at = lambda f: (f * self.height + self.margin) / rows  # noqa: E731 - a position on the padded ramp
        warm = 0.15 if stage.has("fire") else 0.4  # a burning horizon stays low: embers over a dark sky
        self.rows = ramp(
            rows,
            [
                (0, p.top),
                (at(h * 0.55), (1 - warm) * p.top + warm * p.horizon),
                (at(h), p.horizon),
                (at(h + 0.01), 0.5 * p.horizon + 0.5 * p.ground),
                (at(h + 0.25), p.ground),
                (1, p.ground * 0.8),
            ],
        )
        rng = stage.rng
        count = 4
        # cool light high in the sky, the dream's warm light and accent low, near the horizon
        self.colours = np.stack([p.top * 2.5 + 0.04, 0.5 * p.top + 0.5 * p.horizon, p.glow * 0.8, p.accent])
        self.colours *= np.float32(0.18)
        heights = np.array([0.15, 0.4, 0.75, 0.9]) + rng.uniform(-0.08, 0.08, count)
        self.centres = np.stack([rng.uniform(0.1, 0.9, count) * self.width, heights * h * self.height], axis=1)
        self.radii = (rng.uniform(0.18, 0.35, count) * self.height).astype(np.float32)
        self.phases = rng.uniform(0, TAU, (count, 2))
        self.xs = np.arange(self.width, dtype=np.float32)
        self.ys = np.arange(self.height, dtype=np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        offset = self.margin - moment.dy * 0.3
        start = int(offset)
        frac = np.float32(offset - start)
        canvas[:] = (1 - frac) * self.rows[:, start : start + self.height] + frac * self.rows[
            :, start + 1 : start + 1 + self.height
        ]
        angle = TAU * moment.tau
        cx = self.centres[:, 0] + 0.12 * self.width * np.sin(angle + self.phases[:, 0]) + moment.dx * 0.3
        cy = self.centres[:, 1] + 0.05 * self.height * np.sin(angle + self.phases[:, 1]) + moment.dy * 0.3
        gy = np.exp(-(((self.ys[:, None] - cy[None, :].astype(np.float32)) / self.radii) ** 2))  # (H, k)
        gx = np.exp(-(((self.xs[None, :] - cx[:, None].astype(np.float32)) / self.radii[:, None]) ** 2))  # (k, W)
        lights = (self.colours[:, :, None] * gx[:, None, :]).reshape(len(cx), -1)  # (k, 3*W)
        # einsum, not `@`: a matmul this small would wake OpenBLAS's threads, which spin against the encoder's
        glow = np.einsum("hk,kx->hx", gy, lights).reshape(self.height, 3, self.width)
        canvas += glow.transpose(1, 0, 2)


class Stars(Motif):
    depth = 0.05

    def __init__(self, stage: Stage, count: int = 170, brightness: float = 1.0):
        rng = stage.rng
        self.height, self.width = stage.height, stage.width
        self.xs = rng.uniform(-10, self.width + 10, count).astype(np.float32)
        self.ys = (rng.uniform(0, 1, count) ** 1.4 * stage.horizon * self.height * 0.95).astype(np.float32)
        self.weights = (rng.uniform(0.2, 1.0, count) ** 3 * 1.6 * brightness).astype(np.float32)
        self.beats = rng.integers(1, 4, count)
        self.phases = rng.uniform(0, TAU, count)
        self.colour = 0.5 * stage.palette.glow + 0.5
        self.spread = glow_kernel(1, 2.0)
        self.fade = gaussian(np.arange(self.height, dtype=np.float32), 0, stage.horizon * self.height)[:, None]

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        twinkle = 0.65 + 0.35 * np.sin(TAU * self.beats * moment.tau + self.phases)
        light = splat(
            self.height,
            self.width,
            self.xs + moment.dx * 0.15,
            self.ys + moment.dy * 0.15,
            self.weights * twinkle,
            self.spread,
        )
        add(canvas, light * self.fade, self.colour)


class Moon(Motif):
    depth = 0.1

    def __init__(self, stage: Stage):
        rng = stage.rng
        unit = stage.unit
        height, width = stage.height, stage.width
        cx = rng.uniform(0.25, 0.75) * width
        cy = rng.uniform(0.14, 0.3) * height
        radius = rng.uniform(14, 20) * unit
        bite = rng.choice([-1, 1]) * radius * rng.uniform(0.35, 0.6)

        def draw_disc(draw, s):
            draw.ellipse([(cx - radius) * s, (cy - radius) * s, (cx + radius) * s, (cy + radius) * s], fill=255)

        def draw_bite(draw, s):
            draw.ellipse(
                [
                    (cx - radius + bite) * s,
                    (cy - radius * 1.05) * s,
                    (cx + radius + bite) * s,
                    (cy + radius * 0.95) * s,
                ],
                fill=255,
            )

        disc = soft_mask(height, width, draw_disc, 0.6 * unit)
        crescent = np.clip(disc - 0.82 * soft_mask(height, width, draw_bite, 0.8 * unit), 0, 1)
        yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
        distance = np.hypot(xx - cx, yy - cy) / radius
        halo = 0.55 * np.exp(-np.maximum(distance - 1, 0) * 1.3) + 0.25 * np.exp(-np.maximum(distance - 1, 0) * 0.25)
        halo[distance > 6] = 0
        self.sprite = Sprite(np.stack([crescent * 0.95, halo]))
        self.colour = 0.35 * stage.palette.glow + 0.65
        self.halo_colour = stage.palette.glow * 0.5

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        breathe = np.float32(1 + 0.08 * np.sin(TAU * moment.tau))
        self.sprite.draw(canvas, 0, 0, self.colour, self.halo_colour * breathe)  # too far away to drift


class Clouds(Motif):
    """Banks of soft cloud; for flight they stream past, one frame-width per loop, otherwise they breathe."""

    depth = 0.2

    def __init__(self, stage: Stage, bands: int = 2, streaming: bool = False, strength: float = 0.7):
        rng = stage.rng
        p = stage.palette
        self.height, self.width = stage.height, stage.width
        self.streaming = streaming
        self.layers = []
        for k in range(bands):
            band_height = int(self.height * rng.uniform(0.16, 0.26))
            top = int(self.height * rng.uniform(0.06, stage.horizon - 0.15))
            noise = periodic_noise(rng, band_height, self.width, scale=rng.uniform(5, 9) * stage.unit)
            rows = np.linspace(-1, 1, band_height, dtype=np.float32)[:, None]
            envelope = np.exp(-(rows**2) * 3)
            density = np.clip(noise * 0.5 + envelope * 1.4 - 0.9, 0, 1) ** 1.3 * strength
            lit = 0.3 * p.glow + 0.3 * p.top if stage.has("fire") else 0.4 * p.glow + 0.6 * p.horizon
            shade = ramp(band_height, [(0, lit), (1, 0.5 * p.horizon + 0.5 * p.top)])
            self.layers.append((top, np.concatenate([density, density], axis=1), shade, k + 1, rng.uniform(0, 1)))

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        for top, density, shade, speed, phase in self.layers:
            if self.streaming:
                offset = ((moment.tau * speed + phase) % 1) * self.width
            else:
                offset = (phase + 0.08 * np.sin(TAU * moment.tau + phase * 6)) % 1 * self.width
            start = int(offset)
            frac = np.float32(offset - start)
            alpha = (1 - frac) * density[:, start : start + self.width] + frac * density[
                :, start + 1 : start + 1 + self.width
            ]
            row = int(top + moment.dy * 0.3)
            rows = slice(max(row, 0), min(row + alpha.shape[0], self.height))
            alpha = alpha[rows.start - row : rows.stop - row]
            over(canvas[:, rows], alpha, shade[:, rows.start - row : rows.stop - row])
