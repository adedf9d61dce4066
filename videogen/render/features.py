"""What a place adds to its ground (a breaking wave, a whirlpool, roofs above a flood, a beach, ice, a pool, a
puddle, mud), and a cave's mouth around the frame."""

from __future__ import annotations

import numpy as np

from .figures import Pen
from .places import ground, mask
from .primitives import TAU, add, blur
from .scenery import Silhouette, _rim
from .stage import Moment, Motif, Stage


def cave_mouth(stage: Stage) -> Motif:
    """The dark rim of a cave around the frame, the world seen through its mouth."""
    u = stage.unit

    def draw(pen: Pen) -> None:
        pen.rect(-10, -10, stage.width + 10, stage.height + 10)
        pen.oval(stage.width / 2, stage.height * 0.55, stage.width * 0.42, stage.height * 0.38, fill=0)

    alpha = mask(stage, draw, 3.0)
    return Silhouette(
        stage,
        alpha,
        stage.palette.shadow * 0.7,
        light=_rim(1 - alpha, u) * alpha,
        light_colour=stage.palette.glow * 0.4,
        parallax=1.0,
        depth=0.97,
    )


def feature(stage: Stage, name: str) -> list[Motif]:
    """What a place adds to its ground: a breaking wave, a whirlpool, roofs above a flood, a beach, ice, a pool,
    a puddle, mud, a cave's mouth."""
    u, p = stage.unit, stage.palette
    w = stage.width
    if name == "wave":

        def draw(pen: Pen) -> None:
            t = np.linspace(0, 1, 40)
            xs = -10 + t * w * 0.75
            ys = stage.horizon_row + 40 * u - np.sin(t * np.pi) ** 0.7 * 110 * u
            pen.poly(
                list(zip(xs, ys, strict=True))
                + [
                    (w * 0.75, stage.horizon_row + 40 * u),
                    (w * 0.6, stage.horizon_row - 40 * u),
                    (w * 0.75, stage.horizon_row + 60 * u),
                    (-10, stage.horizon_row + 60 * u),
                ]
            )

        alpha = mask(stage, draw, 1.5)
        return [
            Silhouette(
                stage,
                alpha,
                0.5 * p.ground + 0.4 * p.horizon,
                light=_rim(alpha, u) * 2,
                light_colour=0.6 * p.glow + 0.3,
                parallax=0.8,
                depth=0.72,
                path=lambda tau: (4 * u * np.sin(TAU * tau), 3 * u * np.sin(TAU * 2 * tau)),
            )
        ]
    if name == "whirlpool":
        return [Whirl(stage)]
    if name == "flood":

        def draw(pen: Pen) -> None:
            for k in range(5):
                x = w * (0.1 + 0.2 * k)
                y = stage.horizon_row + (8 + 6 * (k % 2)) * u
                pen.poly([(x - 14 * u, y), (x, y - 14 * u), (x + 14 * u, y)])
                pen.rect(x + 6 * u, y - 14 * u, x + 9 * u, y - 6 * u)

        alpha = mask(stage, draw, 0.6)
        return [
            Silhouette(
                stage, alpha, p.shadow, light=_rim(alpha, u), light_colour=p.glow * 0.6, parallax=0.5, depth=0.71
            )
        ]
    if name in ("shore", "ice", "mud", "earth", "pool", "puddle"):
        colour = {
            "shore": np.array((0.85, 0.72, 0.5), np.float32) * (0.4 + 0.6 * p.glow),
            "ice": np.array((0.8, 0.9, 1.0), np.float32) * 0.9,
            "mud": np.array((0.3, 0.2, 0.12), np.float32),
            "earth": np.array((0.35, 0.24, 0.14), np.float32),
        }.get(name)
        if colour is not None:
            rise = 120 if name == "shore" else 0
            return [
                ground(
                    stage, colour, rise=rise, wave=4 if name == "shore" else 1, depth=0.73 if name == "shore" else 0.71
                )
            ]
        cx, cy = w * 0.5, stage.height * (0.8 if name == "pool" else 0.85)
        alpha = mask(
            stage,
            lambda pen: pen.rect(cx - 60 * u, cy - 18 * u, cx + 60 * u, cy + 18 * u)
            if name == "pool"
            else pen.oval(cx, cy, 45 * u, 10 * u),
            0.8,
        )
        glow = 0.5 * p.glow + np.array((0.1, 0.4, 0.5), np.float32) if name == "pool" else p.horizon
        return [
            Silhouette(
                stage,
                alpha,
                glow,
                light=blur(alpha, 4) * (1 - alpha),
                light_colour=glow * 0.6,
                parallax=0.8,
                depth=0.74,
            )
        ]
    if name == "cave":
        return [cave_mouth(stage)]
    raise KeyError(name)


class Whirl(Motif):
    """A spiral of light turning on the water, once per loop."""

    depth = 0.72

    def __init__(self, stage: Stage):
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        cx, cy = stage.width * 0.5, stage.horizon_row + 70 * stage.unit
        dx, dy = (xx - cx), (yy - cy) * 3.0
        self.radius = np.hypot(dx, dy) / stage.width
        self.angle = np.arctan2(dy, dx)
        self.fade = (np.exp(-self.radius * 5) * (yy > stage.horizon_row)).astype(np.float32)
        self.colour = 0.5 * stage.palette.glow + 0.2

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        arms = np.sin(self.angle * 3 + self.radius * 40 - TAU * moment.tau * 3)
        add(canvas, np.clip(arms, 0, None) * self.fade * 0.7, self.colour)
