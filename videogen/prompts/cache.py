"""Caches built prompts in Django's cache under a keyed hash of their inputs, encrypted; the hash also names an
identical request."""

from __future__ import annotations

import json

from django.core.cache import cache

from dreams.symbols.lexicon import lexicon_version
from dreamtok.encryption import UndecryptableValue, decrypt, encrypt, keyed_hash
from dreamtok.text.anonymize import anonymizer_version
from videogen.prompts.template import TEMPLATE_VERSION, BuiltPrompt, FullTextNotAllowed, build_prompt

PROMPT_CACHE_TTL = 24 * 60 * 60
_KEY_PREFIX = "videogen:prompt:"


def prompt_hash(*, text: str, symbols: list[str] | None, mode: str, provider: str) -> str:
    """HMAC-SHA256 (hex, under FIELD_HASH_KEY) of everything a prompt depends on: the inputs, TEMPLATE_VERSION, and
    the versions of the lexicon and the anonymizer, so that a fix to either never serves a prompt built before it."""
    inputs = {
        "text": text,
        "symbols": None if symbols is None else list(symbols),
        "mode": mode,
        "provider": provider,
        "template_version": TEMPLATE_VERSION,
        "lexicon_version": lexicon_version(),
        "anonymizer_version": anonymizer_version(),
    }
    encoded = json.dumps(inputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return keyed_hash(encoded)


def cached_build_prompt(
    *,
    text: str,
    symbols: list[str] | None,
    mode: str,
    provider: str = "local",
    full_text_allowed: bool = False,
) -> BuiltPrompt:
    """build_prompt(), reusing a prompt built from the same inputs within the last day."""
    if mode == "full" and not full_text_allowed:
        raise FullTextNotAllowed()
    key = _KEY_PREFIX + prompt_hash(text=text, symbols=symbols, mode=mode, provider=provider)
    stored = cache.get(key)
    if isinstance(stored, str):  # encrypted: the cache (Redis) holds no prompt in plain text either
        try:
            return BuiltPrompt.from_dict(json.loads(decrypt(stored)))
        except UndecryptableValue:
            pass  # made under a key retired since: build it again
    built = build_prompt(text=text, symbols=symbols, mode=mode, provider=provider, full_text_allowed=full_text_allowed)
    cache.set(key, encrypt(json.dumps(built.to_dict(), ensure_ascii=False)), PROMPT_CACHE_TTL)
    return built


def forget_prompts(hashes: list[str]) -> None:
    """Drop these cached prompts (a dream deleted, its consent withdrawn, its client erased): no copy of what was
    built from the dream outlives it in the cache."""
    if hashes:
        cache.delete_many([_KEY_PREFIX + value for value in hashes])
