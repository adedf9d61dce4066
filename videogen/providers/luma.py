"""Luma Dream Machine: one generation per clip, 9:16, 5 s, 720p, looping, with an optional callback URL.

Protocol facts relied on (checked against Luma's OpenAPI spec and lumalabs/lumaai-python): base
`…/dream-machine/v1`, header `Authorization: Bearer <key>`; `POST /generations/video` (the path since mid-2025; the
older `POST /generations` is tried only when an API answers 404 there) with `prompt, model (required: ray-1-6 |
ray-2 | ray-flash-2), aspect_ratio, duration ("5s"), resolution, loop, callback_url` answers 201 with a Generation;
`GET /generations/{id}` → `state` queued | dreaming | completed | failed, `failure_reason`, `assets.video`;
`DELETE /generations/{id}`; `GET /generations?limit=&offset=` → `{"generations": [...], "has_more", "count"}`, each
with its `request` and `created_at`, in no documented order (how a submission whose answer was lost is found);
`GET /credits` → `{"credit_balance"}`. Errors carry `{"detail"}`. Callbacks POST the Generation JSON with no
signature: the webhook view checks a per-job token in the URL and the pipeline re-fetches with our key before trusting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from ..errors import message as _
from .answers import Page, created_since, failed_task, field, inconclusive, read_task_list
from .base import PollResult, Provider, ProviderError, State, SubmitOptions, WebhookEvent, WebhookRejected, unreadable

CREATE_PATH = "/generations/video"
LEGACY_CREATE_PATH = "/generations"  # in old documentation pages only
LIST_LIMIT = 100  # generations a page, when looking for a submission whose answer was lost
LIST_PAGES = 10  # pages read at most

SAFETY_WORDS = ("moderation", "not allowed", "safety", "nsfw", "inappropriate", "blocked")
STATES: dict[str, State] = {"queued": "pending", "pending": "pending", "dreaming": "running", "processing": "running"}


class LumaProvider(Provider):
    name = "luma"
    label = "Luma"
    max_prompt_chars = 4000  # Luma's limit is about 5,000; leave room
    supports_webhooks = True
    finds_tasks = True
    key_settings = ("LUMA_API_KEY",)
    cost_setting = "LUMA_COST_USD"
    base_setting = "LUMA_API_BASE"
    model_settings = ("LUMA_MODEL",)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.LUMA_API_KEY}"}

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        self.check_prompt_length(prompt)
        body = {
            "prompt": prompt,
            "model": self.settings.LUMA_MODEL,
            "aspect_ratio": "9:16",
            "duration": "5s",
            "resolution": "720p",
            "loop": True,
        }
        if options.callback_url:
            body["callback_url"] = options.callback_url
        try:
            generation = self.request("POST", CREATE_PATH, json_body=body, idempotent=False)
        except ProviderError as error:
            if error.status != 404:  # a 404 made nothing: an API from before the path existed, try its older path
                raise
            generation = self.request("POST", LEGACY_CREATE_PATH, json_body=body, idempotent=False)
        return str(field(self.label, generation, "id"))

    def account(self) -> str | None:
        """Luma's `credit_balance` is in US cents: shown in dollars, with the figure Luma sent."""
        balance = (self.request("GET", "/credits") or {}).get("credit_balance")
        if balance is None:
            return None
        try:
            cents = Decimal(str(balance))
            dollars = (cents / 100).quantize(Decimal("0.01"))
        except (ArithmeticError, ValueError):
            return _("credit balance %(balance)s cents") % {"balance": balance}
        return _("US$%(dollars)s (%(cents)s cents)") % {"dollars": dollars, "cents": f"{cents.normalize():f}"}

    def find_tasks(self, prompt: str, options: SubmitOptions, since: datetime) -> list[str]:
        """Generations made since `since` whose request carried this callback URL (per job) or, without one, this
        prompt, newest first. Luma documents no order for its list: every page is read (a longer list is an error)."""

        def page(number: int) -> Page:
            listing = self.request("GET", f"/generations?limit={LIST_LIMIT}&offset={number * LIST_LIMIT}") or {}
            generations = [item for item in listing.get("generations") or [] if isinstance(item, dict)]
            return generations, bool(listing.get("has_more"))

        def ours(generation: dict) -> bool:
            request = generation.get("request")
            if not isinstance(request, dict) or not generation.get("id"):
                return False
            if options.callback_url:
                same = request.get("callback_url") == options.callback_url
            else:
                same = request.get("prompt") == prompt
            return same and created_since(generation.get("created_at"), since)

        found, complete = read_task_list(
            page,
            matches=ours,
            since=since,
            pages=LIST_PAGES,
            first_only=bool(options.callback_url),
        )
        if not found and not complete:
            raise inconclusive(self.label, f"{LIST_PAGES} pages of generations read")
        return [str(generation["id"]) for generation in found]

    def poll(self, task_id: str) -> PollResult:
        generation = self.request("GET", f"/generations/{task_id}")
        state = field(self.label, generation, "state")
        if state in STATES:
            return PollResult(state=STATES[state])
        if state == "completed":
            video = field(self.label, generation, "assets", "video")
            return PollResult(state="succeeded", progress=1.0, video_url=video)
        if state == "failed":
            return failed_task(
                str(generation.get("failure_reason") or ""),
                SAFETY_WORDS,
                refused=_("Luma's content filter refused this prompt."),
                failed=_("Luma could not make this video."),
            )
        raise unreadable(self.label, f"unknown generation state {state!r}")

    def cancel(self, task_id: str) -> None:
        self.request("DELETE", f"/generations/{task_id}", missing_ok=True)

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Luma signs nothing: return the generation id as a hint; the caller checks its URL token and re-polls."""
        try:
            generation = json.loads(body)
            task_id = generation["id"]
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("Luma callback without a generation id") from None
        if not isinstance(task_id, str) or not task_id:
            raise WebhookRejected("Luma callback without a generation id")
        # Unsigned, so the same state change sent twice is a replay: one event per generation and state.
        return WebhookEvent(task_id=task_id, event_id=f"{task_id}:{generation.get('state')}")
