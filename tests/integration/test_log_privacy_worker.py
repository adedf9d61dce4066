"""A whole generation on a real Celery worker and Redis, with an external provider (the fake Luma), logs and sends no
dream text, personal data or prompt: every command Redis receives (Redis MONITOR: every message the web side and the
worker publish, countdowns included) and every line the worker writes at DEBUG are searched."""

import base64
import codecs
import json
import logging
import re
import socket
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from dreams.models import Dream
from tests.conftest import fake_stats
from tests.factories import ClientFactory
from tests.net import wait_for
from tests.videogen.test_log_privacy import (
    assert_nothing_leaks,
    every_logger_at_debug,
    everything_in,
    richest_corpus_dream,
    secrets_of,
)
from videogen.models import VideoJob

pytestmark = pytest.mark.integration

QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@contextmanager
def redis_monitor(url: str):
    """Every command Redis receives for the URL's database while the block runs, each as its list of arguments."""
    where = urlsplit(url)
    database = (where.path or "/0").lstrip("/") or "0"
    lines: list[str] = []
    connection = socket.create_connection((where.hostname, where.port or 6379), timeout=5)
    connection.sendall(b"MONITOR\r\n")
    assert connection.recv(5) == b"+OK\r\n"
    connection.settimeout(None)

    def read() -> None:
        buffer = b""
        while chunk := connection.recv(65536):
            buffer += chunk
            *complete, buffer = buffer.split(b"\r\n")
            lines.extend(line.decode("ascii") for line in complete)  # MONITOR escapes every byte beyond ASCII

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    commands: list[list[str]] = []
    try:
        yield commands
    finally:
        connection.shutdown(socket.SHUT_RDWR)
        reader.join(10)
        connection.close()
        for line in lines:  # +<time> [<db> <client>] "COMMAND" "arg" …
            if f" [{database} " in line:
                commands.append([unescape(arg) for arg in QUOTED.findall(line)])


def unescape(argument: str) -> str:
    """Undo MONITOR's quoting (\\" \\\\ \\n \\xNN …) to the bytes sent, read as UTF-8."""
    return codecs.escape_decode(argument.encode("ascii"))[0].decode("utf-8", errors="replace")


def task_messages(commands: list[list[str]]) -> list[dict]:
    """Celery messages among the commands' arguments (kombu's envelope), each with its body decoded."""
    found = []
    for command in commands:
        for argument in command[1:]:
            try:
                envelope = json.loads(argument)
            except ValueError:
                continue
            if isinstance(envelope, list) and len(envelope) == 2:  # the unacked hash keeps [message, exchange, …]
                envelope = envelope[0]
            if isinstance(envelope, dict) and "headers" in envelope and "body" in envelope:
                body = envelope["body"]
                if envelope.get("properties", {}).get("body_encoding") == "base64":
                    body = base64.b64decode(body).decode()
                found.append({"envelope": envelope, "body": json.loads(body), "command": command[0].upper()})
    return found


def test_a_generation_on_a_real_worker_sends_and_logs_no_dream_text(
    processes, broker, fake_providers, settings, client, tmp_path, caplog
):
    corpus_dream = richest_corpus_dream()
    caplog.set_level(logging.DEBUG)
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    processes.env.update({"VIDEOGEN_PROVIDERS": "luma", "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json"})
    patient = ClientFactory()
    client.force_login(patient.therapist)
    form = {
        "title": corpus_dream["title"],
        "content": corpus_dream["content"],
        "dreamt_on": "2026-11-01",
        "privacy_mode": "anonymized",
        "visibility": "private",
        "consent_video": "on",
        "generate": "on",
        "provider": "luma",
    }
    worker_log = tmp_path / "worker.log"
    with redis_monitor(broker) as commands, every_logger_at_debug() as records:
        processes.worker(concurrency=1)
        wait_for(lambda: worker_log.exists() and " ready." in worker_log.read_text(), 60, what="the worker")
        assert client.post(f"/clients/{patient.pk}/dreams/add/", form).status_code == 302
        job = Dream.objects.get(client=patient).jobs.get()
        wait_for(
            lambda: VideoJob.objects.get(pk=job.pk).state not in VideoJob.ACTIVE_STATES, 120, what="the job to end"
        )
        processes.stop_all()  # the worker's last lines are written before the search
    job.refresh_from_db()
    assert job.state == "ready" and job.provider == "luma", job.error_message
    assert fake_stats(fake_providers)["submissions"] == {"luma": 1}
    assert "снег" in job.prompt  # the prompt carries (cleaned) dream text: it must stay out too

    messages = task_messages(commands)  # task messages, and the workers' control messages
    steps = [m for m in messages if m["envelope"]["headers"].get("task", "").startswith("videogen.tasks.job_")]
    pushed = {m["envelope"]["headers"]["task"].rsplit(".", 1)[1] for m in steps if m["command"] == "LPUSH"}
    assert {"job_submit", "job_poll", "job_finalize"} <= pushed, pushed  # the worker's own publishes are among them
    assert all(m["body"][0] == [job.pk] and m["body"][1] == {} for m in steps)  # the job id, nothing else

    lines = worker_log.read_text().splitlines()
    structured = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(entry["level"] == "DEBUG" for entry in structured)  # the worker did log at DEBUG
    assert any(entry.get("job_id") == job.pk for entry in structured)
    texts = [" ".join(command) for command in commands] + [json.dumps(m["body"], ensure_ascii=False) for m in messages]
    texts += lines + [everything_in(record) for record in records] + [caplog.text]
    assert_nothing_leaks(texts, secrets_of(corpus_dream, job.prompt))
