import uuid

import pytest
from django.apps import apps
from django.db import IntegrityError

import dreams.models
from dreams.models import Dream, is_therapist
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dream_ids_are_opaque_uuids():
    dream = DreamFactory()
    assert isinstance(dream.pk, uuid.UUID)
    assert dream.get_absolute_url() == f"/dreams/{dream.pk}/"


def test_new_dream_defaults_to_symbols_mode_private_and_pending():
    dream = DreamFactory()
    assert dream.privacy_mode == Dream.PrivacyMode.SYMBOLS
    assert dream.visibility == Dream.Visibility.PRIVATE
    assert dream.moderation == Dream.Moderation.PENDING


def test_a_therapist_cannot_have_two_clients_with_the_same_pseudonym():
    client = ClientFactory(pseudonym="Anna")
    with pytest.raises(IntegrityError):
        ClientFactory(therapist=client.therapist, pseudonym="Anna")


def test_therapist_role_comes_from_the_group():
    assert is_therapist(TherapistFactory())
    assert not is_therapist(UserFactory())


def test_dream_without_a_file_has_no_video():
    assert not DreamFactory().has_video


def test_every_dreams_model_is_imported_from_dreams_models_under_the_dreams_label():
    for model in apps.get_app_config("dreams").get_models():
        assert getattr(dreams.models, model.__name__) is model
        assert model._meta.app_label == "dreams"
