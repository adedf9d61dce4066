"""The colours of one dream: a mood palette chosen by its symbols, tinted by its colour words and its seed."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .words import Reading

Colour = np.ndarray  # shape (3,), float32, 0..1


def rgb(r: float, g: float, b: float) -> Colour:
    return np.array((r, g, b), dtype=np.float32)


@dataclass(frozen=True)
class Palette:
    top: Colour  # sky at the top of the frame
    horizon: Colour  # sky at the horizon
    ground: Colour  # below the horizon (deep water, snowfield, floor)
    glow: Colour  # the scene's light: moon, fire, mist
    accent: Colour  # the dream's subject and its particles
    shadow: Colour  # silhouettes


# Mood palettes: (top, horizon, ground, glow, accent, shadow)
MOODS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "dream": (
        (0.12, 0.08, 0.3),
        (0.98, 0.62, 0.62),
        (0.2, 0.12, 0.35),
        (1.0, 0.82, 0.7),
        (0.7, 0.55, 1.0),
        (0.1, 0.06, 0.18),
    ),
    "night": (
        (0.01, 0.02, 0.08),
        (0.1, 0.12, 0.3),
        (0.02, 0.03, 0.1),
        (0.78, 0.85, 1.0),
        (0.7, 0.8, 1.0),
        (0.01, 0.01, 0.04),
    ),
    "snow": (
        (0.62, 0.7, 0.84),
        (0.95, 0.97, 1.0),
        (0.88, 0.92, 0.98),
        (1.0, 1.0, 1.0),
        (0.85, 0.92, 1.0),
        (0.3, 0.36, 0.5),
    ),
    "fire": (
        (0.08, 0.03, 0.06),
        (0.85, 0.3, 0.08),
        (0.15, 0.04, 0.03),
        (1.0, 0.55, 0.18),
        (1.0, 0.62, 0.2),
        (0.04, 0.01, 0.02),
    ),
    "rain": (
        (0.12, 0.15, 0.22),
        (0.42, 0.5, 0.6),
        (0.1, 0.13, 0.18),
        (0.75, 0.85, 0.95),
        (0.7, 0.82, 0.95),
        (0.05, 0.06, 0.09),
    ),
    "water": (
        (0.01, 0.05, 0.16),
        (0.12, 0.35, 0.55),
        (0.01, 0.06, 0.18),
        (0.55, 0.85, 1.0),
        (0.4, 0.8, 1.0),
        (0.0, 0.02, 0.07),
    ),
    "forest": (
        (0.06, 0.14, 0.16),
        (0.55, 0.72, 0.55),
        (0.05, 0.12, 0.08),
        (0.95, 0.95, 0.7),
        (0.75, 1.0, 0.55),
        (0.02, 0.06, 0.05),
    ),
    "mirror": (
        (0.08, 0.07, 0.18),
        (0.72, 0.68, 0.88),
        (0.14, 0.12, 0.24),
        (0.95, 0.92, 1.0),
        (0.8, 0.78, 1.0),
        (0.05, 0.04, 0.1),
    ),
    "sky": (
        (0.2, 0.36, 0.72),
        (1.0, 0.78, 0.62),
        (0.55, 0.6, 0.8),
        (1.0, 0.92, 0.8),
        (1.0, 1.0, 1.0),
        (0.12, 0.14, 0.3),
    ),
    "falling": (
        (0.02, 0.02, 0.06),
        (0.35, 0.2, 0.5),
        (0.05, 0.03, 0.1),
        (0.9, 0.75, 1.0),
        (0.75, 0.6, 1.0),
        (0.02, 0.01, 0.04),
    ),
    "passage": (
        (0.1, 0.08, 0.2),
        (0.85, 0.65, 0.45),
        (0.12, 0.1, 0.16),
        (1.0, 0.88, 0.65),
        (1.0, 0.85, 0.55),
        (0.05, 0.04, 0.08),
    ),
    "city": (
        (0.05, 0.06, 0.16),
        (0.6, 0.42, 0.55),
        (0.06, 0.06, 0.12),
        (1.0, 0.8, 0.55),
        (1.0, 0.78, 0.45),
        (0.03, 0.03, 0.07),
    ),
}


def _hue_turn(colour: Colour, degrees: float) -> Colour:
    """Rotate a colour's hue around the grey axis (cheap, keeps luminance roughly)."""
    angle = np.radians(degrees)
    cos, sin = np.cos(angle), np.sin(angle)
    k = 1 / 3
    sq = np.sqrt(k)
    m = np.array(
        [
            [cos + (1 - cos) * k, k * (1 - cos) - sq * sin, k * (1 - cos) + sq * sin],
            [k * (1 - cos) + sq * sin, cos + k * (1 - cos), k * (1 - cos) - sq * sin],
            [k * (1 - cos) - sq * sin, k * (1 - cos) + sq * sin, cos + k * (1 - cos)],
        ],
        dtype=np.float32,
    )
    return np.clip(m @ colour, 0, 1).astype(np.float32)


def palette_for(reading: Reading, rng: np.random.Generator) -> Palette:
    """Mood palette, then fire and colour words on top, then a small seeded hue turn so two dreams never match."""
    top, horizon, ground, glow, accent, shadow = (rgb(*c) for c in MOODS[reading.mood])
    palette = Palette(top, horizon, ground, glow, accent, shadow)
    if "fire" in reading.families and reading.mood != "fire":
        # embers over whatever sky the dream has: the horizon burns, the light turns orange
        palette = replace(
            palette,
            horizon=rgb(0.75, 0.22, 0.08),
            glow=rgb(1.0, 0.55, 0.18),
            accent=rgb(1.0, 0.6, 0.2),
            top=0.3 * palette.top + rgb(0.03, 0.06, 0.2),
        )
    if reading.colours:
        colour = rgb(*reading.colours[0])
        palette = replace(
            palette,
            accent=colour,
            glow=0.7 * palette.glow + 0.3 * colour,
            horizon=0.85 * palette.horizon + 0.15 * colour,
        )
        if len(reading.colours) > 1:
            palette = replace(palette, glow=0.5 * palette.glow + 0.5 * rgb(*reading.colours[1]))
    turn = float(rng.uniform(-12, 12))
    turned = replace(
        palette, **{name: _hue_turn(getattr(palette, name), turn) for name in ("top", "horizon", "ground")}
    )
    return turned if reading.colours else replace(turned, accent=_hue_turn(palette.accent, turn))
