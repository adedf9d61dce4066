"""Starting fake servers, one way each: in a thread of the test's own process (to stop mid-test), or the fake
providers as a process of their own (`python -m tests.fakes.server`, for workers and benches in other processes)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from tests.net import free_port, port_open, wait_for

ROOT = Path(__file__).resolve().parents[2]


def serve_in_thread(handler: type[BaseHTTPRequestHandler], *, port: int = 0) -> ThreadingHTTPServer:
    """Serve `handler` on loopback from a daemon thread; each request in a thread of its own, so a slow answer keeps
    only itself busy. Stop it with `stop_server`."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


def server_base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def stop_server(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def fake_providers_process(
    *, render_seconds: float, port: int | None = None, log: IO | int = subprocess.DEVNULL
) -> Iterator[str]:
    """The fake provider server (all four protocols) as a process of its own on loopback; yields its base URL once it
    listens, and stops it at the end."""
    port = port or free_port()
    command = [sys.executable, "-m", "tests.fakes.server", "--port", str(port), "--render-seconds", str(render_seconds)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(
            lambda: process.poll() is not None or port_open("127.0.0.1", port),
            20,
            what="the fake provider server",
            step=0.05,
        )
        assert process.poll() is None, f"the fake provider server exited with {process.returncode}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
