"""JSON endpoints of a dream's video: preview its prompt, start a generation, ask how it stands."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from dreams import selectors
from dreams.forms import DreamForm, normalize_dream_text
from dreams.models import Dream
from dreams.symbols import DISTRESSING_SYMBOLS
from dreams.symbols.safety import suggest_symbols
from dreams.views import DREAM_FIELDS, therapist_required
from dreamtok.http import json_endpoint, json_refusal
from dreamtok.ratelimit import generation_wait, too_fast_message
from dreamtok.text.anonymize import one_pass

from .prompts.template import build_prompt
from .providers import offered_providers
from .services import GenerationRefused, provider_choices, video_job_start
from .status import video_status as status_of

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnreadableRequest(Exception):
    """The body is neither a form nor a JSON object, or its `provider` is not a name."""


def _provider_from(request) -> str:
    """The provider a form or a JSON object names; "" when it names none (the first offered one is then taken).

    Anything else is refused rather than read as "no provider": a misread request must not go to a provider that
    the therapist did not choose, and which may be external.
    """
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8"))  # JSON is UTF-8, whatever charset the header claims
        except ValueError as error:  # UnicodeDecodeError included
            raise UnreadableRequest from error
        if not isinstance(body, dict):
            raise UnreadableRequest
        fields = body
    elif request.content_type in FORM_TYPES:
        fields = request.POST  # a malformed multipart body raises MultiPartParserError
    else:
        raise UnreadableRequest
    if "provider" not in fields:
        return ""
    value = fields["provider"]
    if not isinstance(value, str) or not value:
        raise UnreadableRequest
    return value


def _dream_or_404(request, dream_id):
    try:
        return get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
    except (ValueError, TypeError) as error:
        raise Http404 from error


@json_endpoint
@require_POST
def generate_video(request, dream_id):
    dream = _dream_or_404(request, dream_id)
    if dream.client.therapist_id != request.user.pk:
        raise PermissionDenied
    wants_page = "text/html" in request.headers.get("Accept", "")  # a plain form post, without JavaScript
    wait = generation_wait(request.user)
    if wait:
        if wants_page:
            messages.error(request, too_fast_message(wait))
            return redirect("dream_detail", dream_id=dream.pk)
        response = json_refusal(too_fast_message(wait), 429)
        response["Retry-After"] = str(wait)
        return response
    try:
        provider = _provider_from(request)
    except (UnreadableRequest, MultiPartParserError):
        return json_refusal(_("The request could not be read."), 400)
    try:
        job = video_job_start(dream=dream, provider=provider, requested_by=request.user)
    except GenerationRefused as error:
        if wants_page:
            messages.error(request, error.message)
            return redirect("dream_detail", dream_id=dream.pk)
        return json_refusal(error.message, 400)
    if wants_page:
        messages.success(request, _("The video is being made."))
        return redirect("dream_detail", dream_id=dream.pk)
    return JsonResponse({"status": "processing", "job": {"id": job.pk, "provider": job.provider, "state": job.state}})


@json_endpoint
@require_GET
def video_status(request, dream_id):
    return JsonResponse(status_of(_dream_or_404(request, dream_id), request.user))


def _marked_segments(text: str, redactions) -> list[dict]:
    """The text in pieces, each removed piece with its kind: the page marks them without counting characters."""
    segments = []
    position = 0
    for redaction in redactions:
        if redaction.start > position:
            segments.append({"text": text[position : redaction.start], "kind": None})
        segments.append({"text": text[redaction.start : redaction.end], "kind": redaction.kind})
        position = redaction.end
    if position < len(text):
        segments.append({"text": text[position:], "kind": None})
    return segments


@json_endpoint
@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def prompt_preview(request):
    """What would leave the server if this form were saved: the very prompt the video job would send, built from the
    text, symbols, mode and consent exactly as saving cleans them, with the removed parts marked."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DreamForm(request.POST, providers=provider_choices())
    form.is_valid()  # the other fields' errors (title, date…) do not matter here
    data, errors = form.cleaned_data, form.errors
    if "content" in errors and normalize_dream_text(request.POST.get("content", "")):
        return JsonResponse({"error": " ".join(errors["content"])}, status=400)
    if "symbols" in errors:
        return JsonResponse({"error": " ".join(errors["symbols"])}, status=400)
    mode = data.get("privacy_mode") or Dream.PrivacyMode.SYMBOLS
    if mode == Dream.PrivacyMode.FULL and "consent_full_text" in errors:
        return JsonResponse({"error": " ".join(errors["consent_full_text"])}, status=400)
    text = data.get("content", "")
    offered = offered_providers()
    provider = data.get("provider") or (offered[0] if offered else "local")
    try:
        with one_pass():  # the suggestion and the prompt share one anonymization of the text
            symbols = data.get("symbols") or suggest_symbols(text)
            built = build_prompt(text=text, symbols=symbols, mode=mode, provider=provider, full_text_allowed=True)
    except Exception:  # noqa: BLE001 - a preview never breaks the form
        return JsonResponse({"error": _("The preview is not available right now.")}, status=200)
    return JsonResponse(
        {
            "prompt": built.prompt,
            "symbols": built.symbols,
            "language": built.language,
            "distressing": bool(set(built.symbols) & DISTRESSING_SYMBOLS),
            "leaves_server": provider != "local",
            "segments": _marked_segments(text, built.redactions),
        },
        json_dumps_params={"ensure_ascii": False},
    )
