"""The bilingual dream-symbol lexicon (lexicon.json): loaded once, looked up by symbol or by word form."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dreamtok.text.language import normalize_word
from dreamtok.text.words import SymbolWords

LEXICON_PATH = Path(__file__).with_name("lexicon.json")

FAMILIES = frozenset(
    "water fire sky flight mirror forest night falling rain snow road stairs door animal person building colour "
    "object nature body emotion vehicle death other".split()
)
_HEX_COLOR = re.compile(r"^#[0-9a-f]{6}$")


@dataclass(frozen=True)
class Entry:
    """One dream symbol: its canonical English word, the words that name it, and how to picture it."""

    symbol: str
    family: str
    hint: str
    ru: tuple[str, ...]
    en: tuple[str, ...]
    color: str | None = None
    distressing: bool = False
    # An action of the dreamer (falling, flying…): a single verb counts only when the dreamer is its subject.
    agent: bool = False
    # Families that, present in the same clause, cancel this symbol ("плыли на корабле" is not swimming).
    blocked_by: frozenset[str] = frozenset()
    # Words right before a mention that make it a figure of speech ("this time", "всё время").
    skip_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, Entry]
    # Lemma sequences (one word or a phrase) to symbols, per language.
    ru_phrases: dict[tuple[str, ...], str]
    en_phrases: dict[tuple[str, ...], str]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(normalize_word(part) for part in text.split())


def _entry_from_json(row: dict) -> Entry:
    symbol = row["symbol"].strip().lower()
    family = row["family"]
    if family not in FAMILIES:
        raise ValueError(f"lexicon: {symbol!r} has unknown family {family!r}")
    color = row.get("color")
    if color is not None and not _HEX_COLOR.match(color):
        raise ValueError(f"lexicon: {symbol!r} has a bad colour {color!r}")
    if not row.get("hint"):
        raise ValueError(f"lexicon: {symbol!r} has no hint")
    return Entry(
        symbol=symbol,
        family=family,
        hint=row["hint"].strip(),
        ru=tuple(row.get("ru", ())),
        en=tuple(row.get("en", ())),
        color=color,
        distressing=bool(row.get("distressing", False)),
        agent=bool(row.get("agent", False)),
        blocked_by=frozenset(row.get("blocked_by", ())),
        skip_after=frozenset(normalize_word(word) for word in row.get("skip_after", ())),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and check lexicon.json once per process."""
    rows = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    entries: dict[str, Entry] = {}
    ru_phrases: dict[tuple[str, ...], str] = {}
    en_phrases: dict[tuple[str, ...], str] = {}
    for row in rows:
        item = _entry_from_json(row)
        if item.symbol in entries:
            raise ValueError(f"lexicon: {item.symbol!r} appears twice")
        entries[item.symbol] = item
        for index, forms in ((ru_phrases, item.ru), (en_phrases, (item.symbol, *item.en))):
            for form in forms:
                key = _phrase(form)
                if index.get(key, item.symbol) != item.symbol:
                    raise ValueError(f"lexicon: {form!r} names both {index[key]!r} and {item.symbol!r}")
                index[key] = item.symbol
    return Lexicon(entries=entries, ru_phrases=ru_phrases, en_phrases=en_phrases)


@lru_cache(maxsize=1)
def symbol_words() -> SymbolWords:
    """The one-word symbols in both languages, which the anonymizer never takes for names."""
    lexicon = load_lexicon()
    return SymbolWords(
        ru=frozenset(phrase[0] for phrase in lexicon.ru_phrases if len(phrase) == 1),
        en=frozenset(phrase[0] for phrase in lexicon.en_phrases if len(phrase) == 1),
    )


@lru_cache(maxsize=1)
def lexicon_version() -> str:
    """A digest of lexicon.json: changes with any edit of the lexicon (prompt caches key on it)."""
    return hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()[:16]


def entry(symbol: str) -> Entry | None:
    """The lexicon entry for a canonical symbol word ("whale"), or None."""
    return load_lexicon().entries.get(normalize_word(symbol))


def all_entries() -> list[Entry]:
    """Every entry, in file order."""
    return list(load_lexicon().entries.values())


def symbol_for_word(word: str) -> str | None:
    """The canonical symbol for a symbol word or a dictionary form in either language ("кит", "whales" excluded)."""
    key = _phrase(word)
    lexicon = load_lexicon()
    if " ".join(key) in lexicon.entries:
        return " ".join(key)
    return lexicon.en_phrases.get(key) or lexicon.ru_phrases.get(key)


def symbol_names(symbols: list[str], language: str) -> list[str]:
    """The symbols as a reader of `language` says them: the Russian dictionary word in Russian ("whale" → "кит"), the
    English symbol word otherwise. A symbol the lexicon no longer knows is shown as stored. Display only: what is
    stored and sent in a prompt stays the English symbol."""
    if not language.startswith("ru"):
        return list(symbols)
    entries = load_lexicon().entries
    return [entries[symbol].ru[0] if symbol in entries and entries[symbol].ru else symbol for symbol in symbols]


DISTRESSING_SYMBOLS: frozenset[str] = frozenset(item.symbol for item in all_entries() if item.distressing)
