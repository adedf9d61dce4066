"""Bad data never breaks a page: JSON and choice fields are validated on the model (so the admin, the forms and the
services refuse the same values), and a bad value written around that (a raw UPDATE) is still shown without a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import JSONField, Value

from dreams import services
from dreams.models import Dream
from dreamtok.encryption import encrypt
from dreamtok.fields import Ciphertext
from tests.factories import DreamFactory, UserFactory, VideoJobFactory
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db

JSON_NULL = Value(None, JSONField())
BAD_SYMBOLS = [5, "whale", {"whale": 1}, JSON_NULL, [1, None, ["nested"]], [True], ["x" * 500]]


def short(value) -> str:
    return "json-null" if value is JSON_NULL else repr(value)[:24]


@pytest.fixture
def shared_pair():
    """A dream with a video, shared and approved, and a viewer from another client."""
    dream = DreamFactory(visibility="shared", moderation="approved", with_video=True)
    VideoJobFactory(dream=dream, state="ready")
    return dream, DreamFactory().client.user


def pages_of(client, dream, other) -> dict[str, int]:
    job = dream.jobs.get()
    answers = {}
    for who, user in (("client", dream.client.user), ("therapist", dream.author), ("other", other)):
        client.force_login(user)
        for url in ("/feed/", "/feed/items", "/feed/?tab=shared", "/feed/items?tab=shared", f"/dreams/{dream.pk}/"):
            answers[f"{who} {url}"] = client.get(url).status_code
    client.force_login(dream.author)
    answers["edit form"] = client.get(f"/dreams/{dream.pk}/edit/").status_code
    answers["video status"] = client.get(f"/dreams/{dream.pk}/video-status").status_code
    answers["generate"] = client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"}).status_code
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    answers["admin list"] = client.get("/admin/dreams/dream/").status_code
    answers["admin page"] = client.get(f"/admin/dreams/dream/{dream.pk}/change/").status_code
    answers["admin jobs"] = client.get("/admin/videogen/videojob/").status_code
    answers["admin job"] = client.get(f"/admin/videogen/videojob/{job.pk}/change/").status_code
    return answers


@pytest.mark.parametrize("value", BAD_SYMBOLS, ids=short)
def test_pages_answer_with_any_stored_symbols(client, shared_pair, value):
    """The review's case: `symbols = 5` made the feed and the dream page answer 500."""
    dream, other = shared_pair
    # The symbols are stored encrypted: a JSON null there is an encrypted "null".
    Dream.objects.update(symbols=Ciphertext(encrypt("null")) if value is JSON_NULL else value)
    VideoJob.objects.update(providers_tried=value)
    answers = pages_of(client, dream, other)
    assert {page: status for page, status in answers.items() if status >= 500} == {}
    assert answers["client /feed/items"] == answers["other /feed/items?tab=shared"] == 200
    assert answers[f"therapist /dreams/{dream.pk}/"] == 200


@pytest.mark.parametrize("field", ["privacy_mode", "visibility", "moderation"])
def test_pages_answer_with_an_unknown_stored_choice(client, shared_pair, field):
    dream, other = shared_pair
    Dream.objects.update(**{field: "bogus"})
    answers = pages_of(client, dream, other)
    assert {page: status for page, status in answers.items() if status >= 500} == {}
    assert answers[f"therapist /dreams/{dream.pk}/"] == 200


def test_a_dream_with_an_unknown_privacy_mode_sends_nothing():
    from videogen.services import GenerationRefused, video_job_start

    dream = DreamFactory()
    Dream.objects.update(privacy_mode="bogus")
    dream.refresh_from_db()
    with pytest.raises(GenerationRefused):
        video_job_start(dream=dream, provider="local", requested_by=dream.author)
    assert not VideoJob.objects.exists()


def test_stored_symbols_read_back_as_the_words_they_hold():
    dream = DreamFactory()
    Dream.objects.update(symbols=["whale", 3, None, "moon"])
    dream.refresh_from_db()
    assert dream.symbols == ["whale", "moon"]
    Dream.objects.update(symbols=5)
    assert Dream.objects.values_list("symbols", flat=True).get() == []


@pytest.mark.parametrize(
    "value",
    [5, "whale", {"whale": 1}, [1], [""], ["x" * 41], [f"word{n}" for n in range(21)], ["bad\x00word"]],
    ids=short,
)
def test_the_model_refuses_symbols_that_are_not_a_short_list_of_short_words(value):
    dream = DreamFactory.build(symbols=value)
    with pytest.raises(ValidationError) as refused:
        dream.full_clean(exclude=["client", "author"])
    assert "symbols" in refused.value.message_dict


@pytest.mark.parametrize(("field", "value"), [("privacy_mode", "bogus"), ("visibility", "all"), ("moderation", "ok")])
def test_the_model_refuses_an_unknown_choice(field, value):
    dream = DreamFactory.build(**{field: value})
    with pytest.raises(ValidationError) as refused:
        dream.full_clean(exclude=["client", "author"])
    assert field in refused.value.message_dict


def test_a_jobs_providers_tried_are_a_list_of_provider_names():
    job = VideoJob(dream=DreamFactory(), provider="local", providers_tried=5)
    with pytest.raises(ValidationError) as refused:
        job.full_clean(exclude=["dream"])
    assert "providers_tried" in refused.value.message_dict


def test_the_services_refuse_what_the_model_refuses():
    dream = DreamFactory()
    with pytest.raises(ValidationError):
        services.dream_create(
            author=dream.author,
            client=dream.client,
            generate=False,
            title="Whale",
            content="A whale.",
            dreamt_on="2026-11-01",
            symbols=5,
        )
    with pytest.raises(ValidationError):
        services.dream_update(dream=dream, by=dream.author, privacy_mode="bogus")
    assert Dream.objects.count() == 1
    assert Dream.objects.get().privacy_mode == "symbols"
