"""Factories for users in their roles, clients, dreams (with a stored video if asked), video jobs and submissions."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from dreams.models import Client, Dream, therapists_group
from videogen.models import VideoJob, VideoSubmission

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
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    author = factory.LazyAttribute(lambda dream: dream.client.therapist)
    title = factory.Sequence(lambda n: f"Dream {n}")
    content = "I swam with a red whale in deep blue water."
    symbols = factory.LazyFunction(lambda: ["whale", "water", "red"])
    dreamt_on = factory.LazyFunction(lambda: datetime.date(2026, 11, 1))
    consent_video = True

    @factory.post_generation
    def with_video(obj, create, extracted, **kwargs):
        """`with_video=True` (or a file stem: `with_video="private"`) stores a video and a poster, as `store_video`."""
        if create and extracted:
            store_video(obj, extracted if isinstance(extracted, str) else "clip", **kwargs)


def store_video(dream: Dream, stem: str = "clip", *, video: bytes = b"\x00" * 64, poster: bytes = b"\xff\xd8") -> Dream:
    """Give the dream a video and a poster in the test's storage, as a finished job leaves them, and save it. The
    bytes are placeholders, never played; a test that reads them back passes its own."""
    dream.video.save(f"{stem}.mp4", ContentFile(video), save=False)
    dream.poster.save(f"{stem}.jpg", ContentFile(poster), save=True)
    return dream


class VideoJobFactory(factory.django.DjangoModelFactory):
    """A job as a test sets it up (queued, the local renderer, nobody asked): the pipeline is not run."""

    class Meta:
        model = VideoJob

    dream = factory.SubFactory(DreamFactory)
    provider = "local"


class VideoSubmissionFactory(factory.django.DjangoModelFactory):
    """One request to a provider for a job (being sent, unless told otherwise), of the job's provider."""

    class Meta:
        model = VideoSubmission

    job = factory.SubFactory(VideoJobFactory)
    provider = factory.LazyAttribute(lambda submission: submission.job.provider)


def dreams_titled(title: str, dreams=None) -> list[Dream]:
    """The dreams (of the queryset, or all) with this title: titles are stored encrypted, so compared in Python."""
    return [dream for dream in (dreams if dreams is not None else Dream.objects.all()) if dream.title == title]
