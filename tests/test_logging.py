"""Structured logs: JSON lines in production with the extra fields, readable lines in development, no dream text."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from dreamtok.logging import JsonFormatter, TextFormatter
from tests.conftest import encryption_env
from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end


def record(message="video job %s ready", args=(7,), **extra) -> logging.LogRecord:
    logger = logging.getLogger("videogen.services")
    return logger.makeRecord(logger.name, logging.INFO, __file__, 1, message, args, None, extra=extra)


def test_json_formatter_writes_one_object_with_level_logger_message_and_extra_fields():
    line = JsonFormatter().format(record(job_id=7, state="ready", provider="luma"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "videogen.services"
    assert entry["message"] == "video job 7 ready"
    assert (entry["job_id"], entry["state"], entry["provider"]) == (7, "ready", "luma")
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_an_exception_on_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        made = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(made)
    assert "\n" not in line and "ValueError: boom" in json.loads(line)["exception"]


def test_json_formatter_writes_any_extra_value_it_cannot_encode_as_text():
    entry = json.loads(JsonFormatter().format(record(path=Path("/tmp/x"), ids=(1, 2))))
    assert entry["path"] == "/tmp/x" and entry["ids"] == [1, 2]


def test_text_formatter_reads_as_a_line_with_the_extra_fields_at_the_end():
    line = TextFormatter().format(record(job_id=7, state="ready"))
    assert " INFO videogen.services video job 7 ready job_id=7 state=ready" in line


def settings_in_a_fresh_process(**environment) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        "print(json.dumps(settings.LOGGING['handlers']['console']['formatter']))"
    )
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "dreamtok.settings", **encryption_env()}
    env.update(environment)
    env["C2PA_ENABLED"] = "false"  # production refuses to start without content credentials (tested on its own)
    if "LOG_FORMAT" not in environment:
        env.pop("LOG_FORMAT", None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "environment,expected",
    [
        ({"DEBUG": "false"}, "json"),
        ({"DEBUG": "true"}, "text"),
        ({"DEBUG": "true", "LOG_FORMAT": "json"}, "json"),
    ],
)
def test_production_logs_json_and_development_readable_lines(environment, expected):
    assert settings_in_a_fresh_process(**environment) == expected


@pytest.mark.django_db(transaction=True)
def test_pipeline_log_lines_carry_job_id_and_state_but_never_the_dream_text():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("videogen")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        dream = DreamFactory(content="Секретный сон про кита и Марию Петрову.")
        job = run_to_end(dream, "local")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    ready = [entry for entry in entries if entry.get("state") == "ready"]
    assert ready and ready[-1]["job_id"] == job.pk and ready[-1]["dream_id"] == str(dream.pk)
    assert all("job_id" in entry for entry in entries if entry["logger"] == "videogen.services")
    assert "Секретный" not in stream.getvalue() and "Петров" not in stream.getvalue()
