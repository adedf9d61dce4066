"""System checks for video generation settings that are fine in tests and dangerous in production."""

from django.conf import settings
from django.core.checks import Warning, register


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
