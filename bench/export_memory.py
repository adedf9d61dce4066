"""The export of 1,000 dreams with videos (PostgreSQL, production settings, local storage): peak RSS of the process
that serves it and the time to its first byte, measured in a subprocess of its own so nothing else counts.

Each dream's video is one clip of the local renderer (hard links of one file, so 1,000 videos take the disk of one);
the export reads each as its own file. Prints the figures and whether the targets are met."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DREAMS = 1_000
RSS_TARGET_MB = 150
FIRST_BYTE_TARGET_S = 1.0
DATABASE = "dreamtok_bench_export"
MEDIA = Path(tempfile.gettempdir()) / "dreamtok-bench-export-media"
os.environ.update(MEDIA_ROOT=str(MEDIA), C2PA_ENABLED="false", VIDEOGEN_SOUNDSCAPE="true")

from _setup import bulk_dreams, django_on  # noqa: E402


def rss_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (now) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def seed() -> int:
    """The bench client with DREAMS dreams, each with a video and a poster; its id."""
    from django.core.management import call_command

    from dreams.models import Client
    from tests.factories import TherapistFactory, UserFactory

    call_command("migrate", verbosity=0)
    owner = Client.objects.filter(pseudonym="bench-export").first()
    if owner is not None and owner.dreams.count() >= DREAMS:
        return owner.pk
    clip, poster = MEDIA / "clip.mp4", MEDIA / "clip.jpg"
    if not clip.exists():
        call_command("render_clip", prompt="a red whale in the sea", symbols="whale,water,red", out=clip, poster=poster)
    therapist = TherapistFactory(username="bench-export-therapist")
    user = UserFactory(username="bench-export-client")
    owner = Client.objects.create(therapist=therapist, pseudonym="bench-export", user=user)
    for folder in ("videos", "posters"):
        (MEDIA / folder).mkdir(parents=True, exist_ok=True)
    for i in range(DREAMS):
        for source, name in ((clip, f"videos/bench-{i}.mp4"), (poster, f"posters/bench-{i}.jpg")):
            target = MEDIA / name
            if not target.exists():
                os.link(source, target)
    text = "I swam with a red whale in deep blue water; the sea sang, and a lighthouse blinked far away. " * 8
    bulk_dreams(owner, DREAMS, content=text)
    return owner.pk


def child(client_id: int) -> None:
    """One export through Django's request handling, as a web process serves it; prints what it measured."""
    from django.test import Client as HttpClient

    from dreams.models import Client

    owner = Client.objects.select_related("user").get(pk=client_id)
    http = HttpClient(HTTP_HOST="127.0.0.1")
    http.force_login(owner.user)
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    response = http.get("/my/dreams.zip")
    assert response.status_code == 200, response.status_code
    pieces = iter(response.streaming_content)
    first = next(pieces)
    first_byte = time.perf_counter() - started
    total = len(first)
    with tempfile.TemporaryFile() as archive:  # written out, as a browser would, and opened afterwards
        archive.write(first)
        for piece in pieces:
            total += len(piece)
            archive.write(piece)
        elapsed = time.perf_counter() - started
        import zipfile

        archive.seek(0)
        files = len(zipfile.ZipFile(archive).namelist())
    result = {
        "rss_before_mb": before,
        "peak_rss_mb": rss_mb("VmHWM"),
        "first_byte_s": first_byte,
        "total_s": elapsed,
        "bytes": total,
        "files": files,
    }
    print(json.dumps(result))


def main() -> None:
    client_id = seed()
    here = Path(__file__).resolve().parent
    runs = []
    for _ in range(3):
        run = subprocess.run(
            [sys.executable, str(here / "export_memory.py"), "--child", str(client_id)],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        runs.append(json.loads(run.stdout.strip().splitlines()[-1]))
    peak = max(run["peak_rss_mb"] for run in runs)
    first_byte = max(run["first_byte_s"] for run in runs)
    last = runs[-1]
    print(f"export of {DREAMS} dreams with videos: {last['bytes'] / 1e6:.0f} MB in {last['files']} files")
    for number, run in enumerate(runs, 1):
        print(
            f"  run {number}: RSS {run['rss_before_mb']:.0f} MB before the request, peak {run['peak_rss_mb']:.0f} MB; "
            f"first byte {run['first_byte_s'] * 1000:.0f} ms; whole archive {run['total_s']:.1f} s "
            f"({run['bytes'] / 1e6 / run['total_s']:.0f} MB/s)"
        )
    rss_met, first_met = peak < RSS_TARGET_MB, first_byte < FIRST_BYTE_TARGET_S
    print(f"peak RSS {peak:.0f} MB (target < {RSS_TARGET_MB} MB): {'met' if rss_met else 'MISSED'}")
    print(f"first byte {first_byte * 1000:.0f} ms (target < 1 s): {'met' if first_met else 'MISSED'}")


if __name__ == "__main__":
    django_on(DATABASE, production=True)
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        main()
