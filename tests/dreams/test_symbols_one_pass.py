"""Saving a dream and starting its video clean its text once: the symbols suggested and the prompt built share one
anonymization, and nothing of it outlives the request."""

import pytest

from dreams.services import dream_create
from dreams.symbols.lexicon import symbol_words
from dreamtok.text import anonymize as anonymize_module
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TEXT = "Мне снилось, что Анна шла по Москве к морю, и кит пел."


@pytest.fixture
def anonymized_texts(monkeypatch) -> list[str]:
    """The texts the anonymizer actually worked on, in order."""
    worked_on: list[str] = []
    original = anonymize_module._anonymize

    def counting(text, symbol_words):
        worked_on.append(text)
        return original(text, symbol_words)

    monkeypatch.setattr(anonymize_module, "_anonymize", counting)
    return worked_on


def test_saving_a_dream_and_starting_its_video_anonymizes_its_text_once(anonymized_texts):
    patient = ClientFactory()
    dream = dream_create(
        author=patient.therapist,
        client=patient,
        provider="local",
        title="Море",
        content=TEXT,
        symbols=[],
        privacy_mode="anonymized",
        consent_video=True,
        dreamt_on="2026-11-01",
    )
    assert dream.symbols and dream.jobs.get().prompt
    assert anonymized_texts == [TEXT]
    assert anonymize_module._ONE_PASS.get() is None  # nothing kept after the request


def test_outside_one_pass_each_call_anonymizes_again(anonymized_texts):
    anonymize_module.anonymize(TEXT, symbol_words=symbol_words())
    anonymize_module.anonymize(TEXT, symbol_words=symbol_words())
    assert anonymized_texts == [TEXT, TEXT]
