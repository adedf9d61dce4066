"""Kling AI (official API): text → video in one task, 9:16, 5 s, authenticated by a fresh HS256 JWT per request.

Protocol facts relied on (Kling's API documentation): the international host is `https://api-singapore.klingai.com`
(it moved there from api.klingai.com; mainland accounts use the Beijing host), set by KLING_API_BASE;
JWT `{"alg": "HS256", "typ": "JWT"}` with claims `iss` = access key, `exp` = now + 1800, `nbf` = now − 5, signed with
the secret key, sent as `Authorization: Bearer`;
`POST /v1/videos/text2video {model_name, prompt, mode, aspect_ratio, duration ("5"), callback_url, external_task_id}`
→ `{"code": 0, "message", "request_id", "data": {"task_id", "task_status"}}`; `GET /v1/videos/text2video/{id}` →
`data.task_status` submitted | processing | succeed | failed, `data.task_status_msg`, `data.task_result.videos[0].url`;
`GET /v1/videos/text2video?pageNum=1..1000&pageSize=1..500` lists tasks (each with `task_info.external_task_id` and
`created_at` in Unix ms): the documented way to find a submission whose answer was lost. The single-task query's
handling of an `external_task_id` is ambiguous in the docs (path or query parameter), so we never rely on it.
A non-zero `code` is an error even with HTTP 200 (1000s auth, 1100–1102 account and balance, sent with HTTP 429 but
not retryable, 1103 model or API not permitted, 1200s parameters, 1300/1301 policy, 1302/1303 rate and concurrency
limits, 1304 the account's IP allow-list (HTTP 429 too, not retryable), 5000s server). Kling
documents no cancel call: `cancel` does nothing. Callbacks are unsigned hints.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import jwt
import requests

from ..errors import message as _
from .answers import CLOCK_SKEW, Page, failed_task, field, inconclusive, read_task_list
from .base import PollResult, Provider, ProviderError, State, SubmitOptions, WebhookEvent, WebhookRejected, unreadable

TOKEN_LIFETIME_SECONDS = 1800
SAFETY_WORDS = ("risk", "safety", "sensitive", "policy", "moderation", "inappropriate")
STATES: dict[str, State] = {"submitted": "pending", "processing": "running"}
# Rate and concurrency limits: worth a retry. Account and balance codes (1100–1102) and the IP allow-list policy
# (1304) also come with HTTP 429: never.
RETRYABLE_CODES = {1302, 1303}
IP_NOT_ALLOWED = 1304
LIST_PAGE_SIZE = 100  # tasks per page of the list read to find a lost submission (Kling allows up to 500)
LIST_PAGES = 10  # pages read at most before a look-up gives up (as an error, never as "not there")


def _created(task: dict) -> datetime | None:
    """A task's created_at (Unix milliseconds) as an aware datetime."""
    value = task.get("created_at")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return datetime.fromtimestamp(value / 1000, UTC)


def api_error(label: str, code: int) -> ProviderError:
    """Word Kling's business error code for a therapist; the error keeps the code."""
    error = _worded(label, code)
    error.code = code
    return error


def _worded(label: str, code: int) -> ProviderError:
    names = {"provider": label}
    detail = f"Kling code {code}"  # not its message, which may quote the prompt
    if 1000 <= code < 1100:
        return ProviderError(_("The %(provider)s API key was refused.") % names, permanent=True, detail=detail)
    if code in (1101, 1102):
        message_text = _("The %(provider)s account has run out of credits.")
        return ProviderError(message_text % names, permanent=True, detail=detail)
    if 1100 <= code < 1200:
        message_text = _("The %(provider)s account cannot be used right now.")
        return ProviderError(message_text % names, permanent=True, detail=detail)
    if code == IP_NOT_ALLOWED:  # Kling's advice: contact customer service (or add this server's IP to the account)
        message_text = _("This server's IP address is not allowed for the %(provider)s account.")
        return ProviderError(message_text % names, permanent=True, detail=detail)
    if code == 1301:
        return ProviderError(_("%(provider)s's content filter refused this prompt.") % names, detail=detail)
    if code in RETRYABLE_CODES:
        message_text = _("%(provider)s is busy (too many requests); we will try again shortly.")
        return ProviderError(message_text % names, retryable=True, detail=detail)
    if code >= 5000:
        message_text = _("%(provider)s is having technical problems; we will try again shortly.")
        return ProviderError(message_text % names, retryable=True, detail=detail)
    return ProviderError(
        _("%(provider)s refused the request (code %(code)s).") % {**names, "code": code}, detail=detail
    )


class KlingProvider(Provider):
    name = "kling"
    label = "Kling"
    max_prompt_chars = 2500
    supports_webhooks = True
    finds_tasks = True
    key_settings = ("KLING_ACCESS_KEY", "KLING_SECRET_KEY")
    cost_setting = "KLING_COST_USD"
    base_setting = "KLING_API_BASE"
    model_settings = ("KLING_MODEL",)

    def token(self, now: float | None = None) -> str:
        now = int(time.time() if now is None else now)
        claims = {"iss": self.settings.KLING_ACCESS_KEY, "exp": now + TOKEN_LIFETIME_SECONDS, "nbf": now - 5}
        return jwt.encode(claims, self.settings.KLING_SECRET_KEY, algorithm="HS256", headers={"typ": "JWT"})

    def auth_headers(self) -> dict[str, str]:
        """A fresh JWT for each request (and each retry of it)."""
        return {"Authorization": f"Bearer {self.token()}"}

    def raise_for_response(self, response: requests.Response) -> None:
        """Kling's business code in an error body (below 5xx) says more than the status: 1101 comes as HTTP 429."""
        try:
            code = int(response.json().get("code"))
        except (ValueError, TypeError, AttributeError):
            return
        if response.status_code < 500 and code != 0:
            raise api_error(self.label, code)

    def request(
        self, method: str, path: str, *, json_body: Any = None, missing_ok: bool = False, idempotent: bool = True
    ) -> dict:
        """Kling's answers carry a `code`, and a non-zero one is an error even with HTTP 200."""
        answer = super().request(method, path, json_body=json_body, missing_ok=missing_ok, idempotent=idempotent)
        if not isinstance(answer, dict) or "code" not in answer:
            raise unreadable(self.label, f"{method} {path}: answer without a code")
        try:
            code = int(answer["code"])
        except (TypeError, ValueError):
            raise unreadable(self.label, f"{method} {path}: unreadable code {answer['code']!r}") from None
        if code != 0:
            raise api_error(self.label, code)
        return answer

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        self.check_prompt_length(prompt)
        body = {
            "model_name": self.settings.KLING_MODEL,
            "prompt": prompt,
            "mode": "std",
            "aspect_ratio": "9:16",
            "duration": "5",
            "external_task_id": options.external_id or f"dreamtok-{uuid.uuid4().hex}",
        }
        if options.callback_url:
            body["callback_url"] = options.callback_url
        answer = self.request("POST", "/v1/videos/text2video", json_body=body, idempotent=False)
        return str(field(self.label, answer, "data", "task_id"))

    def account(self) -> str | None:
        """A list of one task: Kling's cheapest authenticated read (its API reports no balance there)."""
        self.request("GET", "/v1/videos/text2video?pageNum=1&pageSize=1")
        return None

    def find_tasks(self, prompt: str, options: SubmitOptions, since: datetime | None) -> list[str]:
        """The task we named, found in Kling's task list by its `task_info.external_task_id` and made no earlier than
        our request (less the clock skew); "not there" only once the list was read to its end or back past our request
        (a longer list is an error, never "never arrived")."""
        if not options.external_id:
            return []

        def page(number: int) -> Page:
            path = f"/v1/videos/text2video?pageNum={number + 1}&pageSize={LIST_PAGE_SIZE}"
            tasks = self.request("GET", path).get("data")
            if not isinstance(tasks, list):
                raise unreadable(self.label, f"GET {path}: data is not a list")
            tasks = [task for task in tasks if isinstance(task, dict)]
            return tasks, len(tasks) == LIST_PAGE_SIZE

        def ours(task: dict) -> bool:
            """Our external id on a task made since we sent (a restored database can repeat an older task's id)."""
            info = task.get("task_info")
            if not isinstance(info, dict):
                info = {}
            if info.get("external_task_id") != options.external_id or not task.get("task_id"):
                return False
            created = _created(task)
            return since is None or created is None or created >= since - CLOCK_SKEW

        found, complete = read_task_list(
            page, matches=ours, created=_created, since=since, pages=LIST_PAGES, first_only=True
        )
        if found or complete:
            return [str(task["task_id"]) for task in found[:1]]
        raise inconclusive(self.label, f"{LIST_PAGES} pages of tasks read")

    def poll(self, task_id: str) -> PollResult:
        task = field(self.label, self.request("GET", f"/v1/videos/text2video/{task_id}"), "data")
        status = field(self.label, task, "task_status")
        if status in STATES:
            return PollResult(state=STATES[status])
        if status == "succeed":
            video = field(self.label, task, "task_result", "videos", 0, "url")
            return PollResult(state="succeeded", progress=1.0, video_url=video)
        if status == "failed":
            return failed_task(
                str(task.get("task_status_msg") or ""),
                SAFETY_WORDS,
                refused=_("Kling's content filter refused this prompt."),
                failed=_("Kling could not make this video."),
            )
        raise unreadable(self.label, f"unknown task status {status!r}")

    def cancel(self, task_id: str) -> None:
        """Kling has no cancel call; the task runs out and its result is never fetched."""

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Kling signs nothing: return the task id as a hint; the caller checks its URL token and re-polls."""
        try:
            task = json.loads(body)
            if isinstance(task.get("data"), dict):
                task = task["data"]
            task_id = task["task_id"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WebhookRejected("Kling callback without a task id") from None
        if not isinstance(task_id, str) or not task_id:
            raise WebhookRejected("Kling callback without a task id")
        # Unsigned, so the same status sent twice is a replay: one event per task and status.
        return WebhookEvent(task_id=task_id, event_id=f"{task_id}:{task.get('task_status')}")
