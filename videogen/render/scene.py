"""A dream's scene: the motifs its reading calls for, the camera's drift (and tremble), the finish (vignette, grain)."""

from __future__ import annotations

import numpy as np

from .cast import cast
from .elements import Water
from .features import feature
from .lights import lights
from .moves import moves
from .palette import palette_for
from .places import River, Underwater, dunes, edge, ground, mountains, rails, village
from .primitives import TAU
from .rooms import Room
from .scenery import Mirror, Road, city, forest, hills
from .sky import Clouds, Sky
from .stage import Moment, Motif, Stage
from .weather import weather
from .words import INDOORS, read_dream

GRAIN_FRAMES = 8  # divides the 120 frames of a loop, so the grain loops too
GRAIN = 1.6  # its spread in 8-bit levels: visible after encoding, yet x264 spends few bits on it
HORIZONS = {"sea": 0.52, "lake": 0.55, "swamp": 0.58, "sky": 0.85, "space": 0.95, "underwater": 0.05, "cliff": 0.6}
# The hours (and their odds) the seed chooses from when a dream names none.
HOURS = {
    "": (["day", "dusk", "dawn", "night"], [0.35, 0.3, 0.2, 0.15]),
    "sea": (["day", "night", "dawn"], [0.5, 0.3, 0.2]),
    "lake": (["day", "night", "dawn"], [0.5, 0.3, 0.2]),
    "underwater": (["day"], [1.0]),
    "space": (["night"], [1.0]),
    "forest": (["day", "dawn", "dusk"], [0.5, 0.25, 0.25]),
}
INSIDE_WEATHER = {"tears", "confetti", "blood", "smoke", "ash", "leaves"}  # what falls inside a room, not beyond it


def far(stage: Stage) -> list[Motif]:
    """The skylines behind the ground."""
    found: list[Motif] = []
    for name in stage.reading.far:
        if name == "city":
            found += city(stage)
        elif name == "forest":
            found += forest(stage)
        elif name in ("mountains", "volcano", "valley"):
            found += mountains(stage, volcano=name == "volcano", valley=name == "valley")
        elif name == "hills":
            found += hills(stage)
        elif name in ("village", "ruins"):
            found += village(stage)
    return found


def place(stage: Stage) -> list[Motif]:  # one ground each
    """The ground (or the whole frame) of the dream's place, and its features."""
    name, p = stage.reading.place, stage.palette
    found: list[Motif] = []
    if name in ("sea", "lake", "swamp"):
        if stage.reading.has("build") and not stage.reading.far:  # a far shore for the buildings to stand on
            found += hills(stage)[:1]
        found.append(Water(stage))
    elif name == "river":
        found += [*hills(stage), River(stage)]
    elif name in ("field", "meadow", "garden", "park"):
        found.append(ground(stage, p.ground))
    elif name == "desert":
        found += dunes(stage)
    elif name == "snowfield":
        found.append(ground(stage, 0.3 * p.ground + 0.6))
    elif name in ("road", "crossroads"):
        found += [ground(stage, p.ground), Road(stage)]
    elif name == "street":
        found += [*city(stage), Road(stage)]
    elif name == "railway":
        found += rails(stage)
    elif name in ("cliff", "abyss"):
        found += edge(stage, abyss=name == "abyss")
    elif name == "underwater":
        found.append(Underwater(stage))
    elif name == "sky":
        found.append(Clouds(stage, bands=3, strength=1.0))
    elif name in INDOORS or name == "tunnel":
        found.append(Room(stage, {"hospital": "corridor", "prison": "cell"}.get(name, name)))
    elif name == "hills":
        found += hills(stage)
    for extra in stage.reading.features:
        found += feature(stage, extra)
    return found


def compose(stage: Stage) -> list[Motif]:
    """The motifs of a dream, back to front: sky and its lights, skylines, ground, what stands and moves in it,
    weather, and the room around it all when the dream is indoors."""
    reading = stage.reading
    motifs: list[Motif] = [] if reading.place == "underwater" else [Sky(stage)]
    if reading.place not in INDOORS and reading.place not in ("underwater", "space", "sky", "tunnel"):
        if stage.rng.random() < 0.6 and not set(reading.weather) & {"clouds", "storm", "thunder"}:
            motifs.append(Clouds(stage, bands=2, strength=0.45))
    motifs += lights(stage)
    motifs += far(stage)
    motifs += place(stage)
    motifs += cast(stage)
    for name, motif in weather(stage):
        if reading.indoors and name not in INSIDE_WEATHER:
            motif.depth = min(motif.depth, 0.5)  # seen through the window, behind the room's walls
        motifs.append(motif)
    motifs += moves(stage)
    if reading.has("thing", "mirror"):
        motifs.append(Mirror(stage, floor=not stage.has("water")))
    return sorted(motifs, key=lambda motif: motif.depth)


def hour(reading, rng: np.random.Generator) -> str:
    """A tense dream is dark; a snowy one is white day; a calm one has an hour that suits its place, by the seed."""
    if reading.tension >= 0.5:
        return "dark" if reading.tension >= 0.7 else "night"
    if set(reading.weather) & {"snow", "blizzard"}:
        return "day"
    hours, odds = HOURS.get(reading.place) or HOURS["forest" if "forest" in reading.far else ""]
    return str(rng.choice(hours, p=odds))


class Scene:
    """Everything a dream's frames need, prepared once; `planes(index)` or `frame(index)` draws one frame."""

    def __init__(self, prompt: str, symbols: list[str], seed: int, width: int, height: int, frames: int):
        rng = np.random.default_rng(seed)
        reading = read_dream(prompt, symbols)
        if not reading.time:
            reading.time = hour(reading, rng)
        self.reading = reading
        palette = palette_for(reading, rng)
        self.stage = Stage(width, height, palette, rng, reading, HORIZONS.get(reading.place, 0.66))
        self.frames = frames
        self.motifs = compose(self.stage)
        self.drift = (8 if "fly" in reading.moves else 5) * self.stage.unit
        # fear and anger shake the frame; a tense dream trembles a little
        self.shake = (2.5 if "shake" in reading.moves else 1.4 if reading.tension >= 0.6 else 0.0) * self.stage.unit
        self.drift_phase = rng.uniform(0, TAU, 2)
        self.canvas = np.empty((3, height, width), dtype=np.float32)  # planar: see primitives
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        distance = np.hypot((xs / width - 0.5) * 1.1, (ys / height - 0.5) * 1.25)
        vignette = 1 - 0.75 * np.clip(distance, 0, 1) ** 2.2
        self.gain = (vignette * 0.94 * 255).astype(np.float32)
        lift = (palette.glow * 0.04 * 255).astype(np.float32)[:, None, None]
        noise = rng.standard_normal((GRAIN_FRAMES, 1, height, width)).astype(np.float32)
        self.grain = noise * np.float32(GRAIN * min(1.0, 320 / height) ** 0.5) + lift  # grain, and a lift of the blacks

    def moment(self, index: int) -> Moment:
        tau = (index % self.frames) / self.frames
        angle = TAU * tau
        dx = self.drift * np.sin(angle + self.drift_phase[0]) + self.shake * np.sin(angle * 23)
        dy = self.drift * 0.6 * np.sin(angle + self.drift_phase[1]) + self.shake * np.sin(angle * 29 + 1)
        return Moment(tau=tau, index=index, dx=float(dx), dy=float(dy))

    def planes(self, index: int) -> np.ndarray:
        """Frame `index` as planar RGB, (3, height, width) uint8: what the encoder takes."""
        moment = self.moment(index)
        canvas = self.canvas
        for motif in self.motifs:
            motif.draw(canvas, moment)
        canvas *= self.gain
        canvas += self.grain[index % GRAIN_FRAMES]
        np.clip(canvas, 0, 255, out=canvas)
        return canvas.astype(np.uint8)

    def frame(self, index: int) -> np.ndarray:
        """Frame `index` as an RGB image, (height, width, 3) uint8."""
        return np.stack(self.planes(index), axis=-1)
