"""Encryption at rest: what the database holds of a dream is ciphertext, read back as the text; the database is never
asked to compare it; rows written before are encrypted by the migrations (and back, undoing them)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.functions import Cast

from dreams.models import ConsentEvent, Dream
from dreamtok import encryption
from dreamtok.encryption import keyed_hash
from dreamtok.fields import Ciphertext
from tests.factories import DreamFactory
from tests.migrating import migrate, migrate_to_latest
from videogen.models import VideoJob, VideoSubmission

pytestmark = pytest.mark.django_db


def stored(model, pk, field: str) -> str | None:
    """The value as the database holds it, not through the field."""
    return model.objects.filter(pk=pk).annotate(raw=Cast(field, models.TextField())).values_list("raw", flat=True).get()


def test_a_dreams_words_are_stored_as_ciphertext_and_read_back_as_written():
    dream = DreamFactory(title="Lighthouse", content="A gull spoke Norwegian.", symbols=["gull", "lighthouse"])
    for field in ("title", "content", "symbols"):
        raw = stored(Dream, dream.pk, field)
        assert encryption.looks_encrypted(raw) and "ighthouse" not in raw and "gull" not in raw
    again = Dream.objects.get(pk=dream.pk)
    assert (again.title, again.content, again.symbols) == (
        "Lighthouse",
        "A gull spoke Norwegian.",
        ["gull", "lighthouse"],
    )


def test_the_same_title_is_stored_differently_each_time():
    first, second = DreamFactory(title="Same"), DreamFactory(title="Same")
    assert stored(Dream, first.pk, "title") != stored(Dream, second.pk, "title")


def test_an_empty_value_stays_empty_and_takes_no_room():
    dream = DreamFactory(moderation_reason="")
    assert stored(Dream, dream.pk, "moderation_reason") == ""
    assert Dream.objects.get(pk=dream.pk).moderation_reason == ""


def test_the_database_is_never_asked_to_compare_an_encrypted_field():
    with pytest.raises(FieldError, match="stored encrypted"):
        Dream.objects.filter(title="Lighthouse").exists()
    with pytest.raises(FieldError, match="stored encrypted"):
        VideoJob.objects.filter(prompt__contains="whale").exists()
    assert Dream.objects.filter(title__isnull=True).count() == 0  # isnull needs no reading


def test_a_title_keeps_its_length_limit():
    dream = DreamFactory.build(title="x" * 201)
    with pytest.raises(ValidationError) as raised:
        dream.full_clean(exclude=["client", "author"])
    assert "title" in raised.value.message_dict


def test_a_value_written_in_plain_text_before_is_still_read():
    dream = DreamFactory()
    Dream.objects.filter(pk=dream.pk).update(title=Ciphertext("Written before encryption"))
    assert Dream.objects.get(pk=dream.pk).title == "Written before encryption"


def test_a_value_under_a_key_no_longer_configured_is_an_error_that_names_the_cure(settings):
    dream = DreamFactory(title="Old key")
    settings.FIELD_ENCRYPTION_KEYS = ["vE2mRz3e0Mfz1u8uM8c7sEbE5jQ0wq2F3sL7W8lV9xY="]
    with pytest.raises(encryption.UndecryptableValue, match="put back the key"):
        Dream.objects.get(pk=dream.pk)


BEFORE = [
    ("dreams", "0010_video_sound_and_credentials"),
    ("videogen", "0008_drawn_symbols"),
    ("admin", "0003_logentry_add_action_flag_choices"),  # its history, as the migrations found it
]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_encrypt_the_rows_written_before_and_undo_it():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="t")
    client = old.get_model("dreams", "Client").objects.create(therapist=user, pseudonym="A")
    dream = old.get_model("dreams", "Dream").objects.create(
        client=client, author=user, title="Lighthouse", content="A gull spoke.", symbols=["gull"],
        dreamt_on="2026-11-01", moderation_reason="Shows the gull",
    )  # fmt: skip
    note = old.get_model("dreams", "ConsentEvent").objects.create(
        dream=dream, kind="given", role="therapist", how="in_session", note="said yes to the gull"
    )
    job = old.get_model("videogen", "VideoJob").objects.create(
        dream=dream, provider="local", prompt="a gull, dreamlike", prompt_hash="ab" * 32, error="gull refused",
        drawn_symbols=["gull"], provider_task_id="cd" * 16,
    )  # fmt: skip
    submission = old.get_model("videogen", "VideoSubmission").objects.create(
        job=job, provider="local", task_id="cd" * 16, error="no gull"
    )
    dream_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="dreams", model="dream")[
        0
    ]
    old.get_model("admin", "LogEntry").objects.create(
        user=user, content_type=dream_type, object_id=str(dream.pk), object_repr="Lighthouse", action_flag=2
    )
    migrate_to_latest()

    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [f"dream {dream.pk}"]  # no title there
    for model, pk, fields in [
        (Dream, dream.pk, ["title", "content", "symbols", "moderation_reason"]),
        (ConsentEvent, note.pk, ["note"]),
        (VideoJob, job.pk, ["prompt", "error", "drawn_symbols"]),
        (VideoSubmission, submission.pk, ["error"]),
    ]:
        for field in fields:
            raw = stored(model, pk, field)
            assert encryption.looks_encrypted(raw) and "gull" not in raw.lower(), (model, field)
    now = Dream.objects.get(pk=dream.pk)
    assert (now.title, now.content, now.symbols, now.moderation_reason) == (
        "Lighthouse", "A gull spoke.", ["gull"], "Shows the gull",
    )  # fmt: skip
    assert ConsentEvent.objects.get(pk=note.pk).note == "said yes to the gull"
    migrated = VideoJob.objects.get(pk=job.pk)
    assert (migrated.prompt, migrated.error, migrated.drawn_symbols) == ("a gull, dreamlike", "gull refused", ["gull"])
    assert migrated.prompt_hash == keyed_hash("ab" * 32)  # equal stays equal, and no guess can be tested
    assert (
        migrated.provider_task_id == VideoSubmission.objects.get(pk=submission.pk).task_id == keyed_hash("cd" * 16)[:32]
    )

    migrate(BEFORE)  # undone: plain text again, in the columns of before
    assert stored(Dream, dream.pk, "title") == "Lighthouse"
    assert stored(VideoJob, job.pk, "prompt") == "a gull, dreamlike"
    migrate_to_latest()  # back to the latest schema for other tests
    assert Dream.objects.get(pk=dream.pk).symbols == ["gull"]
