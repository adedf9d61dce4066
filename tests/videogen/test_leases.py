"""A job's lease: a step that fails midway gives it back at once, and the stale-job sweep takes a bounded batch
through its index."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from tests.factories import DreamFactory, VideoJobFactory
from videogen import runner, services
from videogen.models import VideoJob
from videogen.services import recovery
from videogen.services.steps import job_submit

pytestmark = pytest.mark.django_db

# A real failing condition in the database: every new submission row is refused, as a locked database refuses it.
REFUSE_SUBMISSIONS = {
    "sqlite": [
        "CREATE TRIGGER refuse_submissions BEFORE INSERT ON videogen_videosubmission "
        "BEGIN SELECT RAISE(ABORT, 'database is locked'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_submission() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'database is locked' USING ERRCODE = '55P03'; END $$",
        "CREATE TRIGGER refuse_submissions BEFORE INSERT ON videogen_videosubmission "
        "FOR EACH ROW EXECUTE FUNCTION refuse_submission()",
    ],
}
ALLOW_SUBMISSIONS = {
    "sqlite": ["DROP TRIGGER refuse_submissions"],
    "postgresql": ["DROP TRIGGER refuse_submissions ON videogen_videosubmission", "DROP FUNCTION refuse_submission()"],
}


@contextmanager
def submissions_refused():
    with connection.cursor() as cursor:
        for statement in REFUSE_SUBMISSIONS[connection.vendor]:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in ALLOW_SUBMISSIONS[connection.vendor]:
                cursor.execute(statement)


def test_a_step_that_fails_midway_gives_its_lease_back_so_a_retry_runs_at_once():
    dream = DreamFactory()
    with runner.in_process() as steps:
        job = services.video_job_start(dream=dream, provider="local", requested_by=dream.author)
        with submissions_refused(), pytest.raises(DatabaseError):
            job_submit(job.pk)  # claims the lease, then fails writing its submission
        job.refresh_from_db()
        assert job.state == VideoJob.State.QUEUED and job.lease_until is None
        job_submit(job.pk)  # the task's retry, a few seconds later: it runs, not a lease later
        runner.drain(steps, [job.pk], timeout=60)
    job.refresh_from_db()
    assert job.state == VideoJob.State.READY and job.submissions.count() == 1


def stale_jobs(count: int) -> list[VideoJob]:
    """Jobs whose step nobody took an hour ago: some leased, some never claimed."""
    long_ago = timezone.now() - timedelta(hours=1)
    jobs = VideoJobFactory.create_batch(count)
    VideoJob.objects.filter(pk__in=[job.pk for job in jobs[::2]]).update(lease_until=long_ago)
    VideoJob.objects.filter(pk__in=[job.pk for job in jobs]).update(updated_at=long_ago)
    return jobs


def test_the_stale_sweep_takes_a_bounded_batch_each_run(settings):
    settings.VIDEOGEN_REQUEUE_BATCH = 2
    jobs = stale_jobs(5)
    with runner.in_process() as steps:
        runs = [recovery.requeue_stale_jobs() for _ in range(4)]
    assert runs == [2, 2, 1, 0]
    assert sorted(job_id for *_, job_id in steps) == sorted(job.pk for job in jobs)  # each sent once


def test_the_stale_sweep_reads_through_its_index():
    stale_jobs(3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: otherwise a scan is cheaper than any index
    plan = recovery.stale_jobs(cutoff=timezone.now(), limit=100).explain()
    assert "videojob_stale_sweep" in plan, plan
    assert "ORDER BY" not in plan.upper() and "Sort" not in plan, plan  # the read stops at the batch's end
