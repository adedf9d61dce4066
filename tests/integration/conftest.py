"""Real parts for integration tests: PostgreSQL, Redis, Celery worker and beat processes, the fake provider server."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import provider_env, require, reset_fake, use_broker
from tests.net import free_port, port_open, wait_for

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


def worker_env(*, broker_url: str, fake_base: str, folder: Path) -> dict:
    """The environment of worker and beat processes: the test database, this broker, the fake providers, short waits."""
    database = connection.settings_dict
    return {
        **os.environ,
        **provider_env(fake_base),
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "MEDIA_ROOT": str(folder / "media"),
        "VIDEOGEN_TMP_DIR": str(folder / "videogen-tmp"),
        "VIDEOGEN_POLL_SECONDS": "0.5",
        "VIDEOGEN_LEASE_SECONDS": "4",
        "VIDEOGEN_REQUEUE_SECONDS": "1",
        "VIDEOGEN_HTTP_RETRY_SCALE": "0.01",
        "CONN_MAX_AGE": "0",
    }


def share_settings(settings, *, fake_base: str, folder: Path) -> None:
    """This process's settings as the workers': the same fake providers and the same media folder."""
    for key, value in provider_env(fake_base).items():
        setattr(settings, key, value.split(",") if key == "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS" else value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder / "media", "base_url": None},
        },
    }


@pytest.fixture
def processes(postgres, broker, fake_providers, tmp_path, settings):
    share_settings(settings, fake_base=fake_providers, folder=tmp_path)
    group = Processes(worker_env(broker_url=broker, fake_base=fake_providers, folder=tmp_path), tmp_path)
    yield group
    group.stop_all()


class RedisServer:
    """A redis-server of the test's own on a free loopback port, keeping nothing on disk, to kill and start again."""

    def __init__(self, binary: str, folder: Path):
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.folder), "--daemonize", "no"],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: port_open("127.0.0.1", self.port), 20, what=f"redis-server on port {self.port}")

    def kill(self) -> None:
        """SIGKILL: every queued message, countdowns included, is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server for this test alone (never the machine's on 6379); this process's Celery app sends to it."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    require(os.path.exists(binary), "redis-server is not installed (apt-get install redis-server)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(binary, folder)
    server.start()
    use_broker(server.url)
    yield server
    use_broker("memory://")
    server.kill()


@pytest.fixture
def processes_on_own_redis(postgres, own_redis, fake_providers, tmp_path, settings):
    """Worker and beat processes like `processes`, but on the test's own Redis, which the test may stop."""
    share_settings(settings, fake_base=fake_providers, folder=tmp_path)
    group = Processes(worker_env(broker_url=own_redis.url, fake_base=fake_providers, folder=tmp_path), tmp_path)
    yield group
    group.stop_all()
