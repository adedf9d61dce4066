"""Anonymization: names in any case, places, addresses, contacts, ID numbers and birth dates leave no trace."""

import socket

import pytest

from tests.corpus import load_corpus
from videogen.prompts import anonymize as anonymize_module
from videogen.prompts.anonymize import anonymize


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
