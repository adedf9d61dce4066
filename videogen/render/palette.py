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


# Palettes by time of day: (top, horizon, ground, glow, accent, shadow)
TIMES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "night": (
        (0.01, 0.02, 0.08),
        (0.1, 0.12, 0.3),
        (0.02, 0.03, 0.1),
        (0.78, 0.85, 1.0),
        (0.7, 0.8, 1.0),
        (0.01, 0.01, 0.04),
    ),
    "dark": (
        (0.0, 0.0, 0.03),
        (0.3, 0.1, 0.14),
        (0.05, 0.03, 0.05),
        (0.85, 0.6, 0.6),
        (0.95, 0.35, 0.3),
        (0.0, 0.0, 0.0),
    ),
    "dusk": (
        (0.12, 0.08, 0.3),
        (0.98, 0.62, 0.5),
        (0.2, 0.12, 0.3),
        (1.0, 0.8, 0.6),
        (0.85, 0.55, 0.9),
        (0.1, 0.06, 0.16),
    ),
    "dawn": (
        (0.25, 0.35, 0.62),
        (1.0, 0.78, 0.68),
        (0.3, 0.3, 0.4),
        (1.0, 0.9, 0.75),
        (1.0, 0.75, 0.7),
        (0.14, 0.14, 0.24),
    ),
    "day": (
        (0.22, 0.45, 0.85),
        (0.78, 0.88, 0.98),
        (0.35, 0.55, 0.3),
        (1.0, 0.98, 0.9),
        (1.0, 0.95, 0.7),
        (0.12, 0.16, 0.2),
    ),
}
# Grounds that have a colour of their own, whatever the hour.
GROUNDS = {
    "desert": (0.85, 0.65, 0.4),
    "snowfield": (0.88, 0.92, 0.98),
    "sea": (0.02, 0.12, 0.25),
    "lake": (0.05, 0.15, 0.22),
    "swamp": (0.08, 0.12, 0.06),
    "field": (0.3, 0.5, 0.22),
    "meadow": (0.35, 0.55, 0.25),
    "garden": (0.25, 0.45, 0.2),
    "park": (0.25, 0.45, 0.2),
}
RAIN = {
    "top": (0.12, 0.15, 0.22),
    "horizon": (0.42, 0.5, 0.6),
    "ground": (0.1, 0.13, 0.18),
    "glow": (0.75, 0.85, 0.95),
    "accent": (0.7, 0.82, 0.95),
}
SNOW = {"top": (0.62, 0.7, 0.84), "horizon": (0.95, 0.97, 1.0), "ground": (0.88, 0.92, 0.98), "glow": (1, 1, 1)}
SEASONS = {"spring": (0.75, 1.0, 0.7), "summer": (1.0, 0.9, 0.6), "autumn": (1.0, 0.6, 0.25)}


def _grey(colour: Colour, amount: float) -> Colour:
    luma = float(colour @ np.array((0.3, 0.59, 0.11), np.float32))
    return ((1 - amount) * colour + amount * luma).astype(np.float32)


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
    """The hour's palette, its ground and season, then weather (grey rain, white snow), fire, tension (drained and
    darker, a bruised horizon) and colour words; last a small seeded hue turn so two dreams never match."""
    top, horizon, ground, glow, accent, shadow = (rgb(*c) for c in TIMES[reading.time])
    palette = Palette(top, horizon, ground, glow, accent, shadow)
    lit = 0.25 if reading.time in ("night", "dark") else 0.7
    if reading.place in GROUNDS:
        palette = replace(palette, ground=(1 - lit) * palette.ground + lit * rgb(*GROUNDS[reading.place]))
    if reading.season:
        season = rgb(*SEASONS[reading.season])
        palette = replace(palette, ground=palette.ground * (0.5 + 0.5 * season), glow=0.7 * palette.glow + 0.3 * season)
    weather = set(reading.weather)
    if weather & {"rain", "storm", "drops", "fog", "smoke", "thunder"}:
        palette = replace(palette, **{k: _grey(getattr(palette, k), 0.55) * 0.8 for k in ("top", "horizon", "ground")})
    if weather & {"snow", "blizzard", "frost"} or reading.place == "snowfield":  # cold whites, dimmer at night
        bright = 0.35 if reading.time in ("night", "dark") else 0.85
        palette = replace(
            palette, **{k: (1 - bright) * getattr(palette, k) + bright * rgb(*c) for k, c in SNOW.items()}
        )
    if "forest" in reading.far:  # green shade and mist
        palette = replace(
            palette,
            horizon=0.2 * palette.horizon + 0.8 * rgb(0.55, 0.72, 0.55),
            top=0.2 * palette.top + 0.8 * rgb(0.08, 0.18, 0.14),
            ground=0.3 * palette.ground + 0.7 * rgb(0.05, 0.16, 0.07),
            shadow=0.2 * palette.shadow + 0.8 * rgb(0.02, 0.08, 0.04),
        )
    if weather & {"rain", "storm", "drops"}:
        palette = replace(palette, **{k: 0.05 * getattr(palette, k) + 0.95 * rgb(*c) for k, c in RAIN.items()})
    if set(reading.lights) & {"fire", "lava", "explosion"}:  # the sky burns: embers' palette
        palette = replace(
            palette,
            top=0.4 * palette.top + 0.6 * rgb(0.08, 0.03, 0.06),
            horizon=rgb(0.85, 0.3, 0.08),
            ground=rgb(0.15, 0.04, 0.03),
            glow=rgb(1.0, 0.55, 0.18),
            accent=rgb(1.0, 0.62, 0.2),
        )
    elif "campfire" in reading.lights:
        palette = replace(palette, glow=rgb(1.0, 0.6, 0.25), accent=rgb(1.0, 0.65, 0.3))
    if reading.place == "space":
        palette = replace(palette, top=rgb(0.0, 0.0, 0.03), horizon=rgb(0.08, 0.04, 0.16), ground=rgb(0.02, 0.01, 0.05))
    if reading.tension >= 0.5:
        drain = 0.5 * reading.tension
        bruise = rgb(0.35, 0.05, 0.08) if rng.random() < 0.6 else rgb(0.15, 0.3, 0.12)
        palette = replace(
            palette,
            top=_grey(palette.top, drain) * 0.6,
            horizon=0.55 * _grey(palette.horizon, drain) * 0.7 + 0.45 * bruise,
            ground=_grey(palette.ground, drain) * 0.6,
            shadow=palette.shadow * 0.4,
        )
    if reading.colours:
        colour = rgb(*reading.colours[0])
        if float(colour @ rgb(0.3, 0.59, 0.11)) < 0.3:  # black, brown: the things are that colour, not the light
            palette = replace(palette, shadow=0.8 * colour, accent=0.6 * palette.accent + 0.4 * colour)
        else:
            palette = replace(
                palette,
                accent=colour,
                glow=0.7 * palette.glow + 0.3 * colour,
                horizon=0.75 * palette.horizon + 0.25 * colour,
            )
        if len(reading.colours) > 1:
            palette = replace(palette, glow=0.5 * palette.glow + 0.5 * rgb(*reading.colours[1]))
    turn = float(rng.uniform(-12, 12))
    turned = replace(
        palette, **{name: _hue_turn(getattr(palette, name), turn) for name in ("top", "horizon", "ground")}
    )
    return turned if reading.colours else replace(turned, accent=_hue_turn(palette.accent, turn))
