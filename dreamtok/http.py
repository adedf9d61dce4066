"""JSON endpoints: how they are marked, how a request says it wants JSON, and the shape of a JSON refusal."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve


def json_endpoint(view):
    """Mark a view that answers JSON, so errors raised before it runs (CSRF, an unreadable body) answer JSON too.
    Put it outermost: other decorators may not carry the mark."""
    view.answers_json = True
    return view


def wants_json(request) -> bool:
    """A request to a JSON endpoint, or one that asks for JSON (a script's fetch)."""
    return "application/json" in request.headers.get("Accept", "") or is_json_endpoint(request)


def is_json_endpoint(request) -> bool:
    """A request to a view marked `json_endpoint`, also before the URL was resolved."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error raised before the URL was resolved
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    return getattr(match.func, "answers_json", False)


def json_refusal(message: str, status: int) -> JsonResponse:
    """The body every JSON endpoint refuses with: the page's scripts show `error`."""
    return JsonResponse({"status": "refused", "error": str(message)}, status=status)
