"""Real parts for integration tests: PostgreSQL, Redis, Celery worker and beat processes, the fake provider server."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import provider_env, require, reset_fake, use_broker

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def postgres(transactional_db):
    require(connection.vendor == "postgresql", "integration tests need PostgreSQL: run with DATABASE_URL=postgres://…")
    return connection.settings_dict["NAME"]


@pytest.fixture
def broker(redis_url):
    """Point this process's Celery app at a clean Redis database, and back afterwards."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    use_broker(redis_url)
    yield redis_url
    use_broker("memory://")
    redis.Redis.from_url(redis_url).flushdb()


@pytest.fixture
def fake_providers(fake_provider_server):
    reset_fake(fake_provider_server)
    return fake_provider_server


class Processes:
    """Start celery worker/beat processes sharing the test database and broker; kill them at the end."""

    def __init__(self, env: dict, folder: Path):
        self.env = env
        self.folder = folder
        self.running: list[subprocess.Popen] = []

    def start(self, *args: str, name: str) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "dreamtok", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def worker(self, concurrency: int = 2, name: str = "worker") -> subprocess.Popen:
        return self.start(
            "worker", "--loglevel", "INFO", "--concurrency", str(concurrency), "-n", f"{name}@%h", name=name
        )

    def beat(self) -> subprocess.Popen:
        return self.start("beat", "--loglevel", "INFO", "--schedule", str(self.folder / "beat-schedule"), name="beat")

    @staticmethod
    def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(30)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)


@pytest.fixture
def processes(postgres, broker, fake_providers, tmp_path, settings):
    database = connection.settings_dict
    env = {
        **os.environ,
        **provider_env(fake_providers),
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "VIDEOGEN_TMP_DIR": str(tmp_path / "videogen-tmp"),
        "VIDEOGEN_POLL_SECONDS": "0.5",
        "VIDEOGEN_LEASE_SECONDS": "4",
        "VIDEOGEN_REQUEUE_SECONDS": "1",
        "VIDEOGEN_HTTP_RETRY_SCALE": "0.01",
        "CONN_MAX_AGE": "0",
    }
    for key, value in provider_env(fake_providers).items():
        setattr(settings, key, value.split(",") if key == "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS" else value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    group = Processes(env, tmp_path)
    yield group
    group.stop_all()
