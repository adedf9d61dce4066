"""The client's rehearsal page: the current new version on loop, its text if allowed, a timer, the check-in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import audit
from . import selectors, services
from .forms import CheckInForm
from .views import FAILED, call_service, client_required


@client_required
def rehearse(request):
    """The current new version on loop, its text if the therapist allowed, a timer and the check-in."""
    client = request.client
    rescript = selectors.current_rescript(client)
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if rescript is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            if (
                call_service(form, services.rehearsal_record, client=client, rescript=rescript, by=request.user, **data)
                is not FAILED
            ):
                messages.success(request, _("Rehearsal saved. Well done."))
                return redirect("rehearse")
    if rescript is not None:
        audit.record(actor=request.user, dream_id=rescript.pk, client_id=client.pk, action=audit.Action.VIEWED)
    today = selectors.client_today(client)
    context = {
        "rescript": rescript,
        "form": form,
        "target": client.rehearsal_target_minutes,
        "minutes_today": selectors.minutes_on(client, today),
    }
    return render(request, "rehearsal/rehearse.html", context)
