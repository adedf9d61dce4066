"""Fake Luma, Runway, Replicate and Kling APIs in one in-memory world, served by pytest-httpserver or a real process.

Each provider lives under its own prefix (/luma, /runway, /replicate, /kling); outputs are served from /files/; the
control endpoints are `GET /_stats`, `POST /_reset` and `POST /_configure` ({"render_seconds": s,
"fail_next": {"luma": "safety" | "internal"}, "file_fault": {"luma": "404" | "truncated" | "not_video" | "oversize" |
"redirect_to_loopback"}, "submit_delay": {"luma": s}}): a file fault spoils every download of that provider's outputs
until a reset; a submit delay holds each create request that long after the task exists (a worker can die waiting).
Luma's generation list, Replicate's prediction list and Kling's query by external_task_id answer too.
A task renders for `render_seconds` (an image step for a quarter of it): pending for its first tenth, then running,
then done. With strict keys (unit tests) only the FAKE_* constants below pass and Kling tokens are verified with
FAKE_KLING_SECRET_KEY; with lenient keys (the standalone server's default) any key passes except one starting with
"bad", "wrong" or "invalid" (→ 401), and Kling tokens need only well-formed iss/exp/nbf claims. Submissions are
counted per provider, per prompt (sha256 hex of the prompt) and per Kling external_task_id; second steps
(image → video) are counted apart, under `steps`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import re
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import jwt

from tests.fakes.media import mp4_bytes, png_bytes

FAKE_LUMA_KEY = "fake-luma-key"
FAKE_RUNWAY_KEY = "fake-runway-key"
FAKE_REPLICATE_TOKEN = "fake-replicate-token"
FAKE_KLING_ACCESS_KEY = "fake-kling-access"
FAKE_KLING_SECRET_KEY = "fake-kling-secret-0123456789abcdef"
FAKE_REPLICATE_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"fake-replicate-webhook-signing-key").decode()
RUNWAY_VERSION = "2024-11-06"
SVD_VERSION_HINT = "stable-video-diffusion"


@dataclass
class FakeResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    declared_length: int | None = None  # a Content-Length larger than the body: the transfer is cut off


FILE_FAULTS = ("404", "truncated", "not_video", "oversize", "redirect_to_loopback")
OVERSIZE_BYTES = 3 * 1024 * 1024  # above a VIDEOGEN_MAX_VIDEO_MB of 1 or 2


@dataclass
class FakeTask:
    id: str
    provider: str
    kind: str  # "image" or "video"
    created: float
    payload: dict[str, Any]
    callback_url: str | None = None
    fail: str | None = None  # "safety" or "internal"
    cancelled: bool = False
    created_at: float = field(default_factory=time.time)  # wall clock, for the providers' created_at fields

    @property
    def created_iso(self) -> str:
        return datetime.fromtimestamp(self.created_at, UTC).isoformat().replace("+00:00", "Z")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def sign_standard_webhook(secret: str, webhook_id: str, timestamp: int | str, body: bytes) -> str:
    """The `webhook-signature` header value for a Standard Webhooks message."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def prompt_hash(prompt: str) -> str:
    return hashlib.sha256(prompt.encode()).hexdigest()


def _json(status: int, data: Any, headers: Mapping[str, str] | None = None) -> FakeResponse:
    return FakeResponse(status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode())


class FakeProviders:
    """The fake world. `handle()` is transport-free; `werkzeug_handler` and tests/fakes/server.py put it on HTTP."""

    def __init__(
        self, *, base_url: str = "", render_seconds: float = 2.0, send_callbacks: bool = False, strict_keys: bool = True
    ):
        self.base_url = base_url.rstrip("/")
        self.strict_keys = strict_keys
        self.initial_render_seconds = render_seconds
        self.send_callbacks = send_callbacks
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.reset()

    # --- control ---------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every task and count, and undo every `_configure`."""
        with self.lock:
            self.render_seconds = self.initial_render_seconds
            self.tasks: dict[str, FakeTask] = {}
            self.requests: list[RecordedRequest] = []
            self.submissions: Counter[str] = Counter()
            self.by_prompt: Counter[str] = Counter()
            self.by_external_id: Counter[str] = Counter()
            self.steps: Counter[str] = Counter()
            self.downloads = 0
            self.callbacks_sent = 0
            self.fail_next_for: dict[str, str] = {}
            self.file_faults: dict[str, str] = {}
            self.submit_delays: dict[str, float] = {}
            self.offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        """Move the fake clock on (unit tests use a long render time and jump over it)."""
        with self.lock:
            self.offset += seconds

    def fail_next(self, provider: str, kind: str = "safety") -> None:
        """Make the next task created at `provider` fail: "safety" (moderation) or "internal" (worth a retry)."""
        with self.lock:
            self.fail_next_for[provider] = kind

    def file_fault(self, provider: str, kind: str) -> None:
        """Spoil every download of `provider`'s outputs from now on (one of FILE_FAULTS)."""
        assert kind in FILE_FAULTS, kind
        with self.lock:
            self.file_faults[provider] = kind

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {
                "submissions": dict(self.submissions),
                "by_prompt": dict(self.by_prompt),
                "by_external_id": dict(self.by_external_id),
                "steps": dict(self.steps),
                "tasks": len(self.tasks),
                "downloads": self.downloads,
                "callbacks_sent": self.callbacks_sent,
            }

    def requests_to(self, prefix: str, method: str | None = None) -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path.startswith(prefix) and (method is None or r.method == method)]

    def _key_ok(self, presented: str, expected: str) -> bool:
        """Strict: exactly the FAKE_* key. Lenient (the standalone default): any key not starting with bad/wrong."""
        if self.strict_keys:
            return presented == expected
        return bool(presented) and not presented.lower().startswith(("bad", "wrong", "invalid"))

    def _bearer_ok(self, headers: Mapping[str, str], expected: str) -> bool:
        authorization = headers.get("authorization", "")
        return authorization.startswith("Bearer ") and self._key_ok(authorization.removeprefix("Bearer "), expected)

    # --- dispatch --------------------------------------------------------------------------------------------------

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> FakeResponse:
        lowered = {key.lower(): value for key, value in headers.items()}
        with self.lock:
            self.requests.append(RecordedRequest(method, path, lowered, body))
        if path.startswith("/files/"):
            return self._file(path)
        if path == "/_stats":
            return _json(200, self.stats())
        if path == "/_reset" and method == "POST":
            self.reset()
            return _json(200, {"ok": True})
        if path == "/_configure" and method == "POST":
            return self._configure(body)
        for prefix, handler in (
            ("/luma/", self._luma),
            ("/runway/", self._runway),
            ("/replicate/", self._replicate),
            ("/kling/", self._kling),
        ):
            if path.startswith(prefix):
                try:
                    data = json.loads(body) if body else {}
                except ValueError:
                    return _json(400, {"error": "body is not JSON"})
                return handler(method, path[len(prefix) - 1 :], lowered, data)
        return _json(404, {"error": f"no fake at {path}"})

    def werkzeug_handler(self, request) -> Any:
        """For pytest-httpserver: `expect_request(re.compile(".*")).respond_with_handler(world.werkzeug_handler)`."""
        from werkzeug import Response

        answer = self.handle(request.method, request.path, dict(request.headers), request.get_data())
        if answer.declared_length is not None:
            headers = {**answer.headers, "Content-Length": str(answer.declared_length)}
            return Response(iter([answer.body]), status=answer.status, headers=headers, direct_passthrough=True)
        return Response(answer.body, status=answer.status, headers=answer.headers)

    def _configure(self, body: bytes) -> FakeResponse:
        data = json.loads(body or b"{}")
        with self.lock:
            if "render_seconds" in data:
                self.render_seconds = float(data["render_seconds"])
            for provider, kind in (data.get("fail_next") or {}).items():
                self.fail_next_for[provider] = kind
            self.submit_delays.update(data.get("submit_delay") or {})
        for provider, kind in (data.get("file_fault") or {}).items():
            self.file_fault(provider, kind)
        return _json(200, {"ok": True})

    def _file(self, path: str) -> FakeResponse:
        name = path.rsplit("/", 1)[-1]
        with self.lock:
            self.downloads += 1
            task = self.tasks.get(name.rsplit(".", 1)[0])
            fault = self.file_faults.get(task.provider) if task else None
        if fault and name.endswith(".mp4"):
            return self._spoiled_file(fault, name)
        if name.endswith(".mp4"):
            return FakeResponse(200, {"Content-Type": "video/mp4"}, mp4_bytes())
        if name.endswith(".png"):
            return FakeResponse(200, {"Content-Type": "image/png"}, png_bytes())
        return FakeResponse(404, {}, b"not found")

    def _spoiled_file(self, fault: str, name: str) -> FakeResponse:
        if fault == "404":
            return FakeResponse(404, {"Content-Type": "text/plain"}, b"NoSuchKey: the link has expired")
        if fault == "truncated":
            full = mp4_bytes()
            return FakeResponse(200, {"Content-Type": "video/mp4"}, full[: len(full) // 3], declared_length=len(full))
        if fault == "not_video":
            return FakeResponse(200, {"Content-Type": "video/mp4"}, b"<html>Access denied</html>" * 40)
        if fault == "oversize":
            return FakeResponse(200, {"Content-Type": "video/mp4"}, bytes(OVERSIZE_BYTES))
        # redirect_to_loopback: an https link that resolves to this machine, as an attacker's redirect would
        return FakeResponse(302, {"Location": f"https://localhost:9/{name}"})

    def _hold_submission(self, provider: str) -> None:
        """A configured submit delay: the task exists, but its creator waits for the answer (and may die waiting)."""
        delay = self.submit_delays.get(provider, 0)
        if delay:
            time.sleep(delay)

    # --- tasks -----------------------------------------------------------------------------------------------------

    def _create(self, provider: str, kind: str, payload: dict, *, key: str | None, callback_url: str | None = None):
        with self.lock:
            task = FakeTask(
                id=f"{provider[:2]}{next(self._ids):05d}-{uuid.uuid4().hex[:8]}",
                provider=provider,
                kind=kind,
                created=self.now(),
                payload=payload,
                callback_url=callback_url,
                fail=self.fail_next_for.pop(provider, None),
            )
            self.tasks[task.id] = task
            if key is None:
                self.steps[f"{provider}:{kind}"] += 1
            else:
                self.submissions[provider] += 1
                self.by_prompt[key] += 1
        if callback_url and self.send_callbacks:
            timer = threading.Timer(self._render_time(task) + 0.05, self._deliver, args=(task.id,))
            timer.daemon = True
            timer.start()
        return task

    def _render_time(self, task: FakeTask) -> float:
        return self.render_seconds * (0.25 if task.kind == "image" else 1.0)

    def phase(self, task: FakeTask) -> str:
        """pending | running | done | failed | cancelled, from the task's age."""
        if task.cancelled:
            return "cancelled"
        elapsed = self.now() - task.created
        total = self._render_time(task)
        if elapsed >= total:
            return "failed" if task.fail else "done"
        return "pending" if elapsed < total * 0.1 else "running"

    def _progress(self, task: FakeTask) -> float:
        total = self._render_time(task) or 1.0
        return round(min(1.0, max(0.0, (self.now() - task.created) / total)), 3)

    def _output_url(self, task: FakeTask) -> str:
        return f"{self.base_url}/files/{task.id}.{'png' if task.kind == 'image' else 'mp4'}"

    def _newest_first(self, provider: str) -> list[FakeTask]:
        with self.lock:
            tasks = [task for task in self.tasks.values() if task.provider == provider]
        return sorted(tasks, key=lambda task: task.created_at, reverse=True)

    def _task(self, provider: str, task_id: str) -> FakeTask | None:
        with self.lock:
            task = self.tasks.get(task_id)
        return task if task and task.provider == provider else None

    # --- callbacks -------------------------------------------------------------------------------------------------

    def _deliver(self, task_id: str) -> None:
        import urllib.request

        task = self.tasks.get(task_id)
        if task is None or not task.callback_url:
            return
        body = json.dumps(self.render_object(task)).encode()
        headers = {"Content-Type": "application/json"}
        if task.provider == "replicate":
            webhook_id, timestamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
            headers.update(
                {
                    "webhook-id": webhook_id,
                    "webhook-timestamp": timestamp,
                    "webhook-signature": sign_standard_webhook(
                        FAKE_REPLICATE_WEBHOOK_SECRET, webhook_id, timestamp, body
                    ),
                }
            )
        request = urllib.request.Request(task.callback_url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310
                pass
            with self.lock:
                self.callbacks_sent += 1
        except OSError as error:
            print(f"fake providers: callback for {task_id} failed: {error!r}", file=sys.stderr)

    def render_object(self, task: FakeTask) -> dict:
        """The provider's own JSON for a task, as its status endpoint (or callback) shows it."""
        return {
            "luma": self._luma_object,
            "runway": self._runway_object,
            "replicate": self._replicate_object,
            "kling": self._kling_object,
        }[task.provider](task)

    # --- Luma ------------------------------------------------------------------------------------------------------

    def _luma(self, method: str, path: str, headers: dict, data: dict) -> FakeResponse:
        if not self._bearer_ok(headers, FAKE_LUMA_KEY):
            return _json(401, {"detail": "Invalid API key"})
        if method == "POST" and path in ("/generations", "/generations/video"):
            prompt = data.get("prompt")
            if not isinstance(prompt, str) or not prompt or len(prompt) > 5000:
                return _json(400, {"detail": "prompt is required and at most 5000 characters"})
            if data.get("aspect_ratio") not in ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"):
                return _json(400, {"detail": "invalid aspect_ratio"})
            task = self._create("luma", "video", data, key=prompt_hash(prompt), callback_url=data.get("callback_url"))
            self._hold_submission("luma")
            return _json(201, self._luma_object(task))
        if method == "GET" and path == "/generations":
            generations = [self._luma_object(task) for task in self._newest_first("luma")]
            return _json(200, {"generations": generations[:100], "has_more": len(generations) > 100, "count": 100})
        match = re.fullmatch(r"/generations/([\w-]+)", path)
        task = self._task("luma", match.group(1)) if match else None
        if task is None:
            return _json(404, {"detail": "Generation not found"})
        if method == "GET":
            return _json(200, self._luma_object(task))
        if method == "DELETE":
            with self.lock:
                self.tasks.pop(task.id, None)
            return FakeResponse(204)
        return _json(405, {"detail": "method not allowed"})

    def _luma_object(self, task: FakeTask) -> dict:
        phase = self.phase(task)
        state = {"pending": "queued", "running": "dreaming", "done": "completed", "failed": "failed"}.get(
            phase, "failed"
        )
        reasons = {"safety": "400: prompt not allowed because advanced moderation failed", "internal": "Job failed"}
        return {
            "id": task.id,
            "state": state,
            "failure_reason": reasons.get(task.fail or "", None) if state == "failed" else None,
            "assets": {"video": self._output_url(task)} if state == "completed" else None,
            "request": task.payload,
            "created_at": task.created_iso,
        }

    # --- Runway ----------------------------------------------------------------------------------------------------

    def _runway(self, method: str, path: str, headers: dict, data: dict) -> FakeResponse:
        if not self._bearer_ok(headers, FAKE_RUNWAY_KEY):
            return _json(401, {"error": "Invalid API key"})
        if headers.get("x-runway-version") != RUNWAY_VERSION:
            return _json(400, {"error": "X-Runway-Version header is missing or invalid"})
        if method == "POST" and path in ("/text_to_image", "/image_to_video", "/text_to_video"):
            if data.get("ratio") not in ("720:1280", "768:1280", "1280:720", "1280:768", "960:960"):
                return _json(400, {"error": "invalid ratio"})
            if path == "/image_to_video":
                if not data.get("promptImage"):
                    return _json(400, {"error": "promptImage is required"})
                task = self._create("runway", "video", data, key=None)
            else:
                prompt = data.get("promptText")
                if not isinstance(prompt, str) or not prompt or len(prompt) > 1000:
                    return _json(400, {"error": "promptText is required and at most 1000 characters"})
                kind = "image" if path == "/text_to_image" else "video"
                task = self._create("runway", kind, data, key=prompt_hash(prompt))
                self._hold_submission("runway")
            return _json(200, {"id": task.id})
        match = re.fullmatch(r"/tasks/([\w-]+)", path)
        task = self._task("runway", match.group(1)) if match else None
        if task is None:
            return _json(404, {"error": "Task not found"})
        if method == "GET":
            return _json(200, self._runway_object(task))
        if method == "DELETE":
            task.cancelled = True
            return FakeResponse(204)
        return _json(405, {"error": "method not allowed"})

    def _runway_object(self, task: FakeTask) -> dict:
        phase = self.phase(task)
        status = {"pending": "PENDING", "running": "RUNNING", "done": "SUCCEEDED", "failed": "FAILED"}.get(phase)
        answer: dict[str, Any] = {"id": task.id, "status": status or "CANCELLED", "createdAt": task.created_iso}
        if status == "RUNNING":
            answer["progress"] = self._progress(task)
        if status == "SUCCEEDED":
            answer["output"] = [self._output_url(task)]
        if status == "FAILED":
            safety = task.fail == "safety"
            answer["failure"] = "Content moderation" if safety else "An internal error occurred"
            answer["failureCode"] = "SAFETY.INPUT.TEXT" if safety else "INTERNAL.BAD_OUTPUT.CODE01"
        return answer

    # --- Replicate -------------------------------------------------------------------------------------------------

    def _replicate(self, method: str, path: str, headers: dict, data: dict) -> FakeResponse:
        if not self._bearer_ok(headers, FAKE_REPLICATE_TOKEN):
            return _json(401, {"title": "Unauthenticated", "detail": "You did not pass a valid authentication token"})
        model = re.fullmatch(r"/models/([\w.-]+/[\w.-]+)/predictions", path)
        if method == "POST" and (path == "/predictions" or model):
            model_input = data.get("input")
            if not isinstance(model_input, dict):
                return _json(422, {"title": "Invalid input", "detail": "input is required"})
            if path == "/predictions" and not data.get("version"):
                return _json(422, {"title": "Invalid version", "detail": "version is required"})
            model_name = model.group(1) if model else ""
            if "input_image" in model_input:
                task = self._create("replicate", "video", data, key=None, callback_url=data.get("webhook"))
            else:
                prompt = model_input.get("prompt")
                if not isinstance(prompt, str) or not prompt:
                    return _json(422, {"title": "Invalid input", "detail": "prompt is required"})
                looks_like_image = any(word in model_name for word in ("flux", "sdxl", "image", "stable-diffusion"))
                kind = "image" if (looks_like_image and "video" not in model_name) or not model else "video"
                task = self._create("replicate", kind, data, key=prompt_hash(prompt), callback_url=data.get("webhook"))
                self._hold_submission("replicate")
            task.payload = {**data, "model": model_name}
            return _json(201, self._replicate_object(task))
        if method == "GET" and path == "/predictions":
            results = [self._replicate_object(task) for task in self._newest_first("replicate")]
            return _json(200, {"previous": None, "next": None, "results": results[:100]})
        match = re.fullmatch(r"/predictions/([\w-]+)(/cancel)?", path)
        task = self._task("replicate", match.group(1)) if match else None
        if task is None:
            return _json(404, {"title": "Not found", "detail": "Prediction not found"})
        if method == "GET" and not match.group(2):
            return _json(200, self._replicate_object(task))
        if method == "POST" and match.group(2):
            task.cancelled = True
            return _json(200, self._replicate_object(task))
        return _json(405, {"detail": "method not allowed"})

    def _replicate_object(self, task: FakeTask) -> dict:
        phase = self.phase(task)
        status = {"pending": "starting", "running": "processing", "done": "succeeded", "failed": "failed"}.get(phase)
        output: Any = None
        if status == "succeeded":
            output = [self._output_url(task)] if task.kind == "image" else self._output_url(task)
        error = None
        if status == "failed":
            error = (
                "NSFW content detected. Try running it again, or try a different prompt."
                if task.fail == "safety"
                else "CUDA out of memory"
            )
        urls = f"{self.base_url}/replicate/predictions/{task.id}"
        return {
            "id": task.id,
            "model": task.payload.get("model", ""),
            "version": task.payload.get("version", ""),
            "input": task.payload.get("input", {}),
            "status": status or "canceled",
            "output": output,
            "error": error,
            "logs": "",
            "metrics": {},
            "webhook": task.callback_url,
            "created_at": task.created_iso,
            "urls": {"get": urls, "cancel": urls + "/cancel"},
        }

    # --- Kling -----------------------------------------------------------------------------------------------------

    def _kling(self, method: str, path: str, headers: dict, data: dict) -> FakeResponse:
        token = headers.get("authorization", "").removeprefix("Bearer ")
        try:
            options = {"require": ["iss", "exp", "nbf"], "verify_signature": self.strict_keys}
            claims = jwt.decode(token, FAKE_KLING_SECRET_KEY, algorithms=["HS256"], options=options)
        except jwt.PyJWTError:
            return _json(401, {"code": 1004, "message": "Auth failed: invalid token", "request_id": uuid.uuid4().hex})
        if not self._key_ok(str(claims.get("iss")), FAKE_KLING_ACCESS_KEY):
            return _json(401, {"code": 1002, "message": "Auth failed: unknown access key", "request_id": "x"})
        if method == "POST" and path == "/v1/videos/text2video":
            prompt = data.get("prompt")
            problem = None
            if not isinstance(prompt, str) or not prompt or len(prompt) > 2500:
                problem = "prompt is required and at most 2500 characters"
            elif data.get("aspect_ratio") not in ("16:9", "9:16", "1:1") or data.get("duration") not in ("5", "10"):
                problem = "invalid aspect_ratio or duration"
            external_id = data.get("external_task_id")
            with self.lock:
                if external_id and self.by_external_id[external_id]:
                    problem = "external_task_id already exists"
                if problem is None and external_id:
                    self.by_external_id[external_id] += 1
            if problem:
                return _json(400, {"code": 1201, "message": problem, "request_id": uuid.uuid4().hex})
            task = self._create("kling", "video", data, key=prompt_hash(prompt), callback_url=data.get("callback_url"))
            self._hold_submission("kling")
            return _json(
                200, {"code": 0, "message": "SUCCEED", "request_id": uuid.uuid4().hex, "data": self._kling_object(task)}
            )
        match = re.fullmatch(r"/v1/videos/text2video/([\w-]+)", path)
        task = self._task("kling", match.group(1)) if match and method == "GET" else None
        if task is None and match and method == "GET":  # the query takes our external_task_id too
            task = next(
                (t for t in self._newest_first("kling") if t.payload.get("external_task_id") == match.group(1)), None
            )
        if task is None:
            return _json(404, {"code": 1203, "message": "task not found", "request_id": uuid.uuid4().hex})
        return _json(
            200, {"code": 0, "message": "SUCCEED", "request_id": uuid.uuid4().hex, "data": self._kling_object(task)}
        )

    def _kling_object(self, task: FakeTask) -> dict:
        phase = self.phase(task)
        status = {"pending": "submitted", "running": "processing", "done": "succeed"}.get(phase, "failed")
        answer: dict[str, Any] = {
            "task_id": task.id,
            "task_status": status,
            "task_info": {"external_task_id": task.payload.get("external_task_id", "")},
            "created_at": 1735689600000,
            "updated_at": 1735689600000,
        }
        if status == "failed":
            answer["task_status_msg"] = (
                "Failure to pass the risk control system" if task.fail == "safety" else "internal error"
            )
        if status == "succeed":
            answer["task_result"] = {"videos": [{"id": task.id, "url": self._output_url(task), "duration": "5"}]}
        return answer


def install_fake_world(httpserver, settings, *, render_seconds: float = 60.0) -> FakeProviders:
    """Serve a FakeProviders world from pytest-httpserver and point the provider settings at it (unit tests).

    Retry waits are shrunk to near nothing and the server's host:port is allow-listed for downloads.
    """
    base = f"http://{httpserver.host}:{httpserver.port}"
    world = FakeProviders(base_url=base, render_seconds=render_seconds)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(world.werkzeug_handler)
    for name, value in fake_settings(base).items():
        setattr(settings, name, value)
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = [f"{httpserver.host}:{httpserver.port}", f"127.0.0.1:{httpserver.port}"]
    settings.VIDEOGEN_HTTP_RETRY_SCALE = 0.001
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 2.0
    return world


def fake_settings(base: str) -> dict[str, Any]:
    """Settings that point every provider at a fake world served at `base` (e.g. "http://127.0.0.1:8765")."""
    base = base.rstrip("/")
    return {
        "LUMA_API_BASE": f"{base}/luma",
        "LUMA_API_KEY": FAKE_LUMA_KEY,
        "RUNWAY_API_BASE": f"{base}/runway",
        "RUNWAY_API_KEY": FAKE_RUNWAY_KEY,
        "REPLICATE_API_BASE": f"{base}/replicate",
        "REPLICATE_API_TOKEN": FAKE_REPLICATE_TOKEN,
        "REPLICATE_WEBHOOK_SECRET": FAKE_REPLICATE_WEBHOOK_SECRET,
        "KLING_API_BASE": f"{base}/kling",
        "KLING_ACCESS_KEY": FAKE_KLING_ACCESS_KEY,
        "KLING_SECRET_KEY": FAKE_KLING_SECRET_KEY,
    }


def fake_env(port: int, host: str = "127.0.0.1") -> dict[str, str]:
    """Environment variables that point a DreamTok process (web, worker) at `python -m tests.fakes.server`."""
    env = {name: str(value) for name, value in fake_settings(f"http://{host}:{port}").items()}
    env["VIDEOGEN_DOWNLOAD_ALLOW_HOSTS"] = f"{host}:{port}"
    return env


def respond_times(
    httpserver,
    uri: str,
    times: int,
    *,
    method: str | None = None,
    status: int = 200,
    body: bytes | str = b"",
    headers: Mapping[str, str] | None = None,
    delay: float = 0.0,
) -> None:
    """Answer the next `times` requests to `uri` like this, before the fake world sees them (errors, slowness)."""
    from werkzeug import Response

    def answer(_request):
        if delay:
            time.sleep(delay)
        return Response(body, status=status, headers=dict(headers or {}))

    for _ in range(times):
        matcher = (
            httpserver.expect_oneshot_request(uri, method=method) if method else httpserver.expect_oneshot_request(uri)
        )
        matcher.respond_with_handler(answer)


def record_sleeps(monkeypatch) -> list[float]:
    """Replace the retry sleep in videogen.http with a recorder; returns the list of waits asked for."""
    waits: list[float] = []
    monkeypatch.setattr("videogen.http.sleep", waits.append)
    return waits


@contextlib.contextmanager
def slow_server(delay: float, body: bytes = b"{}") -> Iterator[str]:
    """A threaded server on loopback answering every request after `delay` seconds; yields its base URL.

    For timeout tests: a slow answer keeps only its own thread busy, so nothing queues behind it for the next test.
    """
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            time.sleep(delay)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up first, as intended

        do_GET = do_POST = do_DELETE = _answer  # noqa: N815

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
