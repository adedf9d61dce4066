"""Finds people and cities in English text by rules and name lists: titles ("Mr. Van der Berg", "dr porter"),
first names and surnames in any letter case, and names that are also everyday words ("Will", "Bill", "Holly").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from dreamtok.text.language import english_lemmas
from dreamtok.text.words import Span, SymbolWords, Word

_DATA = Path(__file__).parent

FUNCTION_CAPS = frozenset("I The A An This That My Our His Her Their Its".split())
ALLOWED = frozenset(
    "I God Lord Jesus Christ Christmas Easter Halloween Internet English Russian American British French German "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December OK TV".split()
)
_PLACE_PREPOSITIONS = frozenset("in from to at near into visiting visit".split())
# Names that are also everyday words: in lower case they are the word; at a sentence's start they are a name only
# when a verb follows ("Bill paid", "Holly was there") or another name is joined on ("Will and Grace").
COMMON_WORDS = frozenset(
    "april amber bill billy bob bobby carol christian daisy dawn faith florence frank grace harry heather holly hope "
    "iris ivy jack jean joy june leo lily mark max maxim may olive oscar pat pearl penny ralph randy ray roger rose "
    "ruby sky summer sue terry victor violet will willie "
    "baker bell berry black brooks brown burns butler carpenter cook ford fox grant gray green hall hill hunt hunter "
    "king knight lane long mason miller mills pierce porter price reed rice stone ward warren weaver wells west white "
    "wood woods young".split()
)
_SUBJECT_CUES = frozenset(
    "was is were are had has have did does do will would could should can may might must said says told asked came "
    "comes went goes ran saw sees took gave left paid sat stood got made knew felt thought smiled laughed cried "
    "called phoned wanted kept met held spoke wrote drove flew fell turned appeared arrived shouted whispered "
    "ate bought brought found sang swam became began hugged kissed died lived".split()
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff'’-]+")
_FORMAL_TITLES = frozenset("mr mrs ms mx dr prof".split())
_ROLE_TITLES = frozenset("aunt auntie uncle grandma grandpa officer detective captain coach".split())
_TITLE = re.compile(
    r"(?<![\w'’])(?P<title>mrs|mr|ms|mx|dr|prof|miss|sir|dame|lord|lady|rev|aunt|auntie|uncle|grandma|grandpa"
    r"|officer|detective|captain|coach)\b\.?[ \t]+",
    re.IGNORECASE,
)
PARTICLES = frozenset("van von der den de del della di da du la le ten ter bin ibn al el".split())
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at by for with from as is was were be been are am it he she they we you i me "
    "him her them us my his their our your too also there here then said who what which that this".split()
)


def _read_list(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return _read_list("first_names.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return _read_list("surnames.txt")


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    return _read_list("cities.txt")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Everyday English words in lower case (SCOWL size 35, see english_words.txt)."""
    return _read_list("english_words.txt")


@lru_cache(maxsize=50_000)
def is_dictionary_word(word: str, symbol_words: SymbolWords) -> bool:
    """An everyday English word in any form ("Suddenly", "Stars", "I'm", "café", "well-known"); names are not."""
    lower = re.sub(r"'(?:s|m|ll|ve|d|re)$", "", word.lower().replace("’", "'"))
    words = english_words()
    if lower in words or is_common_word(lower, symbol_words):
        return True
    if word.islower() and not word.isascii():
        # "naïve", "déjà": a lower-case loanword, read without its accents; a capitalised one ("Ángel") may be a name.
        lower = unicodedata.normalize("NFKD", lower).encode("ascii", "ignore").decode() or lower
    parts = [part for part in lower.split("-") if part]
    return bool(parts) and all(
        any(form in words or is_english_symbol(form, symbol_words) for form in english_lemmas(part)) for part in parts
    )


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    return frozenset(name.lower() for name in first_names() | surnames())


def base_form(word: str) -> str:
    """The word without a possessive ending: "Sarah's" → "Sarah"."""
    return re.sub(r"(?:['’]s|(?<=s)['’])$", "", word)


def is_english_symbol(word: str, symbol_words: SymbolWords) -> bool:
    return any(lemma in symbol_words.en for lemma in english_lemmas(word.lower()))


def is_common_word(word: str, symbol_words: SymbolWords) -> bool:
    """An everyday English word (not only a name): "will", "rose", "porter", "tree"."""
    lower = word.lower()
    return lower in COMMON_WORDS or lower in _FUNCTION_WORDS or is_english_symbol(lower, symbol_words)


def is_name(word: str, symbol_words: SymbolWords) -> bool:
    """A first name or surname from the lists that is not also an everyday word: "sarah", "Henderson"."""
    lower = base_form(word).lower()
    return lower in _known_names() and not is_common_word(lower, symbol_words)


def _adjacent(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end : right.start]
    return len(gap) <= 2 and gap.strip(" \t") == ""


def _shape(word: Word) -> str:
    text = base_form(word.text)
    if len(text) > 1 and text.isupper():
        return "upper"
    if text.islower():
        return "lower"
    return "cap" if text[:1].isupper() else "other"


def _symbol_surname(word: str, symbol_words: SymbolWords) -> bool:
    """A surname that is also a dream symbol ("White", "Fox", "Stone"): a name only with a sign of one."""
    return word not in first_names() and is_english_symbol(word, symbol_words)


def _name_like(word: Word, symbol_words: SymbolWords) -> bool:
    """A word that may continue a name: a listed name, or capitalised and not an ordinary capitalised word."""
    text = base_form(word.text)
    if is_name(text, symbol_words) or (_shape(word) == "cap" and text.lower() in _known_names()):
        return True
    return (
        _shape(word) == "cap"
        and text not in ALLOWED
        and text not in FUNCTION_CAPS
        and text.lower() not in _FUNCTION_WORDS
        and not is_english_symbol(text, symbol_words)
    )


def title_spans(text: str, words: list[Word], symbol_words: SymbolWords) -> list[Span]:
    """A title and the name after it ("Mr. Van der Berg", "dr porter", "MR. HENDERSON"); for family and job titles
    ("Aunt Mary") only the name."""
    starts = [w.start for w in words]
    spans: list[Span] = []
    for m in _TITLE.finditer(text):
        title = m.group("title")
        low = title.lower()
        formal = low in _FORMAL_TITLES
        if not formal and not (title[:1].isupper() and not title[1:].isupper()):
            continue  # "I miss you", "my aunt": lower-case words, not titles
        j = bisect_left(starts, m.end())
        if j >= len(words) or words[j].start != m.end():
            continue
        first = j
        # Leading particles belong to the name only when a name part follows: "Van der Berg", not "Van came".
        while (
            j + 1 < len(words)
            and words[j].text.lower() in PARTICLES
            and _adjacent(text, words[j], words[j + 1])
            and (words[j + 1].text.lower() in PARTICLES or _shape(words[j + 1]) in ("cap", "upper"))
        ):
            j += 1
        word = words[j]
        if word.text.lower() in _FUNCTION_WORDS and _shape(word) != "upper":
            continue
        if _shape(word) not in ("cap", "upper") and not (formal and _shape(word) == "lower"):
            continue
        end = word.end
        k = j + 1
        while k < len(words) and words[k].text.lower() in PARTICLES and _adjacent(text, words[k - 1], words[k]):
            k += 1
        if k < len(words) and _adjacent(text, words[k - 1], words[k]) and _name_like(words[k], symbol_words):
            end = words[k].end
        start = words[first].start if low in _ROLE_TITLES else m.start()
        spans.append(("name", start, end))
    return spans


def _subject_follows(text: str, words: list[Word], i: int) -> bool:
    """Whether the word at i is the subject of what follows: "Bill paid", "Holly was", "Will and Grace", "Tom's"."""
    word = words[i]
    if base_form(word.text) != word.text:
        return True
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is None or not _adjacent(text, word, nxt):
        return False
    if _shape(nxt) in ("cap", "upper") and base_form(nxt.text).lower() in _known_names():
        return True  # "Will Smith"
    lower = nxt.text.lower()
    if lower in _SUBJECT_CUES or (len(lower) > 4 and lower.endswith("ed")):
        return True
    after = words[i + 2] if i + 2 < len(words) else None
    return (
        lower in ("and", "or")
        and after is not None
        and _adjacent(text, nxt, after)
        and _shape(after) in ("cap", "upper")
        and base_form(after.text).lower() in _known_names()
    )


def _place_at(words: list[Word], i: int, places: frozenset[str]) -> int:
    """How many words from i name a listed city ("New York", "BOSTON"), or 0."""
    for size in (3, 2, 1):
        group = words[i : i + size]
        if len(group) < size or any(_shape(w) not in ("cap", "upper") for w in group):
            continue
        joined = " ".join(w.text for w in group)
        if joined in places or joined.title() in places:
            return size
    return 0


def english_spans(text: str, words: list[Word], symbol_words: SymbolWords, language: str = "en") -> list[Span]:
    """Names and cities among the Latin-letter words of `text` (a text in `language`, "en" or "ru").

    Leaning to over-redaction: a capitalised word that starts a sentence is a name unless it is an everyday English
    word; so is a word with letters beyond ASCII ("José", "Tromsø") unless English has it ("café"), and in a Russian
    text any Latin word English does not have.
    """
    places = cities()
    latin = [w for w in words if _LATIN.fullmatch(w.text)]
    spans: list[Span] = []
    city_end = -1
    for i, w in enumerate(latin):
        if w.start >= city_end:
            size = _place_at(latin, i, places)
            if size:
                spans.append(("place", w.start, latin[i + size - 1].end))
                city_end = latin[i + size - 1].end
        if w.start < city_end:
            continue
        shape, word = _shape(w), base_form(w.text)
        if shape == "cap" and word in ALLOWED:
            continue
        listed = word.lower() in _known_names()
        if listed and not is_common_word(word, symbol_words):
            pass  # "Henderson", "sarah", "IVAN": a name in any letter case
        elif (not word.isascii() or language == "ru") and not is_dictionary_word(word, symbol_words):
            previous = latin[i - 1].text.lower() if i > 0 else ""
            nxt = latin[i + 1] if i + 1 < len(latin) else None
            if previous in _PLACE_PREPOSITIONS and not (
                nxt and _adjacent(text, w, nxt) and _name_like(nxt, symbol_words)
            ):
                spans.append(("place", w.start, w.end))  # "in Tromsø"
                continue
            # "José", "Jürgen Groß"; "oyvind" in a Russian text
        elif shape == "other" and re.search(r"[-'’][A-Z]", word):
            pass  # "al-Zahra", "d'Artagnan"
        elif shape == "lower":
            continue
        elif listed and shape == "cap" and not w.sentence_start and not _symbol_surname(word, symbol_words):
            pass  # "I met Rose", "I told Porter"
        elif listed and _subject_follows(text, latin, i):
            pass  # "Bill paid", "Holly was there", "Will and Grace"
        elif (
            shape == "cap"
            and w.sentence_start
            and word not in FUNCTION_CAPS
            and not is_dictionary_word(word, symbol_words)
        ):
            pass  # "Eero showed me…": no English word, so a name
        elif (
            shape == "cap" and not w.sentence_start and word not in places and not is_english_symbol(word, symbol_words)
        ):
            previous = latin[i - 1].text.lower() if i > 0 else ""
            spans.append(("place" if previous in _PLACE_PREPOSITIONS else "name", w.start, w.end))
            continue
        else:
            continue
        nxt = latin[i + 1] if i + 1 < len(latin) else None
        joined = nxt is not None and _adjacent(text, w, nxt) and _place_at(latin, i + 1, places) == 0
        end = nxt.end if nxt is not None and joined and _name_like(nxt, symbol_words) else w.end
        spans.append(("name", w.start, end))
    return spans
