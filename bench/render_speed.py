"""Bench: how fast the local renderer makes a clip (best/median wall-clock and CPU, realtime factor, peak memory, size,
bitrate, the busiest second), and the same clip through moviepy for comparison.

The comparison is fair: moviepy gets the very frames our encoder gets (drawn at the internal 180×320), scales them
to 720×1280 the way a moviepy user does (`clip.resized`), and writes them with the same x264 settings; what differs
is only the pipeline.

    .venv/bin/python bench/render_speed.py [--runs 5] [--moviepy-runs 2] [--no-moviepy]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
os.environ.setdefault("DEBUG", "true")

from videogen.render import SECONDS, render_clip, scene_for  # the renderer needs no django.setup()
from videogen.render.encode import FPS, HEIGHT, WIDTH, X264_OPTIONS

EXAMPLES = [
    ("A huge red whale swims beside me in the water", ["whale", "water", "red"]),
    ("I fly over a burning city at night", ["flying", "city", "fire", "night"]),
    ("I look into a mirror and someone else looks back", ["mirror"]),
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished children (moviepy's ffmpeg)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def busiest_second_mbit(path: Path) -> float:
    """The most bits in any 24 consecutive frames, in Mbit."""
    with av.open(str(path)) as container:
        sizes = [packet.size for packet in sorted(container.demux(video=0), key=lambda p: p.pts or 0) if packet.size]
    return max(sum(sizes[i : i + FPS]) for i in range(len(sizes) - FPS + 1)) * 8 / 1e6


def timed(render) -> tuple[float, float]:
    started, cpu = time.perf_counter(), cpu_seconds()
    render()
    return time.perf_counter() - started, cpu_seconds() - cpu


def bench_local(folder: Path, runs: int) -> list[float]:
    print(f"local renderer, {runs} runs per clip ({os.cpu_count()} cores, shared: best is the figure that counts)")
    medians = []
    for prompt, symbols in EXAMPLES:
        video, poster = folder / "local.mp4", folder / "poster.jpg"
        runs_ = [timed(partial(render_clip, prompt, symbols, video, poster)) for _ in range(runs)]
        walls, cpus = [wall for wall, _ in runs_], [cpu for _, cpu in runs_]
        size = video.stat().st_size
        medians.append(statistics.median(walls))
        print(
            f"  {','.join(symbols):24s} best {min(walls):.3f} s  median {statistics.median(walls):.3f} s  "
            f"cpu {min(cpus):.2f} s  realtime x{SECONDS / min(walls):.1f}  {size / 1000:.0f} KB  "
            f"{size * 8 / SECONDS / 1e6:.2f} Mbit/s (busiest second {busiest_second_mbit(video):.2f})  "
            f"poster {poster.stat().st_size / 1000:.0f} KB"
        )
    print(f"  peak RSS {peak_rss_mb():.0f} MB")
    return medians


def bench_moviepy(folder: Path, runs: int, local_median: float) -> None:
    from moviepy import VideoClip

    prompt, symbols = EXAMPLES[0]

    def write() -> None:
        scene = scene_for(prompt, symbols)  # the same 180×320 frames our encoder gets

        def frame(t: float):
            return scene.frame(int(round(t * FPS)))

        options = {k: v for k, v in X264_OPTIONS.items() if k not in ("preset", "threads")}
        VideoClip(frame, duration=SECONDS).resized(new_size=(WIDTH, HEIGHT)).write_videofile(
            str(folder / "moviepy.mp4"),
            fps=FPS,
            codec="libx264",
            audio=False,
            preset=X264_OPTIONS["preset"],
            threads=int(X264_OPTIONS["threads"]),
            pixel_format="yuv420p",
            ffmpeg_params=[arg for key, value in options.items() for arg in (f"-{key}", value)],
            logger=None,
        )

    runs_ = [timed(write) for _ in range(runs)]
    walls, cpus = [wall for wall, _ in runs_], [cpu for _, cpu in runs_]
    median = statistics.median(walls)
    print(f"moviepy VideoClip.resized({WIDTH}x{HEIGHT}).write_videofile, same frames and x264 settings, {runs} runs")
    print(
        f"  {','.join(symbols):24s} best {min(walls):.3f} s  median {median:.3f} s  cpu {min(cpus):.2f} s  "
        f"{(folder / 'moviepy.mp4').stat().st_size / 1000:.0f} KB"
    )
    print(f"  ratio (median moviepy / median local): local is {median / local_median:.1f}x faster")
    print(f"  peak RSS {peak_rss_mb():.0f} MB (after moviepy)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moviepy-runs", type=int, default=2)
    parser.add_argument("--no-moviepy", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        medians = bench_local(Path(folder), args.runs)
        if not args.no_moviepy:
            bench_moviepy(Path(folder), args.moviepy_runs, medians[0])


if __name__ == "__main__":
    main()
