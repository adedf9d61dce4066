"""System checks for video generation settings: some fine in tests and dangerous in production, some never fine."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .providers.replicate import is_svd
from .providers.runway import RETIRED_MODELS


@register(deploy=True)
def download_allow_list(app_configs, **kwargs):
    """The download allow-list skips the https and private-address checks: for fake providers on loopback only."""
    if not settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS:
        return []
    hosts = ", ".join(settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS)
    return [
        Warning(
            f"VIDEOGEN_DOWNLOAD_ALLOW_HOSTS is set ({hosts}): downloads from these hosts skip the https and "
            "private-address checks.",
            hint="Leave it empty in production; it exists for fake providers on loopback in tests.",
            id="videogen.W001",
        )
    ]


@register()
def retired_provider_models(app_configs, **kwargs):
    """A provider model that its API no longer serves would fail every job sent there: refuse it at start-up."""
    model = settings.RUNWAY_VIDEO_MODEL
    if not settings.RUNWAY_API_KEY or model not in RETIRED_MODELS:
        return []
    return [
        Error(
            f"RUNWAY_VIDEO_MODEL is {model!r}, a model Runway has retired (gone from its API and official SDK).",
            hint=f"Set RUNWAY_VIDEO_MODEL to {RETIRED_MODELS[model]!r}.",
            id="videogen.E001",
        )
    ]


@register()
def replicate_community_model_version(app_configs, **kwargs):
    """Replicate's model endpoint serves official models only (since 2025-08-05): Stable Video Diffusion, a community
    model, is created by version, so without one every SVD step would be refused."""
    model = settings.REPLICATE_VIDEO_MODEL
    if not settings.REPLICATE_API_TOKEN or not is_svd(model):
        return []
    if ":" in model or settings.REPLICATE_VIDEO_VERSION:
        return []
    return [
        Error(
            f"REPLICATE_VIDEO_MODEL is {model!r}, a community model, and REPLICATE_VIDEO_VERSION is empty: Replicate "
            "creates community models by version only.",
            hint="Set REPLICATE_VIDEO_VERSION (or spell REPLICATE_VIDEO_MODEL as owner/name:version).",
            id="videogen.E002",
        )
    ]
