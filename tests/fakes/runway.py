"""Fake Runway API, held to runwayml/sdk-python (generated from Runway's OpenAPI spec).

Bearer key and `X-Runway-Version: 2024-11-06`; each model takes only its own ratios and durations; promptText is at
most 1,000 UTF-16 code units; a create answers `{"id"}`; a task is `{id, status, createdAt, progress?, output?,
failure?, failureCode?}`; `GET /organization` tells the credit balance. Runway lists no tasks. The retired
gen3a_turbo is refused.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.world import FakeResponse, FakeTask, ProviderFake, json_response, prompt_hash

FAKE_RUNWAY_KEY = "fake-runway-key"
RUNWAY_VERSION = "2024-11-06"
IMAGE_RATIOS = (
    "1024:1024",
    "1080:1080",
    "1168:880",
    "1360:768",
    "1440:1080",
    "1080:1440",
    "1808:768",
    "1920:1080",
    "1080:1920",
    "2112:912",
    "1280:720",
    "720:1280",
    "720:720",
    "960:720",
    "720:960",
    "1680:720",
)
GEN4_RATIOS = ("1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672")
VEO_RATIOS = ("1280:720", "720:1280", "1080:1920", "1920:1080")
# endpoint → model → (ratios, durations); a model missing here is refused at that endpoint
MODELS: dict[str, dict[str, tuple[tuple[str, ...], tuple[int, ...]]]] = {
    "/text_to_image": {"gen4_image": (IMAGE_RATIOS, ()), "gen4_image_turbo": (IMAGE_RATIOS, ())},
    "/image_to_video": {
        "gen4_turbo": (GEN4_RATIOS, (5, 10)),
        "veo3": (VEO_RATIOS, (8,)),
        "veo3.1": (VEO_RATIOS, (4, 6, 8)),
        "veo3.1_fast": (VEO_RATIOS, (4, 6, 8)),
    },
    "/text_to_video": {
        "veo3": (VEO_RATIOS, (8,)),
        "veo3.1": (VEO_RATIOS, (4, 6, 8)),
        "veo3.1_fast": (VEO_RATIOS, (4, 6, 8)),
    },
}
STATUSES = {"pending": "PENDING", "running": "RUNNING", "done": "SUCCEEDED", "failed": "FAILED"}


def prompt_units(text: str) -> int:
    """The length of a text as Runway counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def refusal(path: str, body: dict) -> str | None:
    """What Runway's validation says about a create body, or None when it is valid."""
    model = body.get("model")
    if model not in MODELS[path]:
        return f"model {model!r} is not available at {path}"
    ratios, durations = MODELS[path][model]
    if body.get("ratio") not in ratios:
        return f"ratio must be one of {', '.join(ratios)} for {model}"
    if durations and body.get("duration", durations[0]) not in durations:
        return f"duration must be one of {', '.join(map(str, durations))} for {model}"
    prompt = body.get("promptText")
    if path != "/image_to_video" or prompt is not None:
        if not isinstance(prompt, str) or not prompt or prompt_units(prompt) > 1000:
            return "promptText must be a non-empty string up to 1000 characters"
    if path == "/image_to_video" and not body.get("promptImage"):
        return "promptImage is required"
    return None


class RunwayFake(ProviderFake):
    name = "runway"

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict, data: Any) -> FakeResponse:
        world = self.world
        if not world.bearer_ok(headers, FAKE_RUNWAY_KEY):
            return json_response(401, {"error": "Invalid API key"})
        if headers.get("x-runway-version") != RUNWAY_VERSION:
            return json_response(400, {"error": "X-Runway-Version header is missing or invalid"})
        if method == "POST" and path in MODELS:
            problem = refusal(path, data)
            if problem:
                return json_response(400, {"error": "Validation of body failed", "issues": [{"message": problem}]})
            if path == "/image_to_video":
                task = world.create("runway", "video", data, key=None)
            else:
                kind = "image" if path == "/text_to_image" else "video"
                task = world.create("runway", kind, data, key=prompt_hash(data["promptText"]))
                world.hold_submission("runway")
            return json_response(200, {"id": task.id})
        if method == "GET" and path == "/organization":
            return json_response(200, {"creditBalance": 12500, "tier": {"maxMonthlyCreditSpend": 100000, "models": {}}})
        match = re.fullmatch(r"/tasks/([\w-]+)", path)
        task = world.task("runway", match.group(1)) if match else None
        if task is None:
            return json_response(404, {"error": "Task not found"})
        if method == "GET":
            return json_response(200, self.render(task))
        if method == "DELETE":
            task.cancelled = True
            return FakeResponse(204)
        return json_response(405, {"error": "Method not allowed"})

    def render(self, task: FakeTask) -> dict:
        status = STATUSES.get(self.world.phase(task))
        answer: dict[str, Any] = {"id": task.id, "status": status or "CANCELLED", "createdAt": task.created_iso}
        if status == "RUNNING":
            answer["progress"] = self.world.progress(task)
        if status == "SUCCEEDED":
            answer["output"] = [self.world.output_url(task)]
        if status == "FAILED":
            safety = task.fail == "safety"
            answer["failure"] = "Content moderation" if safety else "An internal error occurred"
            answer["failureCode"] = "SAFETY.INPUT.TEXT" if safety else "INTERNAL.BAD_OUTPUT.CODE01"
        return answer
