"""The client's morning log (last night in under 20 seconds) and their clock: time zone and email reminder."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit
from . import selectors, services
from .forms import ClockForm, NightLogForm
from .views import FAILED, call_service, client_required


@client_required
def morning_log(request):
    """Last night in under 20 seconds; a night logged again is edited. The reminder settings below it."""
    client = request.client
    night = selectors.last_night(client)
    existing = selectors.night_log(client, night)
    initial = {"night": night}
    if existing is not None:
        initial |= {
            "nightmare": "yes" if existing.nightmare else "no",
            "distress": existing.distress,
            "was_rescripted": existing.was_rescripted,
        }
    form = NightLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, services.night_log_record, client=client, by=request.user, **form.cleaned_data)
        if saved is not FAILED:
            created = saved[1]
            messages.success(
                request, _("Saved. Thank you.") if created else _("That night was logged already: updated.")
            )
            return redirect("morning_log")
    audit.record(actor=request.user, client_id=client.pk, action=audit.Action.VIEWED, detail="morning log")
    clock = ClockForm(initial={name: getattr(client, name) for name in ("time_zone", "reminder_at", "reminder_email")})
    return _morning_page(request, client, form, clock)


def _morning_page(request, client, form, clock):
    night = selectors.last_night(client)
    context = {"form": form, "clock": clock, "night": night, "existing": selectors.night_log(client, night)}
    return render(request, "rehearsal/morning_log.html", context)


@require_POST
@client_required
def rehearsal_clock(request):
    """The client's time zone and morning reminder."""
    client = request.client
    clock = ClockForm(request.POST)
    if clock.is_valid():
        saved = call_service(clock, services.client_clock_update, client=client, by=request.user, **clock.cleaned_data)
        if saved is not FAILED:
            messages.success(request, _("Your time zone and reminder are saved."))
            return redirect("morning_log")
    form = NightLogForm(initial={"night": selectors.last_night(client)})
    return _morning_page(request, client, form, clock)
