"""PostgreSQL refusing the worker for a few seconds while jobs poll: the jobs resume and end `ready`."""

import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from tests.conftest import fake_stats
from tests.integration.test_pipeline_worker import make_dreams, states
from tests.net import wait_for
from videogen.models import VideoJob

pytestmark = pytest.mark.integration


def admin_connection() -> psycopg.Connection:
    """A superuser connection to the `postgres` database, outside the test database being switched off."""
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@contextmanager
def database_refusing_others(name: str, keep_pid: int):
    """New connections to `name` refused and every session but `keep_pid` (this test's) cut, until the block ends."""
    with admin_connection() as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, keep_pid],
            )
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def refused(name: str) -> bool:
    try:
        with psycopg.connect(
            host=connection.settings_dict["HOST"] or None,
            port=connection.settings_dict["PORT"] or None,
            user=connection.settings_dict["USER"] or None,
            dbname=name,
            connect_timeout=2,
        ):
            return False
    except psycopg.OperationalError:
        return True


def test_jobs_polling_when_the_database_goes_away_resume_and_end_ready(processes, fake_providers, postgres, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    processes.env["VIDEOGEN_PROVIDERS"] = "luma"
    processes.worker(concurrency=2)
    processes.beat()
    make_dreams(4, "luma")
    wait_for(
        lambda: VideoJob.objects.filter(state__in=["submitted", "rendering"]).count() == 4,
        30,
        what=f"all jobs polling the provider (now {states()})",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_pid,) = cursor.fetchone()
    with database_refusing_others(postgres, own_pid):
        assert refused(postgres)
        time.sleep(4)  # several poll rounds and a requeue run fail to reach the database meanwhile
        assert set(states()) <= {"submitted", "rendering"}, states()
    assert not refused(postgres)
    wait_for(lambda: states() == ["ready"] * 4, 60, step=0.5, what=f"all jobs ready (now {states()})")
    assert sorted(fake_stats(fake_providers)["by_prompt"].values()) == [1, 1, 1, 1]
