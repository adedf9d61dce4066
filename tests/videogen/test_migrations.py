"""Migrations that move data: jobs sent before submissions were recorded keep what they cost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def a_dream(apps):
    """A dream, made with the models of a past schema."""
    user = apps.get_model("auth", "User").objects.create(username="t")
    client = apps.get_model("dreams", "Client").objects.create(therapist=user, pseudonym="A")
    return apps.get_model("dreams", "Dream").objects.create(
        client=client, author=user, title="x", content="y", dreamt_on="2026-11-01"
    )


def test_jobs_sent_earlier_get_their_submission_and_keep_their_cost():
    old = migrate([("videogen", "0001_initial")])
    dream = a_dream(old)
    job_model = old.get_model("videogen", "VideoJob")
    sent = job_model.objects.create(dream=dream, provider="kling", provider_task_id="k-1", cost_usd="0.10")
    job_model.objects.create(dream=dream, provider="kling", callback_token="other")  # never sent
    new = migrate([("videogen", "0002_submissions")])
    submissions = new.get_model("videogen", "VideoSubmission").objects.all()
    assert [(s.job_id, s.provider, s.state, s.task_id, str(s.cost_usd)) for s in submissions] == [
        (sent.pk, "kling", "accepted", "k-1", "0.1000")
    ]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest schema for other tests


def test_a_request_sent_before_installs_had_a_prefix_is_looked_up_by_the_name_it_was_sent_with():
    old = migrate([("videogen", "0002_submissions")])
    dream = a_dream(old)
    job = old.get_model("videogen", "VideoJob").objects.create(dream=dream, provider="kling")
    sending = old.get_model("videogen", "VideoSubmission").objects.create(job=job, provider="kling")
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from videogen.models import Installation, VideoSubmission

    assert VideoSubmission.objects.get(pk=sending.pk).external_id == f"dreamtok-{job.pk}-{sending.pk}"
    later = VideoSubmission.objects.create(job_id=job.pk, provider="kling")
    assert later.external_id == f"dreamtok-{Installation.current().prefix}-{job.pk}-{later.pk}"
