"""Template filters for a video job: a service's name as people read it."""

from django import template

from videogen.providers import PROVIDER_CLASSES, get_provider

register = template.Library()


@register.filter
def provider_label(name: str) -> str:
    """The label of a video service ("Luma", "Local renderer …"); an unknown name as it is."""
    return str(get_provider(name).label) if name in PROVIDER_CLASSES else name
