"""Numbers that are personal data, in digits or spelled out in English or Russian: phone numbers read out
("eight nine one six…", "восемь девятьсот шестнадцать…"), ages ("thirty-seven years old", "ей тридцать семь лет") and
dates of birth ("born on the third of May nineteen eighty", "третьего мая тысяча девятьсот восьмидесятого года").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dreamtok.text.language import morph_analyzer
from dreamtok.text.patterns import CYRILLIC_WORD
from dreamtok.text.words import Span

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_EN_CARDINALS = frozenset(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "double triple".split()
)
_EN_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth".split()
)
_RU_CARDINALS = frozenset(
    "ноль нуль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать "
    "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать двадцать тридцать сорок пятьдесят "
    "шестьдесят семьдесят восемьдесят девяносто сто двести триста четыреста пятьсот шестьсот семьсот восемьсот "
    "девятьсот тысяча миллион полтора двое трое четверо".split()
)
_EN_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_RU_MONTH = re.compile(
    r"(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ём|ем)|(?:март|август)(?:а|е|у|ом)?"
    r"|ма(?:й|я|е|ю|ем)"
)
_EN_YEAR_SECOND = frozenset(
    "oh ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred".split()
)
# Words that make a run of numbers a phone number, and words that make a day and month a birthday.
_PHONE_CUES = re.compile(r"(?:phone|number|call|dial|ring|text|номер|телефон|позвон|звон|набер|набра|продикт)", re.I)
_BIRTH_CUES = re.compile(r"(?:born|birth|d\.?o\.?b|родил|рожден|рождён|д\.\s?р\.)", re.I)
_AGE_BEFORE = frozenset("aged turned turns turning исполнилось исполнится исполнился стукнуло".split())
_COPULAS = frozenset("is was am are were be being m s re".split())  # "I'm", "she's", "we're" split at the apostrophe
# Who a bare number after "is"/"am" is the age of ("I am thirty-four and…"), and what may follow such an age.
_PERSONS = frozenset("i he she you we they".split())
_AFTER_AGE = frozenset("and but now today already then yet or и а но уже теперь сейчас".split())
# "Мне тридцать четыре", "ему 12", "было ей 40": a person in the dative before a bare number is its age.
_RU_DATIVE_PRONOUNS = frozenset("мне тебе ему ей нам вам им".split())
_RU_PAST = frozenset("было будет исполнилось стало".split())
# "в доме семь", "квартира 12", "кв. 5", "at number 7": the number after a house or flat word is part of an address.
_HOUSE_WORD = re.compile(r"дом[аеуо]?м?|квартир[аеуыо]й?|кв|корпус[аеу]?|подъезд[аеу]?|number|no", re.IGNORECASE)
_AGE_UNITS_RU = frozenset("лет год года годик годика годиков годков".split())
_RU_YEAR_WORDS = frozenset("год года году годом г".split())
# "тридцатисемилетний", "5-летняя": an age in one word.
_RU_AGE_WORD = re.compile(
    r"(?:\d+-?|[а-яё]*(?:одно|двух|трех|трёх|четырех|четырёх|пяти|шести|семи|восьми|девяти|десяти|дцати|сорока"
    r"|десяти|девяноста|ста))летн[а-яё]+",
    re.IGNORECASE,
)
_REPLACE_GAP = re.compile(r"[ \t]*(?:[,–-][ \t]*)?(?:and[ \t]+)?")


@dataclass
class _Token:
    text: str
    start: int
    end: int
    lower: str
    number: str  # "cardinal", "ordinal", "digits" or ""
    month: bool


@lru_cache(maxsize=20_000)
def _ru_number(word: str) -> str:
    parses = morph_analyzer().parse(word)[:3]
    if any(p.normal_form in _RU_CARDINALS for p in parses):
        return "cardinal"
    if any("Anum" in p.tag and "Apro" not in p.tag for p in parses):
        return "ordinal"
    return ""


def _number_kind(lower: str) -> str:
    if lower.isdigit():
        return "digits"
    if lower in _EN_CARDINALS:
        return "cardinal"
    if lower in _EN_ORDINALS:
        return "ordinal"
    if CYRILLIC_WORD.fullmatch(lower):
        return _ru_number(lower)
    return ""


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        lower = m.group().lower()
        month = (lower in _EN_MONTHS and m.group()[:1].isupper()) or bool(_RU_MONTH.fullmatch(lower))
        tokens.append(_Token(m.group(), m.start(), m.end(), lower, _number_kind(lower), month))
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Two number words of one number: "forty-five", "two thousand and three", "nine one six, one two"."""
    gap = text[left.end : right.start]
    return len(gap) <= 6 and _REPLACE_GAP.fullmatch(gap) is not None


def _runs(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """(first, last) token indexes of each run of number words and digits."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].number:
            i += 1
            continue
        j = i
        # An ordinal ends a number: "twenty-first | nineteen eighty".
        while (
            j + 1 < len(tokens)
            and tokens[j + 1].number
            and tokens[j].number != "ordinal"
            and _joined(text, tokens[j], tokens[j + 1])
        ):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _cue_before(text: str, start: int, cues: re.Pattern, reach: int = 40) -> bool:
    return cues.search(text[max(0, start - reach) : start]) is not None


def _phone(text: str, tokens: list[_Token], first: int, last: int) -> Span | None:
    count = last - first + 1
    words = [t for t in tokens[first : last + 1] if t.lower not in ("oh", "double", "triple")]
    if not words:
        return None
    if count >= 5 or (count >= 3 and _cue_before(text, tokens[first].start, _PHONE_CUES)):
        start = tokens[first].start
        if first > 0 and tokens[first - 1].lower in ("plus", "плюс"):
            start = tokens[first - 1].start
        return ("phone", start, tokens[last].end)
    return None


def _is_year(tokens: list[_Token], first: int, last: int) -> bool:
    """ "1980", "nineteen eighty", "two thousand and three", "тысяча девятьсот восьмидесятого", "двухтысячного"."""
    words = tokens[first : last + 1]
    if words[0].number == "digits":
        return len(words) == 1 and re.fullmatch(r"(?:1[89]|20)\d\d", words[0].text) is not None
    if any("тысяч" in word.lower or word.lower == "thousand" for word in words):
        return True
    return (
        len(words) >= 2 and words[0].lower in ("eighteen", "nineteen", "twenty") and words[1].lower in _EN_YEAR_SECOND
    )


def _with_year_word(tokens: list[_Token], last: int) -> int:
    """Past "года"/"году" after a Russian year."""
    return last + 1 if last + 1 < len(tokens) and tokens[last + 1].lower in _RU_YEAR_WORDS else last


def _year_after(text: str, tokens: list[_Token], index: int, runs: dict[int, int]) -> int | None:
    """The last token of a year right after token `index` ("May nineteen eighty", "мая 1980 года"), or None."""
    j = index + 1
    if j < len(tokens) and tokens[j].lower == "of":
        j += 1
    if j not in runs or len(text[tokens[j - 1].end : tokens[j].start]) > 3 or not _is_year(tokens, j, runs[j]):
        return None
    return _with_year_word(tokens, runs[j])


def _dates(text: str, tokens: list[_Token], runs: dict[int, int]) -> list[Span]:
    """A day and month with a year ("the third of May nineteen eighty"), or without one after a birth cue."""
    spans = []
    ends = {last: first for first, last in runs.items()}
    for i, token in enumerate(tokens):
        if not token.month:
            continue
        start, end, day = i, i, False
        before = i - 1 if i > 0 and tokens[i - 1].lower != "of" else i - 2
        if before in ends and not _is_year(tokens, ends[before], before):
            start, day = ends[before], True  # "the third of May", "третьего мая"
            if start > 0 and tokens[start - 1].lower == "the":
                start -= 1
        after = i + 2 if i + 1 < len(tokens) and tokens[i + 1].lower == "the" else i + 1
        if not day and after in runs and not _is_year(tokens, after, runs[after]):
            end, day = runs[after], True  # "May third", "May 3"
        year = _year_after(text, tokens, end, runs)
        if year is not None:
            end = year
        elif not (day and _cue_before(text, tokens[start].start, _BIRTH_CUES)):
            continue
        spans.append(("birth_date", tokens[start].start, tokens[end].end))
    return spans


def _birth_years(text: str, tokens: list[_Token], runs: dict[int, int]) -> list[Span]:
    """ "born in nineteen eighty", "родилась в тысяча девятьсот восьмидесятом году": a year right after a birth."""
    spans = []
    for first, last in runs.items():
        if first < 1 or tokens[first - 1].lower not in ("in", "в"):
            continue
        if not _cue_before(text, tokens[first - 1].start, _BIRTH_CUES, reach=25):
            continue
        if _is_year(tokens, first, last):
            spans.append(("birth_date", tokens[first].start, tokens[_with_year_word(tokens, last)].end))
    return spans


def _age(text: str, tokens: list[_Token], first: int, last: int) -> Span | None:
    if any(t.number == "ordinal" for t in tokens[first : last + 1]):
        return None
    nxt = tokens[last + 1].lower if last + 1 < len(tokens) else ""
    after = tokens[last + 2].lower if last + 2 < len(tokens) else ""
    previous = tokens[first - 1].lower if first > 0 else ""
    span = ("age", tokens[first].start, tokens[last].end)
    if nxt in ("year", "years", "yr", "yrs") and after in ("old", "of"):
        return span
    if nxt in _AGE_UNITS_RU and after not in ("назад", "спустя") and previous not in ("через", "спустя", "за"):
        return span
    if previous in _AGE_BEFORE or (previous == "of" and first > 1 and tokens[first - 2].lower == "age"):
        return span
    tail = text[tokens[last].end : tokens[last].end + 2]
    ends_here = not tail.strip() or tail.lstrip()[:1] in ",.;!?)—" or nxt in _AFTER_AGE
    if previous in _COPULAS and (ends_here or nxt in ("now", "today")):
        if ends_here or first < 2 or tokens[first - 2].lower in _PERSONS:
            return span  # "my brother, who is forty-one, …", "I'm 34", "she's fifty"
    if ends_here and _ru_person_before(tokens, first):
        return span  # "Мне тридцать четыре", "ему 12, и…", "Дочке 15"
    between_commas = text[: tokens[first].start].rstrip(" ").endswith(",") and tail.lstrip()[:1] == ","
    if between_commas and first > 0 and not tokens[first - 1].number:
        return span  # "My daughter, 7, ran…"
    return None


@lru_cache(maxsize=20_000)
def _ru_animate_dative(word: str) -> bool:
    """ "сыну", "дочке", "маме": a person named in the dative."""
    return any({"NOUN", "datv", "anim"} <= set(p.tag.grammemes) for p in morph_analyzer().parse(word)[:2])


def _ru_person_before(tokens: list[_Token], first: int) -> bool:
    index = first - 1
    if index >= 0 and tokens[index].lower in _RU_PAST:
        index -= 1
    if index < 0 or not CYRILLIC_WORD.fullmatch(tokens[index].lower):
        return False
    return tokens[index].lower in _RU_DATIVE_PRONOUNS or _ru_animate_dative(tokens[index].lower)


def _house_number(text: str, tokens: list[_Token], first: int, last: int) -> Span | None:
    """ "в доме семь", "квартира 12", "кв. 5", "at number 7": a number right after a house or flat word."""
    if first < 1 or not _HOUSE_WORD.fullmatch(tokens[first - 1].lower):
        return None
    if any(t.number == "ordinal" for t in tokens[first : last + 1]):
        return None
    if tokens[first - 1].lower in ("number", "no") and (first < 2 or tokens[first - 2].lower not in ("at", "house")):
        return None
    nxt = tokens[last + 1].lower if last + 1 < len(tokens) else ""
    tail = text[tokens[last].end : tokens[last].end + 2]
    # "в доме семь комнат" counts rooms: a spelled-out number must end the phrase.
    if (
        tokens[first].number != "digits"
        and tail.strip()
        and tail.lstrip()[:1] not in ",.;!?)—"
        and nxt not in _AFTER_AGE
    ):
        return None
    return ("address", tokens[first].start, tokens[last].end)


def number_spans(text: str) -> list[Span]:
    """Phone numbers, ages and birth dates written with number words or digits in `text`."""
    tokens = _tokens(text)
    runs = dict(_runs(text, tokens))
    spans = _dates(text, tokens, runs) + _birth_years(text, tokens, runs)
    for first, last in runs.items():
        found = _phone(text, tokens, first, last) or _house_number(text, tokens, first, last)
        found = found or _age(text, tokens, first, last)
        if found:
            spans.append(found)
    spans += [("age", m.start(), m.end()) for m in _RU_AGE_WORD.finditer(text)]
    return spans
