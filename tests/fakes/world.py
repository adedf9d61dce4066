"""The fake providers' shared world: tasks that render on a clock, output files, callbacks, counts and controls.

Each provider's protocol lives in its own module (luma.py, runway.py, replicate.py, kling.py); this module holds
what they share and routes a request to the provider under whose prefix it arrived (/luma, /runway, …). Outputs are
served from /files/; `GET /_stats`, `POST /_reset` and `POST /_configure` are the controls (see providers.py).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.media import mp4_bytes, png_bytes

FILE_FAULTS = ("404", "truncated", "not_video", "oversize", "redirect_to_loopback")
OVERSIZE_BYTES = 3 * 1024 * 1024  # above a VIDEOGEN_MAX_VIDEO_MB of 1 or 2


@dataclass
class FakeResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    declared_length: int | None = None  # a Content-Length larger than the body: the transfer is cut off


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
    size: tuple[int, int] = (72, 128)  # width, height of the output the task makes

    @property
    def created_iso(self) -> str:
        return datetime.fromtimestamp(self.created_at, UTC).isoformat().replace("+00:00", "Z")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    query: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def json_response(status: int, data: Any, headers: Mapping[str, str] | None = None) -> FakeResponse:
    return FakeResponse(status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode())


def prompt_hash(prompt: str) -> str:
    return hashlib.sha256(prompt.encode()).hexdigest()


def video_bytes(size: tuple[int, int]) -> bytes:
    """The clip a task of this size makes: a small sample, a larger frame at a lower rate to keep it light."""
    width, height = size
    return mp4_bytes() if size == (72, 128) else mp4_bytes(width=width, height=height, seconds=2.0, fps=6)


class ProviderFake:
    """One provider's protocol on top of the world. Subclasses set `name` and implement `handle` and `render`."""

    name = ""

    def __init__(self, world: FakeWorld):
        self.world = world

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict, data: Any) -> FakeResponse:
        raise NotImplementedError

    def render(self, task: FakeTask) -> dict:
        """The provider's own JSON for a task, as its status endpoint (or callback) shows it."""
        raise NotImplementedError

    def refuse_body(self, status: int, message: str) -> FakeResponse:
        """A request body refused before the provider reads it (not JSON), in the provider's own error shape."""
        return json_response(status, {"error": message})

    def callback_headers(self, body: bytes) -> dict[str, str]:
        return {}


class FakeWorld:
    """The fake world. `handle()` is transport-free; `werkzeug_handler` and tests/fakes/server.py put it on HTTP."""

    fakes: dict[str, type[ProviderFake]] = {}

    def __init__(
        self, *, base_url: str = "", render_seconds: float = 2.0, send_callbacks: bool = False, strict_keys: bool = True
    ):
        self.base_url = base_url.rstrip("/")
        self.strict_keys = strict_keys
        self.initial_render_seconds = render_seconds
        self.send_callbacks = send_callbacks
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.providers = {name: fake(self) for name, fake in self.fakes.items()}
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
            self.account_problems: dict[str, str] = {}
            self.luma_legacy_api = False
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

    def key_ok(self, presented: str, expected: str) -> bool:
        """Strict: exactly the FAKE_* key. Lenient (the standalone default): any key not starting with bad/wrong."""
        if self.strict_keys:
            return presented == expected
        return bool(presented) and not presented.lower().startswith(("bad", "wrong", "invalid"))

    def bearer_ok(self, headers: Mapping[str, str], expected: str) -> bool:
        authorization = headers.get("authorization", "")
        return authorization.startswith("Bearer ") and self.key_ok(authorization.removeprefix("Bearer "), expected)

    # --- dispatch --------------------------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> FakeResponse:
        """Answer one request; `target` is the path with its query string, if any."""
        lowered = {key.lower(): value for key, value in headers.items()}
        parts = urlsplit(target)
        path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))
        with self.lock:
            self.requests.append(RecordedRequest(method, path, lowered, body, query))
        if path.startswith("/files/"):
            return self._file(path)
        if path == "/_stats":
            return json_response(200, self.stats())
        if path == "/_reset" and method == "POST":
            self.reset()
            return json_response(200, {"ok": True})
        if path == "/_configure" and method == "POST":
            return self._configure(body)
        for name, fake in self.providers.items():
            prefix = f"/{name}/"
            if path.startswith(prefix):
                media_type = lowered.get("content-type", "").split(";")[0].strip().lower()
                if body and media_type != "application/json":  # the APIs take JSON only
                    return fake.refuse_body(415, f"Content-Type must be application/json, not {media_type or 'none'}")
                try:
                    data = json.loads(body) if body else {}
                except ValueError:
                    return fake.refuse_body(400, "the request body is not valid JSON")
                return fake.handle(method, path[len(prefix) - 1 :], query, lowered, data)
        return json_response(404, {"error": f"no fake at {path}"})

    def werkzeug_handler(self, request) -> Any:
        """For pytest-httpserver: `expect_request(re.compile(".*")).respond_with_handler(world.werkzeug_handler)`."""
        from werkzeug import Response

        target = request.path + (f"?{request.query_string.decode()}" if request.query_string else "")
        answer = self.handle(request.method, target, dict(request.headers), request.get_data())
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
            self.account_problems.update(data.get("account_problem") or {})
        for provider, kind in (data.get("file_fault") or {}).items():
            self.file_fault(provider, kind)
        return json_response(200, {"ok": True})

    def _file(self, path: str) -> FakeResponse:
        name = path.rsplit("/", 1)[-1]
        with self.lock:
            self.downloads += 1
            task = self.tasks.get(name.rsplit(".", 1)[0])
            fault = self.file_faults.get(task.provider) if task else None
        size = task.size if task else (72, 128)
        if fault and name.endswith(".mp4"):
            return self._spoiled_file(fault, name, size)
        if name.endswith(".mp4"):
            return FakeResponse(200, {"Content-Type": "video/mp4"}, video_bytes(size))
        if name.endswith(".png"):
            return FakeResponse(200, {"Content-Type": "image/png"}, png_bytes(*size))
        return FakeResponse(404, {}, b"not found")

    def _spoiled_file(self, fault: str, name: str, size: tuple[int, int]) -> FakeResponse:
        if fault == "404":
            return FakeResponse(404, {"Content-Type": "text/plain"}, b"NoSuchKey: the link has expired")
        if fault == "truncated":
            full = video_bytes(size)
            return FakeResponse(200, {"Content-Type": "video/mp4"}, full[: len(full) // 3], declared_length=len(full))
        if fault == "not_video":
            return FakeResponse(200, {"Content-Type": "video/mp4"}, b"<html>Access denied</html>" * 40)
        if fault == "oversize":
            return FakeResponse(200, {"Content-Type": "video/mp4"}, bytes(OVERSIZE_BYTES))
        # redirect_to_loopback: an https link that resolves to this machine, as an attacker's redirect would
        return FakeResponse(302, {"Location": f"https://localhost:9/{name}"})

    def hold_submission(self, provider: str) -> None:
        """A configured submit delay: the task exists, but its creator waits for the answer (and may die waiting)."""
        delay = self.submit_delays.get(provider, 0)
        if delay:
            time.sleep(delay)

    # --- tasks -----------------------------------------------------------------------------------------------------

    def create(
        self,
        provider: str,
        kind: str,
        payload: dict,
        *,
        key: str | None,
        callback_url: str | None = None,
        size: tuple[int, int] = (72, 128),
    ) -> FakeTask:
        """A new task; `key` (the prompt's hash) counts it as a submission, None as a job's second step."""
        with self.lock:
            task = FakeTask(
                id=f"{provider[:2]}{next(self._ids):05d}-{uuid.uuid4().hex[:8]}",
                provider=provider,
                kind=kind,
                created=self.now(),
                payload=payload,
                callback_url=callback_url,
                fail=self.fail_next_for.pop(provider, None),
                size=size,
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

    def progress(self, task: FakeTask) -> float:
        total = self._render_time(task) or 1.0
        return round(min(1.0, max(0.0, (self.now() - task.created) / total)), 3)

    def output_url(self, task: FakeTask) -> str:
        return f"{self.base_url}/files/{task.id}.{'png' if task.kind == 'image' else 'mp4'}"

    def newest_first(self, provider: str) -> list[FakeTask]:
        with self.lock:
            tasks = [task for task in self.tasks.values() if task.provider == provider]
        return sorted(tasks, key=lambda task: task.created_at, reverse=True)

    def task(self, provider: str, task_id: str) -> FakeTask | None:
        with self.lock:
            task = self.tasks.get(task_id)
        return task if task and task.provider == provider else None

    def render_object(self, task: FakeTask) -> dict:
        """The provider's own JSON for a task, as its status endpoint (or callback) shows it."""
        return self.providers[task.provider].render(task)

    # --- callbacks -------------------------------------------------------------------------------------------------

    def _deliver(self, task_id: str) -> None:
        import urllib.request

        task = self.tasks.get(task_id)
        if task is None or not task.callback_url:
            return
        body = json.dumps(self.render_object(task)).encode()
        headers = {"Content-Type": "application/json", **self.providers[task.provider].callback_headers(body)}
        request = urllib.request.Request(task.callback_url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5):
                pass
            with self.lock:
                self.callbacks_sent += 1
        except OSError as error:
            print(f"fake providers: callback for {task_id} failed: {error!r}", file=sys.stderr)
