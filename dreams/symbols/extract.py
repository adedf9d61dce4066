"""Finds dream symbols in a dream's text: language, lemmas (pymorphy3 for Russian, rules for English), lexicon matches.

A mention counts unless it is negated ("без окон", "no dog"), part of a name or an address ("проспект Мира", "дом 12"),
or, for the dreamer's own actions (falling, flying…), done by someone or something else ("звёзды падали").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from dreams.symbols.lexicon import Entry, load_lexicon, symbol_for_word
from dreamtok.text.language import detect_language, english_lemmas, morph_analyzer, normalize_word
from dreamtok.text.patterns import LEXICON_WORD, has_cyrillic
from dreamtok.text.sanitize import sanitize

_TOKEN = re.compile(
    r"(?P<word>(?:[^\W\d_]|[\u0300-\u036f])+(?:['’](?:[^\W\d_])+)?)"
    r"|(?P<num>\d+)"
    r"|(?P<stop>[.!?…:«„“\"(\n]+)"
    r"|(?P<brk>[,;)\[\]{}»”—–])"
)
_ABBREVIATIONS = frozenset("mr mrs ms dr st prof sr jr vs etc ул г д пр пер им т др см стр кв просп".split())
_CLAUSE_WORDS = frozenset(
    "а но однако когда пока хотя зато but when while as although though because whereas until".split()
)
_STREET_WORDS = frozenset(
    "улица проспект переулок бульвар шоссе площадь набережная "
    "street avenue road lane boulevard square drive way".split()
)
_ADDRESS_FAMILIES = frozenset({"building", "road", "door"})

RU_NEGATIONS = frozenset("не нет нету без ни никакой".split())
EN_NEGATIONS = frozenset("no not without never nor none neither cannot".split())
# Negations of a verb: they reach a noun only through "to be"/"to have" or an article ("wasn't a dog", "не было
# собаки"); "couldn't open the door" negates the opening, not the door.
_EN_VERB_NEGATIONS = frozenset("not never cannot".split())
_EN_NEGATION_BRIDGES = frozenset(
    "a an the any one single more longer even ever really quite very so such much many my his her their our your its "
    "be been being was were is are am have has had".split()
)
_RU_VERBS = frozenset("VERB INFN GRND PRTS".split())
_RU_FIRST_PERSON = frozenset("я мы меня мне мной мною нас нам нами".split())
_EN_FIRST_PERSON = frozenset("i we me us myself ourselves".split())
_RU_THIRD_PERSON = frozenset("он она оно они кто-то".split())
_EN_THIRD_PERSON = frozenset("he she it they someone somebody everyone everybody nobody everything".split())
_RU_FILLERS = frozenset("быть был была было были мой моя мое мои его ее их у меня".split())
_EN_FILLERS = frozenset("the a an my his her their our your its was were is are be been being had has have".split())


@dataclass(frozen=True)
class SymbolExtraction:
    """The language of a text ("ru", "en" or "unknown") and its symbols, in order of first mention."""

    language: str
    symbols: list[str] = field(default_factory=list)


@dataclass
class _Token:
    text: str
    start: int  # position in the original text
    end: int
    kind: str  # "word" or "num"
    clause: int
    sentence_start: bool
    lemmas: tuple[str, ...] = ()
    pos: str = ""
    subject: bool = False  # a nominative noun or a third-person pronoun: someone else doing something
    first_person: bool = False
    name_share: float = 0.0
    cyrillic: bool = False
    skip: bool = False  # excluded span, proper name or address part

    @property
    def lower(self) -> str:
        return normalize_word(self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()


@dataclass
class _Match:
    symbol: str
    first: int  # token index
    last: int
    negated: bool


@lru_cache(maxsize=50_000)
def _ru_analysis(word: str) -> tuple[tuple[str, ...], str, bool, bool, float]:
    """(lemmas, part of speech, is a subject, is first person, share of name/place readings) of a Russian word."""
    parses = morph_analyzer().parse(word)
    if not parses:
        return (normalize_word(word),), "", False, False, 0.0
    top = parses[0]
    lemmas = [normalize_word(word)]
    lemmas += [normalize_word(p.normal_form) for p in parses[:4] if p is top or p.score >= 0.2]
    pos = str(top.tag.POS or "")
    first_person = word in _RU_FIRST_PERSON or "1per" in top.tag
    nominative = any(p.tag.POS == "NOUN" and "nomn" in p.tag for p in parses[:4] if p is top or p.score >= 0.2)
    subject = nominative or word in _RU_THIRD_PERSON
    total = sum(p.score for p in parses) or 1.0
    proper = sum(p.score for p in parses if {"Name", "Surn", "Patr", "Geox"} & set(p.tag.grammemes))
    return tuple(dict.fromkeys(lemmas)), pos, subject, first_person, proper / total


def _tokenize(clean: str, origin: list[int]) -> list[_Token]:
    tokens: list[_Token] = []
    clause = 0
    at_start = True
    for m in _TOKEN.finditer(clean):
        kind = m.lastgroup or ""  # one of the groups always matches
        if kind in ("stop", "brk"):
            clause += 1
            previous = tokens[-1].lower if tokens else ""
            if kind == "stop" and not (m.group() == "." and previous in _ABBREVIATIONS):
                at_start = True
            elif m.group() not in "—–":
                at_start = False
            continue
        text = m.group()
        if kind == "word" and normalize_word(text) in _CLAUSE_WORDS:
            clause += 1
            at_start = False
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        tokens.append(_Token(text, start, end, kind, clause, at_start and kind == "word"))
        at_start = False
    for token in tokens:
        if token.kind == "word":
            _analyse(token)
    return tokens


def _analyse(token: _Token) -> None:
    word = unicodedata.normalize("NFC", token.text)
    if has_cyrillic(word):
        token.cyrillic = True
        lemmas, pos, subject, first_person, share = _ru_analysis(word.lower())
        token.lemmas, token.pos, token.subject, token.first_person, token.name_share = (
            lemmas,
            pos,
            subject,
            first_person,
            share,
        )
    else:
        lower = word.lower()
        token.lemmas = english_lemmas(lower)
        token.first_person = lower in _EN_FIRST_PERSON
        token.subject = lower in _EN_THIRD_PERSON
    # Proper names: capitalised inside a sentence, or a Russian word that is mostly a name at its start.
    if token.capitalized and (not token.sentence_start or (token.cyrillic and token.name_share >= 0.8)):
        token.skip = True


@lru_cache(maxsize=1)
def _phrase_index() -> dict[str, dict[str, list[tuple[tuple[str, ...], str]]]]:
    """First word → phrases starting with it (longest first), per script."""
    lexicon = load_lexicon()
    indexes: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
    for script, phrases in (("ru", lexicon.ru_phrases), ("en", lexicon.en_phrases)):
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, symbol in phrases.items():
            index.setdefault(phrase[0], []).append((phrase, symbol))
        for options in index.values():
            options.sort(key=lambda item: -len(item[0]))
        indexes[script] = index
    return indexes


def _match_at(tokens: list[_Token], i: int) -> tuple[str, int] | None:
    """The longest lexicon phrase starting at token i: (symbol, index of its last token)."""
    token = tokens[i]
    index = _phrase_index()["ru" if token.cyrillic else "en"]
    fillers = _RU_FILLERS if token.cyrillic else _EN_FILLERS
    best: tuple[int, str, int] | None = None
    for lemma in token.lemmas:
        for phrase, symbol in index.get(lemma, ()):
            last = _follow(tokens, i, phrase[1:], fillers)
            if last is not None and (best is None or len(phrase) > best[0]):
                best = (len(phrase), symbol, last)
            if last is not None:
                break
    return (best[1], best[2]) if best else None


def _follow(tokens: list[_Token], i: int, rest: tuple[str, ...], fillers: frozenset[str]) -> int | None:
    j, skipped = i, 0
    for word in rest:
        j += 1
        while j < len(tokens) and word not in tokens[j].lemmas and tokens[j].lower in fillers and skipped < 2:
            j, skipped = j + 1, skipped + 1
        if j >= len(tokens) or tokens[j].clause != tokens[i].clause or tokens[j].skip or word not in tokens[j].lemmas:
            return None
    return j


def _mark_addresses(tokens: list[_Token]) -> None:
    """ "проспект Мира", "Baker Street", "дом 12": street and house words that are part of an address."""
    for i, token in enumerate(tokens):
        if token.kind != "word" or not _STREET_WORDS.intersection(token.lemmas):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        if after and after.clause == token.clause and after.capitalized and after.kind == "word":
            token.skip = True
        if before and before.clause == token.clause and before.capitalized and not before.sentence_start:
            token.skip = True


def _is_negation(token: _Token) -> bool:
    if token.cyrillic:
        return token.lower in RU_NEGATIONS or "никакой" in token.lemmas
    lower = token.lower.replace("’", "'")
    return lower in EN_NEGATIONS or lower.endswith("n't")


def _is_verb_negation(token: _Token) -> bool:
    if token.cyrillic:
        return token.lower == "не"
    lower = token.lower.replace("’", "'")
    return lower in _EN_VERB_NEGATIONS or lower.endswith("n't")


def _negation_goes_on(token: _Token) -> bool:
    """After a verb's negation: whether this word passes it on to a noun ("не было", "wasn't a") or is the verb."""
    if token.cyrillic:
        return "быть" in token.lemmas or token.pos not in _RU_VERBS
    return token.lower in _EN_NEGATION_BRIDGES


def _is_absence(tokens: list[_Token], i: int) -> bool:
    """ "нет" or "не было" after a noun: the thing was not there."""
    word = tokens[i].lower
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return word in ("нет", "нету") or (word == "не" and following in ("было", "будет"))


def _find_matches(tokens: list[_Token]) -> list[_Match]:
    entries = load_lexicon().entries
    matches: list[_Match] = []
    negation_left, negation_clause, verb_negation = 0, -1, False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind != "word":
            i += 1
            continue
        if _is_negation(token):
            if matches and _is_absence(tokens, i):
                previous = matches[-1]
                if tokens[previous.last].clause == token.clause and i - previous.last <= 2:
                    previous.negated = True  # "отражения не было"
            negation_left, negation_clause = 4, token.clause
            verb_negation = _is_verb_negation(token)
            i += 1
            continue
        negated = negation_left > 0 and token.clause == negation_clause
        # The word right after a verb's negation is the negated verb itself, unless it passes the negation on.
        negated_verb = negated and verb_negation and not _negation_goes_on(token)
        verb_negation = False
        negation_left = 0 if negated_verb else negation_left - 1
        found = None if token.skip else _match_at(tokens, i)
        if found is None:
            if negated and token.pos == "NOUN":
                negation_left = 0
            i += 1
            continue
        symbol, last = found
        item = entries[symbol]
        nxt = tokens[last + 1] if last + 1 < len(tokens) else None
        house_number = nxt is not None and nxt.kind == "num" and item.family in _ADDRESS_FAMILIES
        before = tokens[i - 1] if i > 0 and tokens[i - 1].clause == token.clause else None
        figure_of_speech = before is not None and (
            before.lower in item.skip_after or item.skip_after.intersection(before.lemmas)
        )
        if not house_number and not figure_of_speech:
            matches.append(_Match(symbol, i, last, negated))
        if negated and (item.family != "colour" and not item.agent or token.pos == "NOUN"):
            negation_left = 0
        i = last + 1
    return matches


def _someone_else_acts(tokens: list[_Token], i: int) -> bool:
    """Whether the verb at i has a subject other than the dreamer (for "agent" symbols such as falling)."""
    clause = [t for t in tokens if t.clause == tokens[i].clause]
    if any(t.first_person for t in clause):
        return False
    before = [t for t in clause if t.start < tokens[i].start and t.kind == "word"]
    if any(t.subject or (t.skip and not t.cyrillic) for t in before):
        return True
    if not tokens[i].cyrillic:
        lexicon_en = load_lexicon().en_phrases
        return any(any((lemma,) in lexicon_en for lemma in t.lemmas) for t in before)
    for t in clause:
        if t.start <= tokens[i].start:
            continue
        if t.subject:
            return True
        if t.pos not in ("ADJF", "PRTF", "ADJS", "NUMR", "ADVB"):
            break
    return False


def _keep(match: _Match, tokens: list[_Token], matches: list[_Match], entries: dict[str, Entry]) -> bool:
    item = entries[match.symbol]
    if match.negated:
        return False
    clause = tokens[match.first].clause
    if item.blocked_by and any(
        entries[other.symbol].family in item.blocked_by for other in matches if tokens[other.first].clause == clause
    ):
        return False
    if item.agent and match.first == match.last and _someone_else_acts(tokens, match.first):
        return False
    return True


def extract_symbols(text: str, *, exclude: Iterable[tuple[int, int]] = ()) -> SymbolExtraction:
    """The dream's language and symbols (canonical English words, in order of first mention, no duplicates).

    `exclude` lists (start, end) spans of `text` to ignore, e.g. the redactions of anonymize().
    """
    if not isinstance(text, str) or not text.strip():
        return SymbolExtraction(language="unknown", symbols=[])
    clean, origin = sanitize(text, contacts=True)
    language = detect_language(clean)
    if language == "unknown":
        return SymbolExtraction(language=language, symbols=[])
    spans = list(exclude)
    tokens = _tokenize(clean, origin)
    for token in tokens:
        if any(token.start < end and start < token.end for start, end in spans):
            token.skip = True
    _mark_addresses(tokens)
    matches = _find_matches(tokens)
    entries = load_lexicon().entries
    symbols: dict[str, None] = {}
    for match in matches:
        if _keep(match, tokens, matches, entries):
            symbols.setdefault(match.symbol, None)
    return SymbolExtraction(language=language, symbols=list(symbols))


def lexicon_symbol(text: str) -> str | None:
    """The symbol a typed word or phrase names, in any form of either language ("кита", "Whales", "летучие мыши")."""
    text = unicodedata.normalize("NFC", text if isinstance(text, str) else "")
    found = symbol_for_word(text)
    words = LEXICON_WORD.findall(text)
    if found or not words or len(words) > 4:
        return found
    options = []
    for word in words:
        word = normalize_word(word)
        cyrillic = has_cyrillic(word)
        options.append(_ru_analysis(word)[0] if cyrillic else english_lemmas(word))
    lexicon = load_lexicon()
    for lemmas in itertools.islice(itertools.product(*options), 256):
        found = lexicon.ru_phrases.get(lemmas) or lexicon.en_phrases.get(lemmas)
        if found:
            return found
    return None
