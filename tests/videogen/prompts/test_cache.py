"""The prompt cache: a hash of the inputs, and reuse through Django's cache framework."""

import json

import pytest
from django.core.cache import cache

from dreams.symbols import lexicon as lexicon_module
from dreamtok.encryption import decrypt
from dreamtok.text import anonymize as anonymize_module
from videogen.prompts import cache as prompt_cache
from videogen.prompts.cache import cached_build_prompt, prompt_hash
from videogen.prompts.template import FullTextNotAllowed, build_prompt

INPUTS = {"text": "Кит плавал в воде", "symbols": None, "mode": "symbols", "provider": "luma"}


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def test_prompt_hash_is_a_stable_sha256_hex():
    first = prompt_hash(**INPUTS)
    assert first == prompt_hash(**INPUTS)
    assert len(first) == 64 and int(first, 16) >= 0


@pytest.mark.parametrize(
    "change",
    [{"text": "Кит плавал"}, {"symbols": []}, {"symbols": ["whale"]}, {"mode": "anonymized"}, {"provider": "kling"}],
)
def test_prompt_hash_changes_with_every_input(change):
    assert prompt_hash(**{**INPUTS, **change}) != prompt_hash(**INPUTS)


def test_prompt_hash_changes_with_the_template_version(monkeypatch):
    before = prompt_hash(**INPUTS)
    monkeypatch.setattr(prompt_cache, "TEMPLATE_VERSION", "next")
    assert prompt_hash(**INPUTS) != before


def test_prompt_hash_changes_with_the_anonymizers_version(monkeypatch):
    before = prompt_hash(**INPUTS)
    monkeypatch.setattr(anonymize_module, "ANONYMIZER_VERSION", "next")
    anonymize_module.anonymizer_version.cache_clear()
    try:
        assert prompt_hash(**INPUTS) != before
    finally:
        monkeypatch.undo()
        anonymize_module.anonymizer_version.cache_clear()
    assert prompt_hash(**INPUTS) == before


def test_prompt_hash_changes_with_any_edit_of_the_lexicon(monkeypatch, tmp_path):
    before = prompt_hash(**INPUTS)
    edited = tmp_path / "lexicon.json"
    edited.write_bytes(lexicon_module.LEXICON_PATH.read_bytes().replace(b"whale", b"whale "))
    monkeypatch.setattr(lexicon_module, "LEXICON_PATH", edited)
    lexicon_module.lexicon_version.cache_clear()
    try:
        assert prompt_hash(**INPUTS) != before
    finally:
        monkeypatch.undo()
        lexicon_module.lexicon_version.cache_clear()
    assert prompt_hash(**INPUTS) == before


def test_a_prompt_cached_before_an_anonymizer_fix_is_not_served_after_it(monkeypatch):
    inputs = {**INPUTS, "text": "Henderson called me.", "mode": "anonymized"}
    monkeypatch.setattr(anonymize_module, "ANONYMIZER_VERSION", "old")
    anonymize_module.anonymizer_version.cache_clear()
    stale = build_prompt(**inputs).to_dict()
    stale["prompt"] = stale["prompt"].replace("someone", "Henderson")  # what the old rules let through
    cache.set("videogen:prompt:" + prompt_hash(**inputs), stale)
    monkeypatch.undo()
    anonymize_module.anonymizer_version.cache_clear()
    assert "Henderson" not in cached_build_prompt(**inputs).prompt


def test_cached_prompt_equals_the_built_prompt():
    assert cached_build_prompt(**INPUTS) == build_prompt(**INPUTS)


def test_a_second_identical_request_reuses_the_stored_prompt(monkeypatch):
    calls = []
    real_build = prompt_cache.build_prompt

    def counting_build(**kwargs):
        calls.append(kwargs)
        return real_build(**kwargs)

    monkeypatch.setattr(prompt_cache, "build_prompt", counting_build)
    first = cached_build_prompt(**INPUTS)
    second = cached_build_prompt(**INPUTS)
    assert first == second
    assert len(calls) == 1


class RecordingCache:
    def __init__(self):
        self.stored = {}

    def get(self, key):
        return None

    def set(self, key, value, timeout):
        self.stored[key] = (value, timeout)


def test_the_prompt_is_stored_encrypted_under_its_keyed_hash_for_a_day(monkeypatch, settings):
    recording = RecordingCache()
    monkeypatch.setattr(prompt_cache, "cache", recording)
    built = cached_build_prompt(**INPUTS)
    key = "videogen:prompt:" + prompt_hash(**INPUTS)
    [(stored, timeout)] = recording.stored.values()
    assert list(recording.stored) == [key] and timeout == 24 * 60 * 60
    assert built.prompt not in stored and "symbols" not in stored  # a Fernet token, not the dict
    assert json.loads(decrypt(stored)) == built.to_dict()
    settings.FIELD_HASH_KEY = "another key of thirty-two characters or more"
    assert prompt_hash(**INPUTS) != key.removeprefix("videogen:prompt:")  # keyed: no one without the key can test


def test_redactions_survive_the_round_trip_through_the_cache():
    inputs = {**INPUTS, "text": "Маша звонила +7 903 111 22 33", "mode": "anonymized"}
    first = cached_build_prompt(**inputs)
    second = cached_build_prompt(**inputs)
    assert second.redactions == first.redactions
    assert [r.kind for r in second.redactions] == ["name", "phone"]


def test_full_mode_still_needs_consent_when_cached():
    with pytest.raises(FullTextNotAllowed):
        cached_build_prompt(**{**INPUTS, "mode": "full"})
    assert cached_build_prompt(**{**INPUTS, "mode": "full"}, full_text_allowed=True).mode == "full"
