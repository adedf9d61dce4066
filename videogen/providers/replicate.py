"""Replicate: an image prediction, then Stable Video Diffusion on it; or one configured text-to-video model.

Protocol facts relied on (checked against Replicate's OpenAPI spec and replicate/replicate-python): header
`Authorization: Bearer <token>`; `POST /models/{owner}/{name}/predictions {"input"}` for official models or
`POST /predictions {"version", "input"}`; optional `"webhook"` + `"webhook_events_filter": ["completed"]`;
`GET /predictions/{id}` → `status` starting | processing | succeeded | failed | canceled, `output` (a URL or a list),
`error`; `POST /predictions/{id}/cancel`; `GET /predictions` lists predictions newest first, 100 a page, as
`{"results": [...], "next": absolute URL | null}`; `GET /account` names the account (no balance is reported).
A Prediction carries `input`, `model`, `version` and `created_at` but no `webhook` member: a prediction whose answer
was lost (or an SVD step already started) is recognised by what it carries, which cannot prove that a request never
arrived — so a lost request not found counts as spent, and the SVD step, started by a poll that no longer knows the
job's webhook, is followed by polling alone.
SVD (stability-ai/stable-video-diffusion) takes `input_image` (URL or data URI), `video_length`, `sizing_strategy`,
`frames_per_second`, `motion_bucket_id`, `cond_aug`; "maintain_aspect_ratio" caps the height at 576, so a 9:16 image
comes out about 320×576: we send the image cropped to 576×1024 with "use_image_dimensions", and the frame stays.
Webhooks follow Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` ("v1,<base64>" entries,
space-separated); HMAC-SHA256 over "{id}.{timestamp}.{body}" keyed with base64-decoded `whsec_…` secret.
Task ids carry the step: "img:<id>" for the image prediction, "vid:<id>" for the video one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from datetime import datetime
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps

from videogen.download import safe_download
from videogen.media_errors import MediaError

from ..errors import message as _
from .answers import Page, created_since, failed_task, field, parse_time, read_task_list, utc_now
from .base import PollResult, Provider, ProviderError, SubmitOptions, WebhookEvent, WebhookRejected, unreadable

WEBHOOK_TOLERANCE_SECONDS = 300
SVD_INPUT = {
    "video_length": "25_frames_with_svd_xt",
    # "maintain_aspect_ratio" fits the image into 576 px of height: a 9:16 image would come out about 320×576
    "sizing_strategy": "use_image_dimensions",
    "frames_per_second": 6,  # 25 frames ≈ 4 s
    "motion_bucket_id": 127,
    "cond_aug": 0.02,
}
SAFETY_WORDS = ("nsfw", "safety", "sensitive", "flagged", "moderation")


def is_svd(model: str) -> bool:
    """Stable Video Diffusion (a community model: created by version only), spelled with or without its version."""
    return "stable-video-diffusion" in model


PENDING = {"starting"}
IMAGE_SHARE_OF_PROGRESS = 0.3
LIST_PAGES = 5  # pages of predictions read at most when looking for one
SVD_FRAME = (576, 1024)  # the vertical frame SVD is given (both sides multiples of 64, as it needs)
IMAGE_MAX_BYTES = 20 * 1024 * 1024


def _same_input(shown, sent: dict) -> bool:
    """Whether a prediction's input is the one we sent (every field we sent, with the same value)."""
    return isinstance(shown, dict) and all(shown.get(key) == value for key, value in sent.items())


def split_task_id(task_id: str) -> tuple[str, str]:
    step, _separator, raw = task_id.partition(":")
    if step in ("img", "vid") and raw:
        return step, raw
    return "vid", task_id


def first_url(output) -> str | None:
    if isinstance(output, list):
        output = output[0] if output else None
    return output if isinstance(output, str) and output else None


def signature_valid(secret: str, webhook_id: str, timestamp: str, body: bytes, signatures: str) -> bool:
    """Standard Webhooks: any `v1,<base64>` entry equal (in constant time) to our HMAC of "{id}.{ts}.{body}"."""
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    matched = False
    for entry in signatures.split():
        version, _separator, candidate = entry.partition(",")
        if version == "v1" and hmac.compare_digest(candidate.encode(), expected):
            matched = True
    return matched


class ReplicateProvider(Provider):
    name = "replicate"
    label = "Replicate"
    max_prompt_chars = 2000
    supports_webhooks = True
    finds_tasks = False  # a look-up by input cannot prove a request never arrived: one not found counts as spent
    key_settings = ("REPLICATE_API_TOKEN",)
    cost_setting = "REPLICATE_COST_USD"
    base_setting = "REPLICATE_API_BASE"
    model_settings = ("REPLICATE_IMAGE_MODEL", "REPLICATE_VIDEO_MODEL")

    @property
    def uses_svd(self) -> bool:
        return is_svd(self.settings.REPLICATE_VIDEO_MODEL)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.REPLICATE_API_TOKEN}"}

    def _recent(self, since: datetime, model: str, version: str | None, model_input: dict) -> list[str]:
        """Ids of predictions (newest first) created since `since` with this model (or version) and this input.

        Pages are followed while they hold predictions that recent, and only on our own API host: the token goes
        nowhere else."""
        model, _separator, spelled_version = model.partition(":")
        version = spelled_version or version
        base = self.settings.REPLICATE_API_BASE.rstrip("/")
        following: list[str | None] = ["/predictions"]

        def page(_number: int) -> Page:
            listing = (self.request("GET", following[0]) if following[0] else None) or {}
            after = listing.get("next")
            following[0] = after.removeprefix(base) if isinstance(after, str) and after.startswith(base) else None
            return [item for item in listing.get("results") or [] if isinstance(item, dict)], bool(following[0])

        def ours(prediction: dict) -> bool:
            return (
                bool(prediction.get("id"))
                and _same_input(prediction.get("input"), model_input)
                and (prediction.get("version") == version if version else prediction.get("model") == model)
                and created_since(prediction.get("created_at"), since)
            )

        found, _complete = read_task_list(
            page,
            matches=ours,
            since=since,
            pages=LIST_PAGES,
        )
        return [str(prediction["id"]) for prediction in found]

    def _create(self, model: str, version: str | None, model_input: dict, webhook: str | None) -> str:
        """Start a prediction: by version when given (or spelled owner/name:version), else the model's endpoint."""
        model, _separator, spelled_version = model.partition(":")
        version = spelled_version or version
        body: dict = {"input": model_input}
        if webhook:
            body["webhook"] = webhook
            body["webhook_events_filter"] = ["completed"]
        if version:
            prediction = self.request("POST", "/predictions", json_body={"version": version, **body}, idempotent=False)
        else:
            prediction = self.request("POST", f"/models/{model}/predictions", json_body=body, idempotent=False)
        return str(field(self.label, prediction, "id"))

    def _webhook(self, callback_url: str | None) -> str | None:
        # Without the secret we could not verify the webhooks, so we do not ask for them.
        return callback_url if callback_url and self.settings.REPLICATE_WEBHOOK_SECRET else None

    def account(self) -> str | None:
        """Replicate's account read names the account; Replicate's API reports no balance."""
        username = (self.request("GET", "/account") or {}).get("username")
        return _("account %(name)s") % {"name": username} if username else None

    def _first_step(self, prompt: str, options: SubmitOptions) -> tuple[str, str, dict]:
        """The step a job starts with ("img" or "vid"), its model and its input."""
        if self.uses_svd:
            image_input: dict = {"prompt": prompt, "aspect_ratio": "9:16", "output_format": "png", "num_outputs": 1}
            if options.seed is not None:
                image_input["seed"] = options.seed
            return "img", self.settings.REPLICATE_IMAGE_MODEL, image_input
        video_input = {**self.settings.REPLICATE_VIDEO_INPUT, "prompt": prompt}
        return "vid", self.settings.REPLICATE_VIDEO_MODEL, video_input

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        self.check_prompt_length(prompt)
        step, model, model_input = self._first_step(prompt, options)
        return f"{step}:" + self._create(model, None, model_input, self._webhook(options.callback_url))

    def find_tasks(self, prompt: str, options: SubmitOptions, since: datetime) -> list[str]:
        """Predictions made since `since` with the model and the very input this submission sent."""
        step, model, model_input = self._first_step(prompt, options)
        return [f"{step}:{raw_id}" for raw_id in self._recent(since, model, None, model_input)]

    def _first_frame(self, image_url: str) -> str:
        """The finished image cropped and scaled to the 576×1024 frame SVD keeps, as a JPEG data URI."""
        folder = Path(self.settings.VIDEOGEN_TMP_DIR)
        path = folder / f"replicate-frame-{uuid.uuid4().hex[:12]}.img"
        try:
            safe_download(image_url, path, max_bytes=IMAGE_MAX_BYTES)
            with Image.open(path) as image:
                frame = ImageOps.fit(image.convert("RGB"), SVD_FRAME, Image.Resampling.LANCZOS)
        except MediaError as error:
            raise ProviderError(error.message, retryable=True, detail=f"first frame: {error.detail}") from error
        except OSError as error:  # Pillow cannot read it
            raise unreadable(self.label, f"first frame is not an image: {error!r}") from error
        finally:
            path.unlink(missing_ok=True)
        buffer = BytesIO()
        frame.save(buffer, format="JPEG", quality=90)
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()

    def _start_video(self, image_url: str, since: datetime) -> str:
        """SVD on the finished image: the prediction an earlier poll already started for it, else a new one."""
        model, version = self.settings.REPLICATE_VIDEO_MODEL, self.settings.REPLICATE_VIDEO_VERSION
        video_input = {**SVD_INPUT, "input_image": self._first_frame(image_url)}
        started = self._recent(since, model, version, video_input)
        if started:
            return started[-1]
        return self._create(model, version, video_input, None)

    def poll(self, task_id: str) -> PollResult:
        step, raw_id = split_task_id(task_id)
        prediction = self.request("GET", f"/predictions/{raw_id}")
        status = field(self.label, prediction, "status")
        two_steps = self.uses_svd
        start = IMAGE_SHARE_OF_PROGRESS if two_steps and step == "vid" else 0.0
        if status in PENDING:
            return PollResult(state="pending", progress=start)
        if status == "processing":
            return PollResult(state="running", progress=start)
        if status == "succeeded":
            url = first_url(prediction.get("output"))
            if url is None:
                raise unreadable(self.label, "succeeded prediction without an output URL")
            if step == "img":
                since = parse_time(prediction.get("created_at")) or utc_now()
                video_id = self._start_video(url, since)
                return PollResult(state="running", progress=IMAGE_SHARE_OF_PROGRESS, next_task_id="vid:" + video_id)
            return PollResult(state="succeeded", progress=1.0, video_url=url)
        if status == "failed":
            return failed_task(
                str(prediction.get("error") or ""),
                SAFETY_WORDS,
                refused=_("Replicate's content filter refused this prompt."),
                failed=_("Replicate could not make this video."),
            )
        if status == "canceled":
            return PollResult(state="cancelled", error=_("The video was cancelled."))
        raise unreadable(self.label, f"unknown prediction status {status!r}")

    def cancel(self, task_id: str) -> None:
        _step, raw_id = split_task_id(task_id)
        self.request("POST", f"/predictions/{raw_id}/cancel", missing_ok=True)

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Verify the Standard Webhooks signature and freshness; the caller rejects an event id seen before."""
        lowered = {key.lower(): value for key, value in headers.items()}
        webhook_id = lowered.get("webhook-id", "")
        timestamp = lowered.get("webhook-timestamp", "")
        signatures = lowered.get("webhook-signature", "")
        if not (webhook_id and timestamp and signatures):
            raise WebhookRejected("Replicate webhook without its webhook-id/-timestamp/-signature headers")
        secret = self.settings.REPLICATE_WEBHOOK_SECRET
        if not secret:
            raise WebhookRejected("REPLICATE_WEBHOOK_SECRET is not set: cannot verify Replicate webhooks")
        try:
            sent_at = int(timestamp)
        except ValueError:
            raise WebhookRejected("Replicate webhook with an unreadable timestamp") from None
        if abs(time.time() - sent_at) > WEBHOOK_TOLERANCE_SECONDS:
            raise WebhookRejected("Replicate webhook timestamp is more than 5 minutes away")
        if not signature_valid(secret, webhook_id, timestamp, body, signatures):
            raise WebhookRejected("Replicate webhook signature does not match")
        try:
            prediction = json.loads(body)
            prediction_id = prediction["id"]
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("Replicate webhook without a prediction id") from None
        model_input = prediction.get("input") if isinstance(prediction.get("input"), dict) else {}
        step = "img" if self.uses_svd and "input_image" not in model_input else "vid"
        return WebhookEvent(task_id=f"{step}:{prediction_id}", event_id=webhook_id)
