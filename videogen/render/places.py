"""Where a dream happens: the grounds (open water, fields, dunes, snow, roads and rails, a cliff's edge), the far
skylines (mountains, a village, ruins), and the places that fill the whole frame (a room seen from inside, the deep
water, a cave's mouth). Each returns motifs for the scene."""

from __future__ import annotations

import numpy as np

from .figures import Pen
from .primitives import TAU, add, blur, gaussian, over, planar, ramp, soft_mask, splat
from .scenery import Silhouette, _haze, _rim
from .stage import Moment, Motif, Stage


def mask(stage: Stage, draw, softness: float = 0.8) -> np.ndarray:
    """A soft alpha mask of what `draw(pen)` draws, at the stage's size."""
    return soft_mask(stage.height, stage.width, lambda d, s: draw(Pen(d, s)), softness * stage.unit)


def ground(stage: Stage, colour: np.ndarray, *, rise: float = 0.0, wave: float = 2.0, depth: float = 0.45) -> Motif:
    """A gently rolling plane from the horizon down, coloured from far (hazy) to near."""
    u, p = stage.unit, stage.palette
    phase = stage.rng.uniform(0, TAU)
    top = stage.horizon_row + rise * u

    def draw(pen: Pen) -> None:
        xs = np.linspace(-10, stage.width + 10, 30)
        ys = top - wave * u * np.sin(xs / stage.width * 5 + phase)
        pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 10, stage.height + 10), (-10, stage.height + 10)])

    near = ramp(stage.height, [(0, colour), (stage.horizon, 0.5 * colour + 0.5 * p.horizon), (1, colour * 0.55)])
    return Silhouette(stage, mask(stage, draw, 1.0), near, parallax=0.4, depth=depth)


def dunes(stage: Stage) -> list[Motif]:
    u = stage.unit
    sand = 0.55 * stage.palette.glow + 0.25 * np.array((0.9, 0.7, 0.45), np.float32)
    layers = []
    for k, (rise, depth) in enumerate(((0, 0.4), (40, 0.45), (90, 0.5))):
        phase = stage.rng.uniform(0, TAU)
        base = stage.horizon_row + rise * u

        def draw(pen: Pen, base=base, phase=phase, k=k) -> None:
            xs = np.linspace(-10, stage.width + 10, 40)
            ys = base - (12 + 6 * k) * u * np.abs(np.sin(xs / stage.width * (2 + k) + phase)) ** 1.5
            pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 10, stage.height + 10), (-10, stage.height + 10)])

        alpha = mask(stage, draw, 1.2)
        shade = sand * np.float32(0.55 + 0.2 * k)
        layers.append(
            Silhouette(
                stage,
                alpha,
                shade,
                light=_rim(alpha, u),
                light_colour=stage.palette.glow * 0.5,
                parallax=0.3 + 0.2 * k,
                depth=depth,
            )
        )
    return layers


def mountains(stage: Stage, *, volcano: bool = False, valley: bool = False) -> list[Motif]:
    """Two ranges of peaks, hazier the farther; a volcano is one cone with a glowing crater."""
    u = stage.unit
    rng = stage.rng
    layers = []
    for k, (height, amount) in enumerate(((120, 0.65), (75, 0.35))):
        base = stage.horizon_row + (4 + 14 * k) * u

        def draw(pen: Pen, base=base, height=height, k=k) -> None:
            if volcano and k == 0:
                cx = stage.width * rng.uniform(0.35, 0.65)
                pen.poly(
                    [
                        (cx - 150 * u, base),
                        (cx - 14 * u, base - height * u),
                        (cx + 14 * u, base - height * u),
                        (cx + 150 * u, base),
                    ]
                )
                return
            xs = np.linspace(-20, stage.width + 20, 9 + 2 * k)
            ys = base - height * u * rng.uniform(0.4, 1.0, len(xs))
            if valley:
                ys = np.maximum(ys, base - height * u * (0.15 + 1.6 * np.abs(xs / stage.width - 0.5)))
            ys[::2] = base - height * u * 0.25 * rng.uniform(0.3, 1.0, len(ys[::2]))
            pen.poly(list(zip(xs, ys, strict=True)) + [(stage.width + 20, base + 40 * u), (-20, base + 40 * u)])

        alpha = mask(stage, draw, 0.7)
        layers.append(
            Silhouette(
                stage,
                alpha,
                _haze(stage, amount),
                light=_rim(alpha, u) * 0.7,
                light_colour=stage.palette.glow * 0.5,
                parallax=0.2 + 0.2 * k,
                depth=0.32 + 0.03 * k,
            )
        )
    return layers


def village(stage: Stage) -> list[Motif]:
    """Small houses along the horizon, a few windows lit."""
    u = stage.unit
    rng = stage.rng
    base = stage.horizon_row + 6 * u
    roofs: list[tuple[float, float, float]] = []

    def draw(pen: Pen) -> None:
        x = -5.0
        while x < stage.width:
            w, h = rng.uniform(14, 24) * u, rng.uniform(12, 20) * u
            pen.rect(x, base - h, x + w, base + 30 * u)
            pen.poly([(x - 2 * u, base - h), (x + w / 2, base - h - w * 0.5), (x + w + 2 * u, base - h)])
            roofs.append((x, w, h))
            x += w + rng.uniform(2, 12) * u

    alpha = mask(stage, draw, 0.6)

    def lit(pen: Pen) -> None:
        for x, w, h in roofs:
            if rng.random() < 0.6:
                pen.rect(x + w * 0.35, base - h * 0.6, x + w * 0.6, base - h * 0.3)

    light = mask(stage, lit, 0.4) * alpha
    return [
        Silhouette(
            stage,
            alpha,
            _haze(stage, 0.4),
            light=light * 1.5,
            light_colour=stage.palette.glow,
            parallax=0.35,
            depth=0.36,
        )
    ]


def rails(stage: Stage) -> list[Motif]:
    """Two rails and their sleepers running to the horizon."""
    u = stage.unit
    cx, top, bottom = stage.width / 2, stage.horizon_row, stage.height

    def draw(pen: Pen) -> None:
        for side in (-1, 1):
            pen.line([(cx + side * 2 * u, top), (cx + side * 60 * u, bottom)], 1.6 * u)
        for k in range(16):
            t = (k / 16) ** 2
            y = top + t * (bottom - top)
            half = (3 + t * 75) * u
            pen.rect(cx - half, y, cx + half, y + (0.5 + 3 * t) * u)

    colour = 0.6 * stage.palette.shadow + 0.2 * stage.palette.glow
    return [
        ground(stage, 0.8 * stage.palette.ground),
        Silhouette(stage, mask(stage, draw, 0.5), colour, parallax=0.5, depth=0.5),
    ]


def edge(stage: Stage, *, abyss: bool) -> list[Motif]:
    """A cliff's edge in the foreground and, beyond it, nothing but air (an abyss: darkness below)."""
    u = stage.unit

    def draw(pen: Pen) -> None:
        pen.poly(
            [
                (-10, stage.height * 0.78),
                (stage.width * 0.45, stage.height * 0.8),
                (stage.width * 0.62, stage.height * 0.88),
                (stage.width * 0.7, stage.height + 10),
                (-10, stage.height + 10),
            ]
        )

    motifs: list[Motif] = [
        Silhouette(
            stage,
            mask(stage, draw, 0.8),
            stage.palette.shadow,
            light=_rim(mask(stage, draw, 0.8), u),
            light_colour=stage.palette.glow * 0.6,
            parallax=0.9,
            depth=0.8,
        )
    ]
    if abyss:
        rows = np.clip((np.arange(stage.height, dtype=np.float32) / stage.height - stage.horizon) * 3, 0, 1)[:, None]
        motifs.append(Shade(rows**1.5 * 0.85, np.zeros(3, np.float32), depth=0.31))
    return motifs


class Shade(Motif):
    """A fixed veil over the frame: a colour through an alpha map (the dark of an abyss, a room's dimness)."""

    def __init__(self, alpha: np.ndarray, colour: np.ndarray, depth: float):
        self.alpha, self.colour, self.depth = alpha.astype(np.float32), colour, depth

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        over(canvas, self.alpha, self.colour)


class Fog(Motif):
    """Banks of mist drifting across the lower frame, once per loop."""

    depth = 0.88

    def __init__(self, stage: Stage, strength: float = 0.55):
        from .primitives import periodic_noise

        self.height, self.width = stage.height, stage.width
        noise = periodic_noise(stage.rng, stage.height // 2, stage.width, scale=14 * stage.unit)
        rows = gaussian(np.arange(stage.height // 2, dtype=np.float32), stage.height * 0.22, stage.height * 0.2)[
            :, None
        ]
        self.density = np.concatenate([np.clip(noise * 0.35 + 0.55, 0, 1) * rows * strength] * 2, axis=1)
        self.top = int(stage.horizon_row - stage.height * 0.15)
        self.colour = 0.6 * stage.palette.horizon + 0.3 * stage.palette.glow

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        start = int(moment.tau * self.width)
        alpha = self.density[:, start : start + self.width]
        rows = slice(max(self.top, 0), min(self.top + alpha.shape[0], self.height))
        over(canvas[:, rows], alpha[rows.start - self.top : rows.stop - self.top], self.colour)


class River(Motif):
    """A river winding from the horizon to the viewer, the sky in it, its glints flowing toward us."""

    depth = 0.5

    def __init__(self, stage: Stage):
        u = stage.unit
        top, bottom = stage.horizon_row, stage.height
        phase = stage.rng.uniform(0, TAU)

        def draw(pen: Pen) -> None:
            ys = np.linspace(top, bottom + 10, 30)
            t = (ys - top) / (bottom - top)
            centre = stage.width / 2 + np.sin(t * 4 + phase) * 40 * u * t
            half = (3 + t**1.3 * 80) * u
            pen.poly(
                list(zip(centre - half, ys, strict=True)) + list(zip(centre[::-1] + half[::-1], ys[::-1], strict=True))
            )

        self.alpha = mask(stage, draw, 0.8)
        self.colour = 0.6 * stage.palette.horizon + 0.3 * stage.palette.glow
        self.rows = np.arange(stage.height, dtype=np.float32)[:, None]
        self.spark = stage.palette.glow
        rng = stage.rng
        self.glints = (rng.uniform(0, stage.width, 90).astype(np.float32), rng.uniform(0, 1, 90))
        self.height, self.width, self.top = stage.height, stage.width, top

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        over(canvas, self.alpha * 0.85, self.colour)
        xs, phases = self.glints
        t = (phases + moment.tau) % 1
        ys = self.top + t**2 * (self.height - self.top)
        light = splat(
            self.height, self.width, xs, ys.astype(np.float32), (np.sin(np.pi * t) * 0.8).astype(np.float32), None
        )
        add(canvas, light * self.alpha, self.spark)


class Room(Motif):
    """A room seen from its doorway: back wall with a window onto the dream's sky, side walls, floor and ceiling in
    one-point perspective, lit by a warm lamp; the variant adds its furniture (a bed, a tub, shelves, bars …)."""

    depth = 0.55

    def __init__(self, stage: Stage, variant: str):
        u, p = stage.unit, stage.palette
        w, h = stage.width, stage.height
        x0, x1, y0, y1 = w * 0.2, w * 0.8, h * 0.3, h * 0.66
        self.window = variant not in ("basement", "corridor", "elevator", "theatre", "cell", "tunnel")
        wall = 0.35 * p.shadow + 0.25 * p.ground + 0.25 * p.glow
        walls = np.zeros((h, w), np.float32)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        light = np.exp(-(((xx - w * 0.5) / (w * 0.6)) ** 2 + ((yy - h * 0.45) / (h * 0.5)) ** 2)).astype(np.float32)
        shade = np.ones((h, w), np.float32) * 0.55
        shade[:, : int(x0)] = 0.4
        shade[:, int(x1) :] = 0.4
        shade[int(y1) :] = 0.7
        shade[: int(y0)] = 0.3
        self.colour = (planar(wall) * shade * (0.5 + light)).astype(np.float32)
        walls[:] = 1
        if self.window:
            wx0, wx1, wy0, wy1 = w * 0.38, w * 0.62, h * 0.34, h * 0.52
            walls[int(wy0) : int(wy1), int(wx0) : int(wx1)] = 0
            walls[int(wy0) : int(wy1), int((wx0 + wx1) / 2) - 1 : int((wx0 + wx1) / 2) + 1] = 1
        self.alpha = blur(walls, 1)
        edges = mask(stage, lambda pen: _perspective(pen, w, h, x0, x1, y0, y1, u), 0.4)
        self.edges = edges * 0.6
        self.furniture = furniture(stage, variant, (x0, x1, y0, y1))
        self.edge_colour = p.shadow * 0.6

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas += self.alpha * (self.colour - canvas)
        over(canvas, self.edges, self.edge_colour)
        for motif in self.furniture:
            motif.draw(canvas, moment)


def _perspective(pen: Pen, w, h, x0, x1, y0, y1, u) -> None:
    for corner_x, corner_y, out_x, out_y in ((x0, y0, 0, 0), (x1, y0, w, 0), (x0, y1, 0, h), (x1, y1, w, h)):
        pen.line([(corner_x, corner_y), (out_x, out_y)], 1.2 * u)
    pen.line([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], 1.2 * u)


def furniture(stage: Stage, variant: str, box) -> list[Motif]:  # noqa: C901 - one drawing per room
    """The pieces that say which room this is, as silhouettes lit from the lamp."""
    u, p = stage.unit, stage.palette
    x0, x1, y0, y1 = box
    w, h = stage.width, stage.height
    floor = h * 0.86

    def draw(pen: Pen) -> None:
        if variant == "bedroom":
            pen.rect(w * 0.25, floor - 40 * u, w * 0.8, floor - 22 * u)
            pen.rect(w * 0.25, floor - 62 * u, w * 0.3, floor)
        elif variant == "bathroom":
            pen.poly(
                [
                    (w * 0.2, floor - 45 * u),
                    (w * 0.8, floor - 45 * u),
                    (w * 0.72, floor - 10 * u),
                    (w * 0.28, floor - 10 * u),
                ]
            )
        elif variant == "kitchen":
            pen.rect(w * 0.3, floor - 45 * u, w * 0.7, floor - 40 * u)
            for lx in (0.32, 0.66):
                pen.rect(w * lx, floor - 40 * u, w * lx + 3 * u, floor)
            pen.line([(w * 0.5, 0), (w * 0.5, h * 0.2)], 0.8 * u)
            pen.poly([(w * 0.45, h * 0.2), (w * 0.55, h * 0.2), (w * 0.58, h * 0.24), (w * 0.42, h * 0.24)])
        elif variant == "classroom":
            pen.rect(x0 + 8 * u, y0 + 10 * u, x1 - 8 * u, y0 + 50 * u, fill=90)
            for k in range(3):
                for m in range(2):
                    dx = w * (0.2 + 0.3 * k)
                    pen.rect(dx, floor - (30 - 18 * m) * u, dx + 30 * u, floor - (27 - 18 * m) * u)
        elif variant == "office":
            for k in range(2):
                dx = w * (0.15 + 0.45 * k)
                pen.rect(dx, floor - 40 * u, dx + 55 * u, floor - 36 * u)
                pen.rect(dx + 15 * u, floor - 62 * u, dx + 40 * u, floor - 44 * u)
        elif variant in ("prison", "cell"):
            for k in range(13):
                bx = w * k / 12
                pen.rect(bx - 1.5 * u, 0, bx + 1.5 * u, h)
            pen.rect(0, h * 0.25, w, h * 0.25 + 3 * u)
        elif variant == "basement":
            pen.line([(0, h * 0.12), (w, h * 0.1)], 3 * u)
            pen.line([(w * 0.5, 0), (w * 0.5, h * 0.3)], 0.6 * u)
            pen.oval(w * 0.5, h * 0.31, 3 * u, 4 * u)
            for k in range(8):
                pen.rect(w * 0.6 + k * 6 * u, floor - (k + 1) * 8 * u, w + 10 * u, floor - k * 8 * u)
        elif variant == "attic":
            for k in range(5):
                pen.line([(w * (k / 4), 0), (w * 0.5, h * 0.32)], 3 * u)
        elif variant == "museum":
            for k in range(3):
                fx = x0 + (k + 0.5) * (x1 - x0) / 3
                pen.rect(fx - 14 * u, y0 + 14 * u, fx + 14 * u, y0 + 40 * u)
                pen.rect(fx - 11 * u, y0 + 17 * u, fx + 11 * u, y0 + 37 * u, fill=60)
        elif variant == "theatre":
            for side in (-1, 1):
                cx = w * 0.5 + side * w * 0.5
                pen.poly(
                    [
                        (cx, 0),
                        (cx - side * w * 0.35, 0),
                        (cx - side * w * 0.2, h * 0.5),
                        (cx - side * w * 0.3, h),
                        (cx, h),
                    ]
                )
            pen.rect(0, 0, w, h * 0.07)
        elif variant == "library":
            for side in (0, 1):
                sx = w * (0.02 + 0.7 * side)
                for k in range(7):
                    pen.rect(sx, h * 0.2 + k * 22 * u, sx + w * 0.26, h * 0.2 + k * 22 * u + 2.5 * u)
                    for m in range(8):
                        bx = sx + m * w * 0.032
                        pen.rect(bx, h * 0.2 + k * 22 * u - 14 * u, bx + w * 0.025, h * 0.2 + k * 22 * u)
        elif variant in ("corridor", "hospital", "labyrinth", "elevator", "tunnel"):
            for side in (-1, 1):
                for k in range(4):
                    t = 0.25 + 0.2 * k
                    dx = w * 0.5 + side * w * (0.5 - 0.32 * (1 - t))
                    pen.rect(dx - 5 * u * t, h * (0.5 - 0.3 * t), dx + 5 * u * t, h * (0.5 + 0.25 * t), fill=70)
            if variant == "elevator":
                pen.rect(x0, y0, x1, y1, fill=120)
                pen.rect(w * 0.5 - u, y0, w * 0.5 + u, y1, fill=255)
        elif variant == "room":
            pen.rect(w * 0.6, floor - 34 * u, w * 0.85, floor - 30 * u)
            pen.rect(w * 0.62, floor - 30 * u, w * 0.64, floor)
            pen.rect(w * 0.81, floor - 30 * u, w * 0.83, floor)
            pen.rect(w * 0.15, floor - 46 * u, w * 0.21, floor)

    alpha = mask(stage, draw, 0.6)
    return [
        Silhouette(
            stage, alpha, p.shadow * 0.8, light=_rim(alpha, u), light_colour=p.glow * 0.7, parallax=0.0, depth=0.56
        )
    ]


class Underwater(Motif):
    """Deep water: light from the surface in shifting rays, and bubbles rising, the whole frame."""

    depth = 0.0

    def __init__(self, stage: Stage):
        p = stage.palette
        self.height, self.width = stage.height, stage.width
        self.rows = ramp(
            stage.height, [(0, 0.6 * p.glow + 0.3 * p.horizon), (0.35, p.horizon * 0.7), (1, p.ground * 0.5)]
        )
        xs = np.arange(stage.width, dtype=np.float32)[None, :]
        ys = np.arange(stage.height, dtype=np.float32)[:, None]
        self.ray_x, self.ray_fade = xs + ys * 0.35, np.exp(-ys / (stage.height * 0.5)).astype(np.float32)
        self.ray_colour = p.glow * 0.18
        rng = stage.rng
        count = 40
        self.bx = rng.uniform(0, stage.width, count).astype(np.float32)
        self.bphase = rng.uniform(0, 1, count)
        self.bcolour = 0.5 * p.glow + 0.3

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        canvas[:] = self.rows
        angle = TAU * moment.tau
        rays = np.sin(self.ray_x * 0.12 + angle) * np.sin(self.ray_x * 0.05 - angle + 1.0)
        add(canvas, np.clip(rays, 0, None) * self.ray_fade, self.ray_colour)
        t = (self.bphase + moment.tau) % 1
        ys = (self.height * (1.05 - t * 1.1)).astype(np.float32)
        xs = self.bx + 3 * np.sin(TAU * (t * 2 + self.bphase)).astype(np.float32)
        add(canvas, splat(self.height, self.width, xs, ys, np.full(len(xs), 0.6, np.float32), None), self.bcolour)


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
