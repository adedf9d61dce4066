"""Factories for users in their roles, clients and dreams."""

import datetime

import factory
from django.contrib.auth import get_user_model

from dreams.models import Client, Dream, therapists_group

PASSWORD = "dream-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TherapistFactory(UserFactory):
    username = factory.Sequence(lambda n: f"therapist{n}")

    @factory.post_generation
    def therapist_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(therapists_group())


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    therapist = factory.SubFactory(TherapistFactory)
    pseudonym = factory.Sequence(lambda n: f"Client {n}")
    user = factory.SubFactory(UserFactory)


class DreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dream

    client = factory.SubFactory(ClientFactory)
    author = factory.LazyAttribute(lambda dream: dream.client.therapist)
    title = factory.Sequence(lambda n: f"Dream {n}")
    content = "I swam with a red whale in deep blue water."
    symbols = factory.LazyFunction(lambda: ["whale", "water", "red"])
    dreamt_on = factory.LazyFunction(lambda: datetime.date(2026, 11, 1))
    consent_video = True


def dreams_titled(title: str, dreams=None) -> list[Dream]:
    """The dreams (of the queryset, or all) with this title: titles are stored encrypted, so compared in Python."""
    return [dream for dream in (dreams if dreams is not None else Dream.objects.all()) if dream.title == title]
