"""Pages of imagery rehearsal. The therapist: write a rescript beside the nightmare, pick the current one, follow the
client's progress, print a summary. The client: rehearse with the new dream's video, log the night, set a reminder.
Every page reads through the selectors, writes through the services, and lands in the audit log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from videogen.services import GenerationRefused, provider_choices

from .. import audit
from .. import selectors as dream_selectors
from ..views import DREAM_FIELDS, _generation_too_fast, therapist_required
from . import selectors, services
from .chart import progress_chart
from .forms import RescriptForm, TargetForm


def client_required(view):
    """Pages of a signed-in client about themselves: anyone else gets 403."""

    def wrapped(request, *args, **kwargs):
        if dream_selectors.viewer(request).role != "client":
            raise PermissionDenied
        request.client = selectors.client_of_user(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


FAILED = object()


def call_service(form, service, **kwargs):
    """Call a service; its ValidationError becomes the form's messages (the input stays): then FAILED."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return FAILED


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def rescript_add(request, dream_id):
    """A new version of the dream, written beside the original."""
    original = get_object_or_404(dream_selectors.dreams_editable_by(request.user), pk=dream_id)
    nightmare = original.rescript_of or original
    form = RescriptForm(request.POST or None, providers=provider_choices())
    if request.method != "POST":
        form.initial |= {"dreamt_on": nightmare.dreamt_on, "consent_video": False}
    if request.method == "POST" and form.is_valid() and not _generation_too_fast(request, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
        try:
            rescript = services.rescript_create(
                original=nightmare,
                author=request.user,
                generate=form.cleaned_data["generate"],
                provider=form.cleaned_data["provider"],
                **fields,
            )
        except GenerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The new version is saved; the client rehearses it from now on."))
            return redirect("dream_detail", dream_id=rescript.pk)
    audit.record(actor=request.user, dream_id=nightmare.pk, action=audit.Action.VIEWED, detail="rescript form")
    return render(request, "rehearsal/rescript_form.html", {"form": form, "original": nightmare})


@require_POST
@therapist_required
def rescript_make_current(request, dream_id):
    rescript = get_object_or_404(
        dream_selectors.dreams_editable_by(request.user).filter(rescript_of__isnull=False), pk=dream_id
    )
    services.rescript_make_current(rescript=rescript, by=request.user)
    messages.success(request, _("This is now the version the client rehearses."))
    return redirect("dream_detail", dream_id=rescript.pk)


def _progress_context(client) -> dict:
    weeks = selectors.weekly_progress(client)
    chart = progress_chart(
        weeks,
        titles=(
            _("Nights with a nightmare (of 7)"),
            _("Mean distress (0–10)"),
            _("Rehearsal minutes (line: the target)"),
        ),
        week_label=_("W%d"),
    )
    return {"client": client, "weeks": weeks, "chart": chart, "rescript": selectors.current_rescript(client)}


@therapist_required
def client_progress(request, client_id: int):
    """The client's weeks since the first rescript, as a chart and a table; the daily target and time zone."""
    client = get_object_or_404(dream_selectors.clients_for(request.user), pk=client_id)
    initial = {"minutes": client.rehearsal_target_minutes, "time_zone": client.time_zone}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if (
            call_service(form, services.rehearsal_target_update, client=client, by=request.user, **form.cleaned_data)
            is not FAILED
        ):
            messages.success(request, _("The target is saved."))
            return redirect("client_progress", client_id=client.pk)
    audit.record(actor=request.user, client_id=client.pk, action=audit.Action.VIEWED, detail="rehearsal progress")
    return render(request, "rehearsal/progress.html", _progress_context(client) | {"form": form})


@therapist_required
def client_summary(request, client_id: int):
    """One printable page for the therapist's notes."""
    client = get_object_or_404(dream_selectors.clients_for(request.user), pk=client_id)
    audit.record(actor=request.user, client_id=client.pk, action=audit.Action.VIEWED, detail="rehearsal summary")
    context = _progress_context(client) | {
        "totals": selectors.totals(client),
        "today": selectors.client_today(client),
        "start": selectors.rehearsal_start(client),
    }
    return render(request, "rehearsal/summary.html", context)
