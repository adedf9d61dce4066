"""Project-level views: friendly CSRF-failure and bad-request answers (JSON for JSON endpoints) and the health check."""

import time

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .celery import app
from .http import json_refusal, wants_json


def csrf_failure(request, reason: str = ""):
    if wants_json(request):
        return json_refusal(_("This page has expired. Reload it and try again."), 403)
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    """handler400: a body that cannot be parsed (a malformed multipart, too many fields…), never a 500."""
    if wants_json(request):
        return json_refusal(_("The request could not be read."), 400)
    return render(request, "400.html", status=400)


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # noqa: BLE001 - a health check reports every failure, whatever its kind
        return {"ok": False, "ms": round((time.perf_counter() - started) * 1000, 1), "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker():
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _storage():
    name = default_storage.save("healthz/probe.txt", ContentFile(b"ok"))
    default_storage.delete(name)


# /healthz is public: a burst of probes (proxies, an orchestrator, anyone) costs one round of checks, not a storage
# write and delete (a PUT and a DELETE on S3) each.
HEALTH_CACHE_KEY = "dreamtok:healthz"
HEALTH_CACHE_SECONDS = 5


def _fresh_checks() -> dict:
    checks = {"database": _timed(_database), "broker": _timed(_broker), "storage": _timed(_storage)}
    checks["cache"] = _timed(lambda: cache.set(HEALTH_CACHE_KEY, checks, HEALTH_CACHE_SECONDS))  # stored without it
    return checks


@never_cache
def healthz(request):
    """Each part with its latency. Within HEALTH_CACHE_SECONDS of a check, its results are reported again (`cached`),
    with the cache's own latency measured now."""
    found: dict = {}
    lookup = _timed(lambda: found.update(cache.get(HEALTH_CACHE_KEY) or {}))
    checks = {**found, "cache": lookup} if found else _fresh_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": healthy, "checks": checks, "cached": bool(found)}, status=200 if healthy else 503)
