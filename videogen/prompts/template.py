"""Builds the English text-to-video prompt from a dream, as its privacy mode allows (symbols, anonymized or full text).

The prompt is a pure function of (text, symbols, mode, provider, TEMPLATE_VERSION). In the "anonymized" and "full"
modes a non-English dream's text is kept in its own language inside the English template: the providers accept it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from dreams.symbols.lexicon import entry, symbol_words
from dreams.symbols.safety import safe_symbols, suggest_symbols
from dreamtok.text.anonymize import Redaction, anonymize
from dreamtok.text.sanitize import clean_text
from videogen.providers.base import utf16_length

TEMPLATE_VERSION = "3"  # 3: typed symbols must be lexicon words, never a health condition
MODES = ("symbols", "anonymized", "full")
DEFAULT_PROMPT_LIMIT = 1000
PROVIDER_PROMPT_LIMITS = {
    "luma": 2000,
    "runway": 1000,
    "replicate": 1000,
    "kling": 2500,
    "local": 2000,
    "default": DEFAULT_PROMPT_LIMIT,
}
# How a provider counts a prompt's length, where not in characters.
PROVIDER_PROMPT_COUNTS = {"runway": utf16_length}

PREFIX = "Cinematic dream visualization: "
STYLE_HEAD = "surreal atmosphere, symbolic imagery"
STYLE_TAIL = (
    "cinematic composition, soft focus, dreamy color palette, mystical ambiance, fluid camera movement, "
    "short 3-5 second loop"
)
GENERIC_SCENE = "a peaceful dreamscape of soft drifting clouds and gentle light over a calm, luminous landscape"
# Camera and light that suit a family of symbols; at most two are added, in the order the symbols come.
FAMILY_ATMOSPHERE = {
    "water": "underwater perspective, ethereal lighting",
    "sky": "wide aerial perspective, luminous skylight",
    "flight": "weightless aerial motion, ethereal lighting",
    "night": "moonlit blue shadows, faint starlight",
    "fire": "flickering warm glow, drifting embers",
    "forest": "dappled green light, drifting mist between trees",
    "snow": "hushed white stillness, cold soft light",
    "rain": "rain-streaked glass, glistening reflections",
    "falling": "vertiginous top-down perspective, floating debris",
    "mirror": "mirrored symmetry, shimmering reflections",
    "stairs": "looping architecture, impossible perspective",
    "door": "light spilling through a doorway",
    "building": "dreamlike architecture, soft volumetric light",
    "road": "long vanishing perspective",
    "death": "muted colours, gentle fading light",
}


class FullTextNotAllowed(Exception):
    """The full dream text may leave the server only with the client's extra explicit consent."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The full dream text can be sent only when the client has given explicit consent for it. "
                "Choose the symbols or anonymized mode, or record that consent first."
            )
        )


@dataclass(frozen=True)
class BuiltPrompt:
    """A prompt ready for a provider, with what went into it (redactions: positions in the original text)."""

    prompt: str
    language: str
    symbols: list[str]
    mode: str
    redactions: list[Redaction] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BuiltPrompt:
        return cls(
            prompt=data["prompt"],
            language=data["language"],
            symbols=list(data["symbols"]),
            mode=data["mode"],
            redactions=[Redaction(**item) for item in data["redactions"]],
        )


def prompt_limit(provider: str) -> int:
    """The longest prompt a provider accepts (the default for providers we do not know)."""
    return PROVIDER_PROMPT_LIMITS.get((provider or "").strip().lower(), DEFAULT_PROMPT_LIMIT)


def _prompt_text(text: str) -> str:
    """One line of text: no markup, control characters or emoji."""
    text = "".join(" " if unicodedata.category(char) in ("So", "Sk", "Cn") else char for char in text)
    return " ".join(text.split())


def _scene(symbols: list[str]) -> tuple[list[str], list[str]]:
    """(visual hints, atmosphere phrases) for the symbols; colours become one "washed in" phrase."""
    hints: list[str] = []
    colours: list[str] = []
    atmosphere: list[str] = []
    for symbol in symbols:
        item = entry(symbol)
        if item is None:
            continue
        if item.family == "colour":
            colours.append(item.symbol)
            continue
        hints.append(item.hint)
        extra = FAMILY_ATMOSPHERE.get(item.family)
        if extra and extra not in atmosphere and len(atmosphere) < 2:
            atmosphere.append(extra)
    if colours:
        joined = colours[0] if len(colours) == 1 else ", ".join(colours[:-1]) + " and " + colours[-1]
        hints.append(f"bathed in {joined} hues")
    return hints, atmosphere


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ""
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:—-") + "…"


def _assemble(text: str, hints: list[str], symbols: list[str], atmosphere: list[str]) -> str:
    middle = ", ".join([part for part in [text, *hints] if part]) or GENERIC_SCENE
    parts = [PREFIX + middle, STYLE_HEAD, ", ".join(symbols), ", ".join(atmosphere), STYLE_TAIL]
    return ", ".join(part for part in parts if part)


def _fit(text: str, hints: list[str], symbols: list[str], atmosphere: list[str], limit: int) -> str:
    """The longest prompt within the limit: the text is cut first, then hints and atmosphere go; symbols stay."""
    prompt = _assemble(text, hints, symbols, atmosphere)
    if len(prompt) <= limit:
        return prompt
    if text:
        room = limit - (len(_assemble("x", hints, symbols, atmosphere)) - 1)
        if room >= 20:
            return _assemble(_cut(text, room), hints, symbols, atmosphere)
        text = ""
    while hints or atmosphere:
        if atmosphere:
            atmosphere = atmosphere[:-1]
        else:
            hints = hints[:-1]
        prompt = _assemble(text, hints, symbols, atmosphere)
        if len(prompt) <= limit:
            return prompt
    while len(symbols) > 1 and len(prompt) > limit:
        symbols = symbols[:-1]
        prompt = _assemble(text, hints, symbols, atmosphere)
    return _cut(prompt, limit)


def build_prompt(
    *,
    text: str,
    symbols: list[str] | None,
    mode: str,
    provider: str = "local",
    full_text_allowed: bool = False,
) -> BuiltPrompt:
    """The prompt for `provider` in privacy `mode`: "symbols", "anonymized" or "full".

    symbols=None suggests them from the text (names and contacts excluded); a list, even empty, is used instead, each
    symbol as its English symbol word, leaving out any that is not plain English or looks like personal data.
    Raises FullTextNotAllowed for mode "full" without `full_text_allowed`, ValueError for an unknown mode;
    never raises because of the text itself (empty, emoji, markup, any length or script).
    """
    if mode not in MODES:
        raise ValueError(_("Unknown privacy mode: %(mode)s") % {"mode": mode})
    if mode == "full" and not full_text_allowed:
        raise FullTextNotAllowed()
    text = text if isinstance(text, str) else ""
    anonymized = anonymize(text, symbol_words=symbol_words())
    if symbols is None:
        symbols = suggest_symbols(text, redactions=anonymized.redactions)
    else:
        symbols = safe_symbols(symbols)
    if mode == "symbols":
        body, redactions = "", []
    elif mode == "anonymized":
        body, redactions = _prompt_text(anonymized.text), list(anonymized.redactions)
    else:
        body, redactions = _prompt_text(clean_text(text)), []
    body = re.sub(r"[\s,.;:]+$", "", body)
    hints, atmosphere = _scene(symbols)
    limit = prompt_limit(provider)
    count = PROVIDER_PROMPT_COUNTS.get((provider or "").strip().lower(), len)
    prompt = _fit(body, hints, symbols, atmosphere, limit)
    fitted_to = limit
    while count(prompt) > limit:  # characters beyond the BMP count twice there: fit again with less room
        fitted_to -= count(prompt) - limit
        prompt = _fit(body, hints, symbols, atmosphere, fitted_to)
    return BuiltPrompt(
        prompt=prompt,
        language=anonymized.language,  # what the text's sanitized words are: read once, by the anonymizer
        symbols=symbols,
        mode=mode,
        redactions=redactions,
    )
