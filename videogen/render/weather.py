"""The dream's weather, periodic in the loop: rain and drops, snow and blizzards, smoke, ash, leaves, blood and tears
drifting, wind, confetti (all particles, from one table), clouds, lightning, frost, fog and a tornado."""

from __future__ import annotations

import numpy as np

from .elements import Particles
from .motion import _mask, bob
from .palette import Palette, rgb
from .places import Fog
from .primitives import add, periodic_noise
from .scenery import Silhouette, _rim
from .sky import Clouds
from .stage import Moment, Motif, Stage

RAIN = {
    "count": 260,
    "area": (-0.1, -0.3, 1.1, 0.3),
    "travel": (-0.1, 1.2),
    "lives": (4, 6),
    "size": 1.6,
    "glow": 0,
    "streak": 12,
    "spread": 0.1,
    "depth": 0.9,
}
SNOW = {"count": 220, "area": (-0.1, -0.15, 1.1, 0.8), "travel": (0.04, 0.35), "lives": (1, 1), "size": 0.9}
DRIFT = {
    "area": (-0.05, -0.2, 1.05, 0.6),
    "travel": (0.05, 0.5),
    "lives": (1, 1),
    "size": 2.0,
    "sway": 0.03,
    "dark": True,
    "depth": 0.86,
}
WIND = {
    "count": 40,
    "area": (0.0, 0.05, 1.4, 0.9),
    "travel": (-0.9, 0.03),
    "lives": (2, 3),
    "size": 0.9,
    "streak": 16,
    "spread": 0.3,
    "depth": 0.86,
}
# Each falling or drifting weather: how its particles move, and their colour (a fixed one, or a share of the
# palette's glow lifted towards white).
FALLING = {
    "rain": (RAIN, (0.4, 0.3)),
    "storm": (RAIN, (0.4, 0.3)),
    "drops": ({**RAIN, "count": 120, "travel": (0, 1.2), "lives": (2, 3), "size": 2.4, "streak": 4}, (0.4, 0.3)),
    "snow": ({**SNOW, "sway": 0.01, "depth": 0.9}, (0.3, 0.7)),
    "blizzard": (
        {**SNOW, "count": 420, "travel": (0.6, 0.35), "lives": (2, 2), "sway": 0.01, "depth": 0.9},
        (0.3, 0.7),
    ),
    "smoke": (
        {**DRIFT, "count": 40, "area": (-0.05, 0.4, 1.05, 1.1), "travel": (0.05, -0.5), "size": 5.0, "glow": 3},
        rgb(0.2, 0.2, 0.22),
    ),
    "ash": ({**DRIFT, "count": 120, "glow": 1}, rgb(0.55, 0.55, 0.58)),
    "leaves": ({**DRIFT, "count": 45, "glow": 1}, rgb(0.95, 0.5, 0.12)),
    "blood": ({**DRIFT, "count": 50, "glow": 1, "streak": 3}, rgb(0.55, 0.02, 0.04)),
    "tears": ({**DRIFT, "count": 40, "glow": 1, "streak": 3, "dark": False}, rgb(0.6, 0.8, 1.0)),
    "wind": (WIND, (0.4, 0.35)),
}
CONFETTI = ((1, 0.4, 0.5), (1, 0.85, 0.3), (0.4, 0.8, 1.0))


def weather(stage: Stage) -> list[tuple[str, Motif]]:
    """Each weather's motifs, named by their weather (a room keeps rain outside its window, tears inside)."""
    return [(name, motif) for name in stage.reading.weather for motif in _weather(stage, name)]


def tint(palette: Palette, colour) -> np.ndarray:
    """A table's colour: fixed, or (share, lift) of the palette's glow."""
    if isinstance(colour, tuple):
        share, lift = colour
        return share * palette.glow + lift
    return colour


def _weather(stage: Stage, name: str) -> list[Motif]:
    found: list[Motif] = []
    if name in FALLING:
        motion, colour = FALLING[name]
        found.append(Particles(stage, **motion, colour=tint(stage.palette, colour)))
    if name in ("storm", "thunder", "clouds"):
        found.append(Clouds(stage, bands=3 if name != "clouds" else 2, strength=0.9 if name != "clouds" else 0.7))
    if name in ("storm", "thunder", "lightning"):
        found.append(Lightning(stage, bolt=name != "thunder"))
    if name == "frost":
        found.append(Frost(stage))
    if name == "fog":
        found.append(Fog(stage))
    if name == "tornado":
        found.append(Tornado(stage))
    if name == "confetti":
        for k, colour in enumerate(CONFETTI):
            found.append(
                Particles(
                    stage,
                    count=40,
                    area=(-0.05, -0.2, 1.05, 0.7),
                    travel=(0.02, 0.4),
                    lives=(1, 1),
                    colour=rgb(*colour),
                    size=1.8,
                    glow=1,
                    sway=0.03,
                    depth=0.9 + 0.001 * k,
                )
            )
    return found


class Lightning(Motif):
    """Twice a loop the sky flashes; with a bolt, a jagged line of light strikes from the clouds."""

    depth = 0.25

    def __init__(self, stage: Stage, bolt: bool):
        u = stage.unit
        rng = stage.rng
        self.beats = rng.uniform(0.1, 0.4), rng.uniform(0.55, 0.9)
        x = stage.width * rng.uniform(0.25, 0.75)
        points = [(x, 0.0)]
        for _ in range(8):
            x += rng.uniform(-12, 12) * u
            points.append((x, points[-1][1] + stage.horizon_row / 8))
        self.bolt = _mask(stage, lambda pen: pen.line(points, 1.4 * u), 0.3) * 2 if bolt else None
        self.sky = np.exp(-np.arange(stage.height, dtype=np.float32) / (stage.height * 0.5))[:, None]
        self.colour = 0.4 * stage.palette.glow + 0.6

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        strength = max(float(np.exp(-(((moment.tau - beat) * 40) ** 2))) for beat in self.beats)
        if strength < 0.02:
            return
        add(canvas, self.sky * np.float32(0.5 * strength), self.colour)
        if self.bolt is not None:
            add(canvas, self.bolt * np.float32(strength), self.colour)


class Tornado(Silhouette):
    def __init__(self, stage: Stage):
        u = stage.unit
        cx, top, bottom = stage.width * 0.55, stage.height * 0.12, stage.horizon_row + 20 * u

        def draw(pen) -> None:
            ys = np.linspace(top, bottom, 20)
            half = (4 + 50 * ((bottom - ys) / (bottom - top)) ** 1.5) * u
            wobble = np.sin(ys / (20 * u)) * 6 * u
            pen.poly(
                list(zip(cx + wobble - half, ys, strict=True))
                + list(zip((cx + wobble + half)[::-1], ys[::-1], strict=True))
            )

        alpha = _mask(stage, draw, 2.0) * 0.85
        super().__init__(
            stage,
            alpha,
            0.5 * stage.palette.shadow + 0.3 * stage.palette.horizon,
            light=_rim(alpha, u),
            light_colour=stage.palette.glow * 0.4,
            parallax=0.4,
            depth=0.5,
            path=bob(10 * u, 0, 2),
        )


class Frost(Motif):
    """Ice crystals grown in from the frame's edges, glinting."""

    depth = 0.96

    def __init__(self, stage: Stage):
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        edge = np.minimum(
            np.minimum(xx, stage.width - xx) / stage.width, np.minimum(yy, stage.height - yy) / stage.height
        )
        noise = periodic_noise(stage.rng, stage.height, stage.width, scale=2 * stage.unit)
        self.alpha = np.clip((0.12 - edge) * 12 + noise * 0.3, 0, 1).astype(np.float32) * 0.7
        self.colour = np.array((0.85, 0.92, 1.0), np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas += self.alpha * (self.colour[:, None, None] - canvas)
