"""Fake Replicate API, held to Replicate's OpenAPI spec and replicate/replicate-python.

Bearer token; `POST /models/{owner}/{name}/predictions {input}` (official models only, a 404 otherwise) or
`POST /predictions {version, input}`, with an
optional `webhook` and `webhook_events_filter`; a Prediction is `{id, model, version, input, logs, output,
data_removed, error, status, created_at, urls, metrics}` and has no `webhook` member; errors are `{"title", "detail",
"status"}` (422 for bad input); `GET /predictions` pages newest first, 100 a page, `next` an absolute URL;
`GET /account` names the account. Webhooks are signed as Standard Webhooks with FAKE_REPLICATE_WEBHOOK_SECRET.
Stable Video Diffusion (a prediction with `input_image`) checks its input and makes the frame its sizing strategy
makes: a 9:16 image kept in aspect comes out about 320×576; with `use_image_dimensions`, the image's own size.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import uuid
from io import BytesIO
from typing import Any

from PIL import Image

from tests.fakes.world import FakeResponse, FakeTask, ProviderFake, json_response, prompt_hash

FAKE_REPLICATE_TOKEN = "fake-replicate-token"
FAKE_REPLICATE_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"fake-replicate-webhook-signing-key").decode()
WEBHOOK_EVENTS = ("start", "output", "logs", "completed")
STATUSES = {"pending": "starting", "running": "processing", "done": "succeeded", "failed": "failed"}
IMAGE_WORDS = ("flux", "sdxl", "image", "stable-diffusion")
PAGE_SIZE = 100
FLUX_9_16 = (768, 1344)  # about the size of a 9:16 image from an image model
SIZING_STRATEGIES = ("maintain_aspect_ratio", "crop_to_16_9", "use_image_dimensions")
VIDEO_LENGTHS = ("14_frames_with_svd", "25_frames_with_svd_xt")
# Official models (kept running by Replicate, priced per output): the only ones `POST /models/.../predictions` takes.
# Stable Video Diffusion and SDXL are community models: they are created by version.
OFFICIAL_MODELS = (
    "black-forest-labs/flux-schnell",
    "black-forest-labs/flux-dev",
    "black-forest-labs/flux-1.1-pro",
    "minimax/video-01",
    "google/veo-3",
)


def image_size(reference: str, world) -> tuple[int, int] | None:
    """The size of an input image: a data URI's own, or that of an image this world made (by its /files/ URL)."""
    if reference.startswith("data:image/"):
        try:
            with Image.open(BytesIO(base64.b64decode(reference.split(",", 1)[1], validate=True))) as image:
                return image.size
        except (ValueError, IndexError, OSError):
            return None
    task = world.tasks.get(reference.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return task.size if task and task.kind == "image" else None


def svd_output_size(model_input: dict, world) -> tuple[str | None, tuple[int, int]]:
    """Stable Video Diffusion's check of its input, and the frame it makes: `maintain_aspect_ratio` fits the image in
    1024×576 (a 9:16 image comes out about 320×576), `crop_to_16_9` is 1024×576, `use_image_dimensions` keeps it."""
    size = image_size(str(model_input.get("input_image") or ""), world)
    strategy = model_input.get("sizing_strategy", "maintain_aspect_ratio")
    if size is None:
        return "input_image must be an image URL or a data URI", (0, 0)
    if strategy not in SIZING_STRATEGIES or model_input.get("video_length", VIDEO_LENGTHS[0]) not in VIDEO_LENGTHS:
        return "sizing_strategy or video_length is not one of the allowed values", (0, 0)
    if (
        not 5 <= model_input.get("frames_per_second", 6) <= 30
        or not 1 <= model_input.get("motion_bucket_id", 127) <= 255
    ):
        return "frames_per_second must be 5-30 and motion_bucket_id 1-255", (0, 0)
    width, height = size
    if strategy == "crop_to_16_9":
        return None, (1024, 576)
    if strategy == "maintain_aspect_ratio":
        scale = min(1024 / width, 576 / height)
        return None, (int(width * scale) // 64 * 64 or 64, int(height * scale) // 64 * 64 or 64)
    return None, (width, height)


def sign_standard_webhook(secret: str, webhook_id: str, timestamp: int | str, body: bytes) -> str:
    """The `webhook-signature` header value for a Standard Webhooks message."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def problem(status: int, title: str, detail: str) -> FakeResponse:
    return json_response(status, {"title": title, "detail": detail, "status": status})


def refusal(data: dict, *, by_version: bool) -> FakeResponse | None:
    """What Replicate says about a create body it refuses, or None when it takes it."""
    if not isinstance(data.get("input"), dict):
        return problem(422, "Invalid input", "input is required")
    if by_version and not data.get("version"):
        return problem(422, "Invalid version", "version is required")
    events = data.get("webhook_events_filter", [])
    if not isinstance(events, list) or any(event not in WEBHOOK_EVENTS for event in events):
        return problem(422, "Invalid webhook_events_filter", f"events must be among {', '.join(WEBHOOK_EVENTS)}")
    return None


class ReplicateFake(ProviderFake):
    name = "replicate"

    def refuse_body(self, status: int, message: str) -> FakeResponse:
        return problem(status, "Unsupported Media Type" if status == 415 else "Invalid request body", message)

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict, data: Any) -> FakeResponse:
        world = self.world
        if not world.bearer_ok(headers, FAKE_REPLICATE_TOKEN):
            return problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        model = re.fullmatch(r"/models/([\w.-]+/[\w.-]+)/predictions", path)
        if method == "POST" and model and model.group(1) not in OFFICIAL_MODELS:
            # since 2025-08-05 this endpoint serves official models only: others are created by version
            return problem(404, "Not found", f"{model.group(1)} is not an official model: create it by version")
        if method == "POST" and (path == "/predictions" or model):
            refused = refusal(data, by_version=path == "/predictions")
            if refused:
                return refused
            return self._create(data, model.group(1) if model else "")
        if method == "GET" and path == "/predictions":
            return self._list(query)
        if method == "GET" and path == "/account":
            return json_response(200, {"type": "organization", "username": "dreamtok", "name": "DreamTok"})
        match = re.fullmatch(r"/predictions/([\w-]+)(/cancel)?", path)
        task = world.task("replicate", match.group(1)) if match else None
        if task is None:
            return problem(404, "Not found", "Prediction not found")
        if method == "GET" and not match.group(2):
            return json_response(200, self.render(task))
        if method == "POST" and match.group(2):
            task.cancelled = True
            return json_response(200, self.render(task))
        return problem(405, "Method not allowed", "Method not allowed")

    def _list(self, query: dict[str, str]) -> FakeResponse:
        """A page of PAGE_SIZE predictions, newest first; `next` is the absolute URL of the following page."""
        try:
            start = int(query.get("cursor", "0"))
        except ValueError:
            return problem(400, "Invalid cursor", "cursor is not valid")
        tasks = self.world.newest_first("replicate")
        page = [self.render(task) for task in tasks[start : start + PAGE_SIZE]]
        listing = f"{self.world.base_url}/replicate/predictions"
        following = f"{listing}?cursor={start + PAGE_SIZE}" if start + PAGE_SIZE < len(tasks) else None
        previous = f"{listing}?cursor={max(0, start - PAGE_SIZE)}" if start else None
        return json_response(200, {"previous": previous, "next": following, "results": page})

    def _create(self, data: dict, model_name: str) -> FakeResponse:
        world = self.world
        model_input = data["input"]
        webhook = data.get("webhook")
        if "input_image" in model_input:
            refused, size = svd_output_size(model_input, world)
            if refused:
                return problem(422, "Invalid input", refused)
            task = world.create("replicate", "video", data, key=None, callback_url=webhook, size=size)
        else:
            prompt = model_input.get("prompt")
            if not isinstance(prompt, str) or not prompt:
                return problem(422, "Invalid input", "prompt is required")
            looks_like_image = any(word in model_name for word in IMAGE_WORDS)
            kind = "image" if (looks_like_image and "video" not in model_name) or not model_name else "video"
            size = FLUX_9_16 if kind == "image" and model_input.get("aspect_ratio") == "9:16" else (72, 128)
            task = world.create("replicate", kind, data, key=prompt_hash(prompt), callback_url=webhook, size=size)
            world.hold_submission("replicate")
        task.payload = {**data, "model": model_name}
        return json_response(201, self.render(task))

    def render(self, task: FakeTask) -> dict:
        status = STATUSES.get(self.world.phase(task)) or "canceled"
        output: Any = None
        if status == "succeeded":
            url = self.world.output_url(task)
            output = [url] if task.kind == "image" else url
        error = None
        if status == "failed":
            safety = "NSFW content detected. Try running it again, or try a different prompt."
            error = safety if task.fail == "safety" else "CUDA out of memory"
        urls = f"{self.world.base_url}/replicate/predictions/{task.id}"
        return {
            "id": task.id,
            "model": task.payload.get("model", ""),
            "version": task.payload.get("version", ""),
            "input": task.payload.get("input", {}),
            "logs": "",
            "output": output,
            "data_removed": False,
            "error": error,
            "status": status,
            "created_at": task.created_iso,
            "urls": {"get": urls, "cancel": urls + "/cancel"},
            "metrics": {},
        }

    def callback_headers(self, body: bytes) -> dict[str, str]:
        webhook_id, timestamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
        signature = sign_standard_webhook(FAKE_REPLICATE_WEBHOOK_SECRET, webhook_id, timestamp, body)
        return {"webhook-id": webhook_id, "webhook-timestamp": timestamp, "webhook-signature": signature}
