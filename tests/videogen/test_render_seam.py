"""The loop has no seam, in picture and in sound: over many symbol sets the step from the last frame (sample) back
to the first is the smallest step of the loop, and the decoded clip keeps it no larger than its own steps."""

import av
import numpy as np
import pytest

from dreams.symbols import all_entries
from tests.corpus import distinct_dreams
from videogen.render import loop_of, render_clip, sound_of
from videogen.render.measure import seam_ratio
from videogen.render.sound import LAYERS, soundscape

# twenty-four corpus dreams and every twelfth lexicon symbol alone: places, rooms, weathers, lights, journeys, chases
SYMBOL_SETS = [dream["symbols"] for dream in distinct_dreams(24)] + [[e.symbol] for e in all_entries()[::12]]
# one of each kind of picture, for the decoded checks: the sea, a room, a street chase, snow in the sky, a road
DECODED = [["whale", "water", "red"], ["house", "candle", "grandmother"], ["dog", "black", "street"],
           ["stars", "sky", "snow"], ["key", "car"]]  # fmt: skip


def frame_steps(frames: np.ndarray) -> tuple[float, np.ndarray]:
    """The seam (last frame to first) and the steps inside the loop, as mean absolute differences."""
    frames = frames.astype(np.int16)
    steps = np.abs(np.diff(frames, axis=0)).mean(axis=tuple(range(1, frames.ndim)))
    return float(np.abs(frames[-1] - frames[0]).mean()), steps


def sample_steps(samples: np.ndarray) -> tuple[float, np.ndarray]:
    """The seam (last sample to first) and the steps inside the loop, each the larger of the two channels'."""
    return float(np.abs(samples[:, -1] - samples[:, 0]).max()), np.abs(np.diff(samples, axis=1)).max(axis=0)


def test_the_drawn_seam_is_the_smallest_step_of_every_loop():
    worse = []
    for symbols in SYMBOL_SETS:
        frames = np.stack(loop_of("", symbols))
        seam, steps = frame_steps(frames)
        if seam > steps.min() or seam_ratio(frames) > 1.0:
            worse.append((symbols, seam / np.median(steps)))
    assert worse == []


def test_the_sound_seam_is_the_smallest_step_of_every_loop():
    loops = [sound_of("", symbols) for symbols in SYMBOL_SETS]
    loops += [
        soundscape([layer], seed=k, seconds=5, tension=tension)
        for k, layer in enumerate(LAYERS)
        for tension in (0, 0.8)
    ]
    worse = [k for k, samples in enumerate(loops) if (lambda seam, steps: seam > steps.min())(*sample_steps(samples))]
    assert worse == []


@pytest.fixture(scope="module")
def decoded(tmp_path_factory):
    """Each of the DECODED dreams rendered and decoded as a player would: (frames, samples)."""
    folder, found = tmp_path_factory.mktemp("seam"), []
    for k, symbols in enumerate(DECODED):
        path = folder / f"{k}.mp4"
        render_clip("", symbols, path)
        with av.open(str(path)) as container:
            frames = np.stack([f.to_ndarray(width=180, height=320, format="rgb24") for f in container.decode(video=0)])
        with av.open(str(path)) as container:
            samples = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)[:, : 5 * 48_000]
        found.append((frames, samples))
    return found


def test_the_decoded_picture_seam_is_no_larger_than_a_step_of_the_clip(decoded):
    """Decoded, every keyframe (every 2 s) makes a step of its own; the seam, at the first keyframe, is no larger
    than the largest of them, and the loop has no larger step than that."""
    for frames, _ in decoded:
        assert seam_ratio(frames, "largest") <= 1.0


def test_the_decoded_sound_has_no_click_at_the_seam(decoded):
    """AAC's blocks leave their own small steps in the decoded sound (its first and last samples' are among the
    largest); the seam is no larger than the largest step inside the loop."""
    for _, samples in decoded:
        seam, steps = sample_steps(samples)
        assert seam <= steps.max(), (seam, steps.max())
