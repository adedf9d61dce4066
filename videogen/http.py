"""The one way out to the providers' APIs: a session per provider, timeouts, and the tenacity retry policy.

Retried: connection errors, timeouts, 429 (honouring a short Retry-After) and 5xx, with exponential backoff and jitter,
a bounded number of attempts and a bounded total time. Not retried: any other 4xx, nor an answer whose provider code
says that trying again cannot help (a provider's `error_mapper` words it as not retryable). A Retry-After longer
than a few seconds is not slept on: the error carries it and the pipeline re-schedules the step, so no worker waits
on a provider.
A request that creates a task (`idempotent=False`) is retried only when it surely did not arrive (no connection, 429):
after a timeout or a 5xx the task may exist, and the pipeline asks the provider before it submits again.
Final failures become `ProviderError`s worded for a therapist, with the HTTP status; the technical detail (method,
path, status; never the provider's body, which may echo the prompt) goes to `detail`, which is logged.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from tenacity import RetryCallState, Retrying, retry_if_exception, retry_if_result, stop_after_attempt
from tenacity.stop import stop_before_delay
from urllib3.exceptions import NameResolutionError, NewConnectionError

from videogen.providers.base import ProviderError

from .errors import message as _

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
            connect_timeout=float(getattr(settings, "VIDEOGEN_HTTP_CONNECT_TIMEOUT", 5.0)),
            read_timeout=float(getattr(settings, "VIDEOGEN_HTTP_READ_TIMEOUT", 30.0)),
            attempts=max(1, int(getattr(settings, "VIDEOGEN_HTTP_MAX_ATTEMPTS", 4))),
            scale=max(0.0, float(getattr(settings, "VIDEOGEN_HTTP_RETRY_SCALE", 1.0))),
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


def _hinted_wait(response: requests.Response) -> float | None:
    if response.status_code in (429, 503):
        return retry_after_seconds(response.headers.get("Retry-After"))
    return None


def _should_retry(
    idempotent: bool, error_mapper: Callable[[requests.Response], ProviderError | None] | None
) -> Callable[[requests.Response], bool]:
    def should(response: requests.Response) -> bool:
        status = response.status_code
        if status != 429 and not (idempotent and status >= 500):
            return False
        hinted = _hinted_wait(response)
        if hinted is not None and hinted > RETRY_AFTER_CAP_SECONDS:
            return False  # too long to wait in a worker: the step is re-scheduled instead
        mapped = error_mapper(response) if error_mapper else None
        # The provider's own code may say that trying again cannot help (Kling sends balance problems as 429).
        return mapped is None or mapped.retryable

    return should


def _never_arrived(error: BaseException) -> bool:
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
        return idempotent or _never_arrived(error)

    return should


def _wait(policy: Policy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            hinted = _hinted_wait(outcome.result())
            if hinted is not None:
                return min(hinted, RETRY_AFTER_CAP_SECONDS) * policy.scale
        backoff = min(BACKOFF_MAX_SECONDS, BACKOFF_INITIAL_SECONDS * 2 ** (state.attempt_number - 1))
        return (backoff + random.uniform(0, BACKOFF_JITTER_SECONDS)) * policy.scale

    return wait


def _log_retry(provider_name: str, method: str, path: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        why = repr(outcome.exception()) if outcome and outcome.failed else f"HTTP {outcome.result().status_code}"
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


def status_error(label: str, response: requests.Response, detail: str) -> ProviderError:
    """The ProviderError for a final HTTP error status (after retries)."""
    error = _status_error(label, response, detail)
    error.status = response.status_code
    return error


def _status_error(label: str, response: requests.Response, detail: str) -> ProviderError:
    status = response.status_code
    names = {"provider": label, "status": status}
    if status in (401, 403):
        return ProviderError(_("The %(provider)s API key was refused.") % names, permanent=True, detail=detail)
    if status == 402:
        return ProviderError(
            _("The %(provider)s account has run out of credits.") % names, permanent=True, detail=detail
        )
    if status in (400, 422):
        message = _("%(provider)s refused the request, for example because its content filter flagged the prompt.")
        return ProviderError(message % names, detail=detail)
    if status in (404, 410):
        return ProviderError(_("%(provider)s no longer knows this video task.") % names, detail=detail)
    if status == 429:
        message = _("%(provider)s is busy (too many requests); we will try again shortly.")
        return ProviderError(message % names, retryable=True, detail=detail, retry_after=_hinted_wait(response))
    if status >= 500:
        message = _("%(provider)s is having technical problems; we will try again shortly.")
        return ProviderError(message % names, retryable=True, detail=detail, retry_after=_hinted_wait(response))
    return ProviderError(_("%(provider)s refused the request (HTTP %(status)s).") % names, detail=detail)


def unreadable(label: str, detail: str) -> ProviderError:
    """A 2xx answer whose body is not the JSON we expect: retryable, the provider may answer properly next time."""
    message = _("%(provider)s sent an answer we could not read; we will try again shortly.") % {"provider": label}
    error = ProviderError(message, retryable=True, detail=detail, maybe_created=True)
    error.unreadable = True
    return error


def request(
    provider_name: str,
    label: str,
    method: str,
    url: str,
    *,
    headers: Headers | None = None,
    json_body: Any = None,
    missing_ok: bool = False,
    error_mapper: Callable[[requests.Response], ProviderError | None] | None = None,
    idempotent: bool = True,
) -> Any:
    """Call a provider's JSON API with retries; return the decoded JSON (None for an empty body).

    `headers` may be a callable, evaluated per attempt (Kling signs a fresh JWT for each). With `missing_ok`, a 404
    answers None (a cancel of a task the provider already forgot). `error_mapper` lets a provider word an error status
    from its own error body first; it returns None to fall back to the common wording. `idempotent=False` marks a call
    that creates something: it is sent again only when it surely never arrived.
    """
    policy = Policy.from_settings()
    client = session(provider_name)
    path = urlsplit(url).path
    where = f"{method} {path}"

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
        | retry_if_result(_should_retry(idempotent, error_mapper)),
        retry_error_callback=lambda state: state.outcome.result(),  # the last response, or raise the last error
        before_sleep=_log_retry(provider_name, method, path),
        sleep=lambda seconds: sleep(seconds),
    )
    names = {"provider": label}
    try:
        response = retrying(attempt)
    except requests.Timeout as error:
        message = _("%(provider)s did not answer in time; we will try again shortly.") % names
        arrived = not idempotent and not _never_arrived(error)
        raise ProviderError(message, retryable=True, detail=f"{where}: {error!r}", maybe_created=arrived) from error
    except requests.RequestException as error:
        message = _("%(provider)s could not be reached; we will try again shortly.") % names
        arrived = not idempotent and not _never_arrived(error)
        raise ProviderError(message, retryable=True, detail=f"{where}: {error!r}", maybe_created=arrived) from error

    status = response.status_code
    if missing_ok and status == 404:
        return None
    if status >= 300:
        detail = f"{where} → HTTP {status}"
        mapped = error_mapper(response) if error_mapper else None
        error = mapped or status_error(label, response, detail)
        error.status = status
        error.maybe_created = not idempotent and status >= 500
        raise error
    if not response.content.strip():
        return None
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as error:
        raise unreadable(label, f"{where} → HTTP {status}: not JSON") from error


CLOCK_SKEW = timedelta(minutes=2)  # between our clock and a provider's
Page = tuple[list[dict], bool]  # one page of a provider's task list: its tasks, and whether more pages follow


def read_task_list(
    fetch_page: Callable[[int], Page],
    *,
    matches: Callable[[dict], bool],
    since: datetime | None,
    created: Callable[[dict], datetime | None] = lambda task: parse_time(task.get("created_at")),
    pages: int,
    first_only: bool = False,
) -> tuple[list[dict], bool]:
    """The tasks of a provider's list that `matches`, newest first, read page by page (`fetch_page(0)` is the first),
    and whether the reading was complete: the list read to its end or, where it runs newest first, back past `since`
    (every later page is older). A lookup that finds nothing in an incomplete reading knows nothing. A task's time is
    its ISO 8601 `created_at` unless `created` reads it otherwise."""
    found: list[dict] = []
    oldest = since - CLOCK_SKEW if since else None
    complete = False
    for number in range(pages):
        tasks, more = fetch_page(number)
        found += [task for task in tasks if matches(task)]
        times = [created(task) for task in tasks]
        newest_first = all(a is not None and b is not None and a >= b for a, b in zip(times, times[1:], strict=False))
        past_since = bool(oldest and tasks and newest_first and times[-1] is not None and times[-1] < oldest)
        if not more or past_since:
            complete = True
            break
        if found and first_only:
            break
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda task: created(task) or earliest, reverse=True), complete


def inconclusive(label: str, detail: str) -> ProviderError:
    """A lookup that could not read far enough to tell whether a lost request arrived: never "it did not"."""
    message = _("%(provider)s could not tell whether an earlier request arrived; we will try again shortly.")
    return ProviderError(message % {"provider": label}, retryable=True, detail=detail)


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_time(value: Any) -> datetime | None:
    """A provider's ISO 8601 timestamp as an aware datetime, or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def created_since(value: Any, since: datetime) -> bool:
    """Whether a task created at `value` may come from a request sent at `since` (unreadable times count as yes)."""
    created = parse_time(value)
    return created is None or created >= since - CLOCK_SKEW


def field(label: str, data: Any, *keys: str | int) -> Any:
    """data[k1][k2]…, or a retryable 'could not read' error naming the missing path."""
    value = data
    for key in keys:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            raise unreadable(label, f"answer has no {'.'.join(map(str, keys))}") from None
    if value is None or value == "":
        raise unreadable(label, f"answer has an empty {'.'.join(map(str, keys))}")
    return value
