"""Trees, flowers, grass and other plants drawn once per clip with PIL, standing on (x, ground), `size` px tall."""

from __future__ import annotations

import numpy as np

from .figures import Pen

TAU = 2 * np.pi


def plant(p: Pen, x: float, ground: float, size: float, name: str, rng: np.random.Generator) -> None:
    """A tree, flowers or another plant `size` px tall on (x, ground)."""
    h = size
    if name in ("tree", "apple tree", "oak", "birch"):
        trunk = h * (0.05 if name != "oak" else 0.08)
        p.poly(
            [
                (x - trunk, ground),
                (x - trunk * 0.6, ground - h * 0.55),
                (x + trunk * 0.6, ground - h * 0.55),
                (x + trunk, ground),
            ]
        )
        wide = {"oak": 0.5, "birch": 0.22}.get(name, 0.36)
        for _ in range(7):
            p.oval(
                x + rng.uniform(-wide, wide) * h * 0.7, ground - h * rng.uniform(0.6, 0.9), h * wide * 0.55, h * 0.17
            )
        if name == "birch":
            p.rect(x - trunk * 0.5, ground - h * 0.45, x + trunk * 0.5, ground - h * 0.42, fill=0)
    elif name == "pine":
        for k in range(5):
            level = ground - h * (0.15 + k * 0.17)
            half = h * 0.3 * (1 - k / 6)
            p.poly([(x - half, level), (x, level - h * 0.3), (x + half, level)])
        p.rect(x - h * 0.03, ground - h * 0.15, x + h * 0.03, ground)
    elif name == "branch":
        p.line([(x - h, ground - h * 0.9), (x - h * 0.2, ground - h * 0.7), (x + h * 0.4, ground - h * 0.75)], h * 0.05)
        for k in range(8):
            lx = x - h * 0.8 + k * h * 0.16
            p.oval(lx, ground - h * (0.85 - 0.02 * k) + (k % 2) * h * 0.07, h * 0.06, h * 0.03)
    elif name == "roots":
        for k in range(7):
            angle = np.pi * (0.15 + 0.7 * k / 6)
            p.line(
                [
                    (x, ground),
                    (x + np.cos(angle) * h * 0.3, ground + h * 0.15),
                    (x + np.cos(angle) * h * 0.7, ground + np.sin(angle) * h * 0.5),
                ],
                h * 0.025,
            )
    elif name in ("mushroom", "sprout"):
        for k in range(3 if name == "mushroom" else 1):
            mx = x + (k - 1) * h * 0.35
            mh = h * (0.5 + 0.2 * (k % 2)) * (1 if name == "mushroom" else 0.5)
            p.rect(mx - h * 0.04, ground - mh, mx + h * 0.04, ground)
            if name == "mushroom":
                p.poly([(mx - h * 0.18, ground - mh), (mx, ground - mh - h * 0.15), (mx + h * 0.18, ground - mh)])
            else:
                for side in (-1, 1):
                    p.oval(mx + side * h * 0.08, ground - mh, h * 0.08, h * 0.04)
    elif name == "vines":
        t = np.linspace(0, 1, 20)
        for k in range(6):
            vx = x - h + k * h * 0.4
            p.line(
                list(zip(vx + np.sin(t * 5 + k) * h * 0.05, ground - h + t * h * (0.4 + 0.1 * (k % 3)), strict=True)),
                h * 0.015,
            )
    elif name in ("flowers", "rose", "grass"):
        count = {"flowers": 14, "rose": 1, "grass": 60}[name]
        for k in range(count):
            fx = x + (k - count / 2) * h * (0.18 if name != "grass" else 0.05) if count > 1 else x
            tall = h * rng.uniform(0.5, 1.0) * (0.4 if name == "grass" else 1)
            lean = rng.uniform(-0.1, 0.1) * h
            p.line([(fx, ground), (fx + lean, ground - tall)], h * (0.012 if name == "grass" else 0.015))
            if name != "grass":
                bloom = h * (0.07 if name == "flowers" else 0.16)
                for petal in range(5):
                    angle = TAU * petal / 5
                    p.oval(
                        fx + lean + np.cos(angle) * bloom * 0.7,
                        ground - tall + np.sin(angle) * bloom * 0.7,
                        bloom * 0.6,
                        bloom * 0.6,
                    )
    elif name == "waterfall":
        p.rect(x - h * 0.12, ground - h, x + h * 0.12, ground, fill=170)
    else:
        raise KeyError(name)
