"""Which words the local renderer understands: each symbol names a motif family, a colour, or both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# symbol → (motif family, subject). Families pick the layers of the scene; the subject picks a shape inside it.
MOTIFS: dict[str, tuple[str, str]] = {
    "water": ("water", ""),
    "sea": ("water", ""),
    "ocean": ("water", ""),
    "lake": ("water", ""),
    "river": ("water", ""),
    "wave": ("water", ""),
    "swim": ("water", ""),
    "flood": ("water", ""),
    "fire": ("fire", ""),
    "flame": ("fire", ""),
    "burn": ("fire", ""),
    "ember": ("fire", ""),
    "smoke": ("fire", ""),
    "flight": ("sky", "flight"),
    "fly": ("sky", "flight"),
    "flying": ("sky", "flight"),
    "wings": ("sky", "flight"),
    "sky": ("sky", ""),
    "cloud": ("sky", ""),
    "mirror": ("mirror", ""),
    "reflection": ("mirror", ""),
    "twin": ("mirror", ""),
    "double": ("mirror", ""),
    "forest": ("forest", ""),
    "tree": ("forest", ""),
    "wood": ("forest", ""),
    "garden": ("forest", ""),
    "night": ("night", ""),
    "moon": ("night", "moon"),
    "star": ("night", ""),
    "dark": ("night", ""),
    "falling": ("falling", ""),
    "fall": ("falling", ""),
    "abyss": ("falling", ""),
    "rain": ("rain", ""),
    "storm": ("rain", ""),
    "snow": ("snow", ""),
    "ice": ("snow", ""),
    "winter": ("snow", ""),
    "cold": ("snow", ""),
    "road": ("passage", "road"),
    "path": ("passage", "road"),
    "stairs": ("passage", "stairs"),
    "staircase": ("passage", "stairs"),
    "ladder": ("passage", "stairs"),
    "door": ("passage", "door"),
    "gate": ("passage", "door"),
    "corridor": ("passage", "door"),
    "city": ("city", ""),
    "town": ("city", ""),
    "street": ("city", ""),
    "tower": ("city", ""),
    "house": ("house", ""),
    "home": ("house", ""),
    "room": ("house", ""),
    "whale": ("animal", "whale"),
    "fish": ("animal", "fish"),
    "dolphin": ("animal", "whale"),
    "dog": ("animal", "dog"),
    "wolf": ("animal", "dog"),
    "fox": ("animal", "dog"),
    "cat": ("animal", "cat"),
    "horse": ("animal", "horse"),
    "deer": ("animal", "horse"),
    "bird": ("animal", "bird"),
    "crow": ("animal", "bird"),
    "owl": ("animal", "bird"),
    "butterfly": ("animal", "bird"),
}

# colour words → RGB in 0..1
COLOURS: dict[str, tuple[float, float, float]] = {
    "red": (0.92, 0.14, 0.16),
    "blood": (0.7, 0.05, 0.08),
    "orange": (1.0, 0.52, 0.15),
    "gold": (1.0, 0.78, 0.32),
    "golden": (1.0, 0.78, 0.32),
    "yellow": (1.0, 0.88, 0.3),
    "green": (0.25, 0.85, 0.45),
    "blue": (0.2, 0.45, 1.0),
    "purple": (0.62, 0.3, 0.95),
    "violet": (0.62, 0.3, 0.95),
    "pink": (1.0, 0.5, 0.75),
    "white": (0.95, 0.96, 1.0),
    "silver": (0.8, 0.84, 0.92),
    "black": (0.08, 0.06, 0.1),
    "grey": (0.55, 0.56, 0.6),
    "gray": (0.55, 0.56, 0.6),
}

# The order in which families claim the sky's mood when several are present.
MOOD_ORDER = ("night", "snow", "fire", "rain", "water", "forest", "mirror", "sky", "falling", "passage", "city")

# The soundscape's layer for each family that has one.
SOUNDS = {
    "water": "water",
    "rain": "rain",
    "snow": "snow",
    "fire": "fire",
    "sky": "wind",
    "city": "city",
    "forest": "forest",
    "night": "night",
    "mirror": "chimes",
    "falling": "wind",
    "house": "clock",
}

_WORD = re.compile(r"[a-z]+")


@dataclass
class Reading:
    """What the renderer took from a dream: families in first-seen order, subjects, colours."""

    families: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    colours: list[tuple[float, float, float]] = field(default_factory=list)
    drawn: list[str] = field(default_factory=list)  # the symbols given that the scene draws

    @property
    def sounds(self) -> list[str]:
        """The soundscape's layers: one for each family that has a sound."""
        return [SOUNDS[family] for family in self.families if family in SOUNDS]

    @property
    def tension(self) -> float:
        return 0.8 if {"fire", "falling"} & set(self.families) or self.mood == "night" else 0.2

    @property
    def mood(self) -> str:
        for family in MOOD_ORDER:
            if family in self.families:
                return family
        return "dream"


def _stem(word: str) -> str:
    """Plural and -ing forms down to a table word, when that gives one."""
    for candidate in (word, word.rstrip("s"), word[:-2] if word.endswith("es") else word, word.removesuffix("ing")):
        if candidate in MOTIFS or candidate in COLOURS:
            return candidate
    return word


def read_dream(prompt: str, symbols: list[str]) -> Reading:
    """Symbols first (they are canonical), then any table word found in the prompt."""
    reading = Reading()
    words = [s.strip().lower() for s in symbols if s.strip()]
    reading.drawn = [word for word in words if _stem(word) in MOTIFS or _stem(word) in COLOURS]
    words += [_stem(w) for w in _WORD.findall(prompt.lower())]
    for word in words:
        word = _stem(word)
        if word in MOTIFS:
            family, subject = MOTIFS[word]
            if family not in reading.families:
                reading.families.append(family)
            if subject and subject not in reading.subjects:
                reading.subjects.append(subject)
        if word in COLOURS and COLOURS[word] not in reading.colours:
            reading.colours.append(COLOURS[word])
    return reading
