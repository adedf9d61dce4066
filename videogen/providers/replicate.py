"""Replicate: an image prediction, then Stable Video Diffusion on it; or one configured text-to-video model.

Protocol facts relied on (Replicate's HTTP API reference and replicate/replicate-python): header
`Authorization: Bearer <token>`; `POST /models/{owner}/{name}/predictions {"input"}` for official models or
`POST /predictions {"version", "input"}`; optional `"webhook"` + `"webhook_events_filter": ["completed"]`;
`GET /predictions/{id}` → `status` starting | processing | succeeded | failed | canceled, `output` (a URL or a list),
`error`; `POST /predictions/{id}/cancel`; `GET /predictions` lists recent predictions, newest first, as
`{"results": [...], "next"}` with their `input`, `webhook` and `created_at` (how a lost answer, or an SVD step
already started, is found). SVD (stability-ai/stable-video-diffusion) takes `input_image`, `video_length`,
`sizing_strategy`, `frames_per_second`, `motion_bucket_id`, `cond_aug`.
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
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from videogen import http

from .base import PollResult, Provider, SubmitOptions, WebhookEvent, WebhookRejected

WEBHOOK_TOLERANCE_SECONDS = 300
SVD_INPUT = {
    "video_length": "25_frames_with_svd_xt",
    "sizing_strategy": "maintain_aspect_ratio",
    "frames_per_second": 6,  # 25 frames ≈ 4 s
    "motion_bucket_id": 127,
    "cond_aug": 0.02,
}
SAFETY_WORDS = ("nsfw", "safety", "sensitive", "flagged", "moderation")
PENDING = {"starting"}
IMAGE_SHARE_OF_PROGRESS = 0.3


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
    finds_tasks = True

    @classmethod
    def is_configured(cls, settings) -> bool:
        return bool(getattr(settings, "REPLICATE_API_TOKEN", ""))

    @property
    def cost_per_clip(self) -> Decimal:
        return Decimal(str(self.settings.REPLICATE_COST_USD))

    @property
    def uses_svd(self) -> bool:
        return "stable-video-diffusion" in self.settings.REPLICATE_VIDEO_MODEL

    def _call(self, method: str, path: str, *, json_body=None, missing_ok: bool = False, idempotent: bool = True):
        headers = {"Authorization": f"Bearer {self.settings.REPLICATE_API_TOKEN}"}
        url = self.settings.REPLICATE_API_BASE.rstrip("/") + path
        return http.request(
            self.name,
            self.label,
            method,
            url,
            headers=headers,
            json_body=json_body,
            missing_ok=missing_ok,
            idempotent=idempotent,
        )

    def _recent(self, since: datetime, matches) -> list[str]:
        """Ids of recent predictions (newest first, created since `since`) whose JSON satisfies `matches`."""
        listing = self._call("GET", "/predictions") or {}
        return [
            str(prediction["id"])
            for prediction in listing.get("results") or []
            if isinstance(prediction, dict)
            and prediction.get("id")
            and isinstance(prediction.get("input"), dict)
            and matches(prediction)
            and http.created_since(prediction.get("created_at"), since)
        ]

    def _create(self, model: str, version: str | None, model_input: dict, webhook: str | None) -> str:
        """Start a prediction: by version when given (or spelled owner/name:version), else the model's endpoint."""
        model, _separator, spelled_version = model.partition(":")
        version = spelled_version or version
        body: dict = {"input": model_input}
        if webhook:
            body["webhook"] = webhook
            body["webhook_events_filter"] = ["completed"]
        if version:
            prediction = self._call("POST", "/predictions", json_body={"version": version, **body}, idempotent=False)
        else:
            prediction = self._call("POST", f"/models/{model}/predictions", json_body=body, idempotent=False)
        return str(http.field(self.label, prediction, "id"))

    def _webhook(self, callback_url: str | None) -> str | None:
        # Without the secret we could not verify the webhooks, so we do not ask for them.
        return callback_url if callback_url and self.settings.REPLICATE_WEBHOOK_SECRET else None

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        self.check_prompt_length(prompt)
        webhook = self._webhook(options.callback_url)
        if self.uses_svd:
            image_input: dict = {"prompt": prompt, "aspect_ratio": "9:16", "output_format": "png", "num_outputs": 1}
            if options.seed is not None:
                image_input["seed"] = options.seed
            return "img:" + self._create(self.settings.REPLICATE_IMAGE_MODEL, None, image_input, webhook)
        video_input = {**getattr(self.settings, "REPLICATE_VIDEO_INPUT", {}), "prompt": prompt}
        return "vid:" + self._create(self.settings.REPLICATE_VIDEO_MODEL, None, video_input, webhook)

    def find_tasks(self, prompt: str, options: SubmitOptions, since: datetime) -> list[str]:
        """Recent predictions with this prompt (and this job's webhook, when one was asked for)."""
        webhook = self._webhook(options.callback_url)
        step = "img:" if self.uses_svd else "vid:"

        def same(prediction: dict) -> bool:
            return prediction["input"].get("prompt") == prompt and (not webhook or prediction.get("webhook") == webhook)

        return [step + raw_id for raw_id in self._recent(since, same)]

    def _start_video(self, image_url: str, webhook: str | None, since: datetime) -> str:
        """SVD on the finished image: the prediction an earlier poll already started for it, else a new one."""
        started = self._recent(since, lambda prediction: prediction["input"].get("input_image") == image_url)
        if started:
            return started[-1]
        video_input = {**SVD_INPUT, "input_image": image_url}
        return self._create(
            self.settings.REPLICATE_VIDEO_MODEL, self.settings.REPLICATE_VIDEO_VERSION, video_input, webhook
        )

    def poll(self, task_id: str) -> PollResult:
        step, raw_id = split_task_id(task_id)
        prediction = self._call("GET", f"/predictions/{raw_id}")
        status = http.field(self.label, prediction, "status")
        two_steps = self.uses_svd
        start = IMAGE_SHARE_OF_PROGRESS if two_steps and step == "vid" else 0.0
        if status in PENDING:
            return PollResult(state="pending", progress=start)
        if status == "processing":
            return PollResult(state="running", progress=start)
        if status == "succeeded":
            url = first_url(prediction.get("output"))
            if url is None:
                raise http.unreadable(self.label, "succeeded prediction without an output URL")
            if step == "img":
                webhook = prediction.get("webhook") if isinstance(prediction.get("webhook"), str) else None
                since = http.parse_time(prediction.get("created_at")) or http.utc_now()
                video_id = self._start_video(url, webhook, since)
                return PollResult(state="running", progress=IMAGE_SHARE_OF_PROGRESS, next_task_id="vid:" + video_id)
            return PollResult(state="succeeded", progress=1.0, video_url=url)
        if status == "failed":
            error = str(prediction.get("error") or "").lower()
            if any(word in error for word in SAFETY_WORDS):
                return PollResult(state="failed", error=_("Replicate's content filter refused this prompt."))
            return PollResult(state="failed", error=_("Replicate could not make this video."), retryable=True)
        if status == "canceled":
            return PollResult(state="cancelled", error=_("The video was cancelled."))
        raise http.unreadable(self.label, f"unknown prediction status {status!r}")

    def cancel(self, task_id: str) -> None:
        _step, raw_id = split_task_id(task_id)
        self._call("POST", f"/predictions/{raw_id}/cancel", missing_ok=True)

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
