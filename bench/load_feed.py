"""Load: 50 concurrent signed-in clients browse the feed for 60 s against gunicorn on PostgreSQL (locust, headless).
Prints requests per second, the median and 95th percentile and the failures per kind of request (target: no failure).
Needs `pip install -r requirements-bench.txt` (make bench does it)."""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from _setup import ROOT, bulk_dreams, django_on

DATABASE = "dreamtok_bench_load"
SECRET_KEY = "bench-only-" + "k" * 50  # shared by this process (which makes the sessions) and gunicorn
os.environ["SECRET_KEY"] = SECRET_KEY
USERS, SECONDS = int(os.environ.get("BENCH_USERS", "50")), int(os.environ.get("BENCH_SECONDS", "60"))
django_on(DATABASE)

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402

from dreams.models import Client  # noqa: E402
from tests.factories import TherapistFactory, UserFactory  # noqa: E402
from tests.net import free_port, port_open, wait_for  # noqa: E402

SESSIONS = ROOT / "var" / "bench-load-sessions.txt"
CSV = ROOT / "var" / "bench-load"


def seed() -> None:
    call_command("migrate", verbosity=0)
    if Client.objects.filter(pseudonym__startswith="load-").count() >= 50:
        return
    video = default_storage.save("videos/load.mp4", ContentFile(os.urandom(2 * 1024 * 1024)))
    poster = default_storage.save("posters/load.jpg", ContentFile(b"\xff\xd8\xff" + os.urandom(20_000)))
    therapist = TherapistFactory(username="load-therapist")
    for number in range(50):
        user = UserFactory(username=f"load-client-{number}", password="load-pass-123")
        owner = Client.objects.create(therapist=therapist, pseudonym=f"load-{number}", user=user)
        bulk_dreams(owner, 60, content="A whale.", symbols=["whale", "sea"], media=lambda i: (video, poster))


def sign_in_everyone() -> None:
    """Sessions made here, so the figures measure the feed and not 50 password hashes at once."""
    from django.test import Client as HttpClient

    keys = []
    for number in range(50):
        http = HttpClient()
        http.force_login(Client.objects.get(pseudonym=f"load-{number}").user)
        keys.append(http.cookies["sessionid"].value)
    SESSIONS.write_text("\n".join(keys))


def main() -> None:
    seed()
    sign_in_everyone()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        # the keys this process encrypted the seeded dreams with (derived from SECRET_KEY with DEBUG on)
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "ERROR",
        "BENCH_SESSIONS": str(SESSIONS),
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "dreamtok.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(lambda: port_open("127.0.0.1", port), 30)
        time.sleep(1)
        result = subprocess.run(
            [
                str(bin_dir / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--csv",
                str(CSV),
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        server.terminate()
        server.wait(20)
    failures = report()
    if result.returncode != 0 or failures:
        print(result.stderr[-3000:])
        sys.exit(1)


def report() -> int:
    """Print locust's figures per kind of request and in all; return the number of failed requests."""
    with Path(f"{CSV}_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"{USERS} signed-in users browsing the feed for {SECONDS} s against gunicorn (4 workers), PostgreSQL")
    for row in rows:
        print(
            f"  {row['Name']:26} {int(row['Request Count']):6d} requests, {float(row['Requests/s']):6.1f}/s, "
            f"median {row['50%']} ms, p95 {row['95%']} ms, {row['Failure Count']} failed"
        )
    failures = sum(int(row["Failure Count"]) for row in rows if row["Name"] == "Aggregated")
    print(f"  target: no failed request: {'met' if failures == 0 else 'MISSED'}")
    return failures


if __name__ == "__main__":
    main()
