"""The provider doctor: one harmless authenticated read per configured provider, and what it says about the setup.

It never creates a task and never shows a key: only hosts, model names, setting names and the providers' answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from . import PROVIDER_CLASSES, get_provider
from .base import ProviderError

OLD_KLING_HOST = "api.klingai.com"


@dataclass(frozen=True)
class ProviderCheck:
    """What one provider's check found. `ok` is None for a provider that is not configured (nothing to check)."""

    name: str
    label: str
    configured: bool
    host: str
    models: list[str] = field(default_factory=list)
    reachable: bool | None = None
    key_accepted: bool | None = None
    account: str | None = None  # what the API says of the account's credit, where it says
    problem: str = ""  # what went wrong, in words
    fix: list[str] = field(default_factory=list)  # the settings to look at

    @property
    def ok(self) -> bool | None:
        if not self.configured:
            return None
        return bool(self.reachable and self.key_accepted and not self.problem)


def _never_reached(error: ProviderError) -> bool:
    """The request got no answer at all (no connection, a timeout): the host, not the key, is in question."""
    # (requests' JSONDecodeError is a RequestException too, but it comes with an answer: an unreadable one)
    return error.status is None and not error.unreadable and isinstance(error.__cause__, requests.RequestException)


def _not_the_api(error: ProviderError) -> bool:
    """The account read met something other than the provider's API: a wrong base URL (a path missing or doubled, a
    web site). The API answers its own account read; a redirect, "no such path" or an unreadable page never."""
    status = error.status
    return error.unreadable or (status is not None and (300 <= status < 400 or status in (404, 405)))


def check_provider(name: str) -> ProviderCheck:
    """Check one provider with one read of its account (or its cheapest authenticated read)."""
    provider = get_provider(name)
    base = str(getattr(settings, provider.base_setting))
    facts: dict[str, Any] = {
        "name": name,
        "label": str(provider.label),
        "host": base,
        "models": [str(getattr(settings, setting)) for setting in provider.model_settings],
    }
    if not provider.is_configured(settings):
        return ProviderCheck(configured=False, fix=list(provider.key_settings), **facts)
    try:
        account = provider.account()
    except ProviderError as error:
        return ProviderCheck(configured=True, **facts, **_failure(name, provider, base, error))
    problem, fix = provider.settings_problem() or ("", "")
    return ProviderCheck(
        configured=True,
        reachable=True,
        key_accepted=True,
        account=account,
        problem=problem,
        fix=[fix] if fix else [],
        **facts,
    )


def _failure(name: str, provider, base: str, error: ProviderError) -> dict:
    """What a failed read says: the host gave no answer, answered as something else than the provider's API, the key
    was refused, or the provider failed otherwise."""
    if _never_reached(error):
        problem = _("No answer from this host: it is down, unknown or unreachable from here.")
        return {"reachable": False, "problem": problem, "fix": [provider.base_setting]}
    if _not_the_api(error):
        answer = f"HTTP {error.status}" if error.status else _("an unreadable answer")
        problem = _("This host answered, but not as %(provider)s's API (%(answer)s): check the base URL and its path.")
        return {
            "reachable": True,
            "problem": problem % {"provider": provider.label, "answer": answer},
            "fix": [provider.base_setting],
        }
    if not (error.status in (401, 403) or (error.code is not None and 1000 <= error.code < 1100)):
        return {"reachable": True, "problem": error.message}
    problem, fix = error.message, list(provider.key_settings)
    if name == "kling":  # a current key is refused on Kling's old host: the host is a setting to look at too
        fix.append(provider.base_setting)
        if urlsplit(base).hostname == OLD_KLING_HOST:
            problem += " " + _(
                "Kling moved its international API to https://api-singapore.klingai.com: a current key is refused "
                "on the old host."
            )
    return {"reachable": True, "key_accepted": False, "problem": problem, "fix": fix}


def check_providers() -> list[ProviderCheck]:
    """Every external provider DreamTok knows, configured or not, in a fixed order (the local renderer needs none)."""
    return [check_provider(name) for name in PROVIDER_CLASSES if name != "local"]
