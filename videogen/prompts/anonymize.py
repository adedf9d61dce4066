"""Removes personal data from a dream's text before it may leave the server: names, places, addresses, contacts,
ID numbers and birth dates. Russian uses natasha's offline NER plus pymorphy3 rules; English uses rules and name lists.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dreams.symbols.extract import detect_language, english_lemmas, morph_analyzer
from dreams.symbols.lexicon import load_lexicon, normalize_word

KINDS = ("name", "place", "address", "phone", "email", "url", "handle", "id_number", "birth_date")
# Where two findings overlap, the earlier kind wins.
_PRIORITY = {"email": 0, "url": 1, "handle": 2, "phone": 3, "birth_date": 4, "id_number": 5, "address": 6}
_PRIORITY.update({"name": 7, "place": 7})

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
    },
}

_DATA = Path(__file__).parent
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|</?[a-zA-Z][^<>]*>", re.DOTALL | re.IGNORECASE)

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_URL = re.compile(
    r"\b(?:https?://|ftp://|www\.)[^\s<>\"'«»]+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,8}(?:com|org|net|ru|рф|io|me|info|biz|su|ua|by|kz|de|uk|edu|gov|app|dev|co|tv|ly)\b"
    r"(?:/[^\s<>\"'«»]*)?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_PHONES = [
    re.compile(r"(?<![\w+])(?:\+7|8)[\s-]?\(?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)"),
    re.compile(r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)|\d{1,4})(?:[\s.-]?\d{2,4}){2,4}(?!\d)"),
    re.compile(r"(?<![\w(])\(\d{3}\)\s?\d{3}[\s.-]?\d{4}(?!\d)"),
    re.compile(r"(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?!\d)"),
    re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{2}(?![\d-])"),
]
_ID_NUMBERS = [
    re.compile(r"(?<![\w+])\d(?:[ .\-/]?\d){5,}(?!\w)"),  # cards, passports, SNILS, long ids
    re.compile(r"\b[A-ZА-ЯЁ]{1,3}[ -]?\d{6,}\b"),  # passport series with letters
]
_RU_MONTHS = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]"
    r"|декабр[яь])"
)
_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_FULL_DATES = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}})(?!\d)"
    rf"|\b\d{{1,2}}\s+{_RU_MONTHS}\s+{_YEAR}(?:\s*(?:г\.|года|год)\b)?"
    rf"|\b{_EN_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS},?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# Without a year, a day and month are personal only as a birthday.
_BIRTH_DATES = re.compile(
    r"(?:родил[а-я]*|рождени[а-я]*|д\.\s?р\.|born|birthday|date of birth|dob)[^\d\n]{0,20}?"
    rf"(?P<date>\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?|\d{{1,2}}\s+{_RU_MONTHS}|{_EN_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS})",
    re.IGNORECASE,
)
_RU_STREET = (
    r"(?i:улиц[аеуыи]|ул\.|проспект(?:а|е|у|ом)?|пр-к?т|просп\.|переул(?:ок|ка|ке|ку|ком)|пер\.|бульвар(?:а|е|у|ом)?"
    r"|б-р|шоссе|площад(?:ь|и|ью)|пл\.|набережн(?:ая|ой|ую)|наб\.|проезд(?:а|е|у|ом)?|тупик(?:а|е|у|ом)?"
    r"|алле(?:я|и|е|ю)|микрорайон(?:а|е|у|ом)?|мкр\.?)"
)
_RU_HOUSE = r"(?:\s*,?\s*(?:дом|д\.)?\s*№?\s*\d+[а-яА-Я]?(?:/\d+)?(?!\d))?"
_RU_ADDRESSES = [
    re.compile(rf"(?<!\w){_RU_STREET}\s+(?:им\.\s*)?(?:\d+\s+)?[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)*{_RU_HOUSE}"),
    re.compile(rf"(?<!\w)[А-ЯЁ][\w-]+\s+{_RU_STREET}(?!\w){_RU_HOUSE}"),
    re.compile(
        r"(?<!\w)(?:дом|д\.|корпус|корп\.|строение|стр\.|квартира|кв\.)\s*№?\s*\d+[а-яa-z]?(?:/\d+)?(?!\d)", re.I
    ),
]
_EN_STREET = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Way|Place|Square|Court|Terrace"
    r"|Crescent|Highway|Parkway|Close)"
)
_EN_ADDRESSES = [
    re.compile(rf"(?:\b\d{{1,5}}[A-Za-z]?\s+)?\b(?:[A-Z][\w'’-]{{0,30}}\s+){{1,3}}{_EN_STREET}(?!\w)"),
    re.compile(r"\b(?:apt|apartment|flat|unit|suite)\.?\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE),
]
_EN_TITLES = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady|Rev)\.?\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
    r"|\b(?:Aunt|Uncle|Auntie|Grandma|Grandpa|Officer|Detective|Captain|Coach)\s+(?P<role_name>[A-Z][\w'’-]+)"
)
_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = set('.!?…:\n«"„“(')
_ABBREVIATIONS = frozenset("mr mrs ms dr st prof ул г д пр пер им т др см стр кв просп".split())
_FUNCTION_CAPS = frozenset("I The A An This That My Our His Her Their Its".split())
_RU_ALLOWED = frozenset("бог господь земля луна солнце интернет рождество пасха".split())
_EN_ALLOWED = frozenset(
    "I God Lord Jesus Christ Christmas Easter Halloween Internet English Russian American British French German "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December OK TV".split()
)
_EN_PLACE_PREPOSITIONS = frozenset("in from to at near into visiting visit".split())
# First names that are also everyday words: only names inside a sentence or before a surname.
_COMMON_WORD_NAMES = frozenset(
    "April Amber Austin Bill Faith Florence Frank Grace Holly Jack Jean Joy Lily Mark Max Olive Rose Ruby Will".split()
)


@dataclass(frozen=True)
class Redaction:
    """One removed piece of personal data: its kind and its position in the original text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Anonymized:
    """The cleaned text with personal data replaced by neutral words, and what was removed."""

    text: str
    redactions: list[Redaction]


@dataclass
class _Word:
    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() and not (self.text.isupper() and len(self.text) > 1)


def _read_list(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return _read_list("first_names.txt")


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    return _read_list("cities.txt")


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # the models take about a second to load: lazily

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def sanitize(text: str) -> tuple[str, list[int]]:
    """Text without HTML tags and control or bidi-override characters, and each kept character's original position."""
    chars: list[str] = []
    origin: list[int] = []

    def keep(start: int, end: int) -> None:
        for index in range(start, end):
            char = text[index]
            if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs") and char != "\n":
                if char == "\t":
                    chars.append(" ")
                    origin.append(index)
                continue
            chars.append(char)
            origin.append(index)

    position = 0
    for m in _MARKUP.finditer(text):
        keep(position, m.start())
        chars.append(" ")
        origin.append(m.start())
        position = m.end()
    keep(position, len(text))
    return "".join(chars), origin


def clean_text(text: str) -> str:
    """The text as written, minus markup and control characters, with whitespace collapsed."""
    return " ".join(sanitize(text or "")[0].split())


def _regex_spans(text: str) -> list[tuple[str, int, int]]:
    spans = [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)»\"'":
            end -= 1
        spans.append(("url", m.start(), end))
    spans += [("handle", m.start(), m.end()) for m in _HANDLE.finditer(text)]
    spans += [("phone", m.start(), m.end()) for pattern in _PHONES for m in pattern.finditer(text)]
    spans += [("birth_date", m.start(), m.end()) for m in _FULL_DATES.finditer(text)]
    spans += [("birth_date", m.start("date"), m.end("date")) for m in _BIRTH_DATES.finditer(text)]
    spans += [("id_number", m.start(), m.end()) for pattern in _ID_NUMBERS for m in pattern.finditer(text)]
    spans += [("address", m.start(), m.end()) for pattern in _RU_ADDRESSES for m in pattern.finditer(text)]
    for pattern in _EN_ADDRESSES:
        for m in pattern.finditer(text):
            if m.group().split()[0] not in _FUNCTION_CAPS or len(m.group().split()) > 2:
                spans.append(("address", m.start(), m.end()))
    for m in _EN_TITLES.finditer(text):
        if m.group("role_name"):
            spans.append(("name", m.start("role_name"), m.end("role_name")))
        else:
            spans.append(("name", m.start(), m.end()))
    return spans


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    for m in _WORD.finditer(text):
        # Only the few characters before a word decide whether it starts a sentence.
        window_start = max(0, m.start() - 40)
        before = text[window_start : m.start()].rstrip(" \t")
        end_before = window_start + len(before)
        previous = words[-1] if words else None
        abbreviation = (
            previous is not None and previous.end == end_before - 1 and previous.text.lower() in _ABBREVIATIONS
        )
        at_start = end_before == 0 or (before[-1:] in _SENTENCE_END and not (before[-1:] == "." and abbreviation))
        if before.endswith(("—", "–")):  # a line of dialogue
            ahead = before[:-1].rstrip(" \t")
            at_start = at_start or ahead.endswith("\n") or (window_start == 0 and not ahead)
        words.append(_Word(m.group(), m.start(), m.end(), at_start))
    return words


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
def _is_russian_symbol(word: str) -> bool:
    ru_phrases = load_lexicon().ru_phrases
    parses = morph_analyzer().parse(word.lower())
    return any((normalize_word(p.normal_form),) in ru_phrases for p in parses[:3])


def _natasha_spans(text: str, words: list[_Word]) -> list[tuple[str, int, int]]:
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
        if len(parts) == 1 and first is not None and first.sentence_start and _is_russian_symbol(first.text):
            if _ru_shares(first.text)[0] < 0.5:  # "Кит плавал…" is a whale, not a person
                continue
        spans.append(("name" if span.type == "PER" else "place", span.start, span.stop))
    return spans


def _ru_rule_spans(words: list[_Word]) -> list[tuple[str, int, int]]:
    spans = []
    for w in words:
        if not re.search(r"[а-яё]", w.text, re.IGNORECASE) or normalize_word(w.text) in _RU_ALLOWED:
            continue
        name, place, patronymic = _ru_shares(w.text)
        kind = "place" if place > name else "name"
        if w.capitalized and not w.sentence_start:
            spans.append((kind, w.start, w.end))
        elif w.capitalized and name + place >= 0.8:
            spans.append((kind, w.start, w.end))
        elif patronymic >= 0.5 or name >= 0.9 or place >= 0.9:
            spans.append((kind, w.start, w.end))
    return spans


def _is_english_symbol(word: str) -> bool:
    en_phrases = load_lexicon().en_phrases
    return any((lemma,) in en_phrases for lemma in english_lemmas(word.lower()))


def _en_rule_spans(words: list[_Word]) -> list[tuple[str, int, int]]:
    names, places = first_names(), cities()
    latin = [w for w in words if w.text.isascii() or re.fullmatch(r"[A-Za-z'’-]+", w.text)]
    spans = []
    city_end = -1
    for i, w in enumerate(latin):
        nxt = latin[i + 1] if i + 1 < len(latin) else None
        for size in (3, 2, 1):
            group = latin[i : i + size]
            if w.start >= city_end and len(group) == size and " ".join(g.text for g in group) in places:
                spans.append(("place", group[0].start, group[-1].end))
                city_end = group[-1].end
                break
        if w.start < city_end or not w.capitalized or w.text in _EN_ALLOWED:
            continue
        next_is_surname = nxt is not None and nxt.capitalized and nxt.start - w.end <= 2 and nxt.text not in places
        if w.text in names:
            if w.sentence_start and w.text in _COMMON_WORD_NAMES and not next_is_surname:
                continue
            end = nxt.end if next_is_surname and nxt.text not in _EN_ALLOWED else w.end
            spans.append(("name", w.start, end))
        elif not w.sentence_start and w.text not in places and not _is_english_symbol(w.text):
            previous = latin[i - 1].text.lower() if i > 0 else ""
            spans.append(("place" if previous in _EN_PLACE_PREPOSITIONS else "name", w.start, w.end))
    return spans


def _resolve(spans: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """Non-overlapping spans (higher-priority kinds first), neighbours of the same kind merged."""
    chosen: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(spans, key=lambda s: (_PRIORITY[s[0]], -(s[2] - s[1]), s[1])):
        if end > start and all(end <= s or start >= e for _, s, e in chosen):
            chosen.append((kind, start, end))
    chosen.sort(key=lambda s: s[1])
    merged: list[tuple[str, int, int]] = []
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


def anonymize(text: str) -> Anonymized:
    """The text cleaned of markup and control characters, with personal data replaced by neutral words.

    Redaction positions refer to the original `text`, so a page can mark what was removed.
    """
    if not isinstance(text, str) or not text.strip():
        return Anonymized(text="", redactions=[])
    clean, origin = sanitize(text)
    language = "ru" if detect_language(clean) == "ru" else "en"
    words = _words(clean)
    spans = _regex_spans(clean) + _en_rule_spans(words)
    if re.search(r"[а-яё]", clean, re.IGNORECASE):
        spans += _natasha_spans(clean, words) + _ru_rule_spans(words)
    spans = _resolve(spans, clean)
    pieces: list[str] = []
    position = 0
    for kind, start, end in spans:
        pieces += [clean[position:start], REPLACEMENTS[language][kind]]
        position = end
    pieces.append(clean[position:])
    result = re.sub(r"[ \t]+", " ", "".join(pieces))
    result = "\n".join(line.strip() for line in result.splitlines()).strip()
    redactions = [Redaction(kind, origin[start], origin[end - 1] + 1) for kind, start, end in spans]
    return Anonymized(text=result, redactions=redactions)
