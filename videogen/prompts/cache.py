"""Caches built prompts in Django's cache under a hash of their inputs; the hash also names an identical request."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache

from dreams.symbols.lexicon import lexicon_version
from videogen.prompts.anonymize import anonymizer_version
from videogen.prompts.template import TEMPLATE_VERSION, BuiltPrompt, FullTextNotAllowed, build_prompt

PROMPT_CACHE_TTL = 24 * 60 * 60
_KEY_PREFIX = "videogen:prompt:"


def prompt_hash(*, text: str, symbols: list[str] | None, mode: str, provider: str) -> str:
    """sha256 (hex) of everything a prompt depends on: the inputs, TEMPLATE_VERSION, and the versions of the lexicon
    and the anonymizer, so that a fix to either never serves a prompt built before it."""
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
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


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
    if stored is not None:
        return BuiltPrompt.from_dict(stored)
    built = build_prompt(text=text, symbols=symbols, mode=mode, provider=provider, full_text_allowed=full_text_allowed)
    cache.set(key, built.to_dict(), PROMPT_CACHE_TTL)
    return built


def forget_prompts(hashes: list[str]) -> None:
    """Drop these cached prompts (a dream deleted, its consent withdrawn, its client erased): no copy of what was
    built from the dream outlives it in the cache."""
    if hashes:
        cache.delete_many([_KEY_PREFIX + value for value in hashes])
