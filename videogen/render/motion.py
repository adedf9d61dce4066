"""How the cast moves: paths periodic in the loop (a bob of whole turns, a journey across the frame once a loop),
the flipbook that shows a few drawings in turn, and a silhouette whose light pulses."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .figures import Pen
from .primitives import TAU, Sprite, blur, soft_mask
from .scenery import Silhouette, _rim
from .stage import Moment, Motif, Stage

Path = Callable[[float], tuple[float, float]]


def _mask(stage: Stage, draw: Callable[[Pen], None], softness: float = 0.7) -> np.ndarray:
    return soft_mask(stage.height, stage.width, lambda d, s: draw(Pen(d, s)), softness * stage.unit)


def still(tau: float) -> tuple[float, float]:
    return 0.0, 0.0


def bob(dx: float, dy: float, turns: int = 1, phase: float = 0.0) -> Path:
    return lambda tau: (dx * np.sin(TAU * tau + phase), dy * np.sin(TAU * turns * tau + phase))


def travel(distance: float, dy: float = 0.0, turns: int = 2) -> Path:
    """Across the frame once per loop, in view at the start; leaving on one side it comes in on the other."""
    return lambda tau: (distance * ((tau + 0.5) % 1) - distance / 2, dy * np.sin(TAU * turns * tau))


class Flipbook(Motif):
    """A silhouette with a few drawings (a run's steps, wings), shown in turn a whole number of times per loop."""

    def __init__(
        self,
        stage: Stage,
        drawings: list[np.ndarray],
        colour,
        *,
        turns: int,
        path: Path,
        depth: float,
        light_colour=None,
        lit: float = 1.0,
        parallax: float = 0.8,
        wrap: float = 0.0,
    ):
        u = stage.unit
        self.sprites = [
            Sprite(np.stack([a, _rim(a, u) * min(lit, 0.7) + blur(a, 3) * (1 - a) * (lit > 1)])) for a in drawings
        ]
        self.colour, self.light_colour = colour, light_colour
        self.turns, self.path, self.depth, self.parallax, self.wrap = turns, path, depth, parallax, wrap

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        index = int(moment.tau * self.turns * len(self.sprites)) % len(self.sprites)
        x, y = self.path(moment.tau)
        sprite = self.sprites[index]
        for shift in (0.0, -self.wrap, self.wrap) if self.wrap else (0.0,):
            sprite.draw(
                canvas,
                x + shift + moment.dx * self.parallax,
                y + moment.dy * self.parallax,
                self.colour,
                self.light_colour,
            )


class Pulse(Silhouette):
    """A silhouette whose light swells and fades a whole number of times per loop (a heart beats)."""

    def __init__(self, stage: Stage, alpha, colour, light, light_colour, path: Path, beats: int):
        super().__init__(
            stage, alpha, colour, light=light, light_colour=light_colour, parallax=0.85, depth=0.9, path=path
        )
        self.base_light, self.beats = light_colour, beats

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        self.light_colour = self.base_light * np.float32(0.75 + 0.35 * np.sin(TAU * self.beats * moment.tau) ** 2)
        super().draw(canvas, moment)
