"""Measures of rendered frames shared by the tests and the benches: a perceptual hash, and the loop's seam."""

from __future__ import annotations

import numpy as np
from PIL import Image

HASH_SIZE, DCT_SIZE = 8, 32
# Posters of dreams with no symbol in common differ by at least this many of the hash's 189 bits. Chosen by looking
# at the closest such pairs of the corpus (60 bits: a room on fire and a bear in an office; a car on a road and
# flowers in a garden): different pictures, with a margin.
VARIETY_BITS = 48


def _dct_matrix(n: int) -> np.ndarray:
    k, i = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return np.cos(np.pi * (2 * i + 1) * k / (2 * n))


def perceptual_hash(frame: np.ndarray) -> np.ndarray:
    """pHash of brightness and both colour differences (YCbCr; the low frequencies of a 32×32 DCT above their
    median), 3×63 bits: two posters of one layout in other colours differ, as a viewer sees them differ."""
    image = Image.fromarray(frame).convert("YCbCr").resize((DCT_SIZE, DCT_SIZE), Image.Resampling.BOX)
    pixels = np.asarray(image, dtype=np.float64)
    dct = _dct_matrix(DCT_SIZE)
    bits = []
    for channel in range(3):
        low = (dct @ pixels[:, :, channel] @ dct.T)[:HASH_SIZE, :HASH_SIZE].ravel()[1:]  # without the mean
        bits.append(low > np.median(low))
    return np.concatenate(bits)


def hash_distance(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.count_nonzero(a != b))


def seam_ratio(frames: np.ndarray, against: str = "median") -> float:
    """The step from the last frame to the first over the `against` ("median" or "largest") step between
    neighbours inside the loop: at most 1 against the largest, the loop has no seam."""
    frames = frames.astype(np.int16)
    steps = np.abs(np.diff(frames, axis=0)).mean(axis=tuple(range(1, frames.ndim)))
    seam = np.abs(frames[-1] - frames[0]).mean()
    return float(seam / max(np.median(steps) if against == "median" else steps.max(), 1e-6))
