"""The one set of contact patterns keeps the wider reading of each of its two former copies: what the anonymizer
found and what the symbol extraction blanked are both still found, by the anonymizer and by the sanitizer."""

import pytest

from dreamtok.text import patterns
from dreamtok.text.sanitize import sanitize

# What only the anonymizer's copy found.
FORMER_ANONYMIZER = [
    ("url", "example.com"),  # a bare domain without a path
    ("url", "ftp://files.example.org/dream.txt"),
    ("handle", "@night.owl_77"),  # a dot inside a handle
]
# What only the symbol extraction's copy blanked.
FORMER_EXTRACTION = [
    ("url", "сайт.ru/сны"),  # a domain in Cyrillic letters, with a path
    ("url", 'https://example.com/a"b'),  # a link runs to the next space
    ("handle", "@ночная_сова"),  # a handle in Cyrillic letters
]
KINDS = {"url": patterns.URL, "handle": patterns.HANDLE}


@pytest.mark.parametrize(("kind", "contact"), FORMER_ANONYMIZER + FORMER_EXTRACTION)
def test_each_contact_either_copy_found_is_found_whole(kind, contact):
    text = f"write to {contact} tonight"
    assert KINDS[kind].search(text).group() == contact


@pytest.mark.parametrize(("kind", "contact"), FORMER_ANONYMIZER + FORMER_EXTRACTION)
def test_the_sanitizer_blanks_each_contact_before_symbols_are_looked_for(kind, contact):
    clean, origin = sanitize(f"the owl {contact} flew", contacts=True)
    assert clean.split() == ["the", "owl", "flew"]
    assert len(origin) == len(clean)


def test_a_domain_in_cyrillic_letters_under_a_cyrillic_ending_is_found():
    # Neither copy alone: one knew the ending ".рф", the other letters of any script.
    assert patterns.URL.search("мой сайт сны.рф").group() == "сны.рф"


def test_a_handle_after_a_dot_is_found():  # as the extraction's copy did
    assert patterns.HANDLE.search("see you.@night_owl").group() == "@night_owl"


def test_a_link_glued_to_the_word_before_it_is_found():  # as the extraction's copy did
    assert patterns.URL.search("смотриhttps://example.com/x").group() == "https://example.com/x"


def test_an_email_is_not_split_into_a_handle():
    clean, _ = sanitize("mail anna.petrova@example.com now", contacts=True)
    assert clean.split() == ["mail", "now"]


def test_markup_becomes_one_space_and_positions_point_into_the_original():
    text = "a<b>whale</b>\tswam\u202e"
    clean, origin = sanitize(text)
    assert clean == "a whale  swam"
    assert [text[index] for index, char in zip(origin, clean, strict=True) if char != " "] == list("awhaleswam")
