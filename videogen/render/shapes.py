"""Silhouettes drawn once per clip with PIL: whale, skylines, trees, hills, stairs, the mirror's frame and figure, the
flyer.

Each function draws on a PIL `ImageDraw` at scale `s` (supersampling); coordinates are canvas pixels.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw


def _poly(draw: ImageDraw.ImageDraw, s: float, points, fill: int = 255) -> None:
    draw.polygon([(float(x) * s, float(y) * s) for x, y in points], fill=fill)


def _ellipse(draw: ImageDraw.ImageDraw, s: float, cx: float, cy: float, rx: float, ry: float, fill: int = 255) -> None:
    draw.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=fill)


def whale(draw: ImageDraw.ImageDraw, s: float, cx: float, cy: float, length: float) -> None:
    """A humpback seen from the side, head to the left, long pectoral fin, flukes up."""
    u = np.linspace(0, 1, 60)
    thick = length * 0.2
    x = cx - length / 2 + u * length
    top = cy - thick * 1.05 * np.sqrt(u) * (1 - u) ** 1.4 * 1.9
    belly = cy + thick * 0.9 * u**0.6 * (1 - u) ** 1.1 * 1.9
    _poly(draw, s, list(zip(x, top, strict=True)) + list(zip(x[::-1], belly[::-1], strict=True)))
    tail_x, tail_y = cx + length / 2, cy - thick * 0.05
    _poly(
        draw,
        s,
        [
            (tail_x - length * 0.04, tail_y),
            (tail_x + length * 0.12, tail_y - thick * 0.9),
            (tail_x + length * 0.06, tail_y),
            (tail_x + length * 0.13, tail_y + thick * 0.5),
        ],
    )
    fin_x, fin_y = cx - length * 0.2, cy + thick * 0.55
    _poly(
        draw,
        s,
        [
            (fin_x, fin_y),
            (fin_x + length * 0.08, fin_y - thick * 0.1),
            (fin_x + length * 0.3, fin_y + thick * 1.1),
            (fin_x + length * 0.24, fin_y + thick * 1.15),
        ],
    )


def skyline(
    draw: ImageDraw.ImageDraw,
    s: float,
    rng: np.random.Generator,
    left: float,
    right: float,
    base: float,
    low: float,
    high: float,
) -> list[tuple[float, float, float, float]]:
    """Buildings along a base line; returns the building boxes (for windows)."""
    boxes = []
    x = left
    while x < right:
        width = rng.uniform(0.09, 0.2) * (high - low + 40)
        height = rng.uniform(low, high)
        top = base - height
        _poly(draw, s, [(x, base + 40), (x, top), (x + width, top), (x + width, base + 40)])
        roof = rng.random()
        if roof < 0.2:
            _poly(draw, s, [(x + width * 0.45, top), (x + width * 0.5, top - height * 0.35), (x + width * 0.55, top)])
        elif roof < 0.35:
            _ellipse(draw, s, x + width / 2, top, width * 0.35, width * 0.35)
        boxes.append((x, top, width, height))
        x += width * rng.uniform(0.85, 1.05)
    return boxes


def windows(draw: ImageDraw.ImageDraw, s: float, rng: np.random.Generator, boxes, size: float, lit: float) -> None:
    for x, top, width, height in boxes:
        for wy in np.arange(top + size * 2, top + height - size, size * 2.2):
            for wx in np.arange(x + size, x + width - size, size * 2):
                if rng.random() < lit:
                    draw.rectangle(
                        [wx * s, wy * s, (wx + size) * s, (wy + size * 1.2) * s], fill=int(rng.integers(120, 256))
                    )


def pines(
    draw: ImageDraw.ImageDraw,
    s: float,
    rng: np.random.Generator,
    left: float,
    right: float,
    base: float,
    low: float,
    high: float,
    spacing: float,
) -> None:
    for x in np.arange(left, right, spacing):
        x += rng.uniform(-0.4, 0.4) * spacing
        height = rng.uniform(low, high)
        half = height * 0.22
        for tier in range(4):
            bottom = base - height * tier * 0.22
            _poly(
                draw,
                s,
                [
                    (x - half * (1 - tier * 0.2), bottom),
                    (x, bottom - height * 0.42),
                    (x + half * (1 - tier * 0.2), bottom),
                ],
            )
        draw.rectangle(
            [(x - half * 0.12) * s, (base - height * 0.1) * s, (x + half * 0.12) * s, (base + 40) * s], fill=255
        )
        draw.rectangle([(x - 1) * s, (base - height) * s, (x + 1) * s, base * s], fill=255)
    draw.rectangle([(left - 20) * s, (base - 2) * s, (right + 20) * s, (base + 400) * s], fill=255)


def hills(
    draw: ImageDraw.ImageDraw,
    s: float,
    rng: np.random.Generator,
    width: float,
    base: float,
    amplitude: float,
    bottom: float,
) -> None:
    xs = np.linspace(-10, width + 10, 40)
    phase = rng.uniform(0, 6.3, 3)
    ys = base - amplitude * (np.sin(xs / width * 3.1 + phase[0]) * 0.6 + np.sin(xs / width * 7.3 + phase[1]) * 0.3)
    _poly(draw, s, list(zip(xs, ys, strict=True)) + [(width + 10, bottom), (-10, bottom)])


def stairs(draw: ImageDraw.ImageDraw, s: float, cx: float, bottom: float, top: float, width: float, steps: int) -> None:
    """A staircase rising into the distance, narrowing as it goes."""
    for k in range(steps):
        f0, f1 = k / steps, (k + 0.6) / steps
        y0 = bottom + (top - bottom) * f0
        y1 = bottom + (top - bottom) * f1
        w0 = width * (1 - 0.8 * f0)
        w1 = width * (1 - 0.8 * f1)
        shift = np.sin(f0 * 2.5) * width * 0.5
        _poly(
            draw,
            s,
            [
                (cx + shift - w0 / 2, y0),
                (cx + shift + w0 / 2, y0),
                (cx + shift + w1 / 2, y1),
                (cx + shift - w1 / 2, y1),
            ],
        )


def ring(draw: ImageDraw.ImageDraw, s: float, cx: float, cy: float, rx: float, ry: float, thickness: float) -> None:
    _ellipse(draw, s, cx, cy, rx + thickness, ry + thickness)
    _ellipse(draw, s, cx, cy, rx, ry, fill=0)


def figure(draw: ImageDraw.ImageDraw, s: float, cx: float, base: float, height: float) -> None:
    """A standing person seen from the front: the dreamer."""
    head = height * 0.09
    _ellipse(draw, s, cx, base - height + head, head * 0.85, head)
    _poly(
        draw,
        s,
        [
            (cx - height * 0.13, base - height * 0.78),
            (cx + height * 0.13, base - height * 0.78),
            (cx + height * 0.16, base - height * 0.42),
            (cx + height * 0.1, base),
            (cx - height * 0.1, base),
            (cx - height * 0.16, base - height * 0.42),
        ],
    )
    _ellipse(draw, s, cx, base - height * 0.77, height * 0.13, height * 0.05)


def flyer(draw: ImageDraw.ImageDraw, s: float, cx: float, cy: float, length: float) -> None:
    """The dreamer in flight, seen from the side, head to the right: arms reaching ahead, legs and a scarf trailing."""
    L = length
    _ellipse(draw, s, cx + 0.04 * L, cy, 0.21 * L, 0.085 * L)  # torso
    _ellipse(draw, s, cx + 0.31 * L, cy - 0.05 * L, 0.08 * L, 0.072 * L)  # head
    for reach, drop in ((0.6, -0.13), (0.56, -0.07)):  # arms
        _poly(
            draw,
            s,
            [
                (cx + 0.14 * L, cy - 0.07 * L),
                (cx + reach * L, cy + (drop - 0.025) * L),
                (cx + reach * L, cy + (drop + 0.025) * L),
                (cx + 0.14 * L, cy + 0.0 * L),
            ],
        )
    for end, drop in ((-0.5, 0.0), (-0.45, 0.08)):  # legs
        _poly(
            draw,
            s,
            [
                (cx - 0.1 * L, cy - 0.06 * L),
                (cx + end * L, cy + (drop - 0.025) * L),
                (cx + end * L, cy + (drop + 0.02) * L),
                (cx - 0.06 * L, cy + 0.07 * L),
            ],
        )
    u = np.linspace(0, 1, 24)  # scarf: from the neck, waving back over the body
    x = cx + 0.22 * L - u * 0.6 * L
    top = cy - 0.1 * L - u * 0.05 * L + np.sin(u * 7) * 0.04 * L * u
    bottom = top + 0.045 * L * (1 - u * 0.6)
    _poly(draw, s, list(zip(x, top, strict=True)) + list(zip(x[::-1], bottom[::-1], strict=True)))
