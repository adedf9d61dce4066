"""Migrations that move data: jobs sent before submissions, or the ledger, were recorded keep what they cost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def a_therapists_dream(apps):
    """A therapist and a dream of their client's, as the models were at that migration."""
    user = apps.get_model("auth", "User").objects.create(username="t")
    client = apps.get_model("dreams", "Client").objects.create(therapist=user, pseudonym="A")
    dream = apps.get_model("dreams", "Dream").objects.create(
        client=client, author=user, title="x", content="y", dreamt_on="2026-11-01"
    )
    return user, dream


def test_jobs_sent_earlier_get_their_submission_and_keep_their_cost():
    old = migrate([("videogen", "0001_initial"), ("dreams", "0001_initial")])  # the dreams schema it was made on
    _user, dream = a_therapists_dream(old)
    job_model = old.get_model("videogen", "VideoJob")
    sent = job_model.objects.create(dream=dream, provider="kling", provider_task_id="k-1", cost_usd="0.10")
    job_model.objects.create(dream=dream, provider="kling", callback_token="other")  # never sent
    new = migrate([("videogen", "0002_submissions")])
    submissions = new.get_model("videogen", "VideoSubmission").objects.all()
    assert [(s.job_id, s.provider, s.state, s.task_id, str(s.cost_usd)) for s in submissions] == [
        (sent.pk, "kling", "accepted", "k-1", "0.1000")
    ]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest schema for other tests


def test_what_was_charged_before_the_ledger_is_entered_in_it():
    old = migrate([("videogen", "0002_submissions"), ("dreams", "0001_initial")])
    therapist, dream = a_therapists_dream(old)
    job = old.get_model("videogen", "VideoJob").objects.create(dream=dream, provider="kling", requested_by=therapist)
    submission_model = old.get_model("videogen", "VideoSubmission")
    accepted = submission_model.objects.create(job=job, provider="kling", state="accepted", task_id="k", cost_usd="0.1")
    lost = submission_model.objects.create(job=job, provider="runway", state="lost", cost_usd="0.05")
    submission_model.objects.create(job=job, provider="luma", state="refused")  # refused: nothing was charged
    new = migrate([("videogen", "0003_spending_ledger")])
    entries = new.get_model("videogen", "LedgerEntry").objects.order_by("submission_id")
    fields = ("submission_id", "provider", "amount_usd", "therapist_id", "job_id", "dream_id")
    assert [tuple(str(getattr(entry, name)) for name in fields) for entry in entries] == [
        tuple(map(str, (accepted.pk, "kling", "0.1000", therapist.pk, job.pk, dream.pk))),
        tuple(map(str, (lost.pk, "runway", "0.0500", therapist.pk, job.pk, dream.pk))),
    ]
    assert [entry.at for entry in entries] == [accepted.started_at, lost.started_at]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest schema for other tests


def test_a_request_sent_before_installs_had_a_prefix_is_looked_up_by_the_name_it_was_sent_with():
    old = migrate([("videogen", "0002_submissions"), ("dreams", "0001_initial")])
    _user, dream = a_therapists_dream(old)
    job = old.get_model("videogen", "VideoJob").objects.create(dream=dream, provider="kling")
    sending = old.get_model("videogen", "VideoSubmission").objects.create(job=job, provider="kling")
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from videogen.models import Installation, VideoSubmission

    assert VideoSubmission.objects.get(pk=sending.pk).external_id == f"dreamtok-{job.pk}-{sending.pk}"
    later = VideoSubmission.objects.create(job_id=job.pk, provider="kling")
    assert later.external_id == f"dreamtok-{Installation.current().prefix}-{job.pk}-{later.pk}-{later.nonce}"


def test_a_request_sent_before_submissions_had_a_nonce_keeps_its_name():
    """Submissions made before the nonce keep the name they were sent with; later ones carry a fresh random nonce,
    so a database copied or restored from a backup does not name a new request as an old one was named."""
    from videogen.models import Installation, VideoSubmission

    old = migrate([("videogen", "0013_encrypt_at_rest"), ("dreams", "0001_initial")])
    _user, dream = a_therapists_dream(old)
    job = old.get_model("videogen", "VideoJob").objects.create(dream=dream, provider="kling")
    sending = old.get_model("videogen", "VideoSubmission").objects.create(job=job, provider="kling")
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    prefix = Installation.current().prefix
    assert VideoSubmission.objects.get(pk=sending.pk).external_id == f"dreamtok-{prefix}-{job.pk}-{sending.pk}"
    first, second = (VideoSubmission.objects.create(job_id=job.pk, provider="kling") for _ in range(2))
    assert len(first.nonce) == 8 and first.nonce != second.nonce
    stored = VideoSubmission.objects.get(pk=first.pk)
    assert stored.external_id == f"dreamtok-{prefix}-{job.pk}-{first.pk}-{first.nonce}"
