"""Dream text, its personal data and the prompt never reach a log line or a Celery message: a whole generation runs
through real Celery messages with every logger at DEBUG (SQL included), and every record and every task message is
searched for them. tests/integration/test_log_privacy_worker.py does the same with a real worker on Redis."""

import json
import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from celery.signals import before_task_publish
from django.conf import settings
from django.db import connection

from dreams.models import Dream
from dreams.services import dream_create
from tests.conftest import fake_stats
from tests.corpus import load_corpus
from tests.factories import ClientFactory
from videogen.models import VideoJob
from videogen.services import video_job_start

pytestmark = pytest.mark.django_db(transaction=True)


def richest_corpus_dream() -> dict:
    """The corpus dream with the most personal data (a name, a surname, a phone number, a city)."""
    return max(load_corpus(), key=lambda row: len(row["pii"]))


@pytest.fixture
def corpus_dream() -> dict:
    return richest_corpus_dream()


def secrets_of(row: dict, prompt: str = "") -> list[str]:
    """What must not leak: the text, the title, each piece of personal data, the prompt, any three words in a row."""
    words = row["content"].split()
    fragments = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return [row["content"], row["title"], *row["pii"], *([prompt] if prompt else []), *fragments]


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def every_logger_at_debug():
    """Root and every named logger at DEBUG, none disabled, and records of non-propagating loggers captured too."""
    handler = Everything()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(handler)
    connection.force_debug_cursor = True  # every SQL statement is logged, with its parameters, as with DEBUG on
    try:
        yield handler.records
    finally:
        connection.force_debug_cursor = False
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
            logger.removeHandler(handler)


def everything_in(record: logging.LogRecord) -> str:
    """The line as any formatter could write it: the message, the exception, and every attribute (extras too)."""
    return "\n".join([logging.Formatter().format(record), repr(vars(record))])


def assert_nothing_leaks(texts: list[str], secrets: list[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret.lower() not in text.lower(), f"{secret!r} leaked into: {text[:500]}"


@pytest.fixture
def published():
    """Every Celery message this process publishes, as Celery's before_task_publish signal sees it."""
    seen: list[dict] = []

    def record(sender=None, body=None, headers=None, properties=None, **kwargs):
        seen.append({"task": sender, "body": body, "headers": headers, "properties": properties})

    before_task_publish.connect(record, weak=False)
    yield seen
    before_task_publish.disconnect(record)


def work_through_the_broker(job_id: int, timeout: float) -> list:
    """Do what a worker does with the default queue: take each message off the broker, wait for its ETA, run the task
    it names with the arguments it carries (and nothing else), until the job ends. Every message taken is returned."""
    from dreamtok.celery import app

    taken, deadline = [], time.monotonic() + timeout
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue(app.conf.task_default_queue)
        try:
            while time.monotonic() < deadline:
                if VideoJob.objects.get(pk=job_id).state not in VideoJob.ACTIVE_STATES:
                    break
                try:
                    message = queue.get(block=True, timeout=1)
                except queue.Empty:
                    continue
                message.ack()
                taken.append(message)
                eta = message.headers.get("eta")
                if eta:
                    time.sleep(max(0.0, (datetime.fromisoformat(eta) - datetime.now(UTC)).total_seconds()))
                args, kwargs, _ = message.decode()
                app.tasks[message.headers["task"]].apply(args=args, kwargs=kwargs, task_id=message.headers["id"])
        finally:
            queue.close()
    return taken


def test_a_whole_generation_logs_no_dream_text_pii_or_prompt(
    client, caplog, corpus_dream, fake_providers_configured, published
):
    """Through real Celery messages on the broker, with an external provider (the fake Luma): submit, poll, download,
    finalize. Every log record at DEBUG, every published message and every message on the broker is searched."""
    caplog.set_level(logging.DEBUG)
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
    read_task_messages()  # whatever earlier tests left behind
    with every_logger_at_debug() as records:
        response = client.post(f"/clients/{patient.pk}/dreams/add/", form)
        assert response.status_code == 302
        dream = Dream.objects.get(client=patient)
        job = dream.jobs.get()
        taken = work_through_the_broker(job.pk, timeout=120)
        job.refresh_from_db()
        assert client.get(f"/dreams/{dream.pk}/").status_code == 200
        assert client.get(f"/dreams/{dream.pk}/video-status").json()["status"] == "ready"
        client.post("/dreams/prompt-preview", {"content": corpus_dream["content"], "privacy_mode": "anonymized"})
    assert job.state == "ready" and job.provider == "luma", job.error_message
    assert fake_stats(fake_providers_configured)["submissions"] == {"luma": 1}
    assert "снег" in job.prompt  # anonymized mode: the prompt carries (cleaned) dream text, so it must stay out too
    # The whole pipeline went through Celery, each message carrying the job id alone.
    steps = [message.headers["task"].rsplit(".", 1)[1] for message in taken]
    assert steps[0] == "job_submit" and "job_poll" in steps and steps[-1] == "job_finalize", steps
    assert [entry["task"] for entry in published] == [message.headers["task"] for message in taken]
    assert all(entry["body"][0] == [job.pk] and entry["body"][1] == {} for entry in published)
    # SQL was logged (the INSERT of the dream among it), so the filter, not silence, kept the text out.
    sql = [record for record in records if record.name == "django.db.backends"]
    assert any('INSERT INTO "dreams_dream"' in record.getMessage() for record in sql)
    texts = [everything_in(record) for record in records] + [caplog.text]
    texts += [json.dumps(entry, default=str, ensure_ascii=False) for entry in published]
    texts += [everything_of(message) for message in taken]
    assert_nothing_leaks(texts, secrets_of(corpus_dream, job.prompt))


def everything_of(message) -> str:
    """A message as the broker holds it: the raw body, the headers, the properties, the delivery information."""
    raw = message.body if isinstance(message.body, str) else message.body.decode()
    parts = [raw, message.headers, message.properties, message.delivery_info]
    return "\n".join(json.dumps(part, default=str, ensure_ascii=False) for part in parts)


def read_task_messages() -> list:
    """Every message waiting in the default Celery queue, taken off it (the broker is in memory in tests)."""
    from dreamtok.celery import app

    messages = []
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue(app.conf.task_default_queue)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                message.ack()
                messages.append(message)
        finally:
            queue.close()
    return messages


def test_a_task_message_carries_the_job_id_only(corpus_dream, caplog):
    caplog.set_level(logging.DEBUG)
    patient = ClientFactory()
    dream = dream_create(
        author=patient.therapist,
        client=patient,
        generate=False,
        title=corpus_dream["title"],
        content=corpus_dream["content"],
        dreamt_on="2026-11-01",
        privacy_mode="anonymized",
        consent_video=True,
    )
    read_task_messages()  # whatever earlier tests left behind
    with every_logger_at_debug() as records:
        job = video_job_start(dream=dream, provider="local", requested_by=patient.therapist)  # real Celery publish
    messages = read_task_messages()
    assert len(messages) == 1
    message = messages[0]
    assert message.decode()[0] == [job.pk]  # args: the job id, nothing else
    assert message.headers["task"] == "videogen.tasks.job_submit"
    assert_nothing_leaks(
        [everything_of(message), *(everything_in(record) for record in records), caplog.text],
        secrets_of(corpus_dream, job.prompt),
    )


SQL_WITH_A_SECRET = """
import logging, django
django.setup()
from django.db import connection
if {turn_up}:
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
with connection.cursor() as cursor:
    cursor.execute("SELECT %s", ["Алексей Иванов 8 (903) 111-22-33"])
"""


@pytest.mark.parametrize("log_format", ["json", "text"])
@pytest.mark.parametrize("turn_up", [False, True], ids=["root-at-debug", "sql-logger-at-debug-too"])
def test_settings_keep_sql_parameters_out_of_logs_even_at_debug(log_format, turn_up, tmp_path):
    """With DEBUG on (queries logged) and LOG_LEVEL=DEBUG, in the project's own LOGGING, whatever the format."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dreamtok.settings",
        "DEBUG": "true",
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": log_format,
        "DATABASE_URL": "sqlite:///:memory:",
        "DREAMTOK_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "memory://",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQL_WITH_A_SECRET.format(turn_up=turn_up)],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for secret in ("Алексей", "Иванов", "111-22-33", "(903)"):  # not a bare 903: a timestamp may hold it
        assert secret not in result.stderr, result.stderr
    if turn_up:
        assert "SELECT" in result.stderr  # the statement is logged, only its parameters are hidden
