"""Fake Luma, Runway, Replicate and Kling APIs in one in-memory world, served by pytest-httpserver or a real process.

Each provider's protocol is a module of its own (tests/fakes/luma.py, runway.py, replicate.py, kling.py), held to that
provider's documented contract: a request the real API refuses is refused, with the real status and error envelope.
Each lives under its own prefix (/luma, /runway, /replicate, /kling); outputs are served from /files/; the control
endpoints are `GET /_stats`, `POST /_reset` and `POST /_configure` ({"render_seconds": s,
"fail_next": {"luma": "safety" | "internal"}, "file_fault": {"luma": "404" | "truncated" | "not_video" | "oversize" |
"redirect_to_loopback"}, "submit_delay": {"luma": s}}): a file fault spoils every download of that provider's outputs
until a reset; a submit delay holds each create request that long after the task exists (a worker can die waiting).
A task renders for `render_seconds` (an image step for a quarter of it): pending for its first tenth, then running,
then done. With strict keys (unit tests) only the FAKE_* constants pass and Kling tokens are verified with
FAKE_KLING_SECRET_KEY; with lenient keys (the standalone server's default) any key passes except one starting with
"bad", "wrong" or "invalid" (→ 401), and Kling tokens need only well-formed, unexpired iss/exp/nbf claims.
Submissions are counted per provider, per prompt (sha256 hex of the prompt) and per Kling external_task_id; second
steps (image → video) are counted apart, under `steps`.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.kling import FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY, KlingFake
from tests.fakes.launch import serve_in_thread, server_base, stop_server
from tests.fakes.luma import FAKE_LUMA_KEY, LumaFake
from tests.fakes.replicate import FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET, ReplicateFake
from tests.fakes.runway import FAKE_RUNWAY_KEY, RunwayFake
from tests.fakes.world import FakeWorld


class FakeProviders(FakeWorld):
    """All four providers in one world (one clock, one set of counts), as the pipeline sees them."""

    fakes = {"luma": LumaFake, "runway": RunwayFake, "replicate": ReplicateFake, "kling": KlingFake}


JSON_BODY = {"Content-Type": "application/json"}  # the header a JSON request body goes with (the fakes demand it)


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

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, *args) -> None:
            pass

    server = serve_in_thread(Slow)
    try:
        yield server_base(server)
    finally:
        stop_server(server)
