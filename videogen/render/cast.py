"""The things drawn in a dream, placed: buildings and trees on the ground, people and animals in the foreground,
birds perched or flying, creatures in the water (or the air), vehicles on their way, objects floating in a glow.
Every motion is periodic in the loop: paths are sines of whole turns, journeys cross the frame once per loop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .buildings import building, vehicle
from .figures import BEASTS, Pen, beast, perched, person, swimmer
from .plants import plant
from .primitives import TAU, Sprite, blur, soft_mask
from .scenery import Silhouette, _rim
from .stage import Moment, Motif, Stage
from .things import thing
from .words import Part

Path = Callable[[float], tuple[float, float]]
SKY_RIDES = {"airplane", "helicopter", "balloon", "parachute", "rocket"}
WATER_RIDES = {"ship", "boat"}
TRAVELLING = {"car", "bus", "truck", "tram", "subway", "train", "motorcycle", "bicycle", "airplane"}


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
    if chase:  # the first of them is the pursuer, behind the dreamer who runs (effects.moves)
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
        from .scenery import stairs

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


def _being(stage: Stage, part: Part, slot: float, k: int, pursuing: bool = False) -> list[Motif]:
    """A person (or a group) or an animal standing in the foreground; runners run, the sinking sink, a pursuer
    runs after the dreamer."""
    u, p = stage.unit, stage.palette
    x, base = stage.width * slot, stage.height * (0.9 + 0.03 * (k % 2))
    name = "runner" if pursuing and part.kind == "figure" and part.name in ("man", "woman", "body") else part.name
    facing = 1 if slot < 0.5 or pursuing else -1
    if part.kind == "animal":
        size = (75 if BEASTS.get(name) and BEASTS[name].length >= 1.3 else 55) * u
        draw = lambda phase: lambda pen: beast(pen, x, base, size, name, facing, phase)  # noqa: E731
    else:
        size = 80 * u
        if name in ("sinking", "swimmer") and stage.reading.water:
            base = stage.horizon_row + (60 if name == "sinking" else 8) * u
        if name == "giant":
            size = 85 * u
        draw = lambda phase: lambda pen: person(pen, x, base, size, name, facing, phase)  # noqa: E731
    moving = (
        pursuing
        or name in ("runner", "walker", "searcher")
        or part.kind == "animal"
        and name not in ("snake", "worm", "frog")
    )
    phases = [0, 1, 2, 3] if moving else [1]
    drawings = [_mask(stage, draw(phase), 0.7) for phase in phases]
    colour = 0.85 * p.shadow + 0.1 * p.accent
    lit, light_colour, path = 0.6, 0.4 * p.accent + 0.3 * p.glow, bob(0.0, 0.8 * u, 2)
    if name in ("ghost", "angel"):
        colour, lit, light_colour = 0.6 * p.glow + 0.35, 1.6, p.glow * 0.6
        drawings = [d * 0.6 for d in drawings]
        path = bob(6 * u, 5 * u)
    if name == "sinking":
        path = bob(3 * u, 10 * u)
    if name == "frozen" or name == "shadow":
        colour = p.shadow * 0.3
    if pursuing:
        colour, light_colour, path = p.shadow * 0.4, np.array((0.7, 0.12, 0.1), np.float32), bob(5 * u, 1.5 * u, 6)
    motifs: list[Motif] = [
        Flipbook(
            stage,
            drawings,
            colour,
            turns=6 if pursuing else 5 if moving else 1,
            path=path,
            depth=0.8 + 0.01 * k,
            light_colour=light_colour,
            lit=lit,
            parallax=1.0,
        )
    ]
    if base > stage.height * 0.85 and not stage.reading.indoors:
        motifs.append(_foreground(stage, base))
    return motifs


def _foreground(stage: Stage, top: float) -> Motif:
    """A dark rise for the foreground's people and animals to stand on."""
    u = stage.unit
    phase = stage.rng.uniform(0, TAU)

    def draw(pen: Pen) -> None:
        xs = np.linspace(-10, stage.width + 10, 20)
        pen.poly(
            list(zip(xs, top - 3 * u * np.sin(xs / stage.width * 4 + phase), strict=True))
            + [(stage.width + 10, stage.height + 10), (-10, stage.height + 10)]
        )

    return Silhouette(stage, _mask(stage, draw, 1.0), stage.palette.shadow, parallax=1.0, depth=0.77)


def _bird(stage: Stage, part: Part, k: int, perches: list) -> Motif:
    from .elements import Birds

    u, p = stage.unit, stage.palette
    if part.name in ("flock", "seagull", "eagle", "dove", "bats"):
        flock = Birds(stage, count={"flock": 7, "bats": 9, "eagle": 1, "dove": 3, "seagull": 5}[part.name])
        if part.name in ("dove", "seagull"):
            flock.colour = 0.6 * p.glow + 0.35
        if part.name == "eagle":
            flock.span *= 2.5
        return flock
    post = k >= len(perches)  # nowhere to perch: a post of its own, in the middle distance
    x, y = perches[k] if not post else (stage.width * (0.2 + 0.6 * k), stage.horizon_row + 55 * u)
    size = (30 if part.name == "owl" else 22) * u

    def draw(pen: Pen) -> None:
        perched(pen, x, y, size, part.name, -1 if x > stage.width / 2 else 1)
        if post:
            pen.rect(x - 2.5 * u, y, x + 2.5 * u, stage.height)

    alpha = _mask(stage, draw, 0.5)
    light = _rim(alpha, u)
    if part.name == "owl":  # the owl's wide luminous eyes, blinking once a loop
        eyes = _mask(
            stage,
            lambda pen: [
                pen.oval(x + side * size * 0.11, y - size * 0.95, size * 0.07, size * 0.07) for side in (-1, 1)
            ],
            0.3,
        )
        light = light + eyes * 3
    colour = 0.8 * p.shadow if part.name != "parrot" else 0.5 * p.accent + 0.2
    return Silhouette(
        stage,
        alpha,
        colour,
        light=light,
        light_colour=p.glow,
        parallax=0.7,
        depth=0.89 if post else 0.66,
        path=bob(0, 0.4 * u, 3),
    )


def _swimmer(stage: Stage, part: Part, k: int) -> list[Motif]:
    u, p = stage.unit, stage.palette
    water = stage.reading.water or "flood" in stage.reading.features
    name = part.name
    if name == "whale":
        from .scenery import whale

        return whale(stage)
    count = 5 if name == "fish" else 1
    motifs: list[Motif] = []
    for n in range(count):
        size = {
            "fish": 18,
            "shark": 70,
            "dolphin": 50,
            "octopus": 60,
            "jellyfish": 40,
            "turtle": 50,
            "crocodile": 80,
            "swan": 40,
        }[name] * u
        if name == "swan" or name == "crocodile":
            y = stage.horizon_row + (20 + 15 * n) * u if water else stage.height * 0.85
        elif stage.reading.place == "underwater":
            y = stage.height * stage.rng.uniform(0.3, 0.7)
        else:
            y = stage.horizon_row + (stage.rng.uniform(30, 110) if water else -stage.rng.uniform(40, 110)) * u
        x = stage.width * stage.rng.uniform(0.25, 0.75)
        alpha = _mask(stage, lambda pen, x=x, y=y, size=size: swimmer(pen, x, y, size, name, 1), 0.6)
        glowing = name == "jellyfish"
        colour = (0.5 * p.glow + 0.4 * p.accent) if glowing else 0.6 * p.shadow + 0.3 * p.accent
        light = blur(alpha, 4) * 1.5 if glowing else _rim(alpha, u)
        path = bob(stage.rng.uniform(8, 20) * u, (8 if glowing else 4) * u, 1, stage.rng.uniform(0, TAU))
        if name == "dolphin":
            path = travel(stage.width + size * 1.2, 6 * u, 2)
        motifs.append(
            Silhouette(
                stage,
                alpha * (0.8 if glowing else 1),
                colour,
                light=light,
                light_colour=p.glow * 0.8,
                parallax=0.8,
                depth=0.74,
                path=path,
            )
        )
    return motifs


BUGS = {  # count, colour (None: the accent), size, sway, dark
    "butterfly": (14, None, 5.0, 0.05, False),
    "moth": (18, (0.9, 0.88, 0.8), 3.5, 0.04, False),
    "bee": (30, (1.0, 0.8, 0.15), 1.4, 0.03, False),
    "swarm": (90, (0.1, 0.1, 0.1), 0.9, 0.02, True),
    "ant": (40, (0.05, 0.04, 0.03), 1.2, 0.0, True),
}


def _bugs(stage: Stage, part: Part) -> list[Motif]:
    """Small creatures as living points: butterflies and moths flutter, bees hum about, ants march; a spider waits
    in its web."""
    from .elements import Particles

    u, p = stage.unit, stage.palette
    if part.name == "spider":
        cx, cy, r = stage.width * 0.72, stage.height * 0.25, 45 * u

        def web(pen: Pen) -> None:
            for k in range(8):
                angle = TAU * k / 8
                pen.line([(cx, cy), (cx + np.cos(angle) * r, cy + np.sin(angle) * r)], 0.5 * u)
            for ring in (0.3, 0.55, 0.8, 1.0):
                pen.ring(cx, cy, r * ring, r * ring, 0.5 * u)
            pen.line([(cx, cy - r), (cx, cy - 2)], 0.4 * u)
            pen.oval(cx, cy, 4 * u, 5 * u)
            for side in (-1, 1):
                for k in range(4):
                    pen.line(
                        [
                            (cx, cy),
                            (cx + side * 8 * u, cy - 6 * u + k * 4 * u),
                            (cx + side * 11 * u, cy - 2 * u + k * 4 * u),
                        ],
                        0.8 * u,
                    )

        alpha = _mask(stage, web, 0.3)
        return [
            Silhouette(
                stage,
                alpha * 0.9,
                0.5 * p.glow + 0.3,
                light=alpha * 0.5,
                light_colour=p.glow * 0.4,
                parallax=0.9,
                depth=0.9,
                path=bob(0, 2 * u, 1),
            )
        ]
    count, colour, size, sway, dark = BUGS[part.name]
    tint = p.accent if colour is None else np.array(colour, np.float32)
    if part.name == "ant":
        return [
            Particles(
                stage,
                count=count,
                area=(-0.1, 0.9, 0.1, 0.92),
                travel=(1.2, 0.0),
                lives=(1, 1),
                colour=tint,
                size=size,
                glow=0,
                spread=0.02,
                dark=True,
                depth=0.95,
            )
        ]
    area = (0.1, 0.25, 0.9, 0.85) if part.name != "moth" else (0.35, 0.3, 0.65, 0.55)
    return [
        Particles(
            stage,
            count=count,
            area=area,
            travel=(0.05, -0.05),
            lives=(1, 1),
            colour=tint,
            size=size,
            glow=2 if not dark else 0,
            sway=sway,
            parallax=1.0,
            dark=dark,
            depth=0.91,
        )
    ]


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
