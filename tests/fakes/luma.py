"""Fake Luma Dream Machine API, held to Luma's OpenAPI spec and lumalabs/lumaai-python.

Bearer key; a create is `POST /generations/video` (`POST /generations` on an API from before mid-2025, set
`world.luma_legacy_api`); it needs a prompt and one of Luma's models and takes only their aspect ratios, durations and
resolutions; a Generation is `{id, state, failure_reason, assets, request, created_at, …}`; errors are
`{"detail": …}`. The generation list is `{generations, has_more, count, limit, offset}` in no documented order
(oldest first here, so a client that assumes newest first is caught);
`GET /credits` tells the balance.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.world import FakeResponse, FakeTask, ProviderFake, json_response, prompt_hash

FAKE_LUMA_KEY = "fake-luma-key"
MODELS = ("ray-1-6", "ray-2", "ray-flash-2")
ASPECT_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
DURATIONS = ("5s", "9s")
RESOLUTIONS = ("540p", "720p", "1080p", "4k")
STATES = {"pending": "queued", "running": "dreaming", "done": "completed", "failed": "failed"}
REASONS = {"safety": "400: prompt not allowed because advanced moderation failed", "internal": "Job failed"}


def refusal(body: dict) -> str | None:
    """What Luma's validation says about a create body, or None when it is valid."""
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt or len(prompt) > 5000:
        return "prompt is required and at most 5000 characters"
    if body.get("model") not in MODELS:
        return f"model is required: one of {', '.join(MODELS)}"
    if body.get("aspect_ratio", "16:9") not in ASPECT_RATIOS:
        return "invalid aspect_ratio"
    if body.get("duration", "5s") not in DURATIONS:
        return "invalid duration"
    if body.get("resolution", "720p") not in RESOLUTIONS:
        return "invalid resolution"
    if not isinstance(body.get("loop", False), bool):
        return "loop must be a boolean"
    return None


class LumaFake(ProviderFake):
    name = "luma"

    def refuse_body(self, status: int, message: str) -> FakeResponse:
        return json_response(status, {"detail": message})

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict, data: Any) -> FakeResponse:
        world = self.world
        if not world.bearer_ok(headers, FAKE_LUMA_KEY):
            return json_response(401, {"detail": "Invalid API key"})
        legacy = world.luma_legacy_api  # an API from before mid-2025, which created at POST /generations
        if method == "POST" and path == ("/generations" if legacy else "/generations/video"):
            problem = refusal(data)
            if problem:
                return json_response(400, {"detail": problem})
            prompt = data["prompt"]
            task = world.create("luma", "video", data, key=prompt_hash(prompt), callback_url=data.get("callback_url"))
            world.hold_submission("luma")
            return json_response(201, self.render(task))
        if method == "GET" and path == "/generations":
            return self._list(query)
        if method == "GET" and path == "/credits":
            return json_response(200, {"credit_balance": 1500.0})
        match = re.fullmatch(r"/generations/([\w-]+)", path)
        task = world.task("luma", match.group(1)) if match else None
        if task is None and method == "POST":
            return json_response(404 if path == "/generations/video" else 405, {"detail": "Not Found"})
        if task is None:
            return json_response(404, {"detail": "Generation not found"})
        if method == "GET":
            return json_response(200, self.render(task))
        if method == "DELETE":
            with world.lock:
                world.tasks.pop(task.id, None)
            return FakeResponse(204)
        return json_response(405, {"detail": "Method Not Allowed"})

    def _list(self, query: dict[str, str]) -> FakeResponse:
        """`?limit=&offset=` (defaults 10 and 0). Luma documents no order: this fake answers oldest first."""
        try:
            limit, offset = int(query.get("limit", "10")), int(query.get("offset", "0"))
        except ValueError:
            return json_response(400, {"detail": "limit and offset must be integers"})
        if limit < 1 or offset < 0:
            return json_response(400, {"detail": "limit must be positive and offset not negative"})
        tasks = list(reversed(self.world.newest_first("luma")))
        page = [self.render(task) for task in tasks[offset : offset + limit]]
        listing = {"generations": page, "has_more": offset + limit < len(tasks), "count": len(page)}
        return json_response(200, {**listing, "limit": limit, "offset": offset})

    def render(self, task: FakeTask) -> dict:
        state = STATES.get(self.world.phase(task), "failed")
        return {
            "id": task.id,
            "generation_type": "video",
            "state": state,
            "failure_reason": REASONS.get(task.fail or "") if state == "failed" else None,
            "created_at": task.created_iso,
            "assets": {"video": self.world.output_url(task)} if state == "completed" else None,
            "model": task.payload.get("model"),
            "request": task.payload,
        }
