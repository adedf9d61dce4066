"""What every motif is given: the stage (size, palette, seed, horizon) and the moment (loop phase, camera drift)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .palette import Palette
from .words import Reading


@dataclass
class Stage:
    width: int
    height: int
    palette: Palette
    rng: np.random.Generator
    reading: Reading
    horizon: float  # fraction of the height where sky meets ground or water

    @property
    def unit(self) -> float:
        """Pixels per unit of the 320-row design grid, so the same scene renders at any size."""
        return self.height / 320

    @property
    def horizon_row(self) -> int:
        return int(round(self.height * self.horizon))

    def has(self, name: str) -> bool:
        """Whether the dream has this place, skyline, weather, light or motion ("water" and "fire" are any kind)."""
        r = self.reading
        if name == "water":
            return r.water
        if name == "fire":
            return bool(set(r.lights) & {"fire", "lava", "explosion", "campfire"})
        return name == r.place or name in r.far or name in r.weather or name in r.lights or name in r.moves


@dataclass(frozen=True)
class Moment:
    tau: float  # 0..1 through the 5 s loop; every motion is periodic in it
    index: int  # frame number, for grain
    dx: float  # camera drift in pixels for a layer at parallax 1
    dy: float


class Motif:
    """One layer of the scene. `depth` orders drawing: 0 is the sky, 1 the nearest thing."""

    depth: float = 0.5

    def draw(self, canvas: np.ndarray, moment: Moment) -> None:
        raise NotImplementedError
