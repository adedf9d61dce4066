"""Runway: text → image (gen4_image), then image → video (gen4_turbo), as two tasks of one job, vertical; or one
text-to-video task for the Veo models.

Protocol facts relied on (checked against runwayml/sdk-python, generated from Runway's OpenAPI spec): base `…/v1`,
headers `Authorization: Bearer <key>` and `X-Runway-Version: 2024-11-06`; `POST /text_to_image` `{model, promptText,
ratio, seed}`, `POST /image_to_video` `{model, promptImage, ratio, duration}`, `POST /text_to_video` (Veo models, text
alone) each answer `{"id"}`; ratios and durations are per model (gen4_turbo: "720:1280" among six ratios, 5 or 10 s;
veo3: 8 s; veo3.1 and veo3.1_fast: 4, 6 or 8 s); promptText is at most 1,000 UTF-16 code units;
`GET /tasks/{id}` → `status` PENDING | THROTTLED | RUNNING | SUCCEEDED | FAILED | CANCELLED, `progress`,
`output: [url]`, `failure`, `failureCode` (SAFETY.* is moderation, INTERNAL.* is worth a retry);
`DELETE /tasks/{id}`; `GET /organization` → `{"creditBalance", "tier", "usage"}`. gen3a_turbo left the SDK in June
2026: it is refused, at start-up (system check videogen.E001) and at each job. The API lists no tasks, so a create
whose answer was lost cannot be looked up: the job is submitted again (once per lost answer). No webhooks: we poll.
Task ids carry the step: "img:<id>" while the image renders, then "vid:<id>" (returned as `next_task_id`).
The video step sends only the image, so nothing leaves beyond the prompt the therapist saw.
"""

from __future__ import annotations

from ..errors import message as _
from .answers import field
from .base import PollResult, Provider, ProviderError, SubmitOptions, unreadable, utf16_length

API_VERSION = "2024-11-06"
TEXT_ONLY_MODELS = {"veo3": 8, "veo3.1": 8, "veo3.1_fast": 8}  # model → duration in seconds
RETIRED_MODELS = {"gen3a_turbo": "gen4_turbo"}  # gone from Runway's API, → the model that took its place
VERTICAL = "720:1280"
IMAGE_SHARE_OF_PROGRESS = 0.3  # the image step's share of the job's progress bar
PENDING = {"PENDING", "THROTTLED"}


def retired_model_error(label: str, model: str) -> ProviderError:
    """The job cannot go to Runway: its configured model was retired (not retryable; the job falls back)."""
    message = _(
        "%(provider)s cannot be used: its video model %(model)s was retired. An administrator should set "
        "RUNWAY_VIDEO_MODEL to %(successor)s."
    )
    names = {"provider": label, "model": model, "successor": RETIRED_MODELS[model]}
    return ProviderError(message % names, permanent=True, detail=f"RUNWAY_VIDEO_MODEL={model} is retired")


def split_task_id(task_id: str) -> tuple[str, str]:
    step, _separator, raw = task_id.partition(":")
    if step in ("img", "vid") and raw:
        return step, raw
    return "vid", task_id


class RunwayProvider(Provider):
    name = "runway"
    label = "Runway"
    max_prompt_chars = 1000  # counted as Runway counts them: UTF-16 code units
    prompt_length = staticmethod(utf16_length)
    supports_webhooks = False
    key_settings = ("RUNWAY_API_KEY",)
    cost_setting = "RUNWAY_COST_USD"
    base_setting = "RUNWAY_API_BASE"
    model_settings = ("RUNWAY_IMAGE_MODEL", "RUNWAY_VIDEO_MODEL")

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.RUNWAY_API_KEY}", "X-Runway-Version": API_VERSION}

    def submit(self, prompt: str, options: SubmitOptions) -> str:
        video_model = self.settings.RUNWAY_VIDEO_MODEL
        if video_model in RETIRED_MODELS:
            raise retired_model_error(self.label, video_model)
        self.check_prompt_length(prompt)
        if video_model in TEXT_ONLY_MODELS:
            body = {
                "model": video_model,
                "promptText": prompt,
                "ratio": VERTICAL,
                "duration": TEXT_ONLY_MODELS[video_model],
            }
            answer = self.request("POST", "/text_to_video", json_body=body, idempotent=False)
            return "vid:" + str(field(self.label, answer, "id"))
        body = {"model": self.settings.RUNWAY_IMAGE_MODEL, "promptText": prompt, "ratio": VERTICAL}
        if options.seed is not None:
            body["seed"] = options.seed % 4294967296
        answer = self.request("POST", "/text_to_image", json_body=body, idempotent=False)
        return "img:" + str(field(self.label, answer, "id"))

    def account(self) -> str | None:
        balance = (self.request("GET", "/organization") or {}).get("creditBalance")
        return _("%(balance)s credits") % {"balance": balance} if balance is not None else None

    def settings_problem(self) -> tuple[str, str] | None:
        model = self.settings.RUNWAY_VIDEO_MODEL
        if model in RETIRED_MODELS:
            return retired_model_error(self.label, model).message, "RUNWAY_VIDEO_MODEL"
        return None

    def poll(self, task_id: str) -> PollResult:
        step, raw_id = split_task_id(task_id)
        task = self.request("GET", f"/tasks/{raw_id}")
        status = field(self.label, task, "status")
        share = (0.0, IMAGE_SHARE_OF_PROGRESS) if step == "img" else (IMAGE_SHARE_OF_PROGRESS, 1.0)
        if step == "vid" and self.settings.RUNWAY_VIDEO_MODEL in TEXT_ONLY_MODELS:
            share = (0.0, 1.0)
        if status in PENDING:
            return PollResult(state="pending", progress=share[0])
        if status == "RUNNING":
            fraction = task.get("progress")
            fraction = float(fraction) if isinstance(fraction, int | float) else 0.0
            return PollResult(state="running", progress=share[0] + (share[1] - share[0]) * min(max(fraction, 0), 1))
        if status == "SUCCEEDED":
            output = field(self.label, task, "output", 0)
            if step == "img":
                return PollResult(state="running", progress=share[1], next_task_id=self._start_video(output))
            return PollResult(state="succeeded", progress=1.0, video_url=output)
        if status == "FAILED":
            return self._failed(str(task.get("failureCode") or ""))
        if status == "CANCELLED":
            return PollResult(state="cancelled", error=_("The video was cancelled."))
        raise unreadable(self.label, f"unknown task status {status!r}")

    def _start_video(self, image_url: str) -> str:
        model = self.settings.RUNWAY_VIDEO_MODEL
        body = {"model": model, "promptImage": image_url, "ratio": VERTICAL, "duration": 5}
        answer = self.request("POST", "/image_to_video", json_body=body, idempotent=False)
        return "vid:" + str(field(self.label, answer, "id"))

    def _failed(self, code: str) -> PollResult:
        if "SAFETY" in code:
            return PollResult(state="failed", error=_("Runway's content filter refused this prompt."))
        if "INTERNAL" in code or not code:
            return PollResult(state="failed", error=_("Runway could not make this video."), retryable=True)
        return PollResult(state="failed", error=_("Runway could not make this video."))

    def cancel(self, task_id: str) -> None:
        _step, raw_id = split_task_id(task_id)
        self.request("DELETE", f"/tasks/{raw_id}", missing_ok=True)
