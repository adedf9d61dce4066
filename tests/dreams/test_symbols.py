"""Symbol extraction: lemmas, the lexicon, multi-word and negated mentions, and quality on the shared corpus."""

import re

import pytest

from dreams.symbols import DISTRESSING_SYMBOLS, all_entries, entry, extract_symbols, symbol_for_word
from dreams.symbols.extract import lexicon_symbol
from dreams.symbols.lexicon import FAMILIES
from dreamtok.text.language import detect_language
from tests.corpus import load_corpus


def corpus() -> list[dict]:
    return load_corpus()


def symbols(text: str) -> list[str]:
    return extract_symbols(text).symbols


def test_russian_whale_example_yields_whale_water_and_red():
    result = extract_symbols("Кит плавал в воде, он был большим и красным")
    assert result.language == "ru"
    assert {"whale", "water", "red"} <= set(result.symbols)
    assert set(result.symbols) <= {"whale", "water", "red", "swimming"}


def test_russian_words_are_found_in_any_grammatical_case():
    assert symbols("Я кормила кошек, а потом гуляла с собаками у реки") == ["cat", "dog", "river"]


def test_english_plurals_and_irregular_forms_are_lemmatized():
    assert symbols("Wolves with sharp teeth stood among the trees") == ["wolf", "teeth", "tree"]


def test_english_verb_forms_of_the_dreamers_actions_are_found():
    assert "swimming" in symbols("I was swimming in a lake")
    assert "flying" in symbols("I flew over the city")
    assert "chase" in symbols("A man chased me through the streets")


def test_russian_dreamers_actions_are_found():
    assert "flying" in symbols("Я летала над городом")
    assert "falling" in symbols("Я падал в пропасть")


def test_falling_counts_only_when_the_dreamer_falls():
    assert "falling" not in symbols("Звёзды падали с неба")
    assert "falling" not in symbols("The leaves fell from the tree")
    assert "falling" in symbols("I fell from a tower")


def test_swimming_on_board_a_ship_is_not_swimming():
    assert "swimming" not in symbols("Мы плыли на корабле")


def test_multi_word_entry_wins_over_its_parts():
    assert symbols("an apple tree in the garden") == ["apple tree", "garden"]
    assert symbols("Росла старая яблоня") == ["apple tree"]
    assert symbols("Над нами кружила летучая мышь") == ["bat"]


def test_phrases_may_have_filler_words_between_their_parts():
    assert "teeth falling out" in symbols("My teeth were falling out")


def test_negated_mentions_are_not_symbols():
    assert "window" not in symbols("Я бродила по дому без окон")
    assert "dog" not in symbols("Во дворе не было собаки")
    assert "dog" not in symbols("There was no dog in the yard")
    assert "window" not in symbols("a house without windows")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I couldn't open the door", ["door"]),
        ("Я не смог найти маму", ["mother"]),
        ("Без ключа я не мог открыть дверь", ["door"]),
        ("I did not see the sea", ["sea"]),
        ("Я не видел собаку во сне", ["dog"]),
    ],
)
def test_the_object_of_a_negated_verb_is_still_a_symbol(text, expected):
    assert symbols(text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Во дворе не было собаки", "dog"),
        ("There was no dog in the yard", "dog"),
        ("There wasn't a dog in the yard", "dog"),
        ("I opened the gate without a key", "key"),
        ("Без ключа я не мог открыть дверь", "key"),
        ("I never had a dog", "dog"),
        ("I didn't fall", "falling"),
        ("Это была не собака, а кошка", "dog"),
    ],
)
def test_what_is_negated_is_still_not_a_symbol(text, absent):
    assert absent not in symbols(text)


def test_negation_reaches_only_the_next_noun():
    assert symbols("Дом без окон стоял у реки") == ["house", "river"]


def test_a_symbol_mentioned_again_without_negation_counts():
    assert "dog" in symbols("Сначала не было собаки, а потом пришла собака")


def test_address_words_are_not_symbols():
    assert symbols("В квартире на проспекте Мира, дом 12, начался пожар") == ["apartment", "fire"]


def test_proper_names_are_not_symbols():
    assert "rose" not in symbols("Мы гуляли с Розой по саду")
    assert "rose" not in symbols("Yesterday I met Rose in the garden")


def test_contact_details_never_become_symbols():
    assert "owl" not in symbols("Он написал мне @night_owl_77 и прислал https://example.org/owl/fire")


def test_symbols_come_in_order_of_first_mention_without_duplicates():
    assert symbols("Собака, кошка, снова собака и море") == ["dog", "cat", "sea"]


def test_excluded_spans_are_ignored():
    text = "Кит и собака"
    assert extract_symbols(text, exclude=[(0, 3)]).symbols == ["dog"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Мне приснился кит", "ru"),
        ("I dreamt of a whale", "en"),
        ("Der Hund lief durch den dunklen Wald", "unknown"),
        ("Il a vu un chat noir sur la table, puis un serpent.", "unknown"),
        ("Ho visto un gatto nero sul tavolo e poi un serpente.", "unknown"),
        ("Eu vi um cão preto na praia com o meu pai.", "unknown"),
        ("Ik zag een hond in het bos.", "unknown"),
        ("I heard someone whisper je ne sais pas in the dark forest", "en"),
        ("A whale", "en"),
        ("", "unknown"),
        ("🐋🌊", "unknown"),
        ("日本語のテキスト", "unknown"),
    ],
)
def test_language_is_detected(text, language):
    assert detect_language(text) == language
    assert extract_symbols(text).language == language


def test_other_languages_give_no_symbols():
    assert symbols("El perro negro corría por la calle") == []


@pytest.mark.parametrize(
    "text",
    ["", " ", "🐋🌊🔥", "<script>alert('кит')</script>", "\u202eкит\u202c", "a" * 10_000, "Кит " * 2500, None],
)
def test_bad_input_never_raises(text):
    result = extract_symbols(text)
    assert result.language in ("ru", "en", "unknown")


def test_script_content_is_not_read_as_text():
    assert symbols("<script>fire()</script><b>Собака</b>") == ["dog"]


def test_lexicon_has_at_least_250_entries_each_with_a_hint_and_a_known_family():
    entries = all_entries()
    assert len(entries) >= 250
    assert all(item.hint and item.family in FAMILIES for item in entries)
    assert all(item.ru and re.fullmatch(r"[a-z][a-z -]*", item.symbol) for item in entries)


def test_colour_entries_and_only_they_carry_a_hex_colour():
    for item in all_entries():
        assert (item.color is not None) == (item.family == "colour"), item.symbol
    assert entry("red").color == "#c0392b"


def test_distressing_symbols_are_marked():
    assert {
        "death",
        "blood",
        "chase",
        "drowning",
        "knife",
        "gun",
        "monster",
        "teeth falling out",
    } <= DISTRESSING_SYMBOLS
    assert "whale" not in DISTRESSING_SYMBOLS


def test_typed_words_in_any_form_or_language_find_their_symbol():
    assert lexicon_symbol("кита") == "whale"
    assert lexicon_symbol("Whales") == "whale"
    assert lexicon_symbol("летучие мыши") == "bat"
    assert lexicon_symbol("apple trees") == "apple tree"
    assert lexicon_symbol("маша петрова") is None
    assert lexicon_symbol("paper crane") is None


def test_entry_and_word_lookups():
    assert entry("whale").family == "animal"
    assert entry("no such symbol") is None
    assert symbol_for_word("кит") == "whale"
    assert symbol_for_word("Whale") == "whale"


def test_corpus_recall_and_precision_hold_for_the_symbols_dreams_are_given():
    from dreams.symbols.safety import suggest_symbols

    true_positives = predicted = expected = 0
    for dream in corpus():
        found, wanted = set(suggest_symbols(dream["content"])), set(dream["symbols"])
        true_positives += len(found & wanted)
        predicted += len(found)
        expected += len(wanted)
    assert true_positives / expected >= 0.85
    assert true_positives / predicted >= 0.70


def test_corpus_languages_are_detected():
    for dream in corpus():
        assert extract_symbols(dream["content"]).language == dream["lang"], dream["id"]


def test_suggested_symbols_skip_what_the_anonymizer_removed():
    from dreams.symbols.safety import suggest_symbols

    assert symbols("Лев пришёл ко мне в гости.") == ["lion"]
    assert suggest_symbols("Лев пришёл ко мне в гости.") == []
    assert suggest_symbols("Мы гуляли с Розой по саду, и кит плавал в пруду") == ["garden", "whale", "lake"]
