"""The provider registry: which providers exist, which are offered (configured, in VIDEOGEN_PROVIDERS order), fallback.

Classes are imported lazily by dotted path, so a provider module that fails to import only breaks that provider.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Provider

log = logging.getLogger(__name__)

PROVIDER_CLASSES: dict[str, str] = {
    "luma": "videogen.providers.luma.LumaProvider",
    "runway": "videogen.providers.runway.RunwayProvider",
    "replicate": "videogen.providers.replicate.ReplicateProvider",
    "kling": "videogen.providers.kling.KlingProvider",
    "local": "videogen.providers.local.LocalProvider",
}
ALWAYS_CONFIGURED = frozenset({"local"})  # the local renderer needs no key


def provider_class(name: str) -> type[Provider]:
    """The class registered under `name`; LookupError for an unknown name."""
    try:
        path = PROVIDER_CLASSES[name]
    except KeyError:
        raise LookupError(f"unknown video provider {name!r}") from None
    return import_string(path)


def get_provider(name: str) -> Provider:
    """A ready-to-use provider reading django.conf.settings."""
    return provider_class(name)()


def _is_configured(name: str) -> bool:
    if name in ALWAYS_CONFIGURED:
        return True
    try:
        return bool(provider_class(name).is_configured(settings))
    except ImportError:
        log.exception("video provider %s cannot be imported", name)
        return False


def offered_providers() -> list[str]:
    """Providers named in VIDEOGEN_PROVIDERS, in that order, that have their keys; unknown names are skipped."""
    offered: list[str] = []
    for raw in settings.VIDEOGEN_PROVIDERS:
        name = raw.strip().lower()
        if not name or name in offered:
            continue
        if name not in PROVIDER_CLASSES:
            log.warning("VIDEOGEN_PROVIDERS names an unknown provider %r", name)
            continue
        if _is_configured(name):
            offered.append(name)
    return offered


def fallback_after(name: str) -> str | None:
    """The provider a job moves to when `name` fails it for good, or None when there is none left.

    The next offered provider after `name`; for a provider outside the offered list, the first offered one.
    """
    offered = offered_providers()
    if name in offered:
        position = offered.index(name)
        return offered[position + 1] if position + 1 < len(offered) else None
    others = [other for other in offered if other != name]
    return others[0] if others else None
