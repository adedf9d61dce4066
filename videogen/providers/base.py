"""The interface every text-to-video provider implements, the errors they raise, and their one way of calling
their API: `Provider.request` (the HTTP, the auth headers, what an answer's status means), with two hooks a provider
fills in, `auth_headers` and `raise_for_response` (its own error codes), as Healthchecks' transports do.

Final failures become `ProviderError`s worded for a therapist, with the HTTP status; the technical detail (method,
path, status; never the provider's body, which may echo the prompt) goes to `detail`, which is logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import requests
from django.conf import settings as django_settings
from django.utils.translation import gettext

from videogen import http

from ..errors import message as _


def utf16_length(text: str) -> int:
    """A text's length in UTF-16 code units, as JavaScript-era APIs count it (a character beyond the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


class ProviderError(Exception):
    """A provider refused or failed. `message` is for a therapist; `retryable` says whether trying again may help.

    `permanent` means this provider cannot serve any job now (bad key, no credits): the job falls back to the next one.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        permanent: bool = False,
        detail: str = "",
        retry_after: float | None = None,
        maybe_created: bool = False,
        status: int | None = None,
        code: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.permanent = permanent
        self.detail = detail  # technical detail for logs/admin; never dream text
        self.retry_after = retry_after  # seconds the provider asked us to wait (Retry-After), when it said
        # A create request may have arrived although we read no answer (a timeout, a 5xx, an unreadable body).
        self.maybe_created = maybe_created
        self.status = status  # the HTTP status of the answer, when there was one
        self.code = code  # the provider's own error code (Kling's), when it sent one
        self.unreadable = False  # a 2xx answer whose body was not what the API sends (see unreadable below)


def status_error(label: str, response: requests.Response, detail: str) -> ProviderError:
    """The ProviderError for a final HTTP error status (after retries), in the common wording."""
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
        return ProviderError(message % names, retryable=True, detail=detail, retry_after=http.hinted_wait(response))
    if status >= 500:
        message = _("%(provider)s is having technical problems; we will try again shortly.")
        return ProviderError(message % names, retryable=True, detail=detail, retry_after=http.hinted_wait(response))
    return ProviderError(_("%(provider)s refused the request (HTTP %(status)s).") % names, detail=detail)


def unreadable(label: str, detail: str) -> ProviderError:
    """A 2xx answer whose body is not the JSON we expect: retryable, the provider may answer properly next time."""
    message = _("%(provider)s sent an answer we could not read; we will try again shortly.") % {"provider": label}
    error = ProviderError(message, retryable=True, detail=detail, maybe_created=True)
    error.unreadable = True
    return error


def _no_answer(label: str, error: requests.RequestException, where: str, idempotent: bool) -> ProviderError:
    """No answer came, even after the retries: a timeout or a connection that failed."""
    if isinstance(error, requests.Timeout):
        message = _("%(provider)s did not answer in time; we will try again shortly.")
    else:
        message = _("%(provider)s could not be reached; we will try again shortly.")
    arrived = not idempotent and not http.never_arrived(error)
    return ProviderError(
        message % {"provider": label}, retryable=True, detail=f"{where}: {error!r}", maybe_created=arrived
    )


class WebhookRejected(Exception):
    """A webhook or callback failed verification (bad signature, stale timestamp, unknown body)."""


@dataclass(frozen=True)
class SubmitOptions:
    symbols: list[str] = field(default_factory=list)
    callback_url: str | None = None
    seed: int | None = None
    # A unique id for this submission ("dreamtok-<install prefix>-<job>-<submission>"); Kling keeps it as
    # external_task_id, which must be unique across the whole account.
    external_id: str | None = None


State = Literal["pending", "running", "succeeded", "failed", "cancelled"]


@dataclass(frozen=True)
class PollResult:
    state: State
    progress: float | None = None  # 0..1 when the provider says
    video_url: str | None = None  # remote output to download (https)
    video_path: str | None = None  # a local file, for the local renderer
    error: str | None = None  # for a therapist, on failure
    retryable: bool = False  # on failure: may another attempt succeed?
    next_task_id: str | None = None  # a multi-step provider moved on to its next task (image → video)


@dataclass(frozen=True)
class WebhookEvent:
    task_id: str
    event_id: str | None = None  # for replay protection, where the provider sends one


class Provider:
    """One text-to-video service. Subclasses set the class attributes and implement the methods."""

    name: ClassVar[str]
    label: ClassVar[str]
    max_prompt_chars: ClassVar[int] = 1000
    supports_webhooks: ClassVar[bool] = False
    finds_tasks: ClassVar[bool] = False  # whether find_tasks can tell that a lost request made nothing
    key_settings: ClassVar[tuple[str, ...]] = ()  # the settings that hold its key(s): all set = configured
    cost_setting: ClassVar[str] = ""  # the setting that holds its price per clip in US$ (none: it costs nothing)
    base_setting: ClassVar[str] = ""  # the setting that holds its API's base URL
    model_settings: ClassVar[tuple[str, ...]] = ()  # the settings that name its models

    def __init__(self, settings_source=None):
        self.settings = settings_source or django_settings

    @classmethod
    def is_configured(cls, settings) -> bool:
        """Whether the keys this provider needs (`key_settings`) are all set."""
        return all(getattr(settings, name) for name in cls.key_settings)

    @property
    def cost_per_clip(self) -> Decimal:
        if not self.cost_setting:
            return Decimal("0")
        return Decimal(str(getattr(self.settings, self.cost_setting)))

    def auth_headers(self) -> Mapping[str, str]:
        """The headers that authenticate one request; asked again for each attempt (Kling signs each one)."""
        raise NotImplementedError

    def raise_for_response(self, response: requests.Response) -> None:
        """Raise the ProviderError that this provider's own error answer (a 3xx-5xx) means; return to let the
        common wording by HTTP status stand. Asked also whether a 429 or 5xx is worth another try."""

    def request(
        self, method: str, path: str, *, json_body: Any = None, missing_ok: bool = False, idempotent: bool = True
    ) -> Any:
        """Call this provider's JSON API at `path` under its base URL; return the decoded JSON (None for an empty body).

        With `missing_ok`, a 404 answers None (a cancel of a task the provider already forgot). `idempotent=False`
        marks a call that creates something (see videogen.http). Every failure is a ProviderError.
        """
        url = str(getattr(self.settings, self.base_setting)).rstrip("/") + path
        where = f"{method} {urlsplit(url).path}"
        try:
            response = http.send(
                self.name,
                method,
                url,
                headers=self.auth_headers,
                json_body=json_body,
                idempotent=idempotent,
                worth_retry=lambda answer: self._error_for(answer, where).retryable,
            )
        except requests.RequestException as error:
            raise _no_answer(self.label, error, where, idempotent) from error
        status = response.status_code
        if missing_ok and status == 404:
            return None
        if status >= 300:
            refused = self._error_for(response, where)
            refused.status = status
            refused.maybe_created = not idempotent and status >= 500
            raise refused
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as error:  # requests' JSONDecodeError is one
            raise unreadable(self.label, f"{where} → HTTP {status}: not JSON") from error

    def _error_for(self, response: requests.Response, where: str) -> ProviderError:
        """The provider's own wording of an error answer (`raise_for_response`), else the common one by status."""
        try:
            self.raise_for_response(response)
        except ProviderError as error:
            return error
        return status_error(self.label, response, f"{where} → HTTP {response.status_code}")

    @staticmethod
    def prompt_length(text: str) -> int:
        """A prompt's length as this provider counts it against `max_prompt_chars`."""
        return len(text)

    def check_prompt_length(self, prompt: str) -> None:
        """Refuse a prompt longer than this provider takes (not retryable: the same prompt fails again)."""
        length = self.prompt_length(prompt)
        if length > self.max_prompt_chars:
            message = gettext("The prompt is too long for %(provider)s (%(count)d characters; at most %(limit)d).")
            names = {"provider": self.label, "count": length, "limit": self.max_prompt_chars}
            raise ProviderError(message % names, detail=f"prompt of {length} characters")

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        """Start a generation; return the provider's task id."""
        raise NotImplementedError

    def account(self) -> str | None:
        """One harmless authenticated read (never a task created): what the API says of the account's credit, if
        anything. Raises ProviderError like any call (a refused key, an unreachable host)."""
        raise NotImplementedError

    def settings_problem(self) -> tuple[str, str] | None:
        """A setting this provider cannot work with, as (what is wrong, the setting to fix); None when all is well."""
        return None

    def find_tasks(self, prompt: str, options: SubmitOptions, since: datetime) -> list[str]:
        """Task ids (newest first) that a submission whose answer we never read may have created: the worker died
        mid-request, or the answer was lost. `options` are the ones it was sent with; `since` is when it was about to
        leave. Empty when there is none, or when the provider offers no way to look (the job is then sent again)."""
        return []

    def poll(self, task_id: str) -> PollResult:
        raise NotImplementedError

    def cancel(self, task_id: str) -> None:
        raise NotImplementedError

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Verify and parse a webhook/callback body. Raise WebhookRejected when it is not genuine."""
        raise WebhookRejected(f"{self.name} sends no webhooks")
