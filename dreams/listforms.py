"""The therapist's list controls: client search, and the sort and filters of a client's dreams (GET forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a client"), required=False, max_length=80)


class DreamListForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Newest night first")), ("oldest", _("Oldest night first")), ("entered", _("Last written"))],
    )
    distressing = forms.ChoiceField(
        label=_("Distressing"),
        required=False,
        choices=[("", _("All dreams")), ("yes", _("Distressing only")), ("no", _("Not distressing"))],
    )
    video = forms.ChoiceField(
        label=_("Video"),
        required=False,
        choices=[
            ("", _("Any video state")),
            ("ready", _("Video ready")),
            ("making", _("Video being made")),
            ("failed", _("Video failed")),
            ("none", _("No video")),
        ],
    )
