"""How often one user may ask for a video: a fixed window per user counted in Django's cache (atomic add + incr),
so every web process shares the count when the cache is Redis. The daily budget in videogen/budget.py still applies."""

import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import ngettext

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "10/m" → (10, 60), "30/5m" → (30, 300); "" or "off" → None (no limit)."""
    if rate.strip().lower() in ("", "off"):
        return None
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(f"A rate is written like 10/m or 30/5m, not {rate!r}.")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNIT_SECONDS[unit]


def hit(scope: str, key: str, rate: str) -> int:
    """Count one request of `key` in `scope`: 0 while within `rate`, else the seconds until its window ends."""
    parsed = parse_rate(rate)
    if parsed is None:
        return 0
    limit, period = parsed
    now = time.time()
    window = int(now // period)
    name = f"ratelimit:{scope}:{key}:{window}"
    cache.add(name, 0, timeout=period + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # the entry expired between add and incr: this request opens the window
        cache.add(name, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def generation_wait(user) -> int:
    """Seconds `user` must wait before asking for another video (0: go ahead); counts this request."""
    return hit("generate", str(user.pk), settings.VIDEOGEN_GENERATE_RATE)


def too_fast_message(seconds: int) -> str:
    return ngettext(
        "You have asked for many videos in a short time. Please try again in %(seconds)d second.",
        "You have asked for many videos in a short time. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
