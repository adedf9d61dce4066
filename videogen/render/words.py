"""What the local renderer makes of a dream's symbols: its place, time of day, weather, lights and the things in
it, how tense it is and how it sounds — and, honestly, which symbols end up in the picture."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dreams.symbols import DISTRESSING_SYMBOLS, entry

from .lexicon import LOOKS

INDOORS = {
    "room", "bedroom", "bathroom", "kitchen", "classroom", "office", "hospital", "prison", "cell", "basement",
    "attic", "museum", "theatre", "library", "corridor", "elevator", "labyrinth",
}  # fmt: skip
WHOLE = INDOORS | {"underwater", "sky", "space", "tunnel"}
WATER = {"sea", "lake", "river", "swamp"}
# A place that is a feature of a ground: it brings that ground when it comes first, and joins a ground of its kind.
FEATURES = {
    "wave": "sea", "whirlpool": "sea", "flood": "sea", "shore": "sea", "ice": "lake", "pool": "garden",
    "puddle": "field", "mud": "field", "earth": "field", "cave": "field",
}  # fmt: skip
SAME = {"lake": "sea", "sea": "lake", "meadow": "field", "field": "meadow", "park": "garden", "garden": "park"}
# Names the same ground also stands for ("a street" has a road in it).
CONTAINS = {"street": {"road"}, "crossroads": {"road"}, "railway": {"road"}, "park": {"field"}, "garden": {"field"}}
NIGHT_LIGHTS = {"moon", "stars", "comet"}
DAY_LIGHTS = {"sun", "rainbow"}
SEASONS = {"spring", "summer", "autumn"}
INDOOR_BUILDS = {"door", "window", "wall", "gate", "stairs", "ladder", "escalator", "arch"}
LIMITS = {"figure": 3, "animal": 2, "bird": 2, "swim": 2, "bug": 2, "thing": 2, "build": 2, "ride": 2, "plant": 3}
OUT_OF_DOORS_ONLY = {"wind", "tornado"}
_WORD = re.compile(r"[a-z]+(?: [a-z]+)*")


@dataclass(frozen=True)
class Part:
    kind: str
    name: str
    symbol: str


def _hex(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))  # type: ignore[return-value]


def looks(symbol: str) -> list[Part]:
    """The parts of one symbol (its colour, for a colour word), or none for a word the lexicon does not have."""
    known = entry(symbol)
    if known is not None and known.color:
        return [Part("tint", known.color, symbol)]
    tokens = [token.split(":", 1) for token in LOOKS.get(symbol, "").split()]
    return [Part(kind, name.replace("_", " "), symbol) for kind, name in tokens]


@dataclass
class Reading:
    """A dream as the renderer pictures it. Lists of parts hold only what is drawn; `drawn` names their symbols."""

    symbols: list[str] = field(default_factory=list)
    tension: float = 0.2
    place: str = "hills"
    features: list[str] = field(default_factory=list)
    far: list[str] = field(default_factory=list)
    time: str = ""
    season: str = ""
    weather: list[str] = field(default_factory=list)
    lights: list[str] = field(default_factory=list)
    moves: list[str] = field(default_factory=list)
    colours: list[tuple[float, float, float]] = field(default_factory=list)
    elements: dict[str, list[Part]] = field(default_factory=dict)
    drawn: list[str] = field(default_factory=list)

    @property
    def indoors(self) -> bool:
        return self.place in INDOORS

    @property
    def water(self) -> bool:
        return self.place in WATER or self.place == "underwater"

    def has(self, kind: str, name: str = "") -> bool:
        return any(not name or part.name == name for part in self.elements.get(kind, []))

    @property
    def sounds(self) -> list[str]:
        """The soundscape's layers, from the same reading as the picture."""
        layers = set()
        if self.water or "flood" in self.features or self.has("plant", "waterfall"):
            layers.add("water")
        weather = set(self.weather)
        layers |= {"rain"} & weather | ({"rain"} if weather & {"storm", "drops"} else set())
        layers |= {"wind"} if weather & {"wind", "storm", "tornado", "blizzard"} or "fly" in self.moves else set()
        layers |= {"thunder"} if weather & {"storm", "thunder", "lightning"} else set()
        layers |= {"snow"} if weather & {"snow", "blizzard", "frost"} else set()
        layers |= {"fire"} if set(self.lights) & {"fire", "campfire", "lava", "explosion"} else set()
        layers |= {"city"} if self.place in ("street", "crossroads") or "city" in self.far else set()
        if self.place in ("forest", "garden", "park", "field", "meadow") or "forest" in self.far:
            layers.add("night" if self.time in ("night", "dark") else "forest")
        layers |= {"space"} if self.place == "space" or "planet" in self.lights else set()
        layers |= {"clock"} if self.has("thing", "clock") or self.has("thing", "hourglass") else set()
        calm_things = {"mirror", "glass", "bell", "crystal", "notes", "candle"}
        if any(self.has("thing", name) for name in calm_things) or self.has("figure", "angel"):
            layers.add("chimes")
        if self.has("thing", "heart") or self.tension >= 0.6 or "chase" in self.moves:
            layers.add("heartbeat")
        if self.has("figure", "sleeper") or self.has("figure", "sinking") or "shake" in self.moves:
            layers.add("breath")
        return sorted(layers)


def read_dream(prompt: str, symbols: list[str]) -> Reading:
    """The dream's symbols (canonical lexicon words) as a picture; without symbols, lexicon words in the prompt.

    Only the symbols are read when there are any: the prompt's style words ("rain-streaked glass") are not the
    dream's, and once put a mirror into a dream about an owl.
    """
    words = [s.strip().lower() for s in symbols if s.strip()]
    if not words:
        text = " ".join(_WORD.findall(prompt.lower()))
        words = [symbol for symbol in LOOKS if re.search(rf"\b{re.escape(symbol)}\b", text)]
    words = list(dict.fromkeys(w for w in words if looks(w)))
    parts = [part for word in words for part in looks(word)]
    reading = Reading(symbols=words)
    tense = sum(p.name == "tense" for p in parts) + 2 * sum(w in DISTRESSING_SYMBOLS for w in words)
    calm = sum(p.name == "calm" for p in parts)
    reading.tension = max(0.0, min(1.0, 0.2 + 0.25 * tense - 0.15 * calm))
    drawn: set[Part] = set()
    _place(reading, parts, drawn)
    _time(reading, parts, drawn)
    _sky(reading, parts, drawn)
    _elements(reading, parts, drawn)
    firsts = {word: looks(word)[0] for word in words}
    reading.drawn = [word for word in words if firsts[word] in drawn]
    return reading


def _place(reading: Reading, parts: list[Part], drawn: set[Part]) -> None:
    places = [p for p in parts if p.kind == "place"]
    if places:
        first = places[0].name
        reading.place = FEATURES.get(first, first)
    for part in places:
        name = part.name
        if name == reading.place or SAME.get(name) == reading.place or name in CONTAINS.get(reading.place, ()):
            drawn.add(part)
        elif name in FEATURES and reading.place not in WHOLE and (FEATURES[name] in WATER) == (reading.place in WATER):
            reading.features.append(name)
            drawn.add(part)
    for part in parts:
        if part.kind == "far" and reading.place not in WHOLE and len(reading.far) < 2:
            if part.name == "none" or part.name in reading.far:
                drawn.add(part)
                continue
            reading.far.append(part.name)
            drawn.add(part)


def _time(reading: Reading, parts: list[Part], drawn: set[Part]) -> None:
    for part in parts:
        if part.kind != "time":
            continue
        if part.name in SEASONS:
            if not reading.season:
                reading.season = part.name
            if reading.season == part.name:
                drawn.add(part)
        elif not reading.time or reading.time == part.name:
            reading.time = part.name
            drawn.add(part)
    if not reading.time:
        lights = {p.name for p in parts if p.kind == "light"}
        if lights & NIGHT_LIGHTS:
            reading.time = "night"
        elif lights & DAY_LIGHTS or reading.season:
            reading.time = "day"


def _sky(reading: Reading, parts: list[Part], drawn: set[Part]) -> None:
    window = reading.place not in ("basement", "corridor", "elevator", "theatre", "cell", "tunnel", "underwater")
    for part in parts:
        if part.kind == "weather":
            if reading.indoors and part.name in OUT_OF_DOORS_ONLY or reading.place == "underwater":
                continue
            if part.name not in reading.weather:
                reading.weather.append(part.name)
            drawn.add(part)
        elif part.kind == "light":
            skyward = part.name in NIGHT_LIGHTS | DAY_LIGHTS | {"planet", "eclipse"}
            if skyward and not window:
                continue
            if part.name == "sun" and reading.time in ("night", "dark"):
                continue
            if part.name not in reading.lights:
                reading.lights.append(part.name)
            drawn.add(part)
        elif part.kind == "move":
            if part.name == "ripple" and not reading.water:
                continue
            if part.name not in reading.moves:
                reading.moves.append(part.name)
            drawn.add(part)
        elif part.kind == "tint" and len(reading.colours) < 2:
            reading.colours.append(_hex(part.name))
            drawn.add(part)


def _elements(reading: Reading, parts: list[Part], drawn: set[Part]) -> None:
    for part in parts:
        if part.kind not in LIMITS:
            continue
        if part.kind == "build" and reading.place in WHOLE and part.name not in INDOOR_BUILDS:
            continue
        if part.kind == "plant" and reading.indoors and part.name not in ("flowers", "rose", "branch", "vines"):
            continue
        chosen = reading.elements.setdefault(part.kind, [])
        same = next((p for p in chosen if p.name == part.name), None)
        if same is not None and part.kind in ("build", "plant", "bug", "bird", "thing"):
            drawn.add(part)  # one house stands for "house" and "home" alike
            continue
        if len(chosen) < LIMITS[part.kind]:
            chosen.append(part)
            drawn.add(part)
