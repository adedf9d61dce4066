"""The word, Cyrillic and invisible-character patterns that were copies once, each pinned where the copies differed."""

from __future__ import annotations

import pytest

from dreams.symbols.extract import extract_symbols, lexicon_symbol
from dreamtok.text.health import is_health_condition
from dreamtok.text.language import detect_language
from dreamtok.text.patterns import (
    FORBIDDEN_IN_TEXT,
    LEXICON_WORD,
    WORD,
    has_cyrillic,
    is_invisible,
    is_invisible_in_username,
)
from dreamtok.text.sanitize import clean_text


@pytest.mark.parametrize("text", ["КИТ", "ЁЖ", "кит", "ёж", "Кит и sea"])
def test_cyrillic_in_either_case(text):
    assert has_cyrillic(text)


@pytest.mark.parametrize("text", ["whale", "ЀЍ", "123", ""])
def test_no_cyrillic(text):
    assert not has_cyrillic(text)


def test_all_caps_russian_is_russian():
    # Two copies of the check had no IGNORECASE: words in capitals must still be read as Russian everywhere.
    assert detect_language("КИТ ПЛАВАЛ В ВОДЕ") == "ru"
    assert lexicon_symbol("КИТА") == lexicon_symbol("кита") == "whale"
    assert is_health_condition("ВИЧ-ПОЛОЖИТЕЛЬНЫЙ") and is_health_condition("РАК")
    assert "whale" in extract_symbols("КИТ ПЛАВАЛ В ВОДЕ").symbols


def test_word_keeps_hyphens_and_apostrophes():
    assert WORD.findall("ВИЧ-положительный don’t rock'n'roll 2кита") == [
        "ВИЧ-положительный",
        "don’t",
        "rock'n'roll",
        "кита",
    ]


def test_lexicon_word_splits_at_a_hyphen_as_the_extraction_does():
    assert LEXICON_WORD.findall("кит-убийца wasn’t o'clock") == ["кит", "убийца", "wasn’t", "o'clock"]


def test_either_apostrophe_reads_alike_for_the_language():
    # The language's copy knew only "'": "it’s" was two words ("it" counted as English), "it's" one.
    assert detect_language("it’s a cat, it’s blue") == detect_language("it's a cat, it's blue")


@pytest.mark.parametrize("char", ["\u200d", "\u200c", "\u200e", "\u200f"])
def test_joiners_and_marks_are_text_to_the_form_but_not_to_the_prompt(char):
    # The form keeps joined emoji and direction marks; the sanitizer strips them before prompts and symbol search.
    assert not FORBIDDEN_IN_TEXT.search(f"a{char}b")
    assert is_invisible(char) and is_invisible_in_username(char)
    assert clean_text(f"Маша{char}кит") == "Машакит"


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\ufeff", "\x00", "\x7f"])
def test_what_the_form_refuses_every_set_treats_as_invisible(char):
    assert FORBIDDEN_IN_TEXT.search(char) and is_invisible(char) and is_invisible_in_username(char)


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_the_form_keeps_line_breaks_and_tabs(char):
    assert not FORBIDDEN_IN_TEXT.search(char)


@pytest.mark.parametrize("char", ["\u3164", "\u115f", "\ufe0f", "\u034f", "\u2028"])
def test_only_names_refuse_fillers_selectors_and_separators(char):
    # A Hangul filler is a letter and a variation selector draws emoji: text keeps them; a name must not look empty.
    assert is_invisible_in_username(char)
    assert not FORBIDDEN_IN_TEXT.search(char)


def test_private_use_is_stripped_from_prompts_only():
    assert is_invisible("\ue000") and not is_invisible_in_username("\ue000") and not FORBIDDEN_IN_TEXT.search("\ue000")
