"""Objects floating in the dream, drawn once per clip with PIL, centred on (x, y), `size` px across."""

from __future__ import annotations

import numpy as np

from .figures import Pen, person


def thing(p: Pen, x: float, y: float, size: float, name: str) -> None:  # one table of small drawings
    """An object about `size` px across, centred on (x, y)."""
    r = size / 2
    if name in ("clock", "hourglass", "coins", "ring", "egg", "apple", "fruit", "stone", "crystal", "heart", "eyes"):
        _round(p, x, y, r, name)
    elif name in ("letter", "ticket", "paper", "map", "book", "phone", "computer", "painting", "glass", "mirror"):
        _flat(p, x, y, r, name)
    elif name in ("gift", "box", "bag", "suitcase", "cake", "bread", "candy", "lock", "camera", "piano", "bathtub"):
        _boxy(p, x, y, r, name)
    elif name in ("cup", "wine", "bottle", "candle", "lamp", "lantern", "bell"):
        _vessel(p, x, y, r, name)
    elif name in ("knife", "sword", "gun", "key", "rope", "chain", "thread", "hair", "feather", "umbrella", "kite"):
        _long(p, x, y, r, name)
    else:
        _other(p, x, y, r, name)


def _round(p: Pen, x, y, r, name) -> None:
    if name == "clock":
        p.ring(x, y, r, r, r * 0.12)
        p.rect(x - r * 0.06, y - r * 0.7, x + r * 0.06, y)
        p.rect(x, y - r * 0.05, x + r * 0.5, y + r * 0.05)
    elif name == "hourglass":
        p.poly([(x - r * 0.6, y - r), (x + r * 0.6, y - r), (x, y), (x + r * 0.6, y + r), (x - r * 0.6, y + r), (x, y)])
    elif name == "coins":
        for k in range(5):
            p.oval(x + (k - 2) * r * 0.45, y + (k % 2) * r * 0.3, r * 0.3, r * 0.3)
    elif name == "ring":
        p.ring(x, y, r * 0.7, r * 0.7, r * 0.18)
        p.poly([(x - r * 0.25, y - r * 0.7), (x, y - r * 1.05), (x + r * 0.25, y - r * 0.7)])
    elif name in ("egg", "stone"):
        p.oval(x, y, r * (0.7 if name == "egg" else 1.0), r * (0.95 if name == "egg" else 0.6))
    elif name in ("apple", "fruit"):
        p.oval(x, y, r * 0.85, r * 0.8)
        p.poly([(x, y - r * 0.7), (x + r * 0.5, y - r * 1.1), (x + r * 0.2, y - r * 0.7)])
        if name == "fruit":
            p.oval(x + r * 1.1, y + r * 0.2, r * 0.55, r * 0.55)
    elif name == "crystal":
        p.poly(
            [
                (x, y - r * 1.2),
                (x + r * 0.5, y - r * 0.3),
                (x + r * 0.35, y + r * 0.8),
                (x - r * 0.35, y + r * 0.8),
                (x - r * 0.5, y - r * 0.3),
            ]
        )
    elif name == "heart":
        p.oval(x - r * 0.45, y - r * 0.3, r * 0.5, r * 0.5)
        p.oval(x + r * 0.45, y - r * 0.3, r * 0.5, r * 0.5)
        p.poly([(x - r * 0.93, y - r * 0.15), (x + r * 0.93, y - r * 0.15), (x, y + r * 0.9)])
    elif name == "eyes":
        for side in (-1, 1):
            cx = x + side * r * 0.7
            p.poly([(cx - r * 0.6, y), (cx, y - r * 0.35), (cx + r * 0.6, y), (cx, y + r * 0.35)])


def _flat(p: Pen, x, y, r, name) -> None:
    if name == "letter":
        p.rect(x - r, y - r * 0.6, x + r, y + r * 0.6)
        p.line([(x - r, y - r * 0.6), (x, y + r * 0.1), (x + r, y - r * 0.6)], r * 0.08, fill=0)
    elif name in ("ticket", "paper", "map"):
        for k in range(3 if name == "paper" else 1):
            p.rect(
                x - r * 0.7 + k * r * 0.2,
                y - r * (0.9 if name == "paper" else 0.45) + k * r * 0.15,
                x + r * 0.7 + k * r * 0.2,
                y + r * (0.9 if name == "paper" else 0.45) + k * r * 0.15,
            )
        if name == "map":
            p.line(
                [(x - r * 0.6, y + r * 0.2), (x - r * 0.1, y - r * 0.2), (x + r * 0.5, y + r * 0.1)], r * 0.06, fill=0
            )
    elif name == "book":
        p.poly([(x, y - r * 0.4), (x - r, y - r * 0.6), (x - r, y + r * 0.4), (x, y + r * 0.6)])
        p.poly([(x, y - r * 0.4), (x + r, y - r * 0.6), (x + r, y + r * 0.4), (x, y + r * 0.6)])
    elif name == "phone":
        p.rect(x - r * 0.45, y - r * 0.9, x + r * 0.45, y + r * 0.9)
    elif name == "computer":
        p.rect(x - r, y - r * 0.7, x + r, y + r * 0.3)
        p.rect(x - r * 0.2, y + r * 0.3, x + r * 0.2, y + r * 0.6)
        p.rect(x - r * 0.6, y + r * 0.6, x + r * 0.6, y + r * 0.7)
    elif name == "painting":
        p.rect(x - r, y - r * 0.75, x + r, y + r * 0.75)
        p.poly(
            [
                (x - r * 0.8, y + r * 0.55),
                (x - r * 0.2, y - r * 0.2),
                (x + r * 0.2, y + r * 0.2),
                (x + r * 0.5, y - r * 0.1),
                (x + r * 0.8, y + r * 0.55),
            ],
            fill=0,
        )
    elif name == "glass":
        for k in range(3):
            p.rect(x - r + k * r * 0.7, y - r, x - r * 0.4 + k * r * 0.7, y + r)
    elif name == "mirror":
        p.ring(x, y, r * 0.65, r, r * 0.12)
        p.oval(x, y, r * 0.55, r * 0.88, fill=140)


def _boxy(p: Pen, x, y, r, name) -> None:
    if name in ("gift", "box"):
        p.rect(x - r * 0.7, y - r * 0.4, x + r * 0.7, y + r * 0.7)
        p.rect(x - r * 0.8, y - r * 0.65, x + r * 0.8, y - r * 0.35)
        if name == "gift":
            for side in (-1, 1):
                p.oval(x + side * r * 0.3, y - r * 0.85, r * 0.3, r * 0.2)
    elif name in ("bag", "suitcase"):
        p.rect(x - r * 0.8, y - r * 0.4, x + r * 0.8, y + r * 0.6)
        p.ring(x, y - r * 0.45, r * 0.35, r * 0.3, r * 0.1)
    elif name == "cake":
        p.rect(x - r * 0.8, y, x + r * 0.8, y + r * 0.6)
        p.rect(x - r * 0.55, y - r * 0.45, x + r * 0.55, y)
        for k in range(3):
            p.rect(x + (k - 1) * r * 0.3 - r * 0.03, y - r * 0.8, x + (k - 1) * r * 0.3 + r * 0.03, y - r * 0.45)
    elif name == "bread":
        p.oval(x, y, r, r * 0.5)
    elif name == "candy":
        p.oval(x, y, r * 0.45, r * 0.35)
        for side in (-1, 1):
            p.poly([(x + side * r * 0.4, y), (x + side * r, y - r * 0.35), (x + side * r, y + r * 0.35)])
    elif name == "lock":
        p.rect(x - r * 0.6, y - r * 0.1, x + r * 0.6, y + r * 0.8)
        p.ring(x, y - r * 0.2, r * 0.4, r * 0.5, r * 0.14)
    elif name == "camera":
        p.rect(x - r, y - r * 0.5, x + r, y + r * 0.6)
        p.rect(x - r * 0.3, y - r * 0.75, x + r * 0.2, y - r * 0.5)
        p.ring(x, y + r * 0.05, r * 0.38, r * 0.38, r * 0.12, fill=0)
    elif name == "piano":
        p.poly(
            [
                (x - r, y - r * 0.2),
                (x + r * 0.2, y - r * 0.2),
                (x + r, y - r * 0.6),
                (x + r, y + r * 0.1),
                (x - r, y + r * 0.1),
            ]
        )
        for lx in (-0.9, 0.0, 0.9):
            p.rect(x + lx * r - r * 0.04, y + r * 0.1, x + lx * r + r * 0.04, y + r * 0.8)
    elif name == "bathtub":
        p.poly([(x - r, y - r * 0.3), (x + r, y - r * 0.3), (x + r * 0.85, y + r * 0.4), (x - r * 0.85, y + r * 0.4)])
        for side in (-1, 1):
            p.rect(x + side * r * 0.7 - r * 0.05, y + r * 0.4, x + side * r * 0.7 + r * 0.05, y + r * 0.6)


def _vessel(p: Pen, x, y, r, name) -> None:
    if name == "cup":
        p.poly(
            [
                (x - r * 0.6, y - r * 0.5),
                (x + r * 0.6, y - r * 0.5),
                (x + r * 0.45, y + r * 0.6),
                (x - r * 0.45, y + r * 0.6),
            ]
        )
        p.ring(x + r * 0.65, y, r * 0.25, r * 0.25, r * 0.1)
    elif name == "wine":
        p.poly([(x - r * 0.45, y - r), (x + r * 0.45, y - r), (x, y)])
        p.rect(x - r * 0.05, y, x + r * 0.05, y + r * 0.7)
        p.rect(x - r * 0.35, y + r * 0.7, x + r * 0.35, y + r * 0.8)
    elif name == "bottle":
        p.rect(x - r * 0.35, y - r * 0.3, x + r * 0.35, y + r)
        p.rect(x - r * 0.12, y - r, x + r * 0.12, y - r * 0.3)
    elif name in ("candle", "lamp", "lantern"):
        if name == "candle":
            p.rect(x - r * 0.2, y - r * 0.3, x + r * 0.2, y + r)
            p.oval(x, y - r * 0.55, r * 0.12, r * 0.25)
        elif name == "lamp":
            p.poly(
                [
                    (x - r * 0.3, y - r * 0.8),
                    (x + r * 0.3, y - r * 0.8),
                    (x + r * 0.6, y - r * 0.2),
                    (x - r * 0.6, y - r * 0.2),
                ]
            )
            p.rect(x - r * 0.05, y - r * 0.2, x + r * 0.05, y + r * 0.8)
            p.rect(x - r * 0.35, y + r * 0.8, x + r * 0.35, y + r * 0.9)
        else:
            p.rect(x - r * 0.4, y - r * 0.5, x + r * 0.4, y + r * 0.6)
            p.ring(x, y - r * 0.7, r * 0.2, r * 0.2, r * 0.08)
    elif name == "bell":
        p.poly(
            [
                (x - r * 0.25, y - r * 0.8),
                (x + r * 0.25, y - r * 0.8),
                (x + r * 0.8, y + r * 0.5),
                (x - r * 0.8, y + r * 0.5),
            ]
        )
        p.oval(x, y + r * 0.6, r * 0.15, r * 0.15)


def _long(p: Pen, x, y, r, name) -> None:
    w = r * 0.12
    if name in ("knife", "sword"):
        length = r * (1.0 if name == "knife" else 2.0)
        p.poly([(x - length * 0.3, y - w), (x + length * 0.7, y), (x - length * 0.3, y + w)])
        p.rect(x - length * 0.65, y - w * 0.7, x - length * 0.3, y + w * 0.7)
        if name == "sword":
            p.rect(x - length * 0.32, y - w * 3, x - length * 0.28, y + w * 3)
    elif name == "gun":
        p.rect(x - r, y - r * 0.2, x + r * 0.8, y + r * 0.1)
        p.poly([(x - r * 0.9, y), (x - r * 0.5, y), (x - r * 0.7, y + r * 0.7), (x - r * 1.1, y + r * 0.7)])
    elif name == "key":
        p.ring(x - r * 0.6, y, r * 0.35, r * 0.35, r * 0.12)
        p.rect(x - r * 0.3, y - w * 0.6, x + r, y + w * 0.6)
        p.rect(x + r * 0.6, y, x + r * 0.75, y + r * 0.3)
    elif name in ("rope", "thread", "hair"):
        t = np.linspace(0, 1, 30)
        for k in range(5 if name == "hair" else 1):
            xs = x - r * 1.5 + t * r * 3
            ys = y + np.sin(t * 6 + k * 0.5) * r * 0.4 + (k - 2) * r * 0.15
            p.line(list(zip(xs, ys, strict=True)), w * (0.5 if name != "rope" else 1.2))
    elif name == "chain":
        for k in range(5):
            p.ring(x + (k - 2) * r * 0.45, y, r * 0.3, r * 0.18, r * 0.08)
    elif name == "feather":
        p.line([(x - r * 0.8, y + r * 0.8), (x + r * 0.7, y - r * 0.7)], w * 0.4)
        p.poly(
            [
                (x - r * 0.5, y + r * 0.5),
                (x + r * 0.1, y - r * 0.6),
                (x + r * 0.7, y - r * 0.7),
                (x + r * 0.3, y + r * 0.1),
            ]
        )
    elif name == "umbrella":
        p.poly([(x - r, y), (x - r * 0.7, y - r * 0.55), (x, y - r * 0.75), (x + r * 0.7, y - r * 0.55), (x + r, y)])
        p.line([(x, y - r * 0.75), (x, y + r * 0.9), (x - r * 0.2, y + r * 0.95)], w * 0.5)
    elif name == "kite":
        p.poly([(x, y - r), (x + r * 0.6, y), (x, y + r * 0.5), (x - r * 0.6, y)])
        p.line([(x, y + r * 0.5), (x - r * 0.3, y + r * 1.2), (x + r * 0.2, y + r * 1.8)], w * 0.3)


def _other(p: Pen, x, y, r, name) -> None:  # one small drawing each
    if name == "crown":
        p.poly(
            [
                (x - r, y + r * 0.5),
                (x - r, y - r * 0.4),
                (x - r * 0.5, y + r * 0.1),
                (x, y - r * 0.7),
                (x + r * 0.5, y + r * 0.1),
                (x + r, y - r * 0.4),
                (x + r, y + r * 0.5),
            ]
        )
    elif name == "doll":
        person(p, x, y + r, r * 2, "girl")
    elif name == "toy":
        p.oval(x, y + r * 0.2, r * 0.55, r * 0.6)
        p.oval(x, y - r * 0.55, r * 0.4, r * 0.38)
        for side in (-1, 1):
            p.oval(x + side * r * 0.35, y - r * 0.9, r * 0.15, r * 0.15)
    elif name in ("chair", "table"):
        top = y - (r * 0.1 if name == "chair" else r * 0.2)
        p.rect(x - r, top, x + r, top + r * 0.12)
        for lx in (-0.9, 0.85):
            p.rect(x + lx * r, top, x + lx * r + r * 0.1, y + r * 0.8)
        if name == "chair":
            p.rect(x + r * 0.85, y - r, x + r * 0.95, top)
        else:
            p.oval(x - r * 0.4, top - r * 0.1, r * 0.25, r * 0.1)
            p.oval(x + r * 0.3, top - r * 0.12, r * 0.2, r * 0.15)
    elif name == "dress":
        p.poly(
            [
                (x - r * 0.25, y - r),
                (x + r * 0.25, y - r),
                (x + r * 0.3, y - r * 0.3),
                (x + r * 0.8, y + r),
                (x - r * 0.8, y + r),
                (x - r * 0.3, y - r * 0.3),
            ]
        )
    elif name == "shoes":
        for side in (-1, 1):
            p.poly(
                [
                    (x + side * r * 0.5 - r * 0.4, y + r * 0.3),
                    (x + side * r * 0.5 - r * 0.4, y - r * 0.2),
                    (x + side * r * 0.5 - r * 0.1, y),
                    (x + side * r * 0.5 + r * 0.45, y + r * 0.1),
                    (x + side * r * 0.5 + r * 0.45, y + r * 0.3),
                ]
            )
    elif name == "hat":
        p.rect(x - r, y + r * 0.2, x + r, y + r * 0.35)
        p.rect(x - r * 0.55, y - r * 0.6, x + r * 0.55, y + r * 0.3)
    elif name == "mask":
        p.oval(x, y, r * 0.75, r)
        for side in (-1, 1):
            p.oval(x + side * r * 0.3, y - r * 0.2, r * 0.17, r * 0.1, fill=0)
    elif name == "glasses":
        for side in (-1, 1):
            p.ring(x + side * r * 0.5, y, r * 0.38, r * 0.3, r * 0.1)
        p.line([(x - r * 0.12, y - r * 0.05), (x + r * 0.12, y - r * 0.05)], r * 0.08)
    elif name == "notes":
        for k, (dx, dy) in enumerate(((-0.6, 0.2), (0.1, -0.3), (0.7, 0.4))):
            cx, cy = x + dx * r, y + dy * r
            p.oval(cx, cy, r * 0.18, r * 0.13)
            p.rect(cx + r * 0.14, cy - r * (0.7 + 0.1 * k), cx + r * 0.2, cy)
    elif name == "teeth":
        for k in range(6):
            tx = x + (k - 2.5) * r * 0.33
            p.poly(
                [
                    (tx - r * 0.14, y - r * 0.3),
                    (tx + r * 0.14, y - r * 0.3),
                    (tx + r * 0.1, y + r * 0.3),
                    (tx - r * 0.1, y + r * 0.3),
                ]
            )
    elif name == "hand":
        p.oval(x, y + r * 0.3, r * 0.42, r * 0.5)
        for k in range(4):
            fx = x + (k - 1.5) * r * 0.22
            p.line([(fx, y + r * 0.1), (fx, y - r * (0.65 + 0.12 * (k in (1, 2))))], r * 0.16)
        p.line([(x - r * 0.35, y + r * 0.4), (x - r * 0.8, y)], r * 0.16)
    elif name == "face":
        p.oval(x, y, r * 0.65, r * 0.85)
        p.poly([(x + r * 0.6, y - r * 0.1), (x + r * 0.85, y + r * 0.15), (x + r * 0.6, y + r * 0.2)])
    elif name == "mouth":
        p.poly(
            [
                (x - r, y),
                (x - r * 0.3, y - r * 0.35),
                (x, y - r * 0.2),
                (x + r * 0.3, y - r * 0.35),
                (x + r, y),
                (x, y + r * 0.4),
            ]
        )
    elif name == "wound":
        p.poly([(x - r, y + r * 0.3), (x + r, y - r * 0.35), (x + r * 0.9, y - r * 0.2), (x - r * 0.9, y + r * 0.4)])
    elif name == "wings":
        for side in (-1, 1):
            p.poly(
                [
                    (x, y),
                    (x + side * r * 1.1, y - r * 0.9),
                    (x + side * r * 1.3, y - r * 0.2),
                    (x + side * r * 0.8, y + r * 0.5),
                ]
            )
    else:
        raise KeyError(name)
