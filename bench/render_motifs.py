"""Bench: what the local renderer draws and how its clips sound, over the lexicon and the shared corpus.

Prints: coverage (lexicon symbols with a motif of their own), per-dream share of symbols drawn (median, lowest),
variety (perceptual-hash distance between posters of dreams with no symbol in common), and for a dozen corpus dreams
rendered for real: wall-clock and CPU seconds (best and median of --runs; CPU of all the process's threads), size and
bitrate, the busiest second, the picture's seam (the last-to-first step over the median step of the drawn frames,
and over the largest step of the decoded clip, where keyframes make the biggest steps), loudness (ITU-R BS.1770 by
pyloudnorm), true peak, and the sound's seam (over the largest sample step of the decoded loop); then whether each
target is met. The machine's load average is printed too: on a shared machine wall-clock figures are upper bounds,
and the CPU time says what a clip costs whatever the load (with one core free, it is the wall-clock time at most).

    .venv/bin/python bench/render_motifs.py [--runs 3] [--dreams 12]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_speed import busiest_second_mbit
from dreams.symbols import all_entries
from tests.corpus import distinct_dreams, load_corpus
from videogen.render import SECONDS, drawn_symbols, loop_of, render_clip
from videogen.render.measure import VARIETY_BITS, hash_distance, perceptual_hash, seam_ratio

RATE = 48_000
WALL_TARGET, CPU_TARGET, MBIT_TARGET = 1.0, 0.8, 2.5  # seconds a clip (CPU: room under the wall budget), Mbit/s


def poster(symbols: list[str]) -> np.ndarray:
    """The clip's first frame, as drawn (RGB, height × width × 3)."""
    return np.moveaxis(loop_of("", symbols)[0], 0, -1)


def coverage() -> None:
    symbols = [item.symbol for item in all_entries()]
    alone = sum(drawn_symbols("", [symbol]) == [symbol] for symbol in symbols)
    print(f"coverage: {alone}/{len(symbols)} lexicon symbols drawn on their own ({100 * alone / len(symbols):.0f} %)")
    shares = [len(drawn_symbols("", d["symbols"])) / len(d["symbols"]) for d in load_corpus() if d["symbols"]]
    print(
        f"per dream (shared corpus, {len(shares)} dreams): median {100 * statistics.median(shares):.0f} % of its "
        f"symbols drawn, lowest {100 * min(shares):.0f} %"
    )


def variety() -> None:
    dreams = [d for d in load_corpus() if d["symbols"]]
    hashes = {d["id"]: perceptual_hash(poster(d["symbols"])) for d in dreams}
    distances = [
        hash_distance(hashes[a["id"]], hashes[b["id"]])
        for a, b in itertools.combinations(dreams, 2)
        if not set(a["symbols"]) & set(b["symbols"])
    ]
    print(
        f"variety: {len(distances)} poster pairs of dreams with no symbol in common, pHash distance (of 189 bits) "
        f"lowest {min(distances)}, median {statistics.median(distances):.0f}, threshold {VARIETY_BITS}: "
        f"{sum(d < VARIETY_BITS for d in distances)} under it"
    )


def decoded(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The clip's frames (quarter size) and its sound (stereo float32), as a player decodes them."""
    with av.open(str(path)) as container:
        frames = np.stack([f.to_ndarray(width=180, height=320, format="rgb24") for f in container.decode(video=0)])
    with av.open(str(path)) as container:
        sound = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)
    return frames, sound[:, : SECONDS * RATE]


def sound_figures(sound: np.ndarray) -> tuple[float, float, float]:
    import pyloudnorm
    from scipy.signal import resample_poly

    loudness = pyloudnorm.Meter(RATE).integrated_loudness(sound.T.astype(np.float64))
    peak = 20 * np.log10(np.abs(resample_poly(sound, 4, 1, axis=1)).max())
    steps = np.abs(np.diff(sound, axis=1))
    seam = float((np.abs(sound[:, -1] - sound[:, 0]) / steps.max(axis=1)).max())  # ≤ 1: no step is bigger
    return loudness, peak, seam


def clips(runs: int, count: int) -> None:
    load = os.getloadavg()[0]
    print(f"{count} corpus dreams rendered, {runs} runs each (load average {load:.1f} on {os.cpu_count()} cores)")
    walls_all, cpus_all, seams, busiest, sounds = [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "clip.mp4"
        for dream in distinct_dreams(count):
            walls, cpus = [], []
            for _ in range(runs):
                started, cpu = time.perf_counter(), time.process_time()
                render_clip("", dream["symbols"], video)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            walls_all += walls
            cpus_all += cpus
            frames, sound = decoded(video)
            drawn = np.stack(loop_of("", dream["symbols"]))
            loudness, peak, sound_seam = sound_figures(sound)
            size = video.stat().st_size
            seams.append((seam_ratio(drawn), seam_ratio(frames, "largest"), sound_seam))
            busiest.append(busiest_second_mbit(video))
            sounds.append((loudness, peak))
            print(
                f"  {dream['id']} {','.join(dream['symbols'])[:30]:30s} wall best {min(walls):.2f} s median "
                f"{statistics.median(walls):.2f} s, cpu best {min(cpus):.2f} s median {statistics.median(cpus):.2f} s  "
                f"{size / 1000:.0f} KB {size * 8 / SECONDS / 1e6:.2f} Mbit/s (busiest s {busiest[-1]:.2f})  "
                f"seam {seams[-1][0]:.2f}× median step drawn, {seams[-1][1]:.2f}× largest decoded  "
                f"{loudness:.1f} LUFS  peak {peak:.1f} dBTP  sound seam {sound_seam:.2f}× largest step"
            )
    wall_best = max(min(walls_all[k : k + runs]) for k in range(0, len(walls_all), runs))  # the slowest clip's best
    print(
        f"  all clips: wall best {min(walls_all):.2f} s, slowest clip's best {wall_best:.2f} s, median "
        f"{statistics.median(walls_all):.2f} s; cpu (all threads) best {min(cpus_all):.2f} s, median "
        f"{statistics.median(cpus_all):.2f} s, highest {max(cpus_all):.2f} s a clip (load average now "
        f"{os.getloadavg()[0]:.1f})"
    )
    worst = np.max(seams, axis=0)
    loud = np.array(sounds)
    verdicts = [
        (f"every clip's best wall ≤ {WALL_TARGET} s", wall_best <= WALL_TARGET),
        (f"median cpu ≤ {CPU_TARGET} s a clip", statistics.median(cpus_all) <= CPU_TARGET),
        (f"busiest second ≤ {MBIT_TARGET} Mbit", max(busiest) <= MBIT_TARGET),
        ("drawn seam ≤ 1.0× median step", worst[0] <= 1.0),
        ("decoded seam ≤ 1.0× largest step", worst[1] <= 1.0),
        ("sound seam ≤ 1.0× largest step", worst[2] <= 1.0),
        ("−16 ± 1 LUFS", bool((np.abs(loud[:, 0] + 16) <= 1).all())),
        ("true peak ≤ −1 dBTP", bool((loud[:, 1] <= -1).all())),
    ]
    for name, met in verdicts:
        print(f"  target {name}: {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dreams", type=int, default=12)
    args = parser.parse_args()
    coverage()
    variety()
    clips(args.runs, args.dreams)


if __name__ == "__main__":
    main()
