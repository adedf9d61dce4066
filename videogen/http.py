"""The transport to the providers' APIs: a keep-alive session per provider, timeouts, and the tenacity retry policy.

Retried: connection errors, timeouts, 429 (honouring a short Retry-After) and 5xx, with exponential backoff and jitter,
a bounded number of attempts and a bounded total time. Not retried: any other 4xx, nor an answer whose provider code
says that trying again cannot help (the caller's `worth_retry` says no). A Retry-After longer than a few seconds is
not slept on: the answer is handed back and the pipeline re-schedules the step, so no worker waits on a provider.
A request that creates a task (`idempotent=False`) is retried only when it surely did not arrive (no connection, 429):
after a timeout or a 5xx the task may exist, and the pipeline asks the provider before it submits again.
What a final answer or failure means is `Provider.request`'s business (videogen/providers/base.py).
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from tenacity import RetryCallState, Retrying, retry_if_exception, retry_if_result, stop_after_attempt
from tenacity.stop import stop_before_delay
from urllib3.exceptions import NameResolutionError, NewConnectionError

log = logging.getLogger(__name__)

USER_AGENT = "DreamTok/1.0 (+videogen)"
RETRY_AFTER_CAP_SECONDS = 5.0  # a provider asking for longer gets the step re-scheduled with that countdown instead
BACKOFF_INITIAL_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 4.0
BACKOFF_JITTER_SECONDS = 0.5
TOTAL_SECONDS = 20.0  # bound on all attempts and waits of one call (before scaling)

# Tests replace this to observe the waits without sleeping.
sleep: Callable[[float], None] = time.sleep

Headers = Mapping[str, str] | Callable[[], Mapping[str, str]]

_local = threading.local()


@dataclass(frozen=True)
class Policy:
    """Timeouts and retry bounds, read from settings at call time so tests can shrink them."""

    connect_timeout: float
    read_timeout: float
    attempts: int
    scale: float  # multiplies every wait: 1.0 in production, tiny in tests

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            connect_timeout=settings.VIDEOGEN_HTTP_CONNECT_TIMEOUT,
            read_timeout=settings.VIDEOGEN_HTTP_READ_TIMEOUT,
            attempts=max(1, int(settings.VIDEOGEN_HTTP_MAX_ATTEMPTS)),
            scale=max(0.0, float(settings.VIDEOGEN_HTTP_RETRY_SCALE)),
        )


def session(provider_name: str) -> requests.Session:
    """A keep-alive session for one provider, one per thread (requests sessions are not thread-safe)."""
    sessions: dict[str, requests.Session] = getattr(_local, "sessions", None) or {}
    _local.sessions = sessions
    if provider_name not in sessions:
        new = requests.Session()
        new.headers["User-Agent"] = USER_AGENT
        new.headers["Accept"] = "application/json"
        sessions[provider_name] = new
    return sessions[provider_name]


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def hinted_wait(response: requests.Response) -> float | None:
    """The wait a 429 or 503 answer asks for in its Retry-After, if any."""
    if response.status_code in (429, 503):
        return retry_after_seconds(response.headers.get("Retry-After"))
    return None


def _should_retry(
    idempotent: bool, worth_retry: Callable[[requests.Response], bool]
) -> Callable[[requests.Response], bool]:
    def should(response: requests.Response) -> bool:
        status = response.status_code
        if status != 429 and not (idempotent and status >= 500):
            return False
        hinted = hinted_wait(response)
        if hinted is not None and hinted > RETRY_AFTER_CAP_SECONDS:
            return False  # too long to wait in a worker: the step is re-scheduled instead
        # The provider's own code may say that trying again cannot help (Kling sends balance problems as 429).
        return worth_retry(response)

    return should


def never_arrived(error: BaseException) -> bool:
    """The request surely never reached the provider: no connection could be made."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError) and error.args:
        reason = getattr(error.args[0], "reason", error.args[0])
        return isinstance(reason, NewConnectionError | NameResolutionError)
    return False


def _should_retry_error(idempotent: bool) -> Callable[[BaseException], bool]:
    def should(error: BaseException) -> bool:
        if not isinstance(error, requests.ConnectionError | requests.Timeout):
            return False
        return idempotent or never_arrived(error)

    return should


def _wait(policy: Policy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            hinted = hinted_wait(outcome.result())
            if hinted is not None:
                return min(hinted, RETRY_AFTER_CAP_SECONDS) * policy.scale
        backoff = min(BACKOFF_MAX_SECONDS, BACKOFF_INITIAL_SECONDS * 2 ** (state.attempt_number - 1))
        return (backoff + random.uniform(0, BACKOFF_JITTER_SECONDS)) * policy.scale

    return wait


def _log_retry(provider_name: str, method: str, path: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        assert outcome is not None  # tenacity sleeps only after an attempt
        why = repr(outcome.exception()) if outcome.failed else f"HTTP {outcome.result().status_code}"
        log.info(
            "%s %s %s: %s; retry %d in %.2fs",
            provider_name,
            method,
            path,
            why,
            state.attempt_number,
            state.upcoming_sleep,
        )

    return before_sleep


def _last_answer(state: RetryCallState) -> requests.Response:
    """The last response once the retries are spent; raises the last error when there was no response."""
    assert state.outcome is not None  # tenacity calls back after an attempt
    return state.outcome.result()


def send(
    provider_name: str,
    method: str,
    url: str,
    *,
    headers: Headers | None = None,
    json_body: Any = None,
    idempotent: bool = True,
    worth_retry: Callable[[requests.Response], bool] = lambda response: True,
) -> requests.Response:
    """Send one API call with retries; return the last answer, whatever its status, or raise the last
    `requests.RequestException` when none came.

    `headers` may be a callable, evaluated per attempt (Kling signs a fresh JWT for each). `worth_retry` is asked
    about a 429 or 5xx answer: whether the provider's own words leave another try worth it. `idempotent=False` marks
    a call that creates something: it is sent again only when it surely never arrived.
    """
    policy = Policy.from_settings()
    client = session(provider_name)
    path = urlsplit(url).path

    def attempt() -> requests.Response:
        sent_headers = dict(headers() if callable(headers) else headers or {})
        return client.request(
            method,
            url,
            headers=sent_headers,
            json=json_body,
            timeout=(policy.connect_timeout, policy.read_timeout),
            allow_redirects=False,
        )

    retrying = Retrying(
        stop=stop_after_attempt(policy.attempts) | stop_before_delay(TOTAL_SECONDS * max(policy.scale, 0.01)),
        wait=_wait(policy),
        retry=retry_if_exception(_should_retry_error(idempotent))
        | retry_if_result(_should_retry(idempotent, worth_retry)),
        retry_error_callback=_last_answer,
        before_sleep=_log_retry(provider_name, method, path),
        sleep=lambda seconds: sleep(seconds),
    )
    return retrying(attempt)
