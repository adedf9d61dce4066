"""reverse() for a URL made many times on one page (a feed of 20 items has 80 links): the pattern is reversed once
per script prefix, then filled in. Only for values that never need quoting: UUIDs and signed tokens."""

import functools

from django.urls import get_script_prefix, reverse


@functools.lru_cache(maxsize=32)
def _pattern(name: str, placeholder, script_prefix: str) -> tuple[str, str]:
    url = reverse(name, args=[placeholder])
    head, _placeholder, tail = url.partition(str(placeholder))
    return head, tail


def reverse_one(name: str, value, placeholder="placeholder") -> str:
    """reverse(name, args=[value]); `placeholder` must be a value the URL pattern's converter accepts."""
    head, tail = _pattern(name, placeholder, get_script_prefix())
    return f"{head}{value}{tail}"
