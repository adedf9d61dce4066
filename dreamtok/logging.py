"""Log formatters: one JSON object a line in production, readable lines in development; `extra` fields kept in both.

Callers pass ids and states as `extra` (`job_id`, `dream_id`, `state`, `provider`), never dream text or prompts.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

# Attributes every LogRecord has; anything else on a record came from `extra`.
STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys() | {"message", "asctime", "taskName"}
)


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a log call added with `extra=…`, in the order they were given."""
    return {key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES}


def _plain(value: Any) -> Any:
    """A value json can write: ids and states as they are, anything else as its str()."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


class JsonFormatter(logging.Formatter):
    """`{"time": …, "level": …, "logger": …, "message": …, <extra fields>…, "exception": …}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, _plain(value))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger message key=value …`: the extra fields appended, so development logs show job ids too."""

    def __init__(
        self, fmt: str | None = None, datefmt: str | None = None, style: Literal["%", "{", "$"] = "%", **kwargs: Any
    ):
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s %(message)s", datefmt, style, **kwargs)

    def formatMessage(self, record: logging.LogRecord) -> str:  # the logging.Formatter hook
        line = super().formatMessage(record)
        # Only plain values: Celery's own records carry a whole context dict that would make the line hard to read.
        plain = bool | int | float | str
        extras = [f"{key}={value}" for key, value in extra_fields(record).items() if isinstance(value, plain)]
        if extras:
            line += " " + " ".join(extras)
        return line


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """settings.LOGGING: everything to stderr, as JSON lines (LOG_FORMAT=json) or readable text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "dreamtok.logging.JsonFormatter"},
            "text": {"()": "dreamtok.logging.TextFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json" if log_format == "json" else "text"},
        },
        "root": {"handlers": ["console"], "level": level},
        # SQL at DEBUG carries its parameters (a dream's text in an INSERT): INFO here, and the filter hides
        # parameters even when someone turns these loggers up.
        "filters": {"hide_query_parameters": {"()": "dreamtok.logfilters.HideQueryParameters"}},
        "loggers": {
            "django.db.backends": {"level": "INFO", "filters": ["hide_query_parameters"]},
            "django.db.backends.schema": {"level": "INFO", "filters": ["hide_query_parameters"]},
            "axes": {"level": "WARNING"},  # failures and lockouts; not a line for every successful sign-in
        },
    }
