"""The living cast, placed: people and animals in the foreground (on a rise of their own), birds perched or
flying, creatures in the water (or the air), and small ones as living points."""

from __future__ import annotations

import numpy as np

from .beasts import BEASTS, beast, perched, swimmer
from .elements import Birds, Particles
from .figures import Pen, person
from .motion import Flipbook, _mask, bob, travel
from .primitives import TAU, blur
from .scenery import Silhouette, _rim, whale
from .stage import Motif, Stage
from .words import Part


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
