"""Weather, lights and motions: rain and snow, fog and smoke, lightning, a tornado, drifting leaves and tears; the
sun, a rainbow, a planet, a comet, an eclipse, a campfire, sirens, an explosion's flash, a searcher's beam; a
falling dreamer, a chase, the shimmer of a transformation. All periodic in the loop."""

from __future__ import annotations

import numpy as np

from .cast import Flipbook, _mask, bob
from .elements import Fire, FireGlow, Particles
from .figures import person
from .places import Fog
from .primitives import TAU, add, blur, gaussian
from .scenery import Silhouette, _rim
from .sky import Clouds
from .stage import Moment, Motif, Stage

COLOURS = {
    "blood": (0.55, 0.02, 0.04),
    "tears": (0.6, 0.8, 1.0),
    "ash": (0.55, 0.55, 0.58),
    "leaves": (0.95, 0.5, 0.12),
    "smoke": (0.2, 0.2, 0.22),
}


def rgb(*values: float) -> np.ndarray:
    return np.array(values, np.float32)


def weather(stage: Stage) -> list[tuple[str, Motif]]:
    """Each weather's motifs, named by their weather (a room keeps rain outside its window, tears inside)."""
    return [(name, motif) for name in stage.reading.weather for motif in _weather(stage, name)]


def _weather(stage: Stage, name: str) -> list[Motif]:  # noqa: C901 - one kind of weather each
    p = stage.palette
    found: list[Motif] = []
    if True:
        if name in ("rain", "storm", "drops"):
            drops = name == "drops"
            found.append(
                Particles(
                    stage,
                    count=120 if drops else 260,
                    area=(-0.1, -0.3, 1.1, 0.3),
                    travel=(-0.1 if not drops else 0, 1.2),
                    lives=(4, 6) if not drops else (2, 3),
                    colour=0.4 * p.glow + 0.3,
                    size=1.6 if not drops else 2.4,
                    glow=0,
                    streak=12 if not drops else 4,
                    spread=0.1,
                    depth=0.9,
                )
            )
        if name in ("storm", "thunder", "clouds"):
            found.append(Clouds(stage, bands=3 if name != "clouds" else 2, strength=0.9 if name != "clouds" else 0.7))
        if name in ("storm", "thunder", "lightning"):
            found.append(Lightning(stage, bolt=name != "thunder"))
        if name in ("snow", "blizzard"):
            found.append(
                Particles(
                    stage,
                    count=220 if name == "snow" else 420,
                    area=(-0.1, -0.15, 1.1, 0.8),
                    travel=(0.04 if name == "snow" else 0.6, 0.35),
                    lives=(1, 1) if name == "snow" else (2, 2),
                    colour=0.3 * p.glow + 0.7,
                    size=0.9,
                    sway=0.01,
                    depth=0.9,
                )
            )
        if name == "frost":
            found.append(Frost(stage))
        if name == "fog":
            found.append(Fog(stage))
        if name in ("smoke", "ash", "leaves", "blood", "tears"):
            rising = name == "smoke"
            found.append(
                Particles(
                    stage,
                    count={"smoke": 40, "ash": 120, "leaves": 45, "blood": 50, "tears": 40}[name],
                    area=(-0.05, 0.4 if rising else -0.2, 1.05, 1.1 if rising else 0.6),
                    travel=(0.05, -0.5 if rising else 0.5),
                    lives=(1, 1),
                    colour=rgb(*COLOURS[name]),
                    size=5.0 if rising else 2.0,
                    glow=3 if rising else 1,
                    sway=0.03,
                    dark=name != "tears",
                    streak=3 if name in ("blood", "tears") else 1,
                    depth=0.86,
                )
            )
        if name == "wind":
            found.append(
                Particles(
                    stage,
                    count=40,
                    area=(0.0, 0.05, 1.4, 0.9),
                    travel=(-0.9, 0.03),
                    lives=(2, 3),
                    colour=0.4 * p.glow + 0.35,
                    size=0.9,
                    streak=16,
                    spread=0.3,
                    depth=0.86,
                )
            )
        if name == "tornado":
            found.append(Tornado(stage))
        if name == "confetti":
            for k, colour in enumerate(((1, 0.4, 0.5), (1, 0.85, 0.3), (0.4, 0.8, 1.0))):
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


def lights(stage: Stage) -> list[Motif]:  # noqa: C901 - one light each
    from .sky import Moon, Stars

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


def moves(stage: Stage) -> list[Motif]:
    from .scenery import flyer

    r, p, u = stage.reading, stage.palette, stage.unit
    found: list[Motif] = []
    if "fly" in r.moves:
        found += flyer(stage)
        found.append(Clouds(stage, bands=3, streaming=True))
        found.append(
            Particles(
                stage,
                count=36,
                area=(0.0, 0.05, 1.4, stage.horizon),
                travel=(-0.9, 0.03),
                lives=(2, 3),
                colour=0.4 * p.glow + 0.35,
                size=0.9,
                glow=1,
                streak=16,
                spread=0.3,
                depth=0.86,
            )
        )
    if "fall" in r.moves:
        found.append(
            Particles(
                stage,
                count=120,
                area=(-0.05, 0.4, 1.05, 1.3),
                travel=(0.0, -1.3),
                lives=(2, 3),
                colour=0.5 * p.accent + 0.3,
                size=1.5,
                streak=14,
                spread=0.2,
                depth=0.9,
            )
        )
        if not r.has("thing", "teeth"):
            x, y = stage.width * 0.5, stage.height * 0.45
            alpha = _mask(stage, lambda pen: person(pen, x, y, 70 * u, "runner"), 0.7)
            found.append(
                Silhouette(
                    stage,
                    alpha,
                    p.shadow,
                    light=_rim(alpha, u),
                    light_colour=p.glow,
                    parallax=0.3,
                    depth=0.85,
                    path=bob(6 * u, 8 * u, 2),
                )
            )
    if "chase" in r.moves:
        pursuer = r.has("figure") or r.has("animal")  # a being of the dream chases; else a shadow does
        for k, (name, slot, scale) in enumerate((("runner", 0.68, 1.0), ("shadow", 0.25, 1.25))[: 1 if pursuer else 2]):
            x, base = stage.width * slot, stage.height * 0.92
            drawings = [
                _mask(
                    stage,
                    lambda pen, ph=ph, x=x, base=base, name=name, scale=scale: person(
                        pen, x, base, 75 * u * scale, name if name == "runner" else "intruder", 1, ph
                    ),
                    0.8,
                )
                for ph in range(4)
            ]
            colour = p.shadow if k == 0 else p.shadow * 0.2
            found.append(
                Flipbook(
                    stage,
                    drawings,
                    colour,
                    turns=6,
                    path=bob(4 * u, 1.5 * u, 6, k * 1.3),
                    depth=0.82 - 0.01 * k,
                    light_colour=p.accent if k == 0 else np.float32(0.6) * np.array((0.8, 0.1, 0.1), np.float32),
                )
            )
    if "shimmer" in r.moves:
        found.append(
            Particles(
                stage,
                count=80,
                area=(0.3, 0.3, 0.7, 0.8),
                travel=(0.0, -0.2),
                lives=(2, 2),
                colour=0.6 * p.glow + 0.4 * p.accent,
                size=1.6,
                glow=2,
                sway=0.04,
                depth=0.92,
            )
        )
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
        from .primitives import glow_kernel

        self.spread = glow_kernel(1, 2.0)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        from .primitives import splat

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
        from .primitives import periodic_noise

        noise = periodic_noise(stage.rng, stage.height, stage.width, scale=2 * stage.unit)
        self.alpha = np.clip((0.12 - edge) * 12 + noise * 0.3, 0, 1).astype(np.float32) * 0.7
        self.colour = np.array((0.85, 0.92, 1.0), np.float32)

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas += self.alpha * (self.colour[:, None, None] - canvas)


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
