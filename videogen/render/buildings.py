"""Buildings, structures and vehicles drawn once per clip with PIL, standing on (x, ground), `size` px tall (a
vehicle: long). Windows and doors are cut out: `Pen.solid()` fills them, and the difference is their light."""

from __future__ import annotations

import numpy as np

from .figures import Pen, person


def building(p: Pen, x: float, ground: float, size: float, name: str) -> None:  # a table of facades
    """A building or structure `size` px tall standing on (x, ground)."""
    h = size
    if name in ("house", "school", "church", "castle", "tower", "shop", "cafe", "university", "station", "roof"):
        _facade(p, x, ground, h, name)
    elif name == "lighthouse":
        p.poly([(x - h * 0.1, ground), (x - h * 0.06, ground - h), (x + h * 0.06, ground - h), (x + h * 0.1, ground)])
        p.rect(x - h * 0.09, ground - h * 1.12, x + h * 0.09, ground - h)
        p.poly([(x - h * 0.1, ground - h * 1.12), (x, ground - h * 1.22), (x + h * 0.1, ground - h * 1.12)])
    elif name == "ruins":
        for k, (dx, top) in enumerate(((-0.4, 0.6), (-0.1, 0.9), (0.25, 0.45), (0.5, 0.7))):
            p.poly(
                [
                    (x + dx * h, ground),
                    (x + dx * h, ground - top * h),
                    (x + (dx + 0.08) * h, ground - (top - 0.15 * (k % 2)) * h),
                    (x + (dx + 0.12) * h, ground),
                ]
            )
    elif name in ("fence", "gate", "wall", "graves"):
        _barrier(p, x, ground, h, name)
    elif name == "door":  # a frame, the door ajar, and the opening (cut out: its light comes through)
        p.rect(x - h * 0.26, ground - h * 1.04, x + h * 0.26, ground)
        p.rect(x - h * 0.2, ground - h, x + h * 0.2, ground, fill=0)
        p.poly(
            [
                (x - h * 0.2, ground - h),
                (x - h * 0.05, ground - h * 0.94),
                (x - h * 0.05, ground - h * 0.04),
                (x - h * 0.2, ground),
            ]
        )
    elif name == "window":
        p.rect(x - h * 0.3, ground - h, x + h * 0.3, ground - h * 0.2)
    elif name == "arch":
        p.ring(x, ground - h * 0.6, h * 0.4, h * 0.6, h * 0.06)
        p.rect(x - h * 0.45, ground - h * 0.6, x + h * 0.45, ground, fill=0)
        for side in (-1, 1):
            p.rect(x + side * h * 0.4 - h * 0.03, ground - h * 0.6, x + side * h * 0.4 + h * 0.03, ground)
    elif name == "bridge":
        p.rect(x - h * 1.5, ground - h * 0.45, x + h * 1.5, ground - h * 0.38)
        for k in range(3):
            p.ring(x + (k - 1) * h, ground - h * 0.05, h * 0.5, h * 0.4, h * 0.06)
    elif name in ("well", "fountain"):
        p.rect(x - h * 0.35, ground - h * 0.3, x + h * 0.35, ground)
        if name == "well":
            p.poly([(x - h * 0.45, ground - h * 0.8), (x, ground - h * 1.05), (x + h * 0.45, ground - h * 0.8)])
            for side in (-1, 1):
                p.rect(
                    x + side * h * 0.3 - h * 0.03, ground - h * 0.85, x + side * h * 0.3 + h * 0.03, ground - h * 0.3
                )
        else:
            p.rect(x - h * 0.05, ground - h * 0.7, x + h * 0.05, ground - h * 0.3)
            p.oval(x, ground - h * 0.7, h * 0.25, h * 0.06)
    elif name == "island":
        p.oval(x, ground, h * 0.8, h * 0.18)
        p.line([(x, ground - h * 0.1), (x + h * 0.1, ground - h * 0.6), (x + h * 0.2, ground - h * 0.9)], h * 0.04)
        for angle in np.linspace(0.3, 2.8, 5):
            p.line(
                [
                    (x + h * 0.2, ground - h * 0.9),
                    (x + h * 0.2 + np.cos(angle) * h * 0.35, ground - h * 0.9 - np.sin(angle) * h * 0.15 + h * 0.12),
                ],
                h * 0.04,
            )
    elif name in ("stairs", "ladder", "escalator"):
        _climb(p, x, ground, h, name)
    elif name == "airport":
        p.rect(x - h * 0.05, ground - h * 0.7, x + h * 0.05, ground)
        p.poly(
            [
                (x - h * 0.15, ground - h * 0.7),
                (x + h * 0.15, ground - h * 0.7),
                (x + h * 0.1, ground - h * 0.85),
                (x - h * 0.1, ground - h * 0.85),
            ]
        )
        p.rect(x - h * 0.9, ground - h * 0.25, x - h * 0.1, ground)
    elif name == "balcony":
        p.rect(x - h * 2, ground - h * 0.05, x + h * 2, ground + h)
        p.rect(x - h * 2, ground - h * 0.5, x + h * 2, ground - h * 0.45)
        for k in range(-10, 11):
            p.rect(x + k * h * 0.18 - h * 0.015, ground - h * 0.5, x + k * h * 0.18 + h * 0.015, ground)
    else:
        raise KeyError(name)


def _facade(p: Pen, x, ground, h, name) -> None:
    """A front with a roof of its kind; windows and door are cut out, so the light behind shows through."""
    wide = {"house": 0.8, "school": 1.4, "church": 0.7, "castle": 1.5, "tower": 0.3, "shop": 0.9, "cafe": 0.9}.get(
        name, 1.2
    )
    body = {"tower": 1.0, "church": 0.55, "castle": 0.55}.get(name, 0.5) * h
    w = wide * h / 2
    top = ground - body
    p.rect(x - w, top, x + w, ground)
    if name in ("house", "school", "roof", "cafe"):
        p.poly([(x - w * 1.1, top), (x, top - h * 0.35), (x + w * 1.1, top)])
        p.rect(x + w * 0.45, top - h * 0.3, x + w * 0.65, top - h * 0.1)  # chimney
    elif name == "church":
        p.poly([(x - w * 1.05, top), (x, top - h * 0.3), (x + w * 1.05, top)])
        p.rect(x - w * 0.25, top - h * 0.55, x + w * 0.25, top)
        p.poly([(x - w * 0.3, top - h * 0.55), (x, top - h * 0.95), (x + w * 0.3, top - h * 0.55)])
        p.rect(x - h * 0.01, top - h * 1.1, x + h * 0.01, top - h * 0.95)
        p.rect(x - h * 0.05, top - h * 1.05, x + h * 0.05, top - h * 1.03)
    elif name == "castle":
        for k in range(-2, 3):
            tx = x + k * w * 0.45
            tall = h * (0.35 if k % 2 == 0 else 0.18)
            p.rect(tx - w * 0.15, top - tall, tx + w * 0.15, top)
            for m in (-1, 0, 1):
                p.rect(tx + m * w * 0.1 - w * 0.035, top - tall - h * 0.05, tx + m * w * 0.1 + w * 0.035, top - tall)
    elif name == "tower":
        p.poly([(x - w * 1.3, top), (x, top - h * 0.3), (x + w * 1.3, top)])
    elif name in ("university", "station"):
        p.poly([(x - w * 1.1, top), (x, top - h * 0.2), (x + w * 1.1, top)])
        for k in range(5):
            p.rect(
                x - w * 0.8 + k * w * 0.4 - w * 0.05,
                top + body * 0.1,
                x - w * 0.8 + k * w * 0.4 + w * 0.05,
                ground,
                fill=0,
            )
    elif name == "shop":
        p.poly(
            [
                (x - w * 1.1, top + body * 0.3),
                (x + w * 1.1, top + body * 0.3),
                (x + w * 1.2, top + body * 0.45),
                (x - w * 1.2, top + body * 0.45),
            ]
        )
    rows = max(1, int(body / (h * 0.14)))
    cols = max(1, int(w * 2 / (h * 0.16)))
    for r in range(rows):
        for c in range(cols):
            wx = x - w + (c + 0.5) * w * 2 / cols
            wy = top + (r + 0.35) * body / rows
            if r == rows - 1 and c == cols // 2:
                continue
            p.rect(wx - h * 0.03, wy, wx + h * 0.03, wy + h * 0.06, fill=0)
    p.rect(x - h * 0.05, ground - h * 0.14, x + h * 0.05, ground, fill=0)


def _barrier(p: Pen, x, ground, h, name) -> None:
    if name == "fence":
        p.rect(x - h * 3, ground - h * 0.6, x + h * 3, ground - h * 0.52)
        for k in range(-15, 16):
            p.poly(
                [
                    (x + k * h * 0.2 - h * 0.05, ground),
                    (x + k * h * 0.2 - h * 0.05, ground - h * 0.8),
                    (x + k * h * 0.2, ground - h * 0.9),
                    (x + k * h * 0.2 + h * 0.05, ground - h * 0.8),
                    (x + k * h * 0.2 + h * 0.05, ground),
                ]
            )
    elif name == "gate":
        for side in (-1, 1):
            p.rect(x + side * h * 0.5 - h * 0.07, ground - h, x + side * h * 0.5 + h * 0.07, ground)
        for k in range(-4, 5):
            p.rect(x + k * h * 0.1 - h * 0.012, ground - h * 0.85, x + k * h * 0.1 + h * 0.012, ground)
        p.ring(x, ground - h * 0.8, h * 0.5, h * 0.2, h * 0.03)
    elif name == "wall":
        p.rect(x - h * 2, ground - h * 0.7, x + h * 2, ground)
        for r in range(5):
            for k in range(-12, 12):
                bx = x + k * h * 0.2 + (r % 2) * h * 0.1
                p.rect(bx, ground - h * 0.7 + r * h * 0.14, bx + h * 0.01, ground - h * 0.56 + r * h * 0.14, fill=0)
    elif name == "graves":
        for k in range(-3, 4):
            gx = x + k * h * 0.45
            g = h * (0.35 + 0.1 * (k % 2))
            if k % 2:
                p.rect(gx - h * 0.03, ground - g, gx + h * 0.03, ground)
                p.rect(gx - h * 0.12, ground - g * 0.8, gx + h * 0.12, ground - g * 0.68)
            else:
                p.rect(gx - h * 0.1, ground - g * 0.7, gx + h * 0.1, ground)
                p.oval(gx, ground - g * 0.7, h * 0.1, h * 0.08)


def _climb(p: Pen, x, ground, h, name) -> None:
    if name == "ladder":
        for side in (-1, 1):
            p.line([(x + side * h * 0.12, ground), (x + side * h * 0.06, ground - h)], h * 0.025)
        for k in range(1, 9):
            y = ground - k * h / 9
            spread = h * (0.12 - 0.06 * k / 9)
            p.rect(x - spread, y - h * 0.008, x + spread, y + h * 0.008)
    else:
        steps = 10
        for k in range(steps):
            sx = x - h * 0.6 + k * h * 0.12
            p.rect(sx, ground - (k + 1) * h * 0.09, x + h * 0.8, ground - k * h * 0.09)
        if name == "escalator":
            p.line([(x - h * 0.6, ground - h * 0.15), (x + h * 0.6, ground - h * 1.0)], h * 0.03)


# --- vehicles -------------------------------------------------------------------------------------------------------


def vehicle(p: Pen, x: float, ground: float, size: float, name: str) -> None:  # one table
    """A vehicle `size` px long, facing right, its wheels (or hull) on `ground`."""
    L = size
    if name in ("car", "bus", "truck", "tram", "subway"):
        tall = {"car": 0.22, "bus": 0.42, "truck": 0.4, "tram": 0.4, "subway": 0.38}[name]
        p.rect(x - L / 2, ground - L * (tall + 0.05), x + L / 2, ground - L * 0.06)
        if name == "car":
            p.poly(
                [
                    (x - L * 0.25, ground - L * 0.27),
                    (x - L * 0.15, ground - L * 0.42),
                    (x + L * 0.2, ground - L * 0.42),
                    (x + L * 0.3, ground - L * 0.27),
                ]
            )
        if name == "tram":
            p.line([(x, ground - L * 0.45), (x + L * 0.1, ground - L * 0.7)], L * 0.015)
        for k in range(3 if name in ("bus", "tram", "subway") else 2):
            p.rect(
                x - L * 0.4 + k * L * 0.28,
                ground - L * (tall - 0.02),
                x - L * 0.3 + k * L * 0.28,
                ground - L * (tall * 0.55),
                fill=0,
            )
        for wx in (-0.33, 0.33):
            p.oval(x + wx * L, ground - L * 0.06, L * 0.07, L * 0.07)
    elif name == "train":
        for k in range(4):
            cx = x - L * 1.1 + k * L * 0.74
            p.rect(cx - L * 0.35, ground - L * 0.35, cx + L * 0.35, ground - L * 0.05)
            for wx in (-0.25, 0.25):
                p.oval(cx + wx * L, ground - L * 0.05, L * 0.05, L * 0.05)
        p.rect(x - L * 0.85, ground - L * 0.48, x - L * 0.78, ground - L * 0.35)
    elif name in ("bicycle", "motorcycle"):
        for wx in (-0.3, 0.3):
            p.ring(x + wx * L, ground - L * 0.2, L * 0.2, L * 0.2, L * 0.03)
        p.line(
            [
                (x - L * 0.3, ground - L * 0.2),
                (x, ground - L * 0.2),
                (x + L * 0.25, ground - L * 0.45),
                (x - L * 0.1, ground - L * 0.45),
                (x, ground - L * 0.2),
            ],
            L * 0.03,
        )
        person(p, x - L * 0.05, ground - L * 0.3, L * 0.7, "man" if name == "motorcycle" else "boy")
    elif name in ("ship", "boat"):
        p.poly(
            [
                (x - L / 2, ground - L * 0.12),
                (x + L / 2, ground - L * 0.12),
                (x + L * 0.38, ground + L * 0.02),
                (x - L * 0.38, ground + L * 0.02),
            ]
        )
        masts = 2 if name == "ship" else 1
        for k in range(masts):
            mx = x - L * 0.15 + k * L * 0.3
            tall = L * (0.7 if name == "ship" else 0.45)
            p.rect(mx - L * 0.01, ground - L * 0.12 - tall, mx + L * 0.01, ground - L * 0.12)
            p.poly(
                [
                    (mx + L * 0.02, ground - L * 0.12 - tall),
                    (mx + L * 0.2, ground - L * 0.2),
                    (mx + L * 0.02, ground - L * 0.2),
                ]
            )
    elif name == "airplane":
        p.oval(x, ground, L / 2, L * 0.06)
        p.poly(
            [
                (x - L * 0.05, ground),
                (x - L * 0.25, ground + L * 0.3),
                (x - L * 0.12, ground + L * 0.3),
                (x + L * 0.15, ground),
            ]
        )
        p.poly(
            [
                (x - L * 0.4, ground),
                (x - L * 0.5, ground - L * 0.18),
                (x - L * 0.42, ground - L * 0.18),
                (x - L * 0.3, ground),
            ]
        )
    elif name == "helicopter":
        p.oval(x, ground, L * 0.25, L * 0.15)
        p.rect(x - L * 0.55, ground - L * 0.03, x - L * 0.2, ground + L * 0.02)
        p.rect(x - L * 0.5, ground - L * 0.22, x + L * 0.5, ground - L * 0.2)
        p.rect(x - L * 0.01, ground - L * 0.22, x + L * 0.01, ground - L * 0.14)
    elif name == "rocket":
        p.poly(
            [
                (x, ground - L),
                (x + L * 0.12, ground - L * 0.7),
                (x + L * 0.12, ground - L * 0.2),
                (x - L * 0.12, ground - L * 0.2),
                (x - L * 0.12, ground - L * 0.7),
            ]
        )
        for side in (-1, 1):
            p.poly(
                [
                    (x + side * L * 0.12, ground - L * 0.4),
                    (x + side * L * 0.25, ground - L * 0.1),
                    (x + side * L * 0.12, ground - L * 0.2),
                ]
            )
    elif name in ("balloon", "parachute"):
        if name == "balloon":
            p.oval(x, ground - L * 0.75, L * 0.3, L * 0.35)
            p.poly(
                [
                    (x - L * 0.25, ground - L * 0.6),
                    (x + L * 0.25, ground - L * 0.6),
                    (x + L * 0.06, ground - L * 0.2),
                    (x - L * 0.06, ground - L * 0.2),
                ]
            )
            p.rect(x - L * 0.07, ground - L * 0.18, x + L * 0.07, ground - L * 0.08)
        else:
            p.poly(
                [
                    (x - L * 0.45, ground - L * 0.7),
                    (x - L * 0.3, ground - L * 0.9),
                    (x, ground - L),
                    (x + L * 0.3, ground - L * 0.9),
                    (x + L * 0.45, ground - L * 0.7),
                ]
            )
            for side in (-1, 1):
                p.line([(x + side * L * 0.43, ground - L * 0.7), (x, ground - L * 0.3)], L * 0.01)
            person(p, x, ground, L * 0.35, "man")
    else:
        raise KeyError(name)
