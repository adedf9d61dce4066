"""The things drawn in a dream, placed: buildings and trees on the ground, vehicles on their way, objects floating
in a glow; the living ones come from `creatures`. Every motion is periodic in the loop (see `motion`)."""

from __future__ import annotations

import numpy as np

from .buildings import building, vehicle
from .creatures import _being, _bird, _bugs, _swimmer
from .motion import Flipbook, Pulse, _mask, bob, still, travel
from .plants import plant
from .primitives import TAU, blur
from .scenery import Silhouette, _rim, stairs
from .stage import Moment, Motif, Stage
from .things import thing
from .words import Part

SKY_RIDES = {"airplane", "helicopter", "balloon", "parachute", "rocket"}
WATER_RIDES = {"ship", "boat"}
TRAVELLING = {"car", "bus", "truck", "tram", "subway", "train", "motorcycle", "bicycle", "airplane"}


def cast(stage: Stage) -> list[Motif]:
    """Every element the reading kept, placed and moving."""
    r = stage.reading
    motifs: list[Motif] = []
    roofs: list[tuple[float, float]] = []
    for k, part in enumerate(r.elements.get("build", [])):
        motifs.append(_building(stage, part, k, roofs))
    tops: list[tuple[float, float]] = []
    for k, part in enumerate(r.elements.get("plant", [])):
        motifs.append(_plant(stage, part, k, tops))
    beings = r.elements.get("figure", []) + r.elements.get("animal", [])
    slots = list(stage.rng.permutation([0.3, 0.72, 0.5]))
    chase = "chase" in r.moves
    if chase:  # the first of them is the pursuer, behind the dreamer who runs (moves.py)
        slots = [0.22, 0.45, 0.85]
    for k, part in enumerate(beings[:3]):
        motifs += _being(stage, part, slots[k % 3], k, pursuing=chase and k == 0)
    for k, part in enumerate(r.elements.get("bird", [])):
        motifs.append(_bird(stage, part, k, roofs + tops))
    for k, part in enumerate(r.elements.get("swim", [])):
        motifs += _swimmer(stage, part, k)
    for part in r.elements.get("bug", []):
        motifs += _bugs(stage, part)
    for k, part in enumerate(r.elements.get("ride", [])):
        motifs.append(_ride(stage, part, k))
    for k, part in enumerate(p for p in r.elements.get("thing", []) if p.name != "mirror"):  # the mirror: the scene's
        motifs.append(_floating(stage, part, k))
    return motifs


def _building(stage: Stage, part: Part, k: int, roofs: list) -> Motif:
    u, p = stage.unit, stage.palette
    if part.name in ("stairs", "escalator"):  # the staircase rising into the light, up close
        return stairs(stage)[0]
    size = (100 if part.name in ("tower", "lighthouse", "castle", "church") else 75) * u
    x = stage.width * (
        0.5 if k == 0 and part.name in ("stairs", "door", "gate", "wall", "fence", "balcony") else (0.34, 0.74)[k % 2]
    )
    base = stage.horizon_row + (30 if part.name != "balcony" else 120) * u
    if part.name in ("fence", "wall"):
        base, size = stage.height * 0.86, 40 * u
    elif part.name in ("stairs", "ladder", "escalator", "door", "gate", "window", "arch"):  # up close, in the middle
        x, base, size = stage.width * 0.5, stage.height * (0.97 if part.name != "door" else 0.8), 140 * u
    if part.name in ("house", "roof", "school", "church", "castle", "tower", "lighthouse", "cafe", "shop"):
        roofs.append((x, base - size * (0.85 if part.name in ("house", "roof", "cafe") else 1.1)))
    if part.name == "island":
        base = stage.horizon_row + 12 * u
    elif stage.reading.water and part.name not in ("bridge", "lighthouse"):
        base, size = stage.horizon_row + 2 * u, size * 0.7  # on the far shore
    alpha = _mask(stage, lambda pen: building(pen, x, base, size, part.name), 0.6)
    full = _mask(stage, lambda pen: building(pen.solid(), x, base, size, part.name), 0.6)
    windows = np.clip(full - alpha, 0, 1)  # what was cut out of the facade: windows and doors, lit from inside
    glow = blur(windows, 3) * 1.5
    light = np.clip(windows * 1.6 + glow + _rim(alpha, u) * 0.6, 0, 2)
    if part.name == "lighthouse":
        return Beacon(stage, alpha, light, x, base - size * 1.06)
    return Silhouette(
        stage,
        np.maximum(alpha, windows * 0.9),
        p.shadow,
        light=light,
        light_colour=p.glow * 0.8,
        parallax=0.7,
        depth=0.6,
    )


class Beacon(Silhouette):
    """A lighthouse whose beam sweeps across the sky, twice a loop."""

    def __init__(self, stage: Stage, alpha, light, x: float, y: float):
        super().__init__(
            stage, alpha, stage.palette.shadow, light=light, light_colour=stage.palette.glow, parallax=0.7, depth=0.6
        )
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        self.angle = np.arctan2(yy - y, xx - x)
        self.fade = np.exp(-np.hypot(xx - x, yy - y) / (stage.height * 0.5)).astype(np.float32)
        self.colour = 0.5 * stage.palette.glow + 0.3

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        super().draw(canvas, moment)
        direction = np.pi * np.sin(TAU * 2 * moment.tau)
        beam = np.cos(self.angle - direction) ** 40 * self.fade * 0.8
        canvas += beam * self.colour[:, None, None]


def _plant(stage: Stage, part: Part, k: int, tops: list) -> Motif:
    u, p = stage.unit, stage.palette
    name = part.name
    x = stage.width * (0.14, 0.86, 0.5)[k % 3]
    base, size = stage.horizon_row + 40 * u, 120 * u
    if name in ("flowers", "grass", "rose", "mushroom", "sprout"):
        base, size, x = (
            stage.height * 0.97,
            (40 if name != "rose" else 60) * u,
            stage.width * (0.5 if name != "rose" else 0.5),
        )
    elif name in ("branch", "vines"):
        base, size, x = (110 if name == "branch" else 80) * u, 90 * u, stage.width * (0.9 if name == "branch" else 0.5)
    elif name == "roots":
        base, size = stage.height * 0.8, 80 * u
    elif name == "waterfall":
        base, size, x = stage.horizon_row + 5 * u, 120 * u, stage.width * 0.7
    rng = np.random.default_rng(int(stage.rng.integers(1 << 30)))
    alpha = _mask(stage, lambda pen: plant(pen, x, base, size, name, rng), 0.6)
    if name in ("tree", "oak", "apple tree", "birch", "pine"):
        tops.append((x, base - size * 0.85))
    colour = p.shadow if name not in ("flowers", "rose", "waterfall") else 0.5 * p.accent + 0.2 * p.glow
    light = _rim(alpha, u)
    if name == "apple tree":
        fruit = _mask(
            stage,
            lambda pen: [
                pen.oval(x + dx * size, base - size * (0.65 + 0.2 * dy), 2.5 * u, 2.5 * u)
                for dx, dy in rng.uniform(-0.3, 0.3, (9, 2))
            ],
            0.3,
        )
        alpha, light = np.maximum(alpha, fruit), light + fruit * 2
    if name == "waterfall":
        return Falls(stage, alpha)
    sway = (
        (lambda tau: (1.5 * u * np.sin(TAU * tau), 0.0)) if name in ("grass", "flowers", "branch", "vines") else still
    )
    return Silhouette(
        stage,
        alpha,
        colour,
        light=light,
        light_colour=p.glow * 0.7 if name != "apple tree" else np.array((1.0, 0.2, 0.15), np.float32),
        parallax=0.9 if base > stage.height * 0.9 else 0.6,
        depth=0.63 if base < stage.height * 0.9 else 0.93,
        path=sway,
    )


class Falls(Motif):
    """Water falling in bright streaks that move down the fall, once per loop."""

    depth = 0.45

    def __init__(self, stage: Stage, alpha: np.ndarray):
        self.alpha = alpha
        rows = np.arange(stage.height, dtype=np.float32)[:, None]
        self.rows = rows / stage.height
        self.colour = 0.6 * stage.palette.glow + 0.3
        self.streaks = (stage.rng.uniform(0, TAU, (1, stage.width)) + np.arange(stage.width)[None, :] * 0.7).astype(
            np.float32
        )

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        flow = 0.6 + 0.4 * np.sin(self.rows * 40 - TAU * 3 * moment.tau + self.streaks)
        canvas += (self.alpha * flow * 0.8)[None] * (self.colour[:, None, None] - canvas) * 0.9


def _ride(stage: Stage, part: Part, k: int) -> Motif:
    u, p = stage.unit, stage.palette
    name = part.name
    size = {
        "train": 60,
        "bus": 80,
        "truck": 80,
        "tram": 80,
        "subway": 90,
        "ship": 90,
        "airplane": 70,
        "rocket": 60,
        "balloon": 60,
        "parachute": 60,
    }.get(name, 60) * u
    x = stage.width * (0.5 if k == 0 else 0.3)
    if name in SKY_RIDES:
        base = stage.height * (0.25 + 0.12 * k) if name != "rocket" else stage.horizon_row
    elif name in WATER_RIDES:
        base = stage.horizon_row + (8 if stage.reading.water else 40) * u
    else:
        base = (
            stage.horizon_row + (70 if stage.reading.place in ("road", "street", "railway", "crossroads") else 50) * u
        )
    alpha = _mask(stage, lambda pen: vehicle(pen, x, base, size, name), 0.6)
    full = _mask(stage, lambda pen: vehicle(pen.solid(), x, base, size, name), 0.6)
    windows = np.clip(full - alpha, 0, 1)
    light = windows * 1.8 + _rim(alpha, u)
    if name == "rocket":
        flame = _mask(
            stage,
            lambda pen: pen.poly(
                [(x - 6 * u, base - size * 0.2), (x + 6 * u, base - size * 0.2), (x, base + size * 0.25)]
            ),
            1.0,
        )
        alpha, light = np.maximum(alpha, flame), light + flame * 3
    if name in TRAVELLING:
        path = travel(stage.width + size * 1.3, 0.5 * u, 4)
        wrap = stage.width + size * 1.3
        return Flipbook(
            stage,
            [np.maximum(alpha, windows * 0.9)],
            p.shadow,
            turns=1,
            path=path,
            depth=0.7,
            light_colour=p.glow,
            wrap=wrap,
            parallax=0.6,
        )
    path = {
        "rocket": lambda tau: (0.0, -stage.height * 0.25 * (1 - np.cos(TAU * tau)) / 2),
        "parachute": bob(10 * u, 12 * u),
        "balloon": bob(6 * u, 10 * u),
    }.get(name, bob(3 * u, 2 * u, 2))
    return Silhouette(
        stage,
        np.maximum(alpha, windows * 0.9),
        p.shadow,
        light=light,
        light_colour=p.glow,
        parallax=0.6,
        depth=0.72,
        path=path,
    )


GLOWING = {
    "candle",
    "lamp",
    "lantern",
    "crystal",
    "egg",
    "heart",
    "phone",
    "computer",
    "eyes",
    "notes",
    "coins",
    "ring",
    "crown",
}


def _floating(stage: Stage, part: Part, k: int) -> Motif:
    """An object hanging in the air of the dream, turning slowly on its bob, in a halo of its own light."""
    u, p = stage.unit, stage.palette
    x, y = stage.width * (0.5, 0.27)[k % 2], stage.height * (0.44, 0.3)[k % 2]
    if stage.reading.has("build"):  # above the rooftops, beside the first building
        x, y = stage.width * (0.62, 0.3)[k % 2], stage.height * (0.26, 0.16)[k % 2]
    size = (46, 32)[k % 2] * u
    if part.name in ("chair", "table", "piano", "bathtub"):
        y = stage.height * 0.78
    alpha = _mask(stage, lambda pen: thing(pen, x, y, size, part.name), 0.5)
    glowing = part.name in GLOWING
    halo = blur(alpha, 6) * (1 - alpha) * (1.6 if glowing else 0.7)
    flame = _mask(stage, lambda pen: pen.oval(x, y - size * 0.27, size * 0.07, size * 0.13), 0.5)
    light = _rim(alpha, u) * 1.2 + halo + (flame * 2.5 if part.name == "candle" else alpha * 0.5 if glowing else 0)
    colour = 0.75 * p.shadow + 0.2 * p.accent if not glowing else 0.25 * p.glow + 0.35 * p.accent
    path = bob(3 * u, 4 * u, 1, k * 2.0)
    if part.name == "teeth" and "fall" in stage.reading.moves:
        path = lambda tau: (0.0, stage.height * 0.6 * (tau % 1) - stage.height * 0.1)  # noqa: E731
    return Pulse(stage, alpha, colour, light, p.glow * 0.8, path, beats=1 if part.name != "heart" else 5)
