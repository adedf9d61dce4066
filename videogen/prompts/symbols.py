"""Which symbols may leave the server: a typed symbol becomes the lexicon's English word, or is refused when it is not
plain English or looks like personal data. Also the one place symbols are suggested from a dream's text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext as _

from dreams.symbols.extract import extract_symbols, lexicon_symbol
from videogen.prompts.anonymize import Redaction, anonymize, clean_text
from videogen.prompts.english_names import cities, is_name

MAX_SYMBOL_LENGTH = 40
_PLAIN = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


class UnsafeSymbol(ValueError):
    """A typed symbol that must not be sent; `message` says why, for the therapist."""

    def __init__(self, word: str, reason: str):
        super().__init__(reason)
        self.word = word[:MAX_SYMBOL_LENGTH]
        self.reason = reason  # "too_long", "not_plain" or "personal"

    @property
    def message(self) -> str:
        if self.reason == "too_long":
            text = _("“%(word)s” is too long for a symbol: use one or two words.")
        elif self.reason == "not_plain":
            text = _("“%(word)s” is not a symbol word: use English words (letters, spaces and hyphens only).")
        else:
            text = _(
                "“%(word)s” looks like personal data (a name, place or contact). Symbols are sent to the video "
                "service: use a symbol word instead."
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
    if anonymize(word).redactions:
        return True
    parts = word.replace("-", " ").split()
    places = _city_names()
    groups = (" ".join(parts[i : i + size]) for size in (1, 2, 3) for i in range(len(parts) - size + 1))
    return any(is_name(part) for part in parts) or any(group in places for group in groups)


def safe_symbol(raw: object) -> str:
    """The English symbol word for a typed symbol ("кита" → "whale", "Owl" → "owl"); "" for a blank.

    An unknown word is kept when it is plain English (letters, spaces, hyphens) and not personal data; otherwise
    UnsafeSymbol.
    """
    word = _normalize(raw)
    if not word:
        return ""
    if len(word) > MAX_SYMBOL_LENGTH:
        raise UnsafeSymbol(word, "too_long")
    symbol = lexicon_symbol(word)
    if symbol:
        return symbol
    if not _PLAIN.fullmatch(word):
        raise UnsafeSymbol(word, "not_plain")
    if _looks_personal(word):
        raise UnsafeSymbol(word, "personal")
    return word


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
        redactions = anonymize(text).redactions
    return extract_symbols(text, exclude=[(r.start, r.end) for r in redactions]).symbols
