"""SQLite under `make run`'s processes: Procfile.dev's web, worker and beat on a fresh var dir (the embedded defaults:
SQLite, the filesystem broker), 50 local-renderer jobs queued through the web while 5 signed-in clients browse the
feed. Prints how many jobs got ready and how fast, the feed requests and their failures, and how often a log said
`database is locked` (target: every job ready, 0 locked)."""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _setup import ROOT

JOBS = int(os.environ.get("BENCH_JOBS", "50"))
BROWSERS = 5
DEADLINE = float(os.environ.get("BENCH_DEADLINE", "600"))
VAR_DIR = Path(tempfile.mkdtemp(prefix="dreamtok-bench-sqlite-"))
for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
    os.environ.pop(name, None)  # the embedded defaults, whatever this shell has set
os.environ.update(
    DJANGO_SETTINGS_MODULE="dreamtok.settings",
    DEBUG="true",
    DREAMTOK_VAR_DIR=str(VAR_DIR),
    VIDEOGEN_PROVIDERS="local",
    VIDEOGEN_GENERATE_RATE="off",  # one therapist queues all the jobs at once
    LOG_LEVEL="INFO",
)

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402

from accounts.services import recovery_codes_renew  # noqa: E402
from dreams.models import Client, Dream  # noqa: E402
from tests.factories import PASSWORD, TherapistFactory, UserFactory  # noqa: E402
from tests.net import free_port, port_open, wait_for  # noqa: E402
from tests.webserver import form_token, sign_in, stop_honcho  # noqa: E402
from videogen.models import VideoJob  # noqa: E402

LOCKED = "database is locked"
FIRST = ["whale", "owl", "moon", "forest", "ship", "mirror", "stairs", "snow", "fire", "garden"]
SECOND = ["water", "sky", "city", "fog", "stars", "sea", "night", "bridge", "house", "road"]


def seed() -> tuple[str, str, list[str], list[str]]:
    """A therapist, five clients (each with one ready-made dream on its feed) and the dreams to make videos of."""
    call_command("migrate", verbosity=0)
    therapist = TherapistFactory(username="bench-therapist")
    clients = [
        Client.objects.create(therapist=therapist, pseudonym=f"C{i}", user=UserFactory(username=f"bench-client-{i}"))
        for i in range(BROWSERS)
    ]
    dreams = [
        Dream.objects.create(
            client=clients[i % BROWSERS],
            author=therapist,
            title=f"Dream {i}",
            content="A dream to render.",
            symbols=[FIRST[i % len(FIRST)], SECOND[i // len(FIRST)]],  # each dream its own prompt and its own clip
            dreamt_on="2026-11-01",
            consent_video=True,
        )
        for i in range(JOBS)
    ]
    code = recovery_codes_renew(user=therapist)[0]  # therapists sign in with a second factor
    connection.close()
    return therapist.username, code, [client.user.username for client in clients], [str(dream.pk) for dream in dreams]


def start_processes(port: int, log_path: Path) -> subprocess.Popen:
    """`make run`'s processes: honcho with Procfile.dev (web = runserver, worker, beat)."""
    environment = {**os.environ, "DREAMTOK_PORT": str(port)}
    with log_path.open("w") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "honcho"), "-f", "Procfile.dev", "start", "--no-colour"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


class Browser(threading.Thread):
    """A signed-in client scrolling the feed until told to stop: the page, then its next fragment."""

    def __init__(self, base: str, username: str, stopping: threading.Event):
        super().__init__(daemon=True)
        self.session = sign_in(base, username, PASSWORD)
        self.base, self.stopping = base, stopping
        self.requests = 0
        self.failures: Counter[str] = Counter()  # HTTP status or exception name -> how often

    def run(self) -> None:
        while not self.stopping.is_set():
            for path in ("/feed/", "/feed/items"):
                try:
                    status = self.session.get(f"{self.base}{path}", timeout=30).status_code
                    failure = "" if status == 200 else f"HTTP {status}"
                except requests.RequestException as error:
                    failure = type(error).__name__
                self.requests += 1
                if failure:
                    self.failures[failure] += 1


def ready_jobs() -> int:
    try:
        return VideoJob.objects.filter(state=VideoJob.State.READY).count()
    except OperationalError:  # this reader waited too long itself: ask again on the next round
        return -1
    finally:
        connection.close()


def main() -> None:
    therapist, code, client_names, dream_ids = seed()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = VAR_DIR / "processes.log"
    honcho = start_processes(port, log_path)
    stopping = threading.Event()
    try:
        wait_for(lambda: port_open("127.0.0.1", port), 60, step=0.5, what=f"the web process ({log_path})")
        wait_for(lambda: " ready." in log_path.read_text(), 60, step=0.5, what=f"the worker ({log_path})")
        browsers = [Browser(base, name, stopping) for name in client_names]
        author = sign_in(base, therapist, PASSWORD, code)
        token = form_token(author, f"{base}/dreams/{dream_ids[0]}/")
        for browser in browsers:
            browser.start()
        started = time.monotonic()
        refused = 0
        for dream_id in dream_ids:
            answer = author.post(
                f"{base}/dreams/{dream_id}/generate-video",
                {"provider": "local"},
                headers={"X-CSRFToken": token, "Referer": base},
                timeout=60,
            )
            refused += answer.status_code != 200
        queued_in = time.monotonic() - started
        ready = 0
        while ready < JOBS and time.monotonic() - started < DEADLINE:
            time.sleep(1)
            ready = max(ready, ready_jobs())
        elapsed = time.monotonic() - started
    finally:
        stopping.set()
        stop_honcho(honcho, log_path)
    log = log_path.read_text(errors="replace")
    locked = log.count(LOCKED)
    feed_requests = sum(browser.requests for browser in browsers)
    feed_failures = sum((browser.failures for browser in browsers), Counter())
    met = ready == JOBS and locked == 0 and refused == 0
    print(f"SQLite (WAL: {journal_mode()}), Procfile.dev web + worker + beat, {BROWSERS} clients browsing the feed")
    print(f"jobs queued through the web: {JOBS - refused}/{JOBS} in {queued_in:.1f} s")
    print(f"jobs ready: {ready}/{JOBS} after {elapsed:.1f} s")
    failed = ", ".join(f"{count} {kind}" for kind, count in feed_failures.most_common()) or "none"
    print(f"feed requests meanwhile: {feed_requests}, failed: {failed}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} CPUs")
    print(f"'{LOCKED}' in the logs: {locked}")
    print(f"target (all {JOBS} ready, 0 locked): {'met' if met else 'NOT met'}")
    if met:
        shutil.rmtree(VAR_DIR, ignore_errors=True)
    else:
        print(f"logs kept in {log_path}")
    sys.exit(0 if met else 1)


def journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
