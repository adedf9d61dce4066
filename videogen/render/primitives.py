"""Vectorized drawing helpers shared by the motifs: noise, splats, soft masks, sub-pixel shifts, blending."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

TAU = 2 * np.pi


def periodic_noise(rng: np.random.Generator, height: int, width: int, scale: float) -> np.ndarray:
    """Smooth noise that tiles in both directions (filtered in the Fourier domain), zero mean, unit spread."""
    white = rng.standard_normal((height, width)).astype(np.float32)
    fy = np.fft.fftfreq(height)[:, None]
    fx = np.fft.rfftfreq(width)[None, :]
    gain = np.exp(-((fy**2 + fx**2) * (TAU * scale) ** 2) / 2)
    smooth = np.fft.irfft2(np.fft.rfft2(white) * gain, s=(height, width)).astype(np.float32)
    smooth -= smooth.mean()
    smooth /= smooth.std() + 1e-6
    return smooth


def splat(height: int, width: int, xs: np.ndarray, ys: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Add points at fractional pixel positions into a (height, width) buffer, bilinearly."""
    inside = (xs >= 0) & (xs < width - 1) & (ys >= 0) & (ys < height - 1)
    xs, ys, weights = xs[inside], ys[inside], weights[inside]
    x0 = xs.astype(np.int32)
    y0 = ys.astype(np.int32)
    fx = xs - x0
    fy = ys - y0
    base = y0 * width + x0
    index = np.concatenate((base, base + 1, base + width, base + width + 1))
    taps = np.concatenate(((1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy)) * np.tile(weights, 4)
    return np.bincount(index, taps, minlength=height * width).reshape(height, width).astype(np.float32)


def blur(buffer: np.ndarray, passes: int = 1) -> np.ndarray:
    """A [1 2 1] blur in both directions, `passes` times; cheap enough to run per frame."""
    out = buffer
    for _ in range(passes):
        rows = out * 2
        rows[1:] += out[:-1]
        rows[:-1] += out[1:]
        rows[0] += out[0]
        rows[-1] += out[-1]
        out = rows * 2
        out[:, 1:] += rows[:, :-1]
        out[:, :-1] += rows[:, 1:]
        out[:, 0] += rows[:, 0]
        out[:, -1] += rows[:, -1]
        out *= 1 / 16
    return out


def soft_mask(
    height: int, width: int, draw: Callable[[ImageDraw.ImageDraw, float], None], softness: float
) -> np.ndarray:
    """Draw shapes with PIL at twice the size (the callback gets the draw and the scale), downsample and blur."""
    image = Image.new("L", (width * 2, height * 2), 0)
    draw(ImageDraw.Draw(image), 2.0)
    image = image.resize((width, height), Image.Resampling.BOX)
    if softness > 0:
        image = image.filter(ImageFilter.GaussianBlur(softness))
    return np.asarray(image, dtype=np.float32) * (1 / 255)


class Sprite:
    """A soft shape (alpha, and optionally a light channel) that can be placed anywhere at sub-pixel positions.

    `layers` is (height, width, 1 or 2): channel 0 covers the canvas with a colour, channel 1 adds light.
    """

    def __init__(self, layers: np.ndarray):
        if layers.ndim == 2:
            layers = layers[..., None]
        coverage = layers.max(axis=-1)
        rows = np.flatnonzero(coverage.max(axis=1) > 1 / 255)
        cols = np.flatnonzero(coverage.max(axis=0) > 1 / 255)
        if rows.size == 0:
            rows = cols = np.array([0])
        self.top, self.left = int(rows[0]), int(cols[0])
        cropped = layers[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        self.padded = np.pad(cropped, ((1, 1), (1, 1), (0, 0))).astype(np.float32)

    def window(self, canvas_height: int, canvas_width: int, x: float, y: float):
        """The sprite moved by (x, y) pixels, clipped to the canvas: (canvas rows, canvas cols, layers) or None."""
        x += self.left
        y += self.top
        ix, iy = int(np.floor(x)), int(np.floor(y))
        fx, fy = x - ix, y - iy
        height, width = self.padded.shape[0] - 1, self.padded.shape[1] - 1
        r0, c0 = max(iy, 0), max(ix, 0)
        r1, c1 = min(iy + height, canvas_height), min(ix + width, canvas_width)
        if r0 >= r1 or c0 >= c1:
            return None
        p = self.padded
        a, b = r0 - iy, r1 - iy
        c, d = c0 - ix, c1 - ix
        if fx == 0 and fy == 0:
            return slice(r0, r1), slice(c0, c1), p[a + 1 : b + 1, c + 1 : d + 1]
        out = (1 - fy) * ((1 - fx) * p[a + 1 : b + 1, c + 1 : d + 1] + fx * p[a + 1 : b + 1, c:d])
        out += fy * ((1 - fx) * p[a:b, c + 1 : d + 1] + fx * p[a:b, c:d])
        return slice(r0, r1), slice(c0, c1), out

    def draw(self, canvas: np.ndarray, x: float, y: float, colour: np.ndarray, light: np.ndarray | None = None) -> None:
        """Paint at offset (x, y) px. `colour` is (3,) or per-row (canvas rows, 1, 3)."""
        placed = self.window(canvas.shape[0], canvas.shape[1], x, y)
        if placed is None:
            return
        rows, cols, layers = placed
        if colour.ndim == 3:
            colour = colour[rows]
        region = canvas[rows, cols]
        over(region, layers[..., 0], colour)
        if light is not None and layers.shape[-1] > 1:
            add(region, layers[..., 1], light)


def over(canvas: np.ndarray, alpha: np.ndarray, colour: np.ndarray) -> None:
    """Paint `colour` (a colour, or per-row colours) onto `canvas` through `alpha`, in place."""
    canvas += alpha[..., None] * (colour - canvas)


def add(canvas: np.ndarray, light: np.ndarray, colour: np.ndarray) -> None:
    """Add light of one colour, in place."""
    canvas += light[..., None] * colour


def gaussian(coords: np.ndarray, centre: float, radius: float) -> np.ndarray:
    return np.exp(-(((coords - centre) / radius) ** 2)).astype(np.float32)


def ramp(rows: int, stops: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """Per-row colours (rows, 1, 3) interpolated between (position 0..1, colour) stops."""
    positions = (np.arange(rows, dtype=np.float32) + 0.5) / rows
    at = [p for p, _ in stops]
    channels = [np.interp(positions, at, [c[k] for _, c in stops]) for k in range(3)]
    return np.stack(channels, axis=-1).astype(np.float32)[:, None, :]
