"""Errors as RFC 9457 problem details (`application/problem+json`), translated: every refusal of the API has a
`title` (what kind), a `detail` (what to do), the `status`, a `code`, and for bad input the `errors` of each field."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("The request has errors"),
    401: gettext_lazy("Sign-in required"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


class Problem(exceptions.APIException):
    """A refusal the domain explains (a generation refused, a second factor missing): its own status, code, message."""

    def __init__(self, detail: str, *, status_code: int = status.HTTP_400_BAD_REQUEST, code: str = "refused"):
        super().__init__(detail=str(detail), code=code)  # str: a CodedMessage carries a `code` DRF would take
        self.status_code = status_code


class TooFast(exceptions.Throttled):
    """The generation rate of dreamtok.ratelimit (the same as on the pages), with its own message."""

    def __init__(self, *, wait: int, message: str):
        super().__init__(wait=wait, detail=message)
        self.detail = exceptions.ErrorDetail(message, code="throttled")  # not DRF's "Expected available in…" suffix


def _field_errors(detail, path: str = "") -> list[dict]:
    """Flatten a ValidationError's detail into [{field, detail}]: "symbols.2" for the third symbol, "" for the body."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in _field_errors(value, f"{path}.{key}" if path else ("" if key == "non_field_errors" else key))
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"field": path, "detail": str(item)} for item in detail]
        return [error for index, item in enumerate(detail) for error in _field_errors(item, f"{path}.{index}")]
    return [{"field": path, "detail": str(detail)}]


def problem(status_code: int, *, detail: str, code: str, errors: list[dict] | None = None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def exception_handler(exc, context):
    """DRF's handler for its headers (WWW-Authenticate, Retry-After), then the body as problem details."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Nothing with this id was found, or it is not yours to see."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Your account may not do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API refusal: a real error, reported as one
    headers = {name: value for name, value in response.items() if name in ("WWW-Authenticate", "Retry-After", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        detail = errors[0]["detail"] if len(errors) == 1 else _("Some fields have errors: see each field's error.")
        return problem(response.status_code, detail=detail, code="invalid", errors=errors, headers=headers)
    codes = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    return problem(response.status_code, detail=str(exc.detail), code=codes, headers=headers)


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, dotted for a nested one; empty for the request as a whole.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    # DRF's metaclass takes declared fields out of the class, so this does not hide Serializer.errors; the stubs
    # cannot know that.
    errors = FieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]
