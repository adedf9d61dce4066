"""Anonymization: names in any case, places, addresses, contacts, ID numbers and birth dates leave no trace."""

import socket

import pytest

from dreams.symbols.lexicon import symbol_words
from dreamtok.text import anonymize as anonymize_module
from dreamtok.text.anonymize import Anonymized
from dreamtok.text.anonymize import anonymize as anonymize_with
from tests.corpus import load_corpus


def anonymize(text: str) -> Anonymized:
    """The anonymizer as the app runs it, with the lexicon's symbol words."""
    return anonymize_with(text, symbol_words=symbol_words())


def corpus() -> list[dict]:
    return load_corpus()


def removed(text: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start : r.end]) for r in anonymize(text).redactions]


@pytest.mark.parametrize("dream", corpus(), ids=lambda dream: dream["id"])
def test_no_corpus_pii_remains_in_the_anonymized_text(dream):
    cleaned = anonymize(dream["content"]).text.lower()
    for pii in dream["pii"]:
        assert pii.lower() not in cleaned


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Мне снилась Маша.", "Маша"),
        ("Я долго говорила с Машей о море.", "Машей"),
        ("Я передала письмо Ивану Сергеевичу.", "Ивану Сергеевичу"),
        ("Потом пришёл Сергей Павлович Кузнецов.", "Сергей Павлович Кузнецов"),
        ("Sarah was standing by the window.", "Sarah"),
        ("I saw Mr. Henderson in the garden.", "Mr. Henderson"),
        ("Then Dr. Porter opened the door.", "Dr. Porter"),
        ("My manager, Karen Whitfield, turned into a bear.", "Karen Whitfield"),
    ],
)
def test_person_names_are_removed_in_any_grammatical_case(text, name):
    assert ("name", name) in removed(text)
    assert name not in anonymize(text).text


@pytest.mark.parametrize(
    "phone", ["8 (903) 111-22-33", "+7 903 111 22 33", "+7(903)1112233", "+1 (555) 123-4567", "(212) 555-0199"]
)
def test_phone_numbers_are_removed(phone):
    text = f"Он позвонил с номера {phone} ночью."
    assert removed(text) == [("phone", phone)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Write to lena.smirnova@yandex.ru today", "email", "lena.smirnova@yandex.ru"),
        ("See https://example.org/dream/42 now", "url", "https://example.org/dream/42"),
        ("Open www.example.com/page please", "url", "www.example.com/page"),
        ("Он написал в телеграм @night_owl_77 ночью", "handle", "@night_owl_77"),
        ("Моя карта 4276 1234 5678 9012 пропала", "id_number", "4276 1234 5678 9012"),
        ("My card 4111-1111-1111-1111 was lost", "id_number", "4111-1111-1111-1111"),
        ("Паспорт 45 03 123456 лежал на столе", "id_number", "45 03 123456"),
        ("Номер полиса 1234567890123456 забыла", "id_number", "1234567890123456"),
        ("Я родилась 12.03.1985 в роддоме", "birth_date", "12.03.1985"),
        ("Дата рождения: 12 марта 1985 года.", "birth_date", "12 марта 1985 года"),
        ("I was born on March 12, 1985 in spring", "birth_date", "March 12, 1985"),
        ("Мой день рождения 5 мая, и мне снился торт", "birth_date", "5 мая"),
    ],
)
def test_contacts_numbers_and_birth_dates_are_removed(text, kind, value):
    assert (kind, value) in removed(text)
    assert value not in anonymize(text).text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("В квартире на проспекте Мира, дом 12, начался пожар", "проспекте Мира, дом 12"),
        ("Я шла по ул. Ленина 5 к реке", "ул. Ленина 5"),
        ("Мы жили на Тверской улице", "Тверской улице"),
        ("We lived at 221B Baker Street for years", "221B Baker Street"),
    ],
)
def test_addresses_with_house_numbers_are_removed(text, address):
    assert ("address", address) in removed(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("В Новосибирске выпал красный снег", "Новосибирске"),
        ("Совещание было в Екатеринбурге", "Екатеринбурге"),
        ("It was snowing red in Boston", "Boston"),
        ("We flew to New York at night", "New York"),
    ],
)
def test_cities_are_removed(text, place):
    assert ("place", place) in removed(text)


def test_removed_parts_become_neutral_words_so_the_text_still_reads():
    assert anonymize("It was snowing red in Boston.").text == "It was snowing red in a city."
    assert anonymize("Брат Алексей Иванов позвонил.").text == "Брат N позвонил."


def test_dream_words_are_not_mistaken_for_names():
    text = "Кит плавал в воде. Бабушка сидела у окна. Stars fell from the sky."
    assert anonymize(text).redactions == []
    assert anonymize(text).text == text


def test_redaction_positions_refer_to_the_original_text_even_after_markup_and_control_characters():
    text = "<p>\u202eВчера</p> Маша\u200b звонила: 8 (903) 111-22-33"
    result = anonymize(text)
    assert [(r.kind, text[r.start : r.end]) for r in result.redactions] == [
        ("name", "Маша"),
        ("phone", "8 (903) 111-22-33"),
    ]
    assert "<p>" not in result.text and "\u202e" not in result.text


def test_natasha_models_load_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    anonymize_module._natasha.cache_clear()
    assert ("name", "Алексей Иванов") in removed("Брат Алексей Иванов позвонил ночью.")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "🐋🌊🔥",
        "a" * 10_000,
        ("Маша звонила +7 903 111 22 33. " * 400)[:10_000],
        "<script>alert('Маша')</script>",
        "\u202eМаша\u202c",
        "مرحبا Маша hello",
        "\ud800",
        None,
    ],
)
def test_bad_input_never_raises(text):
    result = anonymize(text)
    assert isinstance(result.text, str)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("mr henderson was there. dr porter too.", ["mr henderson", "dr porter"]),
        ("MR. HENDERSON WAS SHOUTING AT DR. PORTER.", ["MR. HENDERSON", "DR. PORTER"]),
        ("sarah called me", ["sarah"]),
        ("I met sarah.", ["sarah"]),
        ("SARAH CALLED ME", ["SARAH"]),
        ("Henderson called me. Porter was there too.", ["Henderson", "Porter"]),
        ("Will and Grace came over. Bill paid.", ["Will", "Grace", "Bill"]),
        ("Holly was there.", ["Holly"]),
        ("Then Mr. Van der Berg came in.", ["Mr. Van der Berg"]),
        ("Sarah's dog barked.", ["Sarah's"]),
    ],
)
def test_names_are_removed_whatever_their_letter_case_or_place_in_the_sentence(text, names):
    assert removed(text) == [("name", name) for name in names]
    for name in names:
        assert name not in anonymize(text).text


def test_a_name_removed_once_is_removed_everywhere_in_the_text():
    text = "Rose came to the door. Later Rose sang and ROSE laughed."
    assert removed(text) == [("name", "Rose"), ("name", "Rose"), ("name", "ROSE")]


@pytest.mark.parametrize(
    "text",
    [
        "I will go home and pay the bill.",
        "Rose petals fell on the grass.",
        "White snow covered the hills.",
        "Mark the door with chalk.",
        "Will you come with me?",
        "I miss you, my lady.",
        "A sprig of holly hung over the door.",
    ],
)
def test_everyday_words_that_are_also_names_are_kept(text):
    assert anonymize(text).redactions == []
    assert anonymize(text).text == text


def test_a_lower_case_everyday_word_stays_even_when_the_same_word_was_a_name():
    text = "Holly was there. We cut holly in the forest."
    assert removed(text) == [("name", "Holly")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Позвони на номер89123456789 утром", "89123456789"),
        ("паспорт4510123456 лежал в сумке", "4510123456"),
        ("my id123456789 was lost", "123456789"),
        ("Серия 4510, номер 123456", "4510, номер 123456"),
        ("паспорт 4510 № 123456 забыла дома", "4510 № 123456"),
    ],
)
def test_numbers_glued_to_words_and_passport_series_are_removed(text, number):
    assert [value for _, value in removed(text)] == [number]
    cleaned = anonymize(text).text
    assert not any(char.isdigit() for char in cleaned)


def test_a_number_glued_to_a_word_is_replaced_by_separate_words():
    assert anonymize("my id123456789 was lost").text == "my id a number was lost"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Я жил на Тверской, 13", "Тверской, 13"),
        ("Мы встретились на Садовой 15 весной", "Садовой 15"),
        ("Адрес: пр. Ленина, 50/2", "пр. Ленина, 50/2"),
        ("Я жил на проспекте Мира 12к3", "проспекте Мира 12к3"),
        ("We met on 5th Avenue at night", "5th Avenue"),
        ("He lives in Springfield, IL 62704 now", "Springfield, IL 62704"),
        ("Her flat is at SW1A 1AA in London", "SW1A 1AA"),
        ("The parcel went to M1 1AE", "M1 1AE"),
    ],
)
def test_street_names_take_their_house_numbers_and_postcodes_with_them(text, address):
    assert ("address", address) in removed(text)
    cleaned = anonymize(text).text
    assert not any(char.isdigit() for char in cleaned)


def test_a_word_after_an_emoji_at_the_start_still_starts_the_sentence():
    assert anonymize("🐋 Кит плавал. 🌊 Stars fell.").redactions == []
