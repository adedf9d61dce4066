"""`rotate_keys`: every encrypted value moves to the first key, batch by batch, reporting as it goes; a run cut short
is finished by running it again, and then the old key can go."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.db.models.functions import Cast

from dreams.models import Dream, NightLog, RehearsalSession
from dreamtok import encryption
from dreamtok.fields import Ciphertext
from dreamtok.reencrypt import rewrite
from tests.factories import DreamFactory, VideoJobFactory
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_titles() -> list[str]:
    return list(
        Dream.objects.order_by("pk").annotate(raw=Cast("title", models.TextField())).values_list("raw", flat=True)
    )


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_keys", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def five_dreams_under_the_old_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    dreams = [DreamFactory(title=f"Night {n}") for n in range(5)]
    VideoJobFactory(dream=dreams[0], prompt="a whale at night", error="slow")
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]  # the operator puts the new key first
    return dreams


def test_rotation_moves_every_value_to_the_new_key_and_the_old_one_can_go(settings, five_dreams_under_the_old_key):
    before = raw_titles()
    output = rotate(batch_size=2)
    assert "dreams.Dream: 2 rows read, 2 re-encrypted" in output
    assert "dreams.Dream: 5 rows read, 5 re-encrypted" in output
    assert "videogen.VideoJob: 1 rows read, 1 re-encrypted" in output
    assert all(Fernet(NEW).decrypt(raw.encode()) for raw in raw_titles()) and set(before).isdisjoint(raw_titles())
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    assert sorted(dream.title for dream in Dream.objects.all()) == [f"Night {n}" for n in range(5)]
    assert VideoJob.objects.get().prompt == "a whale at night"
    assert "0 rows re-encrypted" in rotate()  # nothing left under the old key


def test_a_run_cut_short_is_finished_by_running_it_again(settings, five_dreams_under_the_old_key):
    next(rewrite(Dream, batch_size=2))  # one batch committed, then the process was killed
    done_first = [raw for raw in raw_titles() if encryption.is_current(raw)]
    assert len(done_first) == 2
    output = rotate(batch_size=2)
    assert "dreams.Dream: 5 rows read, 3 re-encrypted" in output  # the first two were left alone
    assert set(done_first) <= set(raw_titles())
    assert all(encryption.is_current(raw) for raw in raw_titles())


def test_rotation_encrypts_a_value_left_in_plain_text(settings):
    dream = DreamFactory()
    Dream.objects.filter(pk=dream.pk).update(content=Ciphertext("written by an older worker"))
    assert "1 re-encrypted" in rotate()
    raw = Dream.objects.annotate(raw=Cast("content", models.TextField())).values_list("raw", flat=True).get()
    assert encryption.looks_encrypted(raw) and Dream.objects.get().content == "written by an older worker"


def test_rotation_without_the_key_a_value_was_made_with_stops_with_a_clear_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    DreamFactory()
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key was dropped too soon
    with pytest.raises(CommandError, match="dreams.Dream: .*none of FIELD_ENCRYPTION_KEYS"):
        rotate()


def test_rotation_covers_the_clients_logs(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    rescript = DreamFactory()
    session = RehearsalSession.objects.create(
        client=rescript.client, rescript=rescript, day=datetime.date(2026, 11, 2), minutes=25, vividness=7, calm=3
    )
    night = NightLog.objects.create(
        client=rescript.client, night=datetime.date(2026, 11, 1), nightmare=True, distress=6, was_rescripted=False
    )
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    output = rotate()
    assert "dreams.RehearsalSession: 1 rows read, 1 re-encrypted" in output
    assert "dreams.NightLog: 1 rows read, 1 re-encrypted" in output
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key can go: every figure is under the new one
    for model, pk, fields in [
        (RehearsalSession, session.pk, ["minutes", "vividness", "calm"]),
        (NightLog, night.pk, ["nightmare", "distress", "was_rescripted"]),
    ]:
        raw = model.objects.filter(pk=pk).annotate(**{f"raw_{f}": Cast(f, models.TextField()) for f in fields})
        for value in raw.values_list(*[f"raw_{f}" for f in fields]).get():
            assert Fernet(NEW).decrypt(value.encode())
    session, night = RehearsalSession.objects.get(), NightLog.objects.get()
    assert (session.minutes, session.vividness, session.calm) == (25, 7, 3)
    assert (night.nightmare, night.distress, night.was_rescripted) == (True, 6, False)
