"""The Procfile's web, worker, beat and flower start with production settings, on PostgreSQL and Redis, and answer;
beat keeps its schedule under DREAMTOK_VAR_DIR and its tasks reach the worker."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.conftest import encryption_env
from tests.integration.conftest import ROOT
from tests.net import free_port, wait_for
from tests.webserver import stop_honcho
from videogen.credentials import make_development_credentials

pytestmark = pytest.mark.integration

HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of gunicorn says
PROCESSES = ("web", "worker", "beat", "flower")
FLOWER_USER = "ops:watch-the-queue"


def answers(url: str, **headers) -> int | None:
    try:
        return requests.get(url, headers=headers, timeout=5).status_code
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or too busy starting to answer
        return None


def production_env(*, broker: str, folder: Path, web_port: int, flower_port: int) -> dict:
    database = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "VIDEOGEN_", "FLOWER_", "AWS_"))
        and key not in ("DEBUG", "LOG_FORMAT")
    }
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": broker,
            "DREAMTOK_VAR_DIR": str(folder / "var"),
            "MEDIA_ROOT": str(folder / "media"),
            "PORT": str(web_port),
            "WEB_CONCURRENCY": "2",
            "WORKER_CONCURRENCY": "1",
            "FLOWER_PORT": str(flower_port),
            "FLOWER_BASIC_AUTH": FLOWER_USER,
            "VIDEOGEN_REQUEUE_SECONDS": "1",  # beat's first task within a second or two
            **encryption_env(),  # the rows the test writes are read by these processes
        }
    )
    # production refuses to start without content credentials: a development CA at the default paths
    make_development_credentials(folder / "var" / "c2pa" / "chain.pem", folder / "var" / "c2pa" / "signer.key")
    return env


def lines_of(log: str, process: str) -> list[str]:
    return [line.split("| ", 1)[1] for line in log.splitlines() if f"{process}.1 " in line.split("|", 1)[0]]


def test_procfile_web_worker_beat_and_flower_start_with_production_settings(postgres, broker, tmp_path):
    web_port, flower_port = free_port(), free_port()
    log_path = tmp_path / "honcho.log"
    log = log_path.open("w")
    honcho = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "honcho"),
            "start",
            "-f",
            "Procfile",
            "--no-colour",
            *PROCESSES,
        ],
        cwd=ROOT,
        env=production_env(broker=broker, folder=tmp_path, web_port=web_port, flower_port=flower_port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{web_port}"
    flower = f"http://127.0.0.1:{flower_port}/"
    try:
        wait_for(lambda: answers(f"{base}/healthz", **HTTPS) == 200, 60, step=0.5, what=f"/healthz 200 ({log_path})")
        health = requests.get(f"{base}/healthz", headers=HTTPS, timeout=5).json()
        assert health["ok"] and set(health["checks"]) == {"database", "broker", "storage", "cache"}

        sign_in = requests.get(f"{base}/accounts/login/", headers=HTTPS, timeout=5)
        assert sign_in.status_code == 200
        assert 'name="password"' in sign_in.text
        assert "Strict-Transport-Security" in sign_in.headers  # production settings are in force

        wait_for(lambda: " ready." in log_path.read_text(), 60, step=0.5, what="the Celery worker to be ready")
        structured = [json.loads(line) for line in lines_of(log_path.read_text(), "worker") if line.startswith("{")]
        assert any(entry["message"].endswith(" ready.") and entry["level"] == "INFO" for entry in structured)

        def beat_said(text: str):
            return [line for line in lines_of(log_path.read_text(), "beat") if text in line]

        started = wait_for(lambda: beat_said("beat: Starting..."), 60, step=0.5, what=f"beat to start ({log_path})")
        assert json.loads(started[0])["level"] == "INFO"  # beat logs JSON lines too
        wait_for(lambda: beat_said("Sending due task requeue-stale-jobs"), 30, step=0.5, what="beat's first task")
        wait_for(
            lambda: "videogen.tasks.requeue_stale_jobs" in "".join(lines_of(log_path.read_text(), "worker")),
            30,
            step=0.5,
            what="the worker to run beat's task",
        )
        schedule = list((tmp_path / "var").glob("celerybeat-schedule*"))
        assert schedule, "beat keeps its schedule under DREAMTOK_VAR_DIR"

        # Flower asks for the password, and lets the operator in with it.
        assert wait_for(lambda: answers(flower), 60, step=0.5, what="Flower to answer") == 401
        token = base64.b64encode(FLOWER_USER.encode()).decode()
        assert requests.get(flower, headers={"Authorization": f"Basic {token}"}, timeout=5).status_code == 200
    finally:
        stop_honcho(honcho, log_path)
    assert wait_for(lambda: answers(f"{base}/healthz", **HTTPS) is None, 10, what="the web process to stop")
