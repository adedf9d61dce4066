"""Pipeline throughput: 200 dreams through a fake provider that takes 2 s per clip, on one Celery worker with
2 processes, on the real Redis and PostgreSQL. Prints the wall time until all are ready (target: under 15 s) and the
worker CPU per job, split into the download and media work (download, probe, faststart, poster, storage: measured
in this process on a sample of the same files) and the rest (submit, polls, bookkeeping; target: under 100 ms)."""

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from _setup import ROOT, django_on

DREAMS = int(os.environ.get("BENCH_DREAMS", "200"))
TARGET_SECONDS = 15
TARGET_CPU_MS = 100
SAMPLE = 20
REDIS = "redis://127.0.0.1:6379/14"
os.environ["CELERY_BROKER_URL"] = REDIS
django_on("dreamtok_bench_pipeline")

import redis  # noqa: E402
from django.core.management import call_command  # noqa: E402

from dreams.models import Client, Dream  # noqa: E402
from dreams.services import dream_create  # noqa: E402
from tests.factories import TherapistFactory, UserFactory  # noqa: E402
from tests.fakes.launch import fake_providers_process  # noqa: E402
from tests.fakes.providers import fake_env  # noqa: E402
from tests.net import free_port, wait_for  # noqa: E402
from videogen.models import VideoJob  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (living ones read from /proc)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def media_cpu_ms(urls: list[str]) -> float:
    """CPU per clip of what job_finalize does with a finished video: download, probe, faststart, poster, storage."""
    import tempfile

    from django.core.files.base import File
    from django.core.files.storage import default_storage

    from videogen import media
    from videogen.download import safe_download

    started = time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        for index, url in enumerate(urls):
            video, poster = Path(folder) / f"{index}.mp4", Path(folder) / f"{index}.jpg"
            safe_download(url, video, max_bytes=100 * 1024 * 1024)
            media.ensure_playable(video, media.probe(video))
            media.make_poster(video, poster)
            for path in (video, poster):
                with path.open("rb") as handle:
                    default_storage.delete(default_storage.save(f"bench/{path.name}", File(handle)))
    return 1000 * (time.process_time() - started) / len(urls)


def main():
    call_command("migrate", verbosity=0)
    VideoJob.objects.all().delete()
    Dream.objects.all().delete()
    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    var = ROOT / "var" / "bench-pipeline"
    var.mkdir(parents=True, exist_ok=True)
    fake = contextlib.ExitStack()
    fake.enter_context(fake_providers_process(port=port, render_seconds=2))
    env = {
        **os.environ,
        **fake_env(port),
        "VIDEOGEN_PROVIDERS": "luma",
        "VIDEOGEN_POLL_SECONDS": "1",
        "VIDEOGEN_DAILY_BUDGET_USD": "1000",
        "VIDEOGEN_THERAPIST_DAILY_LIMIT": str(10 * DREAMS),
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(var / "media"),
        "VIDEOGEN_TMP_DIR": str(var / "tmp"),
    }
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "dreamtok",
            "worker",
            "--concurrency",
            "2",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=(var / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(4)  # let the worker boot before the clock starts
        cpu_before = cpu_seconds(worker.pid)
        from django.conf import settings

        for key, value in fake_env(port).items():
            setattr(settings, key, value.split(",") if key == "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS" else value)
        settings.VIDEOGEN_PROVIDERS = ["luma"]
        settings.VIDEOGEN_THERAPIST_DAILY_LIMIT = 10 * DREAMS
        settings.VIDEOGEN_DAILY_BUDGET_USD = 1000.0
        therapist = TherapistFactory(username=f"bench-{port}")
        owner = Client.objects.create(therapist=therapist, pseudonym="bench", user=UserFactory(username=f"c-{port}"))
        words = [
            "whale",
            "owl",
            "moon",
            "fire",
            "snow",
            "forest",
            "mirror",
            "stairs",
            "sea",
            "bird",
            "house",
            "river",
            "mountain",
            "door",
            "garden",
            "city",
            "storm",
            "star",
            "horse",
            "key",
        ]
        pairs = itertools.islice(itertools.product(words, words), DREAMS)
        started = time.monotonic()
        for index, (a, b) in enumerate(pairs):
            dream_create(
                author=therapist,
                client=owner,
                title=f"Bench {index}",
                content="A dream.",
                symbols=[a, b, f"n{index}"],
                dreamt_on="2026-11-01",
                consent_video=True,
                provider="luma",
            )
        queued = time.monotonic() - started
        wait_for(
            lambda: VideoJob.objects.filter(state="ready").count() == DREAMS
            or VideoJob.objects.filter(state="failed").exists(),
            600,
            step=0.25,
        )
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(worker.pid) - cpu_before
        ready = VideoJob.objects.filter(state="ready").count()
        per_job = 1000 * cpu / max(ready, 1)
        urls = list(VideoJob.objects.filter(state="ready").values_list("output_url", flat=True)[:SAMPLE])
        media_ms = media_cpu_ms(urls)
        verdict = "met" if ready == DREAMS and elapsed < TARGET_SECONDS else "MISSED"
        print(f"dreams: {DREAMS}, ready: {ready}, failed: {VideoJob.objects.filter(state='failed').count()}")
        print(f"creating and queueing them: {queued:.1f} s")
        print(f"all ready after {elapsed:.1f} s (fake provider: 2 s per clip; one worker, concurrency 2)")
        print(f"  target: all ready in under {TARGET_SECONDS} s: {verdict}")
        print(f"worker CPU: {cpu:.1f} s in all, {per_job:.0f} ms per job")
        print(f"  download, probe, faststart, poster, storage: {media_ms:.0f} ms per job ({len(urls)} clips here)")
        print(
            f"  the rest (submit, polls, bookkeeping): {per_job - media_ms:.0f} ms per job; target under "
            f"{TARGET_CPU_MS} ms: {'met' if per_job - media_ms < TARGET_CPU_MS else 'MISSED'}"
        )
        if verdict != "met":
            sys.exit(1)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        fake.close()


if __name__ == "__main__":
    main()
