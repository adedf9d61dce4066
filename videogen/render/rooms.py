"""A room seen from inside, the whole frame: walls, floor and ceiling in one-point perspective, a window onto the
dream's sky, and the furniture of its kind (a bed, a tub, shelves, bars …)."""

from __future__ import annotations

import numpy as np

from .figures import Pen
from .places import mask
from .primitives import blur, over, planar
from .scenery import Silhouette, _rim
from .stage import Moment, Motif, Stage


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


def furniture(stage: Stage, variant: str, box) -> list[Motif]:  # one drawing per room
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
