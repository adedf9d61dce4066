"""The clients' logs are encrypted at rest: what the database holds of a rehearsal (minutes, vividness, calm) and of a
night (a nightmare or not, distress, the rescripted one) is ciphertext, read back as the numbers and yes/no given;
the database is never asked to compare them, so the progress is added up in Python; rows logged before are encrypted
by the migration (and back, undoing it)."""

import datetime

import pytest
from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.db import connection

from dreams.models import NightLog, RehearsalSession
from dreams.rehearsal import selectors, services
from dreamtok import encryption
from tests.factories import ClientFactory, DreamFactory
from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db

REHEARSAL_FIGURES = ["minutes", "vividness", "calm"]
NIGHT_FIGURES = ["nightmare", "distress", "was_rescripted"]


def raw_row(model, pk, columns: list[str]) -> tuple:
    """The row as the database holds it, read with a plain cursor (no field in between)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(model._meta.db_table)} WHERE id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.fixture
def rescript():
    client = ClientFactory(time_zone="Europe/Moscow")
    nightmare = DreamFactory(client=client, title="The chase", distressing=True)
    return services.rescript_create(original=nightmare, author=client.therapist, title="The sea", content="Calm.")


def test_each_log_figure_is_stored_as_ciphertext_and_read_back_as_given(rescript):
    client = rescript.client
    session = services.rehearsal_record(
        client=client, rescript=rescript, by=client.user, minutes=25, vividness=7, calm=0
    )
    log, _ = services.night_log_record(
        client=client,
        by=client.user,
        night=selectors.last_night(client),
        nightmare=True,
        distress=6,
        was_rescripted=True,
    )
    quiet, _ = services.night_log_record(
        client=client, by=client.user, night=selectors.last_night(client) - datetime.timedelta(days=1),
        nightmare=False, distress=None, was_rescripted=False,
    )  # fmt: skip

    for model, pk, columns, plain in [
        (RehearsalSession, session.pk, REHEARSAL_FIGURES, ["25", "7", "0"]),
        (NightLog, log.pk, NIGHT_FIGURES, ["1", "6", "1"]),
    ]:
        raw = raw_row(model, pk, columns)
        assert all(isinstance(value, str) and encryption.looks_encrypted(value) for value in raw), (model, raw)
        assert [encryption.decrypt(value) for value in raw] == plain
    nightmare, distress, rescripted = raw_row(NightLog, quiet.pk, NIGHT_FIGURES)
    assert distress is None  # no distress without a nightmare: nothing stored
    assert (encryption.decrypt(nightmare), encryption.decrypt(rescripted)) == ("0", "0")

    session = RehearsalSession.objects.get(pk=session.pk)
    assert (session.minutes, session.vividness, session.calm) == (25, 7, 0)
    assert type(session.minutes) is int
    assert [(n.nightmare, n.distress, n.was_rescripted) for n in NightLog.objects.order_by("night")] == [
        (False, None, False),
        (True, 6, True),
    ]
    assert NightLog.objects.filter(pk=log.pk).values_list("nightmare", flat=True).get() is True


def test_the_database_is_never_asked_to_compare_a_log_figure():
    for model, field, value in [
        (RehearsalSession, "minutes__gte", 10),
        (RehearsalSession, "calm", 3),
        (NightLog, "nightmare", True),
        (NightLog, "was_rescripted", True),
        (NightLog, "distress__lt", 5),
    ]:
        with pytest.raises(FieldError, match="stored encrypted"):
            model.objects.filter(**{field: value}).exists()
    assert not NightLog.objects.filter(distress__isnull=False).exists()


def test_the_fields_keep_their_validators_and_give_the_form_fields_they_stood_for(rescript):
    minutes = RehearsalSession._meta.get_field("minutes").formfield()
    assert isinstance(minutes, forms.IntegerField) and minutes.required
    assert minutes.clean("180") == 180
    with pytest.raises(ValidationError, match="less than or equal to 180"):
        minutes.clean("181")
    distress = NightLog._meta.get_field("distress").formfield()
    assert not distress.required and distress.clean("") is None
    with pytest.raises(ValidationError, match="less than or equal to 10"):
        distress.clean("11")
    nightmare = NightLog._meta.get_field("nightmare").formfield()
    assert isinstance(nightmare, forms.BooleanField) and not nightmare.required and nightmare.clean("") is False

    client = rescript.client
    session = RehearsalSession(client=client, rescript=rescript, day=datetime.date(2026, 11, 1), minutes="ten")
    with pytest.raises(ValidationError) as refused:
        session.full_clean(exclude=["client", "rescript"])
    assert set(refused.value.message_dict) == {"minutes", "vividness", "calm"}  # not a number; two left out
    session.minutes, session.vividness, session.calm = 10, 11, -1
    with pytest.raises(ValidationError) as refused:
        session.full_clean(exclude=["client", "rescript"])
    assert set(refused.value.message_dict) == {"vividness", "calm"}


def test_the_summary_adds_up_one_query_a_model_and_is_empty_before_anything_is_logged(
    rescript, django_assert_num_queries
):
    client = rescript.client
    with django_assert_num_queries(2):
        empty = selectors.totals(client)
    assert empty == {
        "nights": 0, "nightmares": 0, "rescripted": 0, "distress": None,
        "sessions": 0, "minutes": None, "vividness": None, "calm": None,
    }  # fmt: skip
    for minutes, vividness, calm in [(20, 5, 4), (15, 8, 7)]:
        services.rehearsal_record(
            client=client, rescript=rescript, by=client.user, minutes=minutes, vividness=vividness, calm=calm
        )
    last = selectors.last_night(client)
    for back, nightmare, distress, rescripted in [(0, True, 7, True), (1, True, 4, False), (2, False, None, False)]:
        services.night_log_record(
            client=client, by=client.user, night=last - datetime.timedelta(days=back), nightmare=nightmare,
            distress=distress, was_rescripted=rescripted,
        )  # fmt: skip
    with django_assert_num_queries(2):
        summed = selectors.totals(client)
    assert summed == {
        "nights": 3, "nightmares": 2, "rescripted": 1, "distress": 5.5,
        "sessions": 2, "minutes": 35, "vividness": 6.5, "calm": 5.5,
    }  # fmt: skip
    assert selectors.minutes_on(client, selectors.client_today(client)) == 35


BEFORE = [("dreams", "0017_notifications")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_logs_written_before_and_undoes_it():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="t")
    client = old.get_model("dreams", "Client").objects.create(therapist=user, pseudonym="A")
    dream = old.get_model("dreams", "Dream").objects.create(
        client=client, author=user, title="The sea", content="Calm.", dreamt_on="2026-11-01"
    )
    session = old.get_model("dreams", "RehearsalSession").objects.create(
        client=client, rescript=dream, day="2026-11-02", minutes=25, vividness=7, calm=0
    )
    nights = [
        old.get_model("dreams", "NightLog").objects.create(
            client=client,
            rescript=dream,
            night=f"2026-11-0{day}",
            nightmare=came,
            distress=distress,
            was_rescripted=rescripted,
        )  # fmt: skip
        for day, came, distress, rescripted in [(1, True, 6, True), (2, False, None, False)]
    ]
    migrate_to_latest()

    raw = raw_row(RehearsalSession, session.pk, REHEARSAL_FIGURES)
    assert all(encryption.looks_encrypted(value) for value in raw)
    assert [int(encryption.decrypt(value)) for value in raw] == [25, 7, 0]
    nightmare, distress, rescripted = raw_row(NightLog, nights[0].pk, NIGHT_FIGURES)
    assert all(encryption.looks_encrypted(value) for value in (nightmare, distress, rescripted))
    assert encryption.decrypt(distress) == "6"
    migrated = RehearsalSession.objects.get(pk=session.pk)
    assert (migrated.minutes, migrated.vividness, migrated.calm) == (25, 7, 0)
    assert [(n.nightmare, n.distress, n.was_rescripted) for n in NightLog.objects.order_by("night")] == [
        (True, 6, True),
        (False, None, False),
    ]

    old = migrate(BEFORE)  # undone: the integers and booleans of before
    logs = old.get_model("dreams", "NightLog").objects.order_by("night")
    assert [(n.nightmare, n.distress, n.was_rescripted) for n in logs] == [(True, 6, True), (False, None, False)]
    before = old.get_model("dreams", "RehearsalSession").objects.get(pk=session.pk)
    assert (before.minutes, before.vividness, before.calm) == (25, 7, 0)
    migrate_to_latest()  # back to the latest schema for other tests
    assert RehearsalSession.objects.get(pk=session.pk).minutes == 25
