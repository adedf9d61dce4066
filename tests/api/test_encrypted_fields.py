"""The API answers encrypted values as what they are, not as the text they are stored as: a dream's symbols as a
list, a log's figures as numbers and true/false (a ModelSerializer picks its fields by the model field's class)."""

import pytest
from rest_framework import serializers

from dreams.models import NightLog, RehearsalSession
from tests.factories import ClientFactory, DreamFactory, TherapistFactory


def test_a_dreams_symbols_are_answered_as_a_list(app_of):
    dream = DreamFactory(client=ClientFactory(therapist=TherapistFactory()), symbols=["moon", "sea"])
    answer = app_of(dream.client.therapist).get(f"/api/v1/dreams/{dream.pk}")
    assert answer.status_code == 200, answer.content
    assert answer.json()["symbols"] == ["moon", "sea"]


class NightLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = NightLog
        fields = ["nightmare", "distress", "was_rescripted"]


class RehearsalSerializer(serializers.ModelSerializer):
    class Meta:
        model = RehearsalSession
        fields = ["minutes", "vividness", "calm"]


def test_a_logs_figures_are_numbers_and_booleans_with_the_models_limits():
    night = NightLogSerializer(NightLog(nightmare=True, distress=6, was_rescripted=False)).data
    assert night == {"nightmare": True, "distress": 6, "was_rescripted": False}
    assert RehearsalSerializer(RehearsalSession(minutes=25, vividness=7, calm=0)).data == {
        "minutes": 25, "vividness": 7, "calm": 0,
    }  # fmt: skip
    sent = NightLogSerializer(data={"nightmare": "yes", "distress": "4"})
    assert sent.is_valid() and sent.validated_data == {"nightmare": True, "distress": 4}
    refused = RehearsalSerializer(data={"minutes": 181, "vividness": "very", "calm": 3})
    assert not refused.is_valid() and set(refused.errors) == {"minutes", "vividness"}


@pytest.mark.parametrize("distress", [None, 0, 10])
def test_distress_may_be_left_out_or_given_from_zero_to_ten(distress):
    sent = NightLogSerializer(data={"nightmare": distress is not None, "distress": distress})
    assert sent.is_valid(), sent.errors
