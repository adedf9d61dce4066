"""Template filter for symbol chips: symbols in the language of the page."""

from django import template
from django.utils.translation import get_language

from dreams.symbols import symbol_names as _symbol_names

register = template.Library()


@register.filter
def symbol_names(symbols: list[str]) -> list[str]:
    return _symbol_names(symbols, get_language())
