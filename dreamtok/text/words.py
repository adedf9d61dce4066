"""The shared shapes of the text tools: a word with its position and a finding (kind, start, end), and the symbol
words that are never taken for names. A module of its own so that the anonymizer and the name rules both import it
rather than each other."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dreamtok.text.patterns import WORD

Span = tuple[str, int, int]

# A word not glued to a digit or "_" before it: "2пятницы" is no word to read as a name.
_WORD = re.compile(rf"(?<!\w)(?:{WORD.pattern})")
_SENTENCE_END = set('.!?…:\n«"„“(')
_ABBREVIATIONS = frozenset("mr mrs ms dr st prof ул г д пр пер им т др см стр кв просп".split())


@dataclass(frozen=True)
class SymbolWords:
    """The one-word symbols of the dream lexicon (Russian and English dictionary forms): "Кит" or "Rose" at a
    sentence's start is a whale or a rose, not a name. Given by the caller, which knows the lexicon."""

    ru: frozenset[str] = frozenset()
    en: frozenset[str] = frozenset()


@dataclass
class Word:
    """A word of the sanitized text, with its position there and whether it opens a sentence."""

    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() and not (self.text.isupper() and len(self.text) > 1)


def split_words(text: str) -> list[Word]:
    words: list[Word] = []
    for m in _WORD.finditer(text):
        # Only the few characters before a word decide whether it starts a sentence.
        window_start = max(0, m.start() - 40)
        before = text[window_start : m.start()]
        while before and (before[-1] in " \t\ufe0f" or unicodedata.category(before[-1]) == "So"):
            before = before[:-1]  # spaces and emoji ("🐋 Кит…" starts a sentence)
        end_before = window_start + len(before)
        previous = words[-1] if words else None
        abbreviation = (
            previous is not None and previous.end == end_before - 1 and previous.text.lower() in _ABBREVIATIONS
        )
        at_start = end_before == 0 or (before[-1:] in _SENTENCE_END and not (before[-1:] == "." and abbreviation))
        if before.endswith(("—", "–")):  # a line of dialogue
            ahead = before[:-1].rstrip(" \t")
            at_start = at_start or ahead.endswith("\n") or (window_start == 0 and not ahead)
        words.append(Word(m.group(), m.start(), m.end(), at_start))
    return words
