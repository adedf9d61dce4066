"""Language tools for dream text, without Django: which language a text is in, and the dictionary forms of its
words (pymorphy3 for Russian, rules for English). The anonymizer and the symbol extraction share them."""

from __future__ import annotations

from functools import lru_cache

from dreamtok.text.patterns import LEXICON_WORD, has_cyrillic

_EN_FUNCTION_WORDS = frozenset(
    "the a an and i my was were in of to it is on with me he she we they at from for but had there this that you "
    "his her by as into like all".split()
)
# Frequent words of other languages written in Latin letters (French, Italian, Spanish, Portuguese, German, Dutch),
# none of them an English word: more of them than English function words means the text is not English.
_OTHER_FUNCTION_WORDS = frozenset(
    "le la les un une des du et est il elle ils nous vous je tu sur dans avec pour pas que qui ne sa ses au aux ce "
    "cette mais ou puis très était avait lui leur "  # French
    "lo gli uno di del della che non per con sono è nel nella questo ho "  # Italian
    "el los las unos que y en por para es se su sus pero muy está estaba había yo "  # Spanish
    "os uma dos das não com em foi eu "  # Portuguese
    "der die das und ist nicht ein eine mit von zu dem auf sich ich du sie wir es "  # German
    "het een van niet op ik".split()  # Dutch
) - frozenset("a in on me is die also so am an".split())
_EN_IRREGULAR = {
    "fell": "fall", "fallen": "fall", "flew": "fly", "flown": "fly", "ran": "run", "swam": "swim", "swum": "swim",
    "went": "go", "gone": "go", "got": "get", "gotten": "get", "drove": "drive", "driven": "drive", "rode": "ride",
    "sank": "sink", "sunk": "sink", "drank": "drink", "ate": "eat", "froze": "freeze", "broke": "break",
    "broken": "break", "hid": "hide", "hidden": "hide", "died": "die", "dying": "die", "lying": "lie",
    "children": "child", "men": "man", "women": "woman", "teeth": "tooth", "feet": "foot", "mice": "mouse",
    "geese": "goose", "wolves": "wolf", "knives": "knife", "leaves": "leaf", "thieves": "thief", "shelves": "shelf",
    "burnt": "burn", "fought": "fight", "shot": "shoot", "bled": "bleed", "wept": "weep", "sang": "sing",
    "sung": "sing", "fled": "flee", "slept": "sleep", "crept": "creep", "kept": "keep", "lost": "lost",
}  # fmt: skip


def normalize_word(word: str) -> str:
    """Lower case with ё read as е, the way every lexicon key is stored."""
    return word.lower().replace("ё", "е").strip()


def detect_language(text: str) -> str:
    """ "ru" or "en" by the letters' script; "unknown" for other languages or no letters at all."""
    cyrillic = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        if has_cyrillic(char):
            cyrillic += 1
        elif char.isascii():
            latin += 1
        else:
            other += 1
    if cyrillic + latin == 0 or other > cyrillic + latin:
        return "unknown"
    if cyrillic >= latin:
        return "ru"
    words = LEXICON_WORD.findall(text.lower())
    english = sum(word in _EN_FUNCTION_WORDS for word in words)
    other = sum(word in _OTHER_FUNCTION_WORDS for word in words)
    if other > english or (len(words) >= 4 and not english):
        return "unknown"
    return "en"


@lru_cache(maxsize=1)
def morph_analyzer():
    import pymorphy3  # the dictionaries take a moment to load: only when first needed

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def english_lemmas(word: str) -> tuple[str, ...]:
    """Candidate dictionary forms of an English word, the word itself first ("swimming" → swimming, swim…)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    out = [w]
    if w in _EN_IRREGULAR:
        out.append(_EN_IRREGULAR[w])
    n = len(w)
    if n > 3 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    if n > 3 and w.endswith("ves"):
        out += [w[:-3] + "f", w[:-3] + "fe"]
    if n > 3 and w.endswith("es"):
        out.append(w[:-2])
    if n > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        out.append(w[:-1])
    for suffix in ("ing", "ed"):
        if n > len(suffix) + 1 and w.endswith(suffix):
            stem = w[: -len(suffix)]
            out.append(stem)
            if len(stem) >= 3 and stem[-1] not in "aeiouwxy":
                out.append(stem + "e")
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                out.append(stem[:-1])
            if suffix == "ed" and stem.endswith("i"):
                out.append(stem[:-1] + "y")
            if suffix == "ing" and stem.endswith("y"):
                out.append(stem[:-1] + "ie")
    return tuple(dict.fromkeys(out))
