"""Which symbols may leave the server: a typed symbol must be a word of the symbol lexicon (in either language, any
case or form) and becomes its English symbol word; anything else, and any health condition, is refused. Also the one
place symbols are suggested from a dream's text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.utils.translation import gettext as _

from dreams.symbols.extract import extract_symbols, lexicon_symbol
from dreams.symbols.lexicon import symbol_words
from dreamtok.text.anonymize import Redaction, anonymize
from dreamtok.text.english_names import cities, is_name
from dreamtok.text.health import is_health_condition
from dreamtok.text.sanitize import clean_text

MAX_SYMBOL_LENGTH = 40


class UnsafeSymbol(ValueError):
    """A typed symbol that must not be sent; `message` says why, for the therapist."""

    def __init__(self, word: str, reason: str):
        super().__init__(reason)
        self.word = word[:MAX_SYMBOL_LENGTH]
        self.reason = reason  # "too_long", "health", "personal" or "unknown"

    @property
    def message(self) -> str:
        if self.reason == "too_long":
            text = _("“%(word)s” is too long for a symbol: use one or two words.")
        elif self.reason == "health":
            text = _("“%(word)s” names a health condition. Health data is never sent as a symbol.")
        elif self.reason == "personal":
            text = _(
                "“%(word)s” looks like personal data (a name, place or contact). Symbols are sent to the video "
                "service: use a symbol word instead."
            )
        else:
            text = _(
                "“%(word)s” is not a symbol word we know. Only words of the symbol list are sent to the video "
                "service: try a close one, such as “whale”, “door” or “forest”."
            )
        return text % {"word": self.word}


def _normalize(raw: object) -> str:
    text = unicodedata.normalize("NFC", clean_text(str(raw)))
    return " ".join(text.lower().split()).strip(" ,.;:")


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    return frozenset(city.lower() for city in cities())


def _looks_personal(word: str) -> bool:
    """A name, city, contact or number: what the anonymizer or the name and city lists flag."""
    if anonymize(word, symbol_words=symbol_words()).redactions:
        return True
    parts = word.replace("-", " ").split()
    places = _city_names()
    groups = (" ".join(parts[i : i + size]) for size in (1, 2, 3) for i in range(len(parts) - size + 1))
    return any(is_name(part, symbol_words()) for part in parts) or any(group in places for group in groups)


def safe_symbol(raw: object) -> str:
    """The English symbol word for a typed symbol ("кита" → "whale", "Owls" → "owl"); "" for a blank.

    UnsafeSymbol for a health condition and for any word the lexicon does not know (saying so more precisely when it
    looks like a name, place or contact): symbols are what leaves the server in the "symbols" mode.
    """
    word = _normalize(raw)
    if not word:
        return ""
    if len(word) > MAX_SYMBOL_LENGTH:
        raise UnsafeSymbol(word, "too_long")
    if is_health_condition(word):
        raise UnsafeSymbol(word, "health")
    symbol = lexicon_symbol(word)
    if symbol:
        return symbol
    raise UnsafeSymbol(word, "personal" if _looks_personal(word) else "unknown")


def safe_symbols(symbols: list) -> list[str]:
    """The symbols that may leave the server, as English symbol words, without blanks or duplicates.

    What safe_symbol() refuses is left out: the prompt never carries it, whoever called.
    """
    result: dict[str, None] = {}
    for raw in symbols:
        try:
            symbol = safe_symbol(raw)
        except UnsafeSymbol:
            continue
        if symbol:
            result.setdefault(symbol, None)
    return list(result)


def suggest_symbols(text: str, *, redactions: list[Redaction] | None = None) -> list[str]:
    """The symbols suggested for a dream's text, names and contacts excluded (`redactions`: anonymize(text)'s).

    The dream form's preview, dream_create and dream_update all use this, so the preview shows what is saved and sent.
    """
    text = text if isinstance(text, str) else ""
    if redactions is None:
        redactions = anonymize(text, symbol_words=symbol_words()).redactions
    return extract_symbols(text, exclude=[(r.start, r.end) for r in redactions]).symbols
