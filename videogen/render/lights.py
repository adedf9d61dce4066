"""The dream's lights, periodic in the loop: stars and the moon, the sun, a rainbow, a planet or an eclipse, a comet,
fire and lava with their sparks, a campfire, an explosion's flash, sirens, a glow, a searcher's beam."""

from __future__ import annotations

import numpy as np

from .elements import Fire, FireGlow, Particles
from .motion import _mask
from .palette import rgb
from .primitives import TAU, add, blur, gaussian, glow_kernel, splat
from .sky import Moon, Stars
from .stage import Moment, Motif, Stage


def lights(stage: Stage) -> list[Motif]:  # one light each
    r, u = stage.reading, stage.unit
    found: list[Motif] = []
    night = r.time in ("night", "dark")
    if r.place == "underwater":
        return found
    if night or "stars" in r.lights or r.place == "space":
        found.append(
            Stars(stage, count=400 if r.place == "space" else 170, brightness=1.0 if r.time != "dark" else 0.5)
        )
    for name in r.lights:
        if name == "moon":
            found.append(Moon(stage))
        elif name == "sun":
            found.append(Sun(stage))
        elif name == "rainbow":
            found.append(Rainbow(stage))
        elif name in ("planet", "eclipse"):
            found.append(Orb(stage, eclipse=name == "eclipse"))
        elif name == "comet":
            found.append(Comet(stage))
        elif name in ("fire", "lava"):
            base = stage.horizon_row + int((40 if r.far else 6) * u)
            found += [
                FireGlow(stage, stage.horizon_row if name == "fire" else stage.horizon_row - int(100 * u)),
                Fire(stage, base),
            ]
            found.append(
                Particles(
                    stage,
                    count=120,
                    area=(0, 0.35, 1, 1.0),
                    travel=(0.05, -0.45),
                    lives=(1, 2),
                    colour=rgb(1.0, 0.55, 0.2),
                    size=1.1,
                    sway=0.012,
                    depth=0.88,
                )
            )
        elif name == "campfire":
            found.append(Campfire(stage))
        elif name in ("explosion", "flash", "siren", "glow"):
            found.append(Flash(stage, name))
        elif name == "beam":
            found.append(Beam(stage))
    if night and not r.indoors and "moon" not in r.lights and stage.rng.random() < 0.5:
        found.append(Moon(stage))
    return found


class Sun(Motif):
    """A sun with its halo: high by day, low and large at dusk or dawn."""

    depth = 0.1

    def __init__(self, stage: Stage):
        low = stage.reading.time in ("dusk", "dawn")
        self.cx = stage.width * stage.rng.uniform(0.3, 0.7)
        self.cy = stage.horizon_row - (25 if low else stage.height * 0.3) * (stage.unit if low else 1)
        radius = (22 if low else 14) * stage.unit
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        distance = np.hypot(xx - self.cx, yy - self.cy) / radius
        self.disc = np.clip((1.05 - distance) * 8, 0, 1).astype(np.float32)
        self.halo = (
            0.6 * np.exp(-np.maximum(distance - 1, 0) * 0.8) + 0.25 * np.exp(-np.maximum(distance - 1, 0) * 0.15)
        ).astype(np.float32)
        self.halo[yy > stage.horizon_row + 2] *= 0.3
        self.colour = 0.5 * stage.palette.glow + np.array((0.5, 0.45, 0.3), np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        breathe = np.float32(1 + 0.05 * np.sin(TAU * moment.tau))
        add(canvas, self.halo * breathe, self.colour * 0.5)
        canvas += self.disc * (self.colour[:, None, None] - canvas)


class Rainbow(Motif):
    depth = 0.15

    def __init__(self, stage: Stage):
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        radius = np.hypot(xx - stage.width * 0.5, (yy - stage.horizon_row) * 1.1) / (stage.width * 0.55)
        bands = [
            rgb(1, 0.2, 0.2),
            rgb(1, 0.6, 0.1),
            rgb(1, 1, 0.3),
            rgb(0.3, 1, 0.4),
            rgb(0.3, 0.5, 1),
            rgb(0.6, 0.3, 1),
        ]
        self.light = (
            sum(gaussian(radius, 1 - k * 0.035, 0.02)[None] * c[:, None, None] for k, c in enumerate(bands)).astype(
                np.float32
            )
            * 0.35
        )
        self.light[:, int(stage.horizon_row) :] = 0

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas += self.light * np.float32(0.8 + 0.2 * np.sin(TAU * moment.tau))


class Orb(Motif):
    """A giant ringed planet low in the sky, or an eclipse: a black disc in a burning corona."""

    depth = 0.12

    def __init__(self, stage: Stage, eclipse: bool):
        u, p = stage.unit, stage.palette
        cx, cy = stage.width * stage.rng.uniform(0.3, 0.7), stage.height * stage.rng.uniform(0.2, 0.3)
        radius = (18 if eclipse else 38) * u
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        distance = np.hypot(xx - cx, yy - cy) / radius
        disc = np.clip((1.02 - distance) * 10, 0, 1).astype(np.float32)
        if eclipse:
            self.alpha, self.colour = disc, np.zeros((3, 1, 1), np.float32)
            self.light = (np.exp(-np.maximum(distance - 1, 0) * 3) * (distance > 0.98)).astype(np.float32) * 1.5
            self.light_colour = 0.6 * p.glow + 0.4
        else:
            shade = np.clip(0.3 + (xx - cx + radius) / (2 * radius), 0, 1)
            self.alpha, self.colour = disc, (0.5 * p.accent + 0.3 * p.glow)[:, None, None] * shade[None]
            ring = np.exp(-(((np.hypot((xx - cx) / 1.9, (yy - cy) * 1.6) / radius) - 1.0) ** 2) * 60).astype(np.float32)
            ring[(distance < 1) & (yy < cy)] = 0
            self.light, self.light_colour = ring * 0.6, 0.5 * p.glow + 0.3

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas += self.alpha * (self.colour - canvas)
        canvas += self.light * self.light_colour[:, None, None] * np.float32(0.9 + 0.1 * np.sin(TAU * moment.tau))


class Comet(Motif):
    """A comet crossing the sky once per loop, its tail behind it."""

    depth = 0.14

    def __init__(self, stage: Stage):
        self.height, self.width = stage.height, stage.width
        self.y0 = stage.height * stage.rng.uniform(0.08, 0.25)
        self.colour = 0.5 * stage.palette.glow + 0.5
        self.spread = glow_kernel(1, 2.0)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        t = np.linspace(0, 0.25, 30, dtype=np.float32)
        head = (moment.tau % 1) * 1.4 - 0.2
        xs = (head - t) * self.width
        ys = self.y0 + (head - t) * self.height * 0.15
        weights = np.exp(-t * 14).astype(np.float32) * 1.5
        add(
            canvas,
            splat(self.height, self.width, xs.astype(np.float32), ys.astype(np.float32), weights, self.spread),
            self.colour,
        )


class Campfire(Motif):
    """A small fire in the middle distance, flickering, its sparks rising."""

    depth = 0.7

    def __init__(self, stage: Stage):
        u, p = stage.unit, stage.palette
        cx, base = stage.width * 0.5, stage.height * 0.8
        self.flame = _mask(
            stage,
            lambda pen: pen.poly(
                [
                    (cx - 10 * u, base),
                    (cx - 4 * u, base - 18 * u),
                    (cx, base - 28 * u),
                    (cx + 5 * u, base - 16 * u),
                    (cx + 10 * u, base),
                ]
            ),
            1.5,
        )
        self.logs = _mask(
            stage,
            lambda pen: [
                pen.line([(cx - 14 * u, base + 2 * u), (cx + 14 * u, base - 2 * u)], 3 * u),
                pen.line([(cx - 14 * u, base - 2 * u), (cx + 14 * u, base + 2 * u)], 3 * u),
            ],
            0.5,
        )
        self.glow = blur(self.flame, 12) * 3
        self.sparks = Particles(
            stage,
            count=40,
            area=(0.42, 0.7, 0.58, 0.78),
            travel=(0.02, -0.4),
            lives=(2, 2),
            colour=rgb(1.0, 0.6, 0.2),
            size=1.0,
            sway=0.02,
        )
        self.colour, self.shadow = rgb(1.0, 0.55, 0.15), p.shadow

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        flicker = np.float32(0.85 + 0.15 * np.sin(TAU * 7 * moment.tau) * np.sin(TAU * 3 * moment.tau + 1))
        add(canvas, self.glow * flicker, self.colour * 0.4)
        canvas += self.logs * (self.shadow[:, None, None] - canvas)
        add(canvas, self.flame * flicker * 1.5, self.colour)
        self.sparks.draw(canvas, moment)


class Flash(Motif):
    """Light that comes and goes: an explosion's bloom, a camera's flash, sirens (red, then blue), a soft glow."""

    depth = 0.95

    def __init__(self, stage: Stage, kind: str):
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        self.kind = kind
        cx = stage.width * 0.5
        cy = stage.horizon_row if kind == "explosion" else stage.height * 0.5
        distance = np.hypot(xx - cx, yy - cy) / stage.height
        self.bloom = np.exp(-distance * (6 if kind != "glow" else 4)).astype(np.float32)
        self.sides = np.clip((xx / stage.width - 0.5) * 2, -1, 1).astype(np.float32)
        self.colour = {
            "explosion": rgb(1.0, 0.75, 0.4),
            "flash": rgb(1, 1, 1),
            "glow": 0.5 * stage.palette.glow + 0.3,
        }.get(kind, rgb(1, 1, 1))

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        tau = moment.tau
        if self.kind == "siren":
            red, blue = np.sin(TAU * 4 * tau) ** 2, np.cos(TAU * 4 * tau) ** 2
            add(canvas, np.clip(-self.sides, 0, 1) * np.float32(0.35 * red), rgb(1, 0.1, 0.1))
            add(canvas, np.clip(self.sides, 0, 1) * np.float32(0.35 * blue), rgb(0.1, 0.3, 1))
            return
        if self.kind == "glow":
            add(canvas, self.bloom * np.float32(0.3 + 0.1 * np.sin(TAU * tau)), self.colour)
            return
        beats = 1 if self.kind == "explosion" else 2
        phase = (tau * beats) % 1
        add(canvas, self.bloom * np.float32(1.2 * np.exp(-phase * 6)), self.colour)


class Beam(Motif):
    """A searcher's flashlight: a cone of light sweeping slowly across the scene."""

    depth = 0.84

    def __init__(self, stage: Stage):
        yy, xx = np.mgrid[0 : stage.height, 0 : stage.width].astype(np.float32)
        self.x, self.y = stage.width * 0.35, stage.height * 0.78
        self.angle = np.arctan2(yy - self.y, xx - self.x)
        self.fade = np.exp(-np.hypot(xx - self.x, yy - self.y) / (stage.height * 0.4)).astype(np.float32)
        self.colour = 0.5 * stage.palette.glow + 0.4

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        direction = -np.pi / 2 + 0.7 * np.sin(TAU * moment.tau)
        add(canvas, np.cos(np.clip(self.angle - direction, -1.5, 1.5)) ** 30 * self.fade * 0.6, self.colour)
