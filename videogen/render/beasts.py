"""Animals drawn once per clip with PIL: four-legged beasts, perched birds, creatures of the water. Each takes a
`Pen`, a foot point (x, ground) and a size in pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .figures import Pen


@dataclass(frozen=True)
class Beast:
    length: float = 1.0  # body length / size
    tall: float = 0.45  # leg length
    thick: float = 0.28  # body depth
    neck: float = 0.2  # neck rise
    head: float = 0.16
    snout: float = 0.12
    ears: str = "point"  # point, round, long, none, floppy
    tail: str = "long"  # long, bushy, short, curl, tuft, none
    extra: str = ""  # mane, antlers, horn, trunk, wings, spikes, horns, wool, quills


BEASTS: dict[str, Beast] = {
    "dog": Beast(ears="floppy", tail="long"),
    "wolf": Beast(ears="point", tail="bushy", snout=0.16),
    "fox": Beast(tall=0.32, ears="point", tail="bushy", snout=0.16, thick=0.22),
    "cat": Beast(length=0.8, tall=0.34, ears="point", tail="curl", snout=0.05, neck=0.12, thick=0.22),
    "horse": Beast(length=1.3, tall=0.7, neck=0.45, head=0.18, snout=0.2, tail="long", extra="mane"),
    "deer": Beast(length=1.1, tall=0.75, neck=0.4, snout=0.14, tail="short", extra="antlers"),
    "unicorn": Beast(length=1.3, tall=0.7, neck=0.45, head=0.18, snout=0.2, extra="horn"),
    "bear": Beast(length=1.3, tall=0.35, thick=0.5, neck=0.1, head=0.22, ears="round", tail="short"),
    "lion": Beast(length=1.3, tall=0.45, thick=0.36, ears="round", tail="tuft", extra="mane"),
    "tiger": Beast(length=1.4, tall=0.42, thick=0.34, ears="round", tail="long"),
    "elephant": Beast(
        length=1.5, tall=0.6, thick=0.65, neck=0.05, head=0.3, snout=0.0, ears="floppy", tail="short", extra="trunk"
    ),
    "cow": Beast(length=1.35, tall=0.5, thick=0.42, neck=0.05, ears="none", tail="tuft", extra="horns"),
    "pig": Beast(length=1.0, tall=0.24, thick=0.4, neck=0.0, ears="point", tail="curl", snout=0.1),
    "sheep": Beast(length=0.95, tall=0.35, thick=0.45, neck=0.1, ears="floppy", tail="short", extra="wool"),
    "goat": Beast(length=0.95, tall=0.45, thick=0.3, neck=0.25, tail="short", extra="horns"),
    "rat": Beast(length=0.45, tall=0.1, thick=0.16, neck=0.0, head=0.09, snout=0.07, ears="round", tail="long"),
    "mouse": Beast(length=0.3, tall=0.08, thick=0.14, neck=0.0, head=0.08, snout=0.05, ears="round", tail="long"),
    "rabbit": Beast(length=0.45, tall=0.14, thick=0.28, neck=0.15, head=0.1, snout=0.05, ears="long", tail="short"),
    "squirrel": Beast(length=0.4, tall=0.14, thick=0.2, neck=0.12, head=0.09, ears="point", tail="bushy"),
    "hedgehog": Beast(
        length=0.4, tall=0.06, thick=0.24, neck=0.0, head=0.08, snout=0.08, ears="none", tail="none", extra="quills"
    ),
    "dragon": Beast(
        length=1.8, tall=0.5, thick=0.4, neck=0.6, head=0.2, snout=0.2, ears="none", tail="long", extra="wings"
    ),
    "beast": Beast(
        length=1.5, tall=0.5, thick=0.55, neck=0.2, head=0.26, snout=0.1, ears="point", tail="short", extra="spikes"
    ),
    "monkey": Beast(length=0.6, tall=0.45, thick=0.3, neck=0.3, head=0.14, snout=0.03, ears="round", tail="curl"),
    "peacock": Beast(
        length=0.6, tall=0.3, thick=0.25, neck=0.35, head=0.07, snout=0.06, ears="none", tail="none", extra="fan"
    ),
    "chicken": Beast(
        length=0.45, tall=0.2, thick=0.3, neck=0.2, head=0.08, snout=0.05, ears="none", tail="short", extra="comb"
    ),
    "frog": Beast(length=0.3, tall=0.05, thick=0.2, neck=0.0, head=0.1, snout=0.02, ears="none", tail="none"),
    "lizard": Beast(length=0.7, tall=0.05, thick=0.1, neck=0.0, head=0.07, snout=0.07, ears="none", tail="long"),
}


def beast(p: Pen, x: float, ground: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A four-legged animal `size` px long standing at (x, ground), facing right (facing=1) or left."""
    if name in ("snake", "worm"):
        _serpent(p, x, ground, size * (1.0 if name == "snake" else 0.35))
        return
    b = BEASTS[name]
    L = size * b.length
    legs = L * b.tall
    depth = L * b.thick
    top = ground - legs - depth
    f = facing
    p.oval(x, top + depth / 2, L / 2, depth / 2)  # body
    for k, lx in enumerate((-0.34, -0.2, 0.22, 0.34)):
        swing = np.sin(phase * np.pi / 2 + k * np.pi) * legs * 0.25 if phase >= 0 else 0
        p.line([(x + lx * L * f, top + depth * 0.6), (x + lx * L * f + swing, ground)], max(1.0, L * 0.075))
    neck_x, neck_y = x + f * L * 0.42, top + depth * 0.3 - L * b.neck
    p.line([(x + f * L * 0.3, top + depth * 0.4), (neck_x, neck_y)], max(1.0, L * (0.14 if b.neck > 0.3 else 0.2)))
    hr = L * b.head
    p.oval(neck_x + f * hr * 0.3, neck_y, hr, hr * 0.8)
    if b.snout:
        p.poly(
            [
                (neck_x + f * hr * 0.5, neck_y - hr * 0.45),
                (neck_x + f * (hr + L * b.snout), neck_y + hr * 0.1),
                (neck_x + f * hr * 0.4, neck_y + hr * 0.6),
            ]
        )
    _ears(p, neck_x, neck_y, hr, b.ears, f)
    _tail(p, x - f * L * 0.48, top + depth * 0.35, L, b.tail, f)
    _extra(p, x, top, depth, L, neck_x, neck_y, hr, b.extra, f)


def _ears(p: Pen, x: float, y: float, r: float, ears: str, f: int) -> None:
    if ears == "point":
        p.poly([(x - f * r * 0.3, y - r * 0.5), (x - f * r * 0.1, y - r * 1.6), (x + f * r * 0.3, y - r * 0.6)])
    elif ears == "round":
        p.oval(x - f * r * 0.3, y - r * 0.8, r * 0.4, r * 0.4)
        p.oval(x + f * r * 0.4, y - r * 0.8, r * 0.4, r * 0.4)
    elif ears == "long":
        p.oval(x - f * r * 0.2, y - r * 2.0, r * 0.25, r * 1.1)
        p.oval(x + f * r * 0.2, y - r * 2.0, r * 0.25, r * 1.1)
    elif ears == "floppy":
        p.oval(x - f * r * 0.5, y + r * 0.2, r * 0.35, r * 0.7)


def _tail(p: Pen, x: float, y: float, L: float, tail: str, f: int) -> None:
    w = max(1.0, L * 0.04)
    if tail == "long":
        p.line([(x, y), (x - f * L * 0.25, y + L * 0.1), (x - f * L * 0.4, y + L * 0.02)], w)
    elif tail == "bushy":
        p.poly([(x, y - L * 0.03), (x - f * L * 0.45, y + L * 0.05), (x - f * L * 0.2, y + L * 0.15)])
    elif tail == "short":
        p.oval(x - f * L * 0.03, y, L * 0.05, L * 0.04)
    elif tail == "curl":
        p.line([(x, y), (x - f * L * 0.15, y - L * 0.2), (x - f * L * 0.05, y - L * 0.35)], w)
    elif tail == "tuft":
        p.line([(x, y), (x - f * L * 0.1, y + L * 0.35)], w)
        p.oval(x - f * L * 0.1, y + L * 0.37, L * 0.04, L * 0.06)


def _extra(p: Pen, x, top, depth, L, hx, hy, r, extra: str, f: int) -> None:
    if extra == "mane":
        p.poly(
            [
                (hx - f * r * 0.9, hy - r),
                (hx + f * r * 0.2, hy - r * 0.9),
                (x + f * L * 0.25, top + depth * 0.5),
                (x + f * L * 0.15, top + depth * 0.1),
            ]
        )
    elif extra == "antlers":
        for side in (-0.4, 0.4):
            base = (hx + side * r, hy - r * 0.6)
            p.line(
                [base, (base[0] + side * r * 1.5, hy - r * 3), (base[0] + side * r * 2.4, hy - r * 3.4)],
                max(1.0, L * 0.02),
            )
            p.line(
                [(base[0] + side * r * 0.8, hy - r * 1.8), (base[0] + side * r * 0.2, hy - r * 3.1)], max(1.0, L * 0.02)
            )
    elif extra == "horn":
        p.poly([(hx, hy - r * 0.6), (hx + f * r * 1.6, hy - r * 2.6), (hx + f * r * 0.4, hy - r * 0.5)])
    elif extra == "horns":
        p.line(
            [(hx, hy - r * 0.6), (hx - f * r * 0.8, hy - r * 1.7), (hx - f * r * 1.4, hy - r * 1.1)], max(1.0, L * 0.03)
        )
    elif extra == "trunk":
        p.line([(hx + f * r * 0.6, hy), (hx + f * r * 1.0, hy + r * 1.2), (hx + f * r * 0.7, hy + r * 2.2)], r * 0.45)
        p.oval(hx - f * r * 0.4, hy + r * 0.2, r * 0.8, r * 1.0)
    elif extra == "wings":
        p.poly(
            [
                (x, top + depth * 0.2),
                (x - f * L * 0.2, top - L * 0.6),
                (x + f * L * 0.35, top - L * 0.4),
                (x + f * L * 0.2, top + depth * 0.3),
            ]
        )
    elif extra == "spikes":
        for k in range(6):
            sx = x - L * 0.4 + k * L * 0.15
            p.poly([(sx - L * 0.05, top + depth * 0.1), (sx, top - L * 0.14), (sx + L * 0.05, top + depth * 0.1)])
    elif extra == "wool":
        for k in range(7):
            p.oval(x - L * 0.45 + k * L * 0.15, top + depth * (0.1 + 0.1 * (k % 2)), L * 0.12, L * 0.1)
    elif extra == "quills":
        for k in range(9):
            sx = x - L * 0.45 + k * L * 0.11
            p.poly([(sx, top + depth * 0.3), (sx - f * L * 0.12, top - L * 0.06), (sx + L * 0.05, top + depth * 0.2)])
    elif extra == "fan":
        for k in range(9):
            angle = np.pi * (0.15 + 0.7 * k / 8)
            p.line(
                [
                    (x - f * L * 0.3, top + depth * 0.5),
                    (x - f * L * 0.3 - f * np.cos(angle) * L, top - np.sin(angle) * L * 0.9),
                ],
                L * 0.12,
            )
    elif extra == "comb":
        p.poly([(hx - r * 0.5, hy - r * 0.7), (hx, hy - r * 1.6), (hx + r * 0.5, hy - r * 0.7)])


def _serpent(p: Pen, x: float, ground: float, length: float) -> None:
    t = np.linspace(0, 1, 40)
    xs = x - length / 2 + t * length
    ys = ground - length * 0.03 - np.sin(t * np.pi * 3) * length * 0.06 * (1 - t * 0.5)
    p.line(list(zip(xs, ys, strict=True)), length * 0.045)
    p.oval(xs[-1] + length * 0.02, ys[-1], length * 0.045, length * 0.03)


# --- birds, water creatures ------------------------------------------------------------------------------------------


def perched(p: Pen, x: float, ground: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A bird sitting upright on a ridge or branch: the owl round with ear tufts, the others slimmer."""
    h = size
    if name == "owl":
        p.oval(x, ground - h * 0.45, h * 0.3, h * 0.45)
        p.oval(x, ground - h * 0.95, h * 0.27, h * 0.24)
        for side in (-1, 1):
            p.poly(
                [
                    (x + side * h * 0.12, ground - h * 1.1),
                    (x + side * h * 0.27, ground - h * 1.3),
                    (x + side * h * 0.25, ground - h * 1.0),
                ]
            )
        return
    p.oval(x, ground - h * 0.4, h * 0.22, h * 0.38)
    p.oval(x + facing * h * 0.08, ground - h * 0.85, h * 0.16, h * 0.15)
    p.poly(
        [
            (x + facing * h * 0.2, ground - h * 0.9),
            (x + facing * h * 0.42, ground - h * 0.82),
            (x + facing * h * 0.2, ground - h * 0.78),
        ]
    )
    p.poly(
        [
            (x - facing * h * 0.1, ground - h * 0.2),
            (x - facing * h * 0.45, ground + h * 0.1),
            (x - facing * h * 0.25, ground - h * 0.05),
        ]
    )


def swimmer(p: Pen, x: float, y: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A creature of the water, centred on (x, y), `size` px long."""
    L = size
    f = facing
    if name in ("fish", "shark"):
        p.oval(x, y, L * 0.38, L * (0.12 if name == "shark" else 0.16))
        p.poly([(x - f * L * 0.3, y), (x - f * L * 0.55, y - L * 0.18), (x - f * L * 0.55, y + L * 0.18)])
        if name == "shark":
            p.poly([(x - f * L * 0.05, y - L * 0.1), (x - f * L * 0.15, y - L * 0.32), (x + f * L * 0.1, y - L * 0.1)])
    elif name == "dolphin":
        t = np.linspace(0, 1, 30)
        xs, ys = x - L / 2 + t * L, y - np.sin(t * np.pi) * L * 0.3
        p.line(list(zip(xs, ys, strict=True)), L * 0.1)
        p.poly([(xs[15], ys[15]), (xs[12], ys[12] - L * 0.15), (xs[18], ys[18])])
    elif name == "octopus":
        p.oval(x, y - L * 0.2, L * 0.22, L * 0.26)
        for k in range(8):
            dx = (k - 3.5) * L * 0.07
            p.line([(x + dx * 0.6, y), (x + dx * 1.6, y + L * 0.25), (x + dx * 1.2, y + L * 0.45)], L * 0.04)
    elif name == "jellyfish":
        p.oval(x, y, L * 0.25, L * 0.18)
        p.rect(x - L * 0.26, y, x + L * 0.26, y + L * 0.04, fill=0)
        for k in range(6):
            dx = (k - 2.5) * L * 0.08
            p.line([(x + dx, y), (x + dx * 1.2 + L * 0.03, y + L * 0.3), (x + dx, y + L * 0.55)], L * 0.015)
    elif name == "turtle":
        p.oval(x, y, L * 0.3, L * 0.18)
        p.oval(x + f * L * 0.38, y, L * 0.09, L * 0.07)
        for side in (-1, 1):
            p.poly(
                [
                    (x + f * L * 0.15, y + side * L * 0.1),
                    (x + f * L * 0.3, y + side * L * 0.3),
                    (x + f * L * 0.05, y + side * L * 0.15),
                ]
            )
    elif name == "crocodile":
        p.poly(
            [
                (x - L / 2, y),
                (x - L * 0.2, y - L * 0.06),
                (x + L * 0.3, y - L * 0.07),
                (x + L / 2, y - L * 0.02),
                (x + L * 0.3, y + L * 0.02),
                (x - L * 0.2, y + L * 0.03),
            ]
        )
        for k in range(6):
            p.oval(x - L * 0.25 + k * L * 0.09, y - L * 0.06, L * 0.03, L * 0.025)
    elif name == "swan":
        p.oval(x, y, L * 0.35, L * 0.14)
        p.line(
            [(x + f * L * 0.2, y - L * 0.05), (x + f * L * 0.38, y - L * 0.3), (x + f * L * 0.3, y - L * 0.55)],
            L * 0.06,
        )
        p.poly([(x + f * L * 0.3, y - L * 0.58), (x + f * L * 0.45, y - L * 0.5), (x + f * L * 0.3, y - L * 0.5)])
