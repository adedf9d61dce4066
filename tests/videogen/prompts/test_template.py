"""The provider prompt: the seed's template, privacy modes, length limits, bad input."""

import pytest

from dreams.symbols import all_entries
from tests.corpus import load_corpus
from videogen.prompts.template import (
    GENERIC_SCENE,
    PREFIX,
    PROVIDER_PROMPT_LIMITS,
    STYLE_TAIL,
    FullTextNotAllowed,
    build_prompt,
)

WHALE = "Кит плавал в воде, он был большим и красным"
PERSONAL = "Брат Алексей Иванов позвонил с номера 8 (903) 111-22-33 и сказал, что в Новосибирске выпал красный снег."


def corpus() -> list[dict]:
    return load_corpus()


def test_prompt_follows_the_seed_template_enriched_with_hints():
    built = build_prompt(text=WHALE, symbols=None, mode="symbols")
    assert built.prompt.startswith(PREFIX + "a vast whale gliding slowly through deep water")
    assert "surreal atmosphere, symbolic imagery, whale, water, red" in built.prompt
    assert "underwater perspective, ethereal lighting" in built.prompt
    assert built.prompt.endswith(STYLE_TAIL)


def test_symbols_mode_sends_no_dream_text():
    built = build_prompt(text=WHALE, symbols=None, mode="symbols")
    assert "Кит" not in built.prompt and "плавал" not in built.prompt
    assert built.prompt.isascii()
    assert built.redactions == []


def test_anonymized_mode_sends_the_text_without_personal_data():
    built = build_prompt(text=PERSONAL, symbols=None, mode="anonymized")
    assert "выпал красный снег" in built.prompt
    for pii in ("Алексей", "Иванов", "903", "Новосибирск"):
        assert pii not in built.prompt
    assert [r.kind for r in built.redactions] == ["name", "phone", "place"]


def test_non_english_text_is_kept_in_its_language():
    built = build_prompt(text=WHALE, symbols=None, mode="anonymized")
    assert built.language == "ru"
    assert WHALE in built.prompt


def test_full_mode_is_refused_without_explicit_consent():
    with pytest.raises(FullTextNotAllowed, match="explicit consent"):
        build_prompt(text=PERSONAL, symbols=None, mode="full")


def test_full_mode_sends_the_text_as_written_with_consent():
    built = build_prompt(text=PERSONAL, symbols=None, mode="full", full_text_allowed=True)
    assert "Алексей Иванов" in built.prompt
    assert {"snow", "red"} <= set(built.symbols)


def test_unknown_mode_is_a_value_error():
    with pytest.raises(ValueError, match="mode"):
        build_prompt(text=WHALE, symbols=None, mode="everything")


def test_symbols_are_extracted_when_not_given_and_names_are_not_read_as_symbols():
    built = build_prompt(text="Мы гуляли с Розой по саду", symbols=None, mode="symbols")
    assert built.symbols == ["garden"]


def test_an_explicit_symbol_list_is_used_as_english_symbol_words():
    built = build_prompt(text=WHALE, symbols=["owl", "кит", " Owl ", "", "кита", "Whales"], mode="symbols")
    assert built.symbols == ["owl", "whale"]
    assert "an owl with wide luminous eyes" in built.prompt


def test_typed_symbols_that_are_personal_data_never_reach_the_prompt():
    typed = ["маша петрова", "+7 912 345 67 89", "ivan@mail.ru", "whale"]
    built = build_prompt(text="Кит плавал.", symbols=typed, mode="symbols")
    assert built.symbols == ["whale"]
    for leak in ("маша", "петрова", "912", "345", "ivan", "mail"):
        assert leak not in built.prompt.lower()


@pytest.mark.parametrize("name", ["sarah", "John Smith", "mr henderson", "boston", "Ivanov", "night_owl_77"])
def test_names_places_and_handles_typed_as_symbols_are_left_out(name):
    built = build_prompt(text="", symbols=[name, "owl"], mode="symbols")
    assert built.symbols == ["owl"]
    assert name.lower() not in built.prompt.lower()


def test_words_the_lexicon_does_not_know_and_health_conditions_are_left_out():
    typed = ["paper crane", "glass-blue", "will", "Harrowgate", "hiv", "bipolar disorder", "ВИЧ", "owl"]
    built = build_prompt(text="", symbols=typed, mode="symbols")
    assert built.symbols == ["owl"]
    for word in ("paper", "crane", "glass-blue", "will", "harrowgate", "hiv", "bipolar"):
        assert word not in built.prompt.lower()


def test_an_explicit_empty_list_gives_the_generic_scene():
    built = build_prompt(text=WHALE, symbols=[], mode="symbols")
    assert built.symbols == []
    assert GENERIC_SCENE in built.prompt


def test_nothing_found_gives_a_generic_pleasant_scene():
    built = build_prompt(text="", symbols=None, mode="symbols")
    assert built.prompt.startswith(PREFIX + GENERIC_SCENE)
    assert built.language == "unknown"


@pytest.mark.parametrize("provider", sorted(PROVIDER_PROMPT_LIMITS))
def test_each_providers_length_limit_is_respected_and_symbols_kept(provider):
    text = "Я шла по длинному коридору, и стены менялись. " * 400
    built = build_prompt(
        text=text, symbols=["whale", "owl", "red"], mode="full", provider=provider, full_text_allowed=True
    )
    assert len(built.prompt) <= PROVIDER_PROMPT_LIMITS[provider]
    assert "whale, owl, red" in built.prompt
    assert "…" in built.prompt
    assert built.prompt.endswith(STYLE_TAIL)


def test_text_is_cut_at_a_word_boundary():
    text = "слово " * 1000
    built = build_prompt(text=text, symbols=[], mode="full", provider="runway", full_text_allowed=True)
    assert "слово…" in built.prompt
    assert "слов…" not in built.prompt.replace("слово…", "")


def test_an_unknown_provider_gets_the_default_limit():
    built = build_prompt(text="a " * 3000, symbols=[], mode="full", provider="newcomer", full_text_allowed=True)
    assert len(built.prompt) <= PROVIDER_PROMPT_LIMITS["default"]


def test_very_many_symbols_still_fit():
    every_symbol = [item.symbol for item in all_entries()]
    built = build_prompt(text="", symbols=every_symbol, mode="symbols", provider="runway")
    assert len(built.prompt) <= PROVIDER_PROMPT_LIMITS["runway"]
    assert every_symbol[0] in built.prompt


def test_the_prompt_is_a_pure_function_of_its_inputs():
    first = build_prompt(text=PERSONAL, symbols=None, mode="anonymized", provider="luma")
    second = build_prompt(text=PERSONAL, symbols=None, mode="anonymized", provider="luma")
    assert first == second


def test_markup_and_control_characters_do_not_reach_the_prompt():
    text = "<b>Кит</b>\u202e плавал<script>alert(1)</script>\x00 в воде"
    built = build_prompt(text=text, symbols=None, mode="full", full_text_allowed=True)
    assert "Кит плавал в воде" in built.prompt
    for bad in ("<", "script", "\u202e", "\x00"):
        assert bad not in built.prompt


@pytest.mark.parametrize("mode", ["anonymized", "symbols"])
@pytest.mark.parametrize("dream", corpus(), ids=lambda dream: dream["id"])
def test_no_corpus_pii_reaches_a_prompt(dream, mode):
    prompt = build_prompt(text=dream["content"], symbols=None, mode=mode).prompt.lower()
    for pii in dream["pii"]:
        assert pii.lower() not in prompt


@pytest.mark.parametrize("mode", ["symbols", "anonymized", "full"])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "🐋🌊🔥",
        "x" * 10_000,
        ("Кит плавал, and the whale sang. " * 400)[:10_000],
        "Кит swims مرحبا 日本",
        "<script>alert('кит')</script><img src=x onerror=alert(1)>",
        "\u202e\u202d\u200f\u2066text\u2069",
        "\ud800\x00\x1b[31m",
    ],
)
def test_bad_input_gives_a_prompt_never_an_exception(text, mode):
    built = build_prompt(text=text, symbols=None, mode=mode, provider="runway", full_text_allowed=True)
    assert built.prompt.startswith(PREFIX)
    assert len(built.prompt) <= PROVIDER_PROMPT_LIMITS["runway"]
    assert "<script" not in built.prompt and "\u202e" not in built.prompt


@pytest.mark.parametrize(
    "text",
    [
        "Il a vu un chat noir sur la table, puis un serpent.",
        "Ho visto un gatto nero sul tavolo e poi un serpente.",
        "Eu vi um cão preto na praia com o meu pai.",
    ],
)
def test_other_languages_fall_back_to_the_generic_symbol_less_prompt(text):
    built = build_prompt(text=text, symbols=None, mode="symbols")
    assert built.language == "unknown"
    assert built.symbols == []
    assert built.prompt.startswith(PREFIX + GENERIC_SCENE)
