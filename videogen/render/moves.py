"""The dream's motions: flight (the flyer, streaming clouds and wind), a fall (the falling dreamer, rushing streaks),
a chase (the dreamer running, a pursuer behind), the shimmer of a transformation. All periodic in the loop."""

from __future__ import annotations

import numpy as np

from .elements import Particles
from .figures import person
from .motion import Flipbook, _mask, bob
from .scenery import Silhouette, _rim, flyer
from .sky import Clouds
from .stage import Motif, Stage
from .weather import WIND


def moves(stage: Stage) -> list[Motif]:
    r, p, u = stage.reading, stage.palette, stage.unit
    found: list[Motif] = []
    if "fly" in r.moves:
        found += flyer(stage)
        found.append(Clouds(stage, bands=3, streaming=True))
        streams = {**WIND, "count": 36, "area": (0.0, 0.05, 1.4, stage.horizon)}  # the wind of the flight
        found.append(Particles(stage, **streams, colour=0.4 * p.glow + 0.35))
    if "fall" in r.moves:
        found.append(
            Particles(
                stage,
                count=120,
                area=(-0.05, 0.4, 1.05, 1.3),
                travel=(0.0, -1.3),
                lives=(2, 3),
                colour=0.5 * p.accent + 0.3,
                size=1.5,
                streak=14,
                spread=0.2,
                depth=0.9,
            )
        )
        if not r.has("thing", "teeth"):
            x, y = stage.width * 0.5, stage.height * 0.45
            alpha = _mask(stage, lambda pen: person(pen, x, y, 70 * u, "runner"), 0.7)
            found.append(
                Silhouette(
                    stage,
                    alpha,
                    p.shadow,
                    light=_rim(alpha, u),
                    light_colour=p.glow,
                    parallax=0.3,
                    depth=0.85,
                    path=bob(6 * u, 8 * u, 2),
                )
            )
    if "chase" in r.moves:
        pursuer = r.has("figure") or r.has("animal")  # a being of the dream chases; else a shadow does
        for k, (name, slot, scale) in enumerate((("runner", 0.68, 1.0), ("shadow", 0.25, 1.25))[: 1 if pursuer else 2]):
            x, base = stage.width * slot, stage.height * 0.92
            drawings = [
                _mask(
                    stage,
                    lambda pen, ph=ph, x=x, base=base, name=name, scale=scale: person(
                        pen, x, base, 75 * u * scale, name if name == "runner" else "intruder", 1, ph
                    ),
                    0.8,
                )
                for ph in range(4)
            ]
            colour = p.shadow if k == 0 else p.shadow * 0.2
            found.append(
                Flipbook(
                    stage,
                    drawings,
                    colour,
                    turns=6,
                    path=bob(4 * u, 1.5 * u, 6, k * 1.3),
                    depth=0.82 - 0.01 * k,
                    light_colour=p.accent if k == 0 else np.float32(0.6) * np.array((0.8, 0.1, 0.1), np.float32),
                )
            )
    if "shimmer" in r.moves:
        found.append(
            Particles(
                stage,
                count=80,
                area=(0.3, 0.3, 0.7, 0.8),
                travel=(0.0, -0.2),
                lives=(2, 2),
                colour=0.6 * p.glow + 0.4 * p.accent,
                size=1.6,
                glow=2,
                sway=0.04,
                depth=0.92,
            )
        )
    return found
