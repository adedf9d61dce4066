"""Removes personal data from a dream's text before it may leave the server: names, places, addresses, contacts,
ID numbers, birth dates, ages and health conditions. Russian uses natasha's offline NER plus pymorphy3 rules; English
uses rules, name lists and a word list. It leans to over-redaction: a word that may be a name is removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dreamtok.text import patterns
from dreamtok.text.english_names import (
    FUNCTION_CAPS,
    PARTICLES,
    base_form,
    english_spans,
    is_common_word,
    title_spans,
)
from dreamtok.text.health import health_spans
from dreamtok.text.language import detect_language, morph_analyzer, normalize_word
from dreamtok.text.numbers import number_spans
from dreamtok.text.patterns import has_cyrillic
from dreamtok.text.sanitize import sanitize
from dreamtok.text.words import Span, SymbolWords, Word, split_words

KINDS = ("name", "place", "address", "phone", "email", "url", "handle", "id_number", "birth_date", "age", "health")
# Where two findings overlap, the earlier kind wins.
_PRIORITY = {"email": 0, "url": 1, "handle": 2, "phone": 3, "birth_date": 4, "age": 5, "id_number": 6, "address": 7}
_PRIORITY.update({"health": 8, "name": 9, "place": 9})

REPLACEMENTS = {
    "en": {
        "name": "someone",
        "place": "a city",
        "address": "a street",
        "phone": "a phone number",
        "email": "an email address",
        "url": "a link",
        "handle": "a username",
        "id_number": "a number",
        "birth_date": "a date",
        "age": "some",
        "health": "a condition",
    },
    "ru": {
        "name": "N",
        "place": "N",
        "address": "(адрес)",
        "phone": "(телефон)",
        "email": "(почта)",
        "url": "(ссылка)",
        "handle": "(ник)",
        "id_number": "(номер)",
        "birth_date": "(дата)",
        "age": "сколько-то",
        "health": "(диагноз)",
    },
}

# Bump when the rules change, so cached prompts built by the old rules are not reused (see cache.py).
ANONYMIZER_VERSION = "4"  # 4: ages without a unit, house numbers, number plates, medication, pregnancy
_DATA_FILES = ("first_names.txt", "surnames.txt", "cities.txt", "english_words.txt")

_RU_ALLOWED = frozenset("бог господь земля луна солнце интернет рождество пасха".split())
_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:my|your|his|her|its|our|their|the|a|an|this|that)\s+$", re.IGNORECASE)
_TITLES = frozenset("mr mrs ms mx dr prof miss sir dame lord lady rev".split())


@dataclass(frozen=True)
class Redaction:
    """One removed piece of personal data: its kind and its position in the original text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Anonymized:
    """The cleaned text with personal data replaced by neutral words, what was removed, and the language of the
    text ("ru", "en" or "unknown", as detect_language() reads it)."""

    text: str
    redactions: list[Redaction]
    language: str = "unknown"


# The anonymizations made within one_pass(), by text and symbol words; None outside it.
_ONE_PASS: ContextVar[dict[tuple[str, SymbolWords], Anonymized] | None] = ContextVar("anonymized_texts", default=None)


@lru_cache(maxsize=1)
def anonymizer_version() -> str:
    """ANONYMIZER_VERSION and a digest of the name and city lists: changes whenever what is removed may change."""
    digest = hashlib.sha256(ANONYMIZER_VERSION.encode())
    for name in _DATA_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return f"{ANONYMIZER_VERSION}-{digest.hexdigest()[:16]}"


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # the models take about a second to load: lazily

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _regex_spans(text: str) -> list[Span]:
    spans = [("email", m.start(), m.end()) for m in patterns.EMAIL.finditer(text)]
    for m in patterns.URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)»\"'":
            end -= 1
        spans.append(("url", m.start(), end))
    spans += [("handle", m.start(), m.end()) for m in patterns.HANDLE.finditer(text)]
    spans += [("phone", m.start(), m.end()) for pattern in patterns.PHONES for m in pattern.finditer(text)]
    spans += [("birth_date", m.start(), m.end()) for m in patterns.FULL_DATES.finditer(text)]
    spans += [("birth_date", m.start("date"), m.end("date")) for m in patterns.BIRTH_DATES.finditer(text)]
    spans += [("id_number", m.start(), m.end()) for pattern in patterns.ID_NUMBERS for m in pattern.finditer(text)]
    spans += [("id_number", m.start("number"), m.end("number")) for m in patterns.PASSPORT.finditer(text)]
    for pattern in patterns.RU_ADDRESSES:
        group = "street" if "street" in pattern.groupindex else 0
        spans += [("address", m.start(group), m.end(group)) for m in pattern.finditer(text)]
    for pattern in patterns.EN_ADDRESSES:
        for m in pattern.finditer(text):
            if m.group().split()[0] not in FUNCTION_CAPS or len(m.group().split()) > 2:
                spans.append(("address", m.start(), m.end()))
    return spans


@lru_cache(maxsize=20_000)
def _ru_shares(word: str) -> tuple[float, float, float]:
    """Shares of (personal name, place name, patronymic) readings of a Russian word."""
    parses = morph_analyzer().parse(word.lower())
    total = sum(p.score for p in parses) or 1.0
    name = sum(p.score for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)) / total
    place = sum(p.score for p in parses if "Geox" in p.tag.grammemes) / total
    patronymic = sum(p.score for p in parses if "Patr" in p.tag.grammemes) / total
    return name, place, patronymic


@lru_cache(maxsize=20_000)
def _is_russian_symbol(word: str, symbol_words: SymbolWords) -> bool:
    parses = morph_analyzer().parse(word.lower())
    return any(normalize_word(p.normal_form) in symbol_words.ru for p in parses[:3])


def _natasha_spans(text: str, words: list[Word], symbol_words: SymbolWords) -> list[Span]:
    segmenter, tagger = _natasha()
    from natasha import Doc

    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    starts = {w.start: w for w in words}
    word_starts = [w.start for w in words]
    spans = []
    for span in doc.spans:
        parts = words[bisect_left(word_starts, span.start) : bisect_left(word_starts, span.stop)]
        # Names are capitalised; "Весенний сад" tagged LOC is not a place.
        if not parts or not all(w.capitalized for w in parts):
            continue
        first = starts.get(span.start)
        if (
            len(parts) == 1
            and first is not None
            and first.sentence_start
            and _is_russian_symbol(first.text, symbol_words)
        ):
            if _ru_shares(first.text)[0] < 0.5:  # "Кит плавал…" is a whale, not a person
                continue
        spans.append(("name" if span.type == "PER" else "place", span.start, span.stop))
    return spans


@lru_cache(maxsize=20_000)
def _ru_known(word: str) -> bool:
    """Whether pymorphy3's dictionary has the word (rather than guessing its forms)."""
    return all(morph_analyzer().word_is_known(part) for part in word.lower().split("-") if part)


def _ru_rule_spans(text: str, words: list[Word]) -> list[Span]:
    spans = []
    for index, w in enumerate(words):
        if not has_cyrillic(w.text) or normalize_word(w.text) in _RU_ALLOWED:
            continue
        name, place, patronymic = _ru_shares(w.text)
        kind = "place" if place > name else "name"
        nxt = words[index + 1] if index + 1 < len(words) else None
        if w.capitalized and not w.sentence_start:
            spans.append((kind, w.start, w.end))
        elif w.capitalized and (name + place >= 0.8 or not _ru_known(w.text)):
            spans.append((kind, w.start, w.end))  # "Айгерим пришла": a word no dictionary has is a name
        elif w.capitalized and name > 0 and nxt is not None and nxt.capitalized and text[w.end : nxt.start] == " ":
            spans.append(("name", w.start, w.end))  # a first name before a surname: "Джамиля Абдуллаева"
        elif patronymic >= 0.5 or name >= 0.9 or place >= 0.9:
            spans.append((kind, w.start, w.end))
    return spans


# Latin and Cyrillic letters; a letter of any other script (Chinese, Japanese, Arabic, Greek…) in a Russian or English
# dream is taken for a name, with the marks that go with it.
_LATIN_OR_CYRILLIC = re.compile(
    r"[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a"
    r"\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"
)


def _other_script_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = None
    for index, char in enumerate(text + " "):
        other = char.isalpha() and not _LATIN_OR_CYRILLIC.match(char)
        if other or (start is not None and unicodedata.category(char).startswith("M")):
            start = index if start is None else start
        elif start is not None:
            spans.append(("name", start, index))
            start = None
    return spans


def _union_of_names(spans: list[Span]) -> list[Span]:
    """Overlapping names and places as one: "John Michael" and "Michael Smith" are "John Michael Smith"."""
    people = sorted((s for s in spans if s[0] in ("name", "place")), key=lambda s: (s[1], -s[2]))
    merged: list[Span] = []
    for kind, start, end in people:
        if merged and start < merged[-1][2]:
            last_kind, last_start, last_end = merged[-1]
            wider = last_end - last_start >= end - start
            merged[-1] = (last_kind if wider else kind, last_start, max(last_end, end))
        else:
            merged.append((kind, start, end))
    return [s for s in spans if s[0] not in ("name", "place")] + merged


def _everywhere(spans: list[Span], words: list[Word], symbol_words: SymbolWords) -> list[Span]:
    """Every other mention of a word removed as a name: "Henderson called. … I told Henderson" loses both.

    Lower-case mentions of everyday words stay ("Holly was there. … a sprig of holly").
    """
    starts = [w.start for w in words]
    names: set[str] = set()
    covered: set[int] = set()
    for kind, start, end in spans:
        for index in range(bisect_left(starts, start), bisect_left(starts, end)):
            covered.add(index)
            word = base_form(words[index].text)
            if kind == "name" and len(word) > 1 and word.lower() not in PARTICLES and word.lower() not in _TITLES:
                names.add(word.lower())
    found = []
    for index, w in enumerate(words):
        word = base_form(w.text)
        if index in covered or word.lower() not in names:
            continue
        if w.text.islower():
            cyrillic = has_cyrillic(word)
            if cyrillic or is_common_word(word, symbol_words):
                continue
        found.append(("name", w.start, w.end))
    return found


def _resolve(spans: list[Span], text: str) -> list[Span]:
    """Non-overlapping spans (higher-priority kinds first), neighbours of the same kind merged."""
    chosen: list[Span] = []
    for kind, start, end in sorted(spans, key=lambda s: (_PRIORITY[s[0]], -(s[2] - s[1]), s[1])):
        if end > start and all(end <= s or start >= e for _, s, e in chosen):
            chosen.append((kind, start, end))
    chosen.sort(key=lambda s: s[1])
    merged: list[Span] = []
    for kind, start, end in chosen:
        if merged:
            last_kind, last_start, last_end = merged[-1]
            gap = text[last_end:start]
            joinable = gap.strip() == "" or (kind == "address" and gap.strip() == ",")
            if kind == last_kind and kind in ("name", "place", "address") and joinable and len(gap) <= 3:
                merged[-1] = (kind, last_start, end)
                continue
        merged.append((kind, start, end))
    return merged


@contextmanager
def one_pass() -> Iterator[None]:
    """Within it, each text is anonymized once. One request path (saving a dream and starting its video, a preview)
    needs the same text's anonymization in several places, and it is the costliest step of cleaning the text.
    Nothing is kept after the block: no text and no anonymization outlives it. Single words do: the bounded
    process-wide lru caches of word analyses (`_ru_shares`, `_is_russian_symbol`, `_ru_known` here, and the lemma and
    name caches of the language, health, numbers, English-name and extraction modules) keep a word with its readings
    until it is evicted, never a text or which text a word came from."""
    if _ONE_PASS.get() is not None:  # already inside one: the outer block decides
        yield
        return
    token = _ONE_PASS.set({})
    try:
        yield
    finally:
        _ONE_PASS.reset(token)


def anonymize(text: str, *, symbol_words: SymbolWords) -> Anonymized:
    """The text cleaned of markup and control characters, with personal data replaced by neutral words.

    Redaction positions refer to the original `text`, so a page can mark what was removed. `symbol_words`: the
    lexicon's one-word symbols (dreams.symbols.lexicon.symbol_words()), never taken for names at a sentence's start.
    Inside one_pass() a text is anonymized once.
    """
    remembered = _ONE_PASS.get()
    if remembered is None or not isinstance(text, str):
        return _anonymize(text, symbol_words)
    key = (text, symbol_words)
    if key not in remembered:
        remembered[key] = _anonymize(text, symbol_words)
    return remembered[key]


def _anonymize(text: str, symbol_words: SymbolWords) -> Anonymized:
    if not isinstance(text, str) or not text.strip():
        return Anonymized(text="", redactions=[])
    clean, origin = sanitize(text)
    detected = detect_language(clean)
    language = "ru" if detected == "ru" else "en"
    words = split_words(clean)
    spans = _regex_spans(clean) + number_spans(clean) + health_spans(clean) + _other_script_spans(clean)
    spans += title_spans(clean, words, symbol_words) + english_spans(clean, words, symbol_words, language)
    if has_cyrillic(clean):
        spans += _natasha_spans(clean, words, symbol_words) + _ru_rule_spans(clean, words)
    spans = _resolve(_union_of_names(spans), clean)
    spans = _resolve(spans + _everywhere(spans, words, symbol_words), clean)
    pieces: list[str] = []
    position = 0
    for kind, start, end in spans:
        # A number glued to a word ("id123456789") is replaced by words apart from it.
        before = " " if start > 0 and clean[start - 1].isalnum() else ""
        after = " " if end < len(clean) and clean[end].isalnum() else ""
        replacement = REPLACEMENTS[language][kind]
        if _DETERMINER_BEFORE.search(clean[position:start]) and replacement.startswith(("a ", "an ")):
            replacement = replacement.split(" ", 1)[1]  # "my HIV status" → "my condition status", not "my a …"
        pieces += [clean[position:start], before + replacement + after]
        position = end
    pieces.append(clean[position:])
    result = re.sub(r"[ \t]+", " ", "".join(pieces))
    result = "\n".join(line.strip() for line in result.splitlines()).strip()
    redactions = [Redaction(kind, origin[start], origin[end - 1] + 1) for kind, start, end in spans]
    return Anonymized(text=result, redactions=redactions, language=detected)
