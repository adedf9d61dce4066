"""Therapists' and clients' pages: clients, the dream form, a dream's page, consent, the feed entry point."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from videogen.ratelimit import generation_wait, too_fast_message
from videogen.services import GenerationRefused, provider_choices

from . import audit, selectors, services
from .forms import ClientForm, DreamForm
from .models import Dream, is_therapist


def therapist_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_therapist(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def home(request):
    role = selectors.user_role(request.user)
    if role == "therapist":
        return redirect("client_list")
    if role == "staff":
        return redirect("admin:index")
    return redirect("feed")


@therapist_required
def client_list(request):
    clients = selectors.clients_for(request.user, with_counts=True)
    return render(request, "dreams/client_list.html", {"clients": clients})


@therapist_required
def client_add(request):
    form = ClientForm(request.POST or None, therapist=request.user)
    if request.method == "POST" and form.is_valid():
        client = services.client_create(therapist=request.user, **form.cleaned_data)
        messages.success(request, _("Client “%(name)s” added.") % {"name": client.pseudonym})
        return redirect("client_detail", client_id=client.pk)
    return render(request, "dreams/client_form.html", {"form": form})


@therapist_required
def client_detail(request, client_id: int):
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    dreams = client.dreams.all()
    return render(request, "dreams/client_detail.html", {"client": client, "dreams": dreams})


def _dream_form(request, *, instance=None, data=None):
    return DreamForm(data, instance=instance, providers=provider_choices())


def _generation_too_fast(request, form) -> bool:
    """With "make the video now" ticked, the form asks for a video: the same per-user rate as generate-video."""
    if not (form.cleaned_data.get("generate") and form.cleaned_data.get("consent_video")):
        return False
    wait = generation_wait(request.user)
    if wait:
        form.add_error(None, too_fast_message(wait))
    return bool(wait)


# Error reports leave out what the therapist typed: the dream's title, text and symbols.
DREAM_FIELDS = ("title", "content", "symbols")


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def dream_add(request, client_id: int):
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    form = _dream_form(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and not _generation_too_fast(request, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
        try:
            dream = services.dream_create(
                author=request.user,
                client=client,
                generate=form.cleaned_data["generate"],
                provider=form.cleaned_data["provider"],
                **fields,
            )
        except GenerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Dream saved."))
            return redirect("dream_detail", dream_id=dream.pk)
    return render(request, "dreams/dream_form.html", {"form": form, "client": client})


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def dream_edit(request, dream_id):
    dream = get_object_or_404(selectors.dreams_editable_by(request.user), pk=dream_id)
    form = _dream_form(request, instance=dream, data=request.POST or None)
    if request.method != "POST":
        form.initial["generate"] = False
    if request.method == "POST" and form.is_valid() and not _generation_too_fast(request, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
        try:
            services.dream_update(
                dream=dream,
                by=request.user,
                generate=form.cleaned_data["generate"],
                provider=form.cleaned_data["provider"],
                **fields,
            )
        except GenerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Dream updated."))
            return redirect("dream_detail", dream_id=dream.pk)
    return render(request, "dreams/dream_form.html", {"form": form, "client": dream.client, "dream": dream})


def dream_detail(request, dream_id):
    dream = get_object_or_404(selectors.dreams_viewable_by(request.user), pk=dream_id)
    audit.record(actor=request.user, dream_id=dream.pk, action=audit.Action.VIEWED)
    context = {
        "dream": dream,
        "job": dream.jobs.first(),
        "can_edit": dream.client.therapist_id == request.user.pk,
        "is_own": request.user.pk in (dream.client.therapist_id, dream.client.user_id),
        "providers": provider_choices(),
    }
    return render(request, "dreams/dream_detail.html", context)


@therapist_required
def dream_delete(request, dream_id):
    dream = get_object_or_404(selectors.dreams_editable_by(request.user), pk=dream_id)
    if request.method == "POST":
        client_id = dream.client_id
        services.dream_delete(dream=dream, by=request.user)
        messages.success(request, _("The dream and its video were deleted."))
        return redirect("client_detail", client_id=client_id)
    return render(request, "dreams/dream_confirm_delete.html", {"dream": dream})


@require_POST
def consent_withdraw(request, dream_id):
    dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
    services.consent_withdraw(dream=dream, by=request.user)
    messages.success(request, _("Consent withdrawn. The video was deleted and removed from every feed."))
    return redirect("dream_detail", dream_id=dream.pk)


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def prompt_preview(request):
    """What would leave the server for this text and mode: the exact prompt, with the removed parts marked."""
    from dreams.symbols import DISTRESSING_SYMBOLS
    from videogen.prompts.template import FullTextNotAllowed, build_prompt

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = _dream_form(request, data=request.POST)
    text = request.POST.get("content", "")[:10_000]
    try:
        symbols = form.fields["symbols"].clean(request.POST["symbols"]) if request.POST.get("symbols") else None
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    mode = request.POST.get("privacy_mode", Dream.PrivacyMode.SYMBOLS)
    if mode not in Dream.PrivacyMode.values:
        mode = Dream.PrivacyMode.SYMBOLS
    provider = request.POST.get("provider") or "local"
    try:
        built = build_prompt(text=text, symbols=symbols, mode=mode, provider=provider, full_text_allowed=True)
    except FullTextNotAllowed as error:
        return JsonResponse({"error": str(error)}, status=400)
    except Exception:  # noqa: BLE001 - a preview never breaks the form
        return JsonResponse({"error": _("The preview is not available right now.")}, status=200)
    return JsonResponse(
        {
            "prompt": built.prompt,
            "symbols": built.symbols,
            "language": built.language,
            "distressing": bool(set(built.symbols) & DISTRESSING_SYMBOLS),
            "leaves_server": provider != "local",
            "redactions": [{"kind": r.kind, "start": r.start, "end": r.end} for r in built.redactions],
        },
        json_dumps_params={"ensure_ascii": False},
    )
