"""The text tools' one set of patterns: what a word is, what Cyrillic is, which characters are invisible, and the
personal data that has a shape (markup, contacts, phone and ID numbers, dates, addresses). The anonymizer finds
personal data with them, the sanitizer blanks markup and contacts before symbols are looked for. A number glued to a
word ("номер89123456789", "id123456789") is still a number.
"""

from __future__ import annotations

import re
import unicodedata

# A word: letters, joined by hyphens and apostrophes ("ВИЧ-положительный", "don’t"); digits and "_" are not letters.
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A word as the symbol lexicon reads it: a hyphen separates two words (the extraction's tokenizer splits "кит-убийца"
# into кит + убийца, and the lexicon's phrases are keyed that way), an apostrophe keeps one ("wasn’t", "o'clock").
LEXICON_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Russian letters in either case: "КИТ" in capitals is as Russian as "кит".
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def has_cyrillic(text: str) -> bool:
    """Whether `text` has a Russian letter, in either case."""
    return CYRILLIC.search(text) is not None


# Invisible characters: three sets on purpose, each for what its caller protects.
# - INVISIBLE: what the sanitizer removes from text bound for prompts and symbol search: every control, format,
#   private-use and surrogate character (categories Cc, Cf, Co, Cs), the joiners and direction marks too: a prompt
#   needs none of them, and a zero-width character inside a name ("Маша\u200b") must not hide it.
# - FORBIDDEN_IN_TEXT: what a typed dream, title or symbol is refused for: controls (tabs and line breaks aside),
#   direction overrides and isolates, zero-width spaces, the word joiner and the byte-order mark. The joiners U+200C/
#   U+200D (joined emoji 👨‍👩‍👧, Persian and Indic words) and the direction marks U+200E/U+200F (Hebrew, Arabic) are
#   text the writer meant: the form keeps them, the sanitizer strips them later.
# - is_invisible_in_username: what a sign-in name is refused for: anything that shows as nothing, including the joiners,
#   line and paragraph separators, Hangul fillers (letters to \w), the variation selectors and the grapheme joiner, so
#   that two names that look alike are never two accounts.
INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs"})
FORBIDDEN_IN_TEXT = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_INVISIBLE_IN_USERNAME_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def is_invisible(char: str) -> bool:
    """Whether the sanitizer removes `char` (a line break is kept, a tab becomes a space: the sanitizer decides)."""
    return unicodedata.category(char) in INVISIBLE


def is_invisible_in_username(char: str) -> bool:
    """Whether `char` makes a sign-in name look like another (see the sets above)."""
    return unicodedata.category(char) in _INVISIBLE_IN_USERNAME_CATEGORIES or char in _INVISIBLE_LETTERS


MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|</?[a-zA-Z][^<>]*>", re.DOTALL | re.IGNORECASE)

# The contact patterns were two copies once (the anonymizer's and the symbol extraction's); each keeps the wider
# reading of the two: a link runs to the next space, even glued to a word before it; a bare domain may have letters of
# any script and needs no path (the extraction's copy wanted a "/"); a handle may have letters of any script (the
# anonymizer's copy took only ASCII) and may follow a dot.
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
URL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"
    r"|\b(?:[\w-]{1,63}\.){1,9}(?:com|org|net|ru|рф|io|me|info|biz|su|ua|by|kz|de|uk|edu|gov|app|dev|co|tv|ly)\b"
    r"(?:/\S*)?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@])@\w(?:[\w.]*\w)?")
CONTACTS = (EMAIL, URL, HANDLE)
# A letter right before the digits does not protect them: "номер89123456789" is a phone number.
PHONES = [
    re.compile(r"(?<![\d+])(?:\+7|8)[\s-]?\(?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)"),
    re.compile(r"(?<![\d+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)|\d{1,4})(?:[\s.-]?\d{2,4}){2,4}(?!\d)"),
    re.compile(r"(?<![\w(])\(\d{3}\)\s?\d{3}[\s.-]?\d{4}(?!\d)"),
    re.compile(r"(?<![\d.-])\d{3}[.-]\d{3}[.-]\d{4}(?!\d)"),
    re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{2}(?![\d-])"),
]
ID_NUMBERS = [
    re.compile(r"(?<![\d+])\d(?:[ .\-/]?\d){5,}(?!\d)"),  # cards, passports, SNILS, long ids
    re.compile(r"\b[A-ZА-ЯЁ]{1,3}[ -]?\d{6,}\b"),  # passport series with letters
    re.compile(r"(?<!\w)[A-Z]{2}\d{2}\s?[A-Z]{3}(?!\w)"),  # a UK number plate: "AB12 CDE"
    # A Russian number plate, in Cyrillic or the Latin letters that look the same: "А123ВС 77", "M456KP199".
    re.compile(r"(?<!\w)[АВЕКМНОРСТУХABEKMHOPCTYX]\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2}(?:\s?\d{2,3})?(?!\w)"),
]
# A Russian passport's series (4 digits) and number (6 digits), apart: "Серия 4510, номер 123456", "паспорт 4510 № …".
PASSPORT = re.compile(
    r"(?:паспорт[а-яё]*|сери[яиюей]|passport)[^\d\n.]{0,15}?(?P<number>\d{2}\s?\d{2}(?:[^\d\n.]{0,12}?\d{6})?)(?!\d)",
    re.IGNORECASE,
)

_RU_MONTHS = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]"
    r"|декабр[яь])"
)
_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
FULL_DATES = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}})(?!\d)"
    rf"|\b\d{{1,2}}\s+{_RU_MONTHS}\s+{_YEAR}(?:\s*(?:г\.|года|год)\b)?"
    rf"|\b{_EN_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS},?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# Without a year, a day and month are personal only as a birthday.
BIRTH_DATES = re.compile(
    r"(?:родил[а-я]*|рождени[а-я]*|д\.\s?р\.|born|birthday|date of birth|dob)[^\d\n]{0,20}?"
    rf"(?P<date>\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?|\d{{1,2}}\s+{_RU_MONTHS}|{_EN_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTHS})",
    re.IGNORECASE,
)

_RU_STREET = (
    r"(?i:улиц[аеуыи]|ул\.|проспект(?:а|е|у|ом)?|пр-к?т|просп\.|пр\.|переул(?:ок|ка|ке|ку|ком)|пер\.|бульвар(?:а|е|у|ом)?"
    r"|б-р|шоссе|площад(?:ь|и|ью)|пл\.|набережн(?:ая|ой|ую)|наб\.|проезд(?:а|е|у|ом)?|тупик(?:а|е|у|ом)?"
    r"|алле(?:я|и|е|ю)|микрорайон(?:а|е|у|ом)?|мкр\.?)"
)
# "12", "12а", "50/2", "12к3", "12 корп. 3", "12 стр. 1".
_RU_HOUSE_NUMBER = (
    r"\d+[а-яА-Я]?(?:/\d+)?(?:\s*(?:к|корп\.?|корпус)\s*\d+)?(?:\s*(?:с|стр\.?|строение)\s*\d+)?(?![\dа-яА-Я])"
)
_RU_HOUSE = rf"(?:\s*,?\s*(?:дом|д\.)?\s*№?\s*{_RU_HOUSE_NUMBER})?"
RU_ADDRESSES = [
    re.compile(rf"(?<!\w){_RU_STREET}\s+(?:им\.\s*)?(?:\d+\s+)?[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)*{_RU_HOUSE}"),
    re.compile(rf"(?<!\w)[А-ЯЁ][\w-]+\s+{_RU_STREET}(?!\w){_RU_HOUSE}"),
    re.compile(
        r"(?<!\w)(?:дом|д\.|корпус|корп\.|строение|стр\.|квартира|кв\.)\s*№?\s*\d+[а-яa-z]?(?:/\d+)?(?!\d)", re.I
    ),
    # A street named by its adjective alone, with a house number: "на Тверской, 13", "по Садовой 15".
    re.compile(
        r"(?<!\w)(?:на|по|с|со|к|ко|у|от|до|около|возле|вдоль|напротив)\s+"
        r"(?P<street>[А-ЯЁ][а-яё]+(?:ой|ей|ая|яя|ую|юю|ом|ем|ий|ый)\s*,?\s*(?:дом|д\.)?\s*№?\s*"
        rf"{_RU_HOUSE_NUMBER})"
    ),
]
_EN_STREET = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Way|Place|Square|Court|Terrace"
    r"|Crescent|Highway|Parkway|Close)"
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA "
    "RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()
EN_ADDRESSES = [
    re.compile(
        rf"(?:\b\d{{1,5}}[A-Za-z]?\s+)?\b(?:(?:[A-Z][\w'’-]{{0,30}}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,3}}{_EN_STREET}(?!\w)"
    ),
    re.compile(r"\b(?:apt|apartment|flat|unit|suite)\.?\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE),
    # A US town, state and ZIP code: "Springfield, IL 62704".
    re.compile(rf"(?:\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}},\s*)?\b(?:{'|'.join(_US_STATES)})\s+\d{{5}}(?:-\d{{4}})?\b"),
    # A UK postcode: "SW1A 1AA", "M1 1AE".
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),
]
