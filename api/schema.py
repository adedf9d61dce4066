"""The OpenAPI schema's rules beyond drf-spectacular's: every operation says how it can be refused, as problem
details (so a client, and the schema fuzzing test, know every answer)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .problems import PROBLEM_TYPE, ProblemSerializer

REFUSALS = {
    "401": "Sign-in required: no token or session, or a token that expired or was revoked.",
    "403": "Not allowed for this account's role (or a browser call without its CSRF token).",
    "404": "Nothing with this id (in the path or the body), or not this account's to see.",
    "429": "Too many requests: wait the seconds of Retry-After.",
}
WITH_BODY = {
    "400": "The request has errors: `errors` lists them by field.",
    "415": "Send the body as application/json.",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        refusals = dict(REFUSALS)
        if self.method in ("POST", "PUT", "PATCH") or self._get_filter_parameters() or self.get_override_parameters():
            refusals |= WITH_BODY
        for code, description in refusals.items():
            if code not in responses:
                response = OpenApiResponse(ProblemSerializer, description=description)
                responses[code] = self._get_response_for_code(response, code, [PROBLEM_TYPE], direction)
        return responses
