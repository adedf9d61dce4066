"""Forms of imagery rehearsal: the rescript (a dream form with one more choice), the check-in after a rehearsal, the
morning log, the client's clock and reminder, the therapist's target. Limits with a message are the services'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DreamForm
from . import selectors

if TYPE_CHECKING:  # django-stubs' name for a text or a lazy translation (a development requirement only)
    from django_stubs_ext import StrOrPromise

SCORE_WIDGET = {"min": 0, "max": 10, "inputmode": "numeric"}


def _score(label: StrOrPromise, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=required,
        widget=forms.NumberInput(attrs=SCORE_WIDGET),
        error_messages={
            "min_value": _("Choose a number from 0 to 10."),
            "max_value": _("Choose a number from 0 to 10."),
            "required": _("Choose a number from 0 to 10."),
        },
    )


class RescriptForm(DreamForm):
    """The dream form for a new version of a nightmare, written with the client in session."""


class CheckInForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes rehearsed"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 180, "inputmode": "numeric"}),
        error_messages={"required": _("Enter the minutes you rehearsed: at least one.")},
    )
    vividness = _score(_("How vivid was the new dream (0–10)"))
    calm = _score(_("How calm did you feel (0–10)"))


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class NightLogForm(forms.Form):
    night = forms.DateField(
        label=_("Night of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date.")},
    )
    nightmare = forms.TypedChoiceField(
        label=_("Did a nightmare come?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a nightmare came.")},
    )
    distress = _score(_("How distressing was it (0–10)"), required=False)
    was_rescripted = forms.BooleanField(label=_("It was the nightmare we rescripted"), required=False)


class ClockForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Your time zone"))
    reminder_at = forms.TimeField(
        label=_("Remind me by email at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 07:30.")},
    )
    reminder_email = forms.EmailField(label=_("Email address for the reminder"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = selectors.time_zone_choices()

    def clean(self):
        data = super().clean()
        if data.get("reminder_at") and not data.get("reminder_email") and "reminder_email" not in self.errors:
            self.add_error("reminder_email", _("Give an address to send the reminder to, or clear the time."))
        if data.get("reminder_email") and not data.get("reminder_at") and "reminder_at" not in self.errors:
            self.add_error("reminder_at", _("Choose a time for the reminder, or clear the address."))
        return data


class TargetForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Daily rehearsal target, minutes"),
        min_value=1,
        max_value=180,
        widget=forms.NumberInput(attrs={"min": 1, "max": 180, "inputmode": "numeric"}),
        error_messages={
            "min_value": _("Set a target from 1 to 180 minutes."),
            "max_value": _("Set a target from 1 to 180 minutes."),
            "required": _("Set a target from 1 to 180 minutes."),
        },
    )
    time_zone = forms.ChoiceField(label=_("The client's time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = selectors.time_zone_choices()
