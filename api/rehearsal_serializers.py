"""The API's shapes of imagery rehearsal: what a rescript, a check-in and a morning log may send (checked by the pages'
own forms, so the rules and messages are the same) and what logs and weekly progress answer."""

from django import forms
from rest_framework import serializers

from dreams.models import NightLog, RehearsalSession
from dreams.rehearsal.forms import CheckInForm, NightLogForm

from .serializers import DreamCreateSerializer, checked_by_form, form_errors


def checked_by(form_class: type[forms.Form], values: dict) -> dict:
    """The page's form's cleaned data for these values, or its translated errors as a ValidationError."""
    form = form_class({name: value for name, value in values.items() if value is not None})
    if not form.is_valid():
        raise serializers.ValidationError(form_errors(form))
    return form.cleaned_data


class RescriptCreateSerializer(DreamCreateSerializer):
    """A new version of the dream in the URL (of its nightmare, for a rescript's): a dream of the same client."""

    client = None  # type: ignore[assignment]  # DRF's way to drop an inherited field; the stubs cannot say it

    def validate(self, attrs):
        return checked_by_form(attrs)


class CheckInSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(help_text="Minutes rehearsed: 1 to 180.")
    vividness = serializers.IntegerField(help_text="How vivid the new dream was, 0–10.")
    calm = serializers.IntegerField(help_text="How calm the client felt, 0–10.")

    def validate(self, attrs):
        return checked_by(CheckInForm, attrs)


class NightLogCreateSerializer(serializers.Serializer):
    night = serializers.DateField(help_text="The night, named by its evening; a night not over yet is refused.")
    nightmare = serializers.BooleanField()
    distress = serializers.IntegerField(required=False, allow_null=True, help_text="0–10; needed with a nightmare.")
    was_rescripted = serializers.BooleanField(default=False)

    def validate(self, attrs):
        values = {**attrs, "night": attrs["night"].isoformat(), "nightmare": "yes" if attrs["nightmare"] else "no"}
        values["was_rescripted"] = "on" if attrs.get("was_rescripted") else None
        return checked_by(NightLogForm, values)


class RehearsalSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RehearsalSession
        fields = ["id", "rescript", "day", "minutes", "vividness", "calm"]


class NightLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = NightLog
        fields = ["night", "nightmare", "distress", "was_rescripted", "rescript", "updated_at"]


class WeekSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    nights_logged = serializers.IntegerField()
    nightmare_nights = serializers.IntegerField()
    mean_distress = serializers.FloatField(allow_null=True)
    minutes = serializers.IntegerField()
    target_minutes = serializers.IntegerField()
