"""Bench: how fast the local renderer makes a clip (best/median, realtime factor, peak memory, size, bitrate),
and the same frames through moviepy's VideoClip.write_videofile for comparison.

    .venv/bin/python bench/render_speed.py [--runs 5] [--no-moviepy]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
os.environ.setdefault("DEBUG", "true")

from videogen.render import SECONDS, render_clip, scene_for  # noqa: E402  (the renderer needs no django.setup())

EXAMPLES = [
    ("A huge red whale swims beside me in the water", ["whale", "water", "red"]),
    ("I fly over a burning city at night", ["flight", "city", "fire", "night"]),
    ("I look into a mirror and someone else looks back", ["mirror"]),
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def bench_local(folder: Path, runs: int) -> None:
    print(f"local renderer, {runs} runs per clip ({os.cpu_count()} cores, shared)")
    all_best = []
    for prompt, symbols in EXAMPLES:
        times = []
        for run in range(runs):
            result = render_clip(prompt, symbols, folder / f"local-{run}.mp4", folder / "poster.jpg")
            times.append(result.seconds)
        best, median = min(times), statistics.median(times)
        all_best.append(best)
        print(
            f"  {','.join(symbols):28s} best {best:.3f} s  median {median:.3f} s  realtime x{SECONDS / median:.1f}  "
            f"{result.bytes / 1000:.0f} KB  {result.bytes * 8 / SECONDS / 1e6:.2f} Mbit/s  "
            f"poster {(folder / 'poster.jpg').stat().st_size / 1000:.0f} KB"
        )
    print(f"  peak RSS {peak_rss_mb():.0f} MB")


def bench_moviepy(folder: Path, runs: int) -> None:
    from moviepy import VideoClip

    prompt, symbols = EXAMPLES[0]
    full = scene_for(prompt, symbols, width=720, height=1280)
    fps = 24

    def make_frame(t: float):
        return full.frame(int(round(t * fps)))

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        VideoClip(make_frame, duration=SECONDS).write_videofile(
            str(folder / "moviepy.mp4"), fps=fps, codec="libx264", audio=False, logger=None
        )
        times.append(time.perf_counter() - started)
    local = [render_clip(prompt, symbols, folder / "local.mp4").seconds for _ in range(runs)]
    moviepy_median, local_median = statistics.median(times), statistics.median(local)
    print(f"moviepy VideoClip.write_videofile, same frame function at 720x1280, {runs} runs")
    print(
        f"  moviepy best {min(times):.2f} s  median {moviepy_median:.2f} s   "
        f"local best {min(local):.3f} s  median {local_median:.3f} s   "
        f"local is {moviepy_median / local_median:.0f}x faster  "
        f"({(folder / 'moviepy.mp4').stat().st_size / 1000:.0f} KB vs "
        f"{(folder / 'local.mp4').stat().st_size / 1000:.0f} KB)"
    )
    print(f"  peak RSS {peak_rss_mb():.0f} MB (after moviepy)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moviepy-runs", type=int, default=2)
    parser.add_argument("--no-moviepy", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_local(Path(folder), args.runs)
        if not args.no_moviepy:
            bench_moviepy(Path(folder), args.moviepy_runs)


if __name__ == "__main__":
    main()
