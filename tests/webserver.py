"""Real multi-process servers for tests and benches: the Procfile's gunicorn on a fresh SQLite database of the test's
own, and stopping a honcho that runs a Procfile."""

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.net import free_port, port_open, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def local_env(var_dir: Path, **more: str) -> dict[str, str]:
    """The environment of `make run` (DEBUG on, SQLite and media under `var_dir`), without Redis or a broker server."""
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    environment.update(
        DJANGO_SETTINGS_MODULE="dreamtok.settings",
        DEBUG="true",
        SECRET_KEY="test-only-" + "s" * 50,  # one key for every process, as in production
        DREAMTOK_VAR_DIR=str(var_dir),
        CELERY_BROKER_URL="memory://",
        LOG_LEVEL="WARNING",
        **more,
    )
    return environment


def manage(environment: dict[str, str], *args: str) -> str:
    run = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


@contextmanager
def gunicorn(environment: dict[str, str], *, workers: int, log: Path):
    """gunicorn with `workers` processes on a free loopback port; yields its base URL, stops it at the end."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "dreamtok.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: port_open("127.0.0.1", port), 30, what=f"gunicorn ({log})")
        booted = "Booting worker with pid"
        wait_for(lambda: log.read_text().count(booted) >= workers, 30, what=f"{workers} gunicorn workers ({log})")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(30)


def sign_in(base: str, username: str, password: str, code: str = "") -> requests.Session:
    """Sign in through the sign-in form, as a browser does (its CSRF token from the page); with `code`, pass the
    second factor too (a therapist's or staff member's recovery or authenticator code)."""
    browser = requests.Session()
    url = f"{base}/accounts/login/"
    data = {"username": username, "password": password, "csrfmiddlewaretoken": form_token(browser, url)}
    answer = browser.post(url, data, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[-2000:]
    if code:
        url = f"{base}/accounts/two-factor/verify/"
        answer = browser.post(url, {"code": code, "csrfmiddlewaretoken": form_token(browser, url)}, timeout=10)
        assert answer.status_code == 200 and "/two-factor/" not in answer.url, answer.text[-2000:]
    return browser


def form_token(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def stop_honcho(honcho: subprocess.Popen, log_path: Path) -> None:
    """Stop honcho and every process it started (it names them in its log: "started (pid=…)")."""
    if honcho.poll() is None:
        os.kill(honcho.pid, signal.SIGTERM)  # honcho stops its processes, then exits
        try:
            honcho.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait(10)
    for pid in re.findall(r"started \(pid=(\d+)\)", log_path.read_text(errors="replace")):
        try:  # each process runs in its own group; make sure none outlives its starter
            os.killpg(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
