"""The prompt builder with any input: any text, symbols, mode and provider give a prompt within the provider's limit,
or FullTextNotAllowed / ValueError, and nothing else."""

import re

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from tests.properties import NASTY, PROPERTY, hostile_text
from videogen.prompts.template import MODES, FullTextNotAllowed, build_prompt, prompt_limit

providers = st.one_of(st.sampled_from(["luma", "runway", "replicate", "kling", "local", ""]), st.text(max_size=12))
modes = st.one_of(st.sampled_from(MODES), st.text(max_size=12))
symbol_lists = st.one_of(st.none(), st.lists(st.one_of(hostile_text, st.sampled_from(["whale", "sea", "луна"]))))
texts = st.one_of(hostile_text, st.text(alphabet=NASTY + "Мария Иванова +7 903 111-22-33 кит", max_size=3000))


@PROPERTY
@given(text=texts, symbols=symbol_lists, mode=modes, provider=providers, full_text_allowed=st.booleans())
@example(text="\x00" * 100_000, symbols=None, mode="anonymized", provider="luma", full_text_allowed=False)
@example(text="\u202e" + "кит " * 2500, symbols=None, mode="full", provider="runway", full_text_allowed=True)
@example(text="", symbols=[""] * 50, mode="symbols", provider="kling", full_text_allowed=False)
def test_any_input_gives_a_prompt_or_a_clear_refusal(text, symbols, mode, provider, full_text_allowed):
    try:
        built = build_prompt(
            text=text, symbols=symbols, mode=mode, provider=provider, full_text_allowed=full_text_allowed
        )
    except FullTextNotAllowed:
        assert mode == "full" and not full_text_allowed
        event("full text refused")
        return
    except ValueError:
        assert mode not in MODES
        event("unknown mode refused")
        return
    event(f"prompt in mode {mode}")
    assert isinstance(built.prompt, str) and built.prompt
    assert len(built.prompt) <= prompt_limit(provider)
    assert built.mode == mode
    assert "\x00" not in built.prompt and "\u202e" not in built.prompt


@PROPERTY
@given(
    text=texts, symbols=st.one_of(st.none(), st.lists(st.sampled_from(["whale", "sea", "луна"]))), provider=providers
)
def test_in_symbols_mode_no_word_of_the_text_is_sent_unless_it_is_a_symbol(text, symbols, provider):
    built = build_prompt(text=text + " Мария Иванова", symbols=symbols, mode="symbols", provider=provider)
    assert "Мария" not in built.prompt and "Иванова" not in built.prompt


@pytest.mark.parametrize("mode", ["", "FULL", "symbols ", None])
def test_an_unknown_mode_is_a_value_error(mode):
    with pytest.raises(ValueError):
        build_prompt(text="a whale", symbols=None, mode=mode)


@PROPERTY
@given(text=texts, symbols=symbol_lists, provider=providers)
@example(text="", symbols=["маша петрова", "+7 912 345 67 89", "ivan@mail.ru", "whale"], provider="luma")
def test_in_symbols_mode_only_english_symbol_words_are_sent_whatever_symbols_are_typed(text, symbols, provider):
    built = build_prompt(text=text, symbols=symbols, mode="symbols", provider=provider)
    assert built.prompt.isascii()
    assert all(re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", symbol) for symbol in built.symbols)
    assert "@" not in built.prompt and not re.search(r"\d{3}", built.prompt.replace("3-5", ""))
