"""Vectorized drawing helpers shared by the motifs: noise, splats, soft masks, sub-pixel shifts, blending.

The canvas is planar, (3, height, width) float32: a colour then broadcasts over whole rows, which numpy does
many times faster than over a trailing axis of three.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

TAU = 2 * np.pi
EDGE = 12  # pixels a sprite cut by the canvas's edge is extended beyond it


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


def splat(
    height: int,
    width: int,
    xs: np.ndarray,
    ys: np.ndarray,
    weights: np.ndarray,
    spread: np.ndarray | None = None,
) -> np.ndarray:
    """Add points at fractional pixel positions into a (height, width) buffer, bilinearly.

    `spread` (k × k, k odd, from `glow_kernel`) is the shape each point spreads into: the same as blurring the
    buffer afterwards, for a fraction of the cost when the points are few.
    """
    if spread is None:
        spread = _POINT
    size = spread.shape[0] + 1  # each point's footprint: the bilinear 2 × 2 convolved with `spread`
    margin = 2 * size  # taps that fall off the canvas land in a margin, cropped at the end
    x0, y0 = np.floor(xs), np.floor(ys)
    near = (x0 > -size) & (x0 < width + size) & (y0 > -size) & (y0 < height + size)
    x0, y0, xs, ys = x0[near], y0[near], xs[near], ys[near]
    weights = np.asarray(weights, dtype=np.float32)[near]
    fx, fy = (xs - x0).astype(np.float32), (ys - y0).astype(np.float32)
    # taps are laid out (footprint, point): numpy's inner loops then run along the points
    shifted = np.zeros((4, size, size), dtype=np.float32)
    shifted[0, :-1, :-1] = shifted[1, :-1, 1:] = shifted[2, 1:, :-1] = shifted[3, 1:, 1:] = spread
    shifted = shifted.reshape(4, -1, 1)
    taps = shifted[0] * ((1 - fx) * (1 - fy) * weights)
    taps += shifted[1] * (fx * (1 - fy) * weights)
    taps += shifted[2] * ((1 - fx) * fy * weights)
    taps += shifted[3] * (fx * fy * weights)
    padded = width + 2 * margin
    steps = np.arange(size) - size // 2 + 1 + margin
    offsets = (steps[:, None] * padded + steps[None, :]).reshape(-1, 1)
    index = offsets + (y0.astype(np.intp) * padded + x0.astype(np.intp))
    buffer = np.bincount(index.ravel(), taps.ravel(), minlength=(height + 2 * margin) * padded)
    return buffer.reshape(height + 2 * margin, padded)[margin:-margin, margin:-margin].astype(np.float32)


_POINT = np.ones((1, 1), dtype=np.float32)


def glow_kernel(passes: int, strength: float, point: float = 1.0) -> np.ndarray:
    """`point` times the point itself plus `strength` times its `passes`-fold [1 2 1] blur: a glow for `splat`."""
    line = np.ones(1)
    for _ in range(passes):
        line = np.convolve(line, [0.25, 0.5, 0.25])
    kernel = np.outer(line, line) * strength
    kernel[passes, passes] += point
    return kernel.astype(np.float32)


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

    `layers` is (1 or 2, height, width): layer 0 covers the canvas with a colour, layer 1 adds light.
    """

    def __init__(self, layers: np.ndarray):
        if layers.ndim == 2:
            layers = layers[None]
        coverage = layers.max(axis=0)
        rows = np.flatnonzero(coverage.max(axis=1) > 1 / 255)
        cols = np.flatnonzero(coverage.max(axis=0) > 1 / 255)
        if rows.size == 0:
            rows = cols = np.array([0])
        self.top, self.left = int(rows[0]), int(cols[0])
        cropped = layers[:, rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        # A shape cut off by the canvas's edge goes on beyond it, so the camera's drift never bares a stripe there.
        height, width = layers.shape[1:]
        edges = [
            EDGE * (rows[0] == 0),
            EDGE * (rows[-1] == height - 1),
            EDGE * (cols[0] == 0),
            EDGE * (cols[-1] == width - 1),
        ]
        cropped = np.pad(cropped, ((0, 0), (edges[0], edges[1]), (edges[2], edges[3])), mode="edge")
        self.top, self.left = self.top - edges[0], self.left - edges[2]
        self.padded = np.pad(cropped, ((0, 0), (1, 1), (1, 1))).astype(np.float32)

    def window(self, canvas_height: int, canvas_width: int, x: float, y: float):
        """The sprite moved by (x, y) pixels, clipped to the canvas: (canvas rows, canvas cols, layers) or None."""
        x += self.left
        y += self.top
        ix, iy = int(np.floor(x)), int(np.floor(y))
        fx, fy = np.float32(x - ix), np.float32(y - iy)
        height, width = self.padded.shape[1] - 1, self.padded.shape[2] - 1
        r0, c0 = max(iy, 0), max(ix, 0)
        r1, c1 = min(iy + height, canvas_height), min(ix + width, canvas_width)
        if r0 >= r1 or c0 >= c1:
            return None
        p = self.padded
        a, b = r0 - iy, r1 - iy
        c, d = c0 - ix, c1 - ix
        if fx == 0 and fy == 0:
            return slice(r0, r1), slice(c0, c1), p[:, a + 1 : b + 1, c + 1 : d + 1]
        # bilinear, one axis at a time: across (rows a..b+1), then down
        across = p[:, a : b + 1, c + 1 : d + 1] * (1 - fx)
        across += p[:, a : b + 1, c:d] * fx
        out = across[:, 1:] * (1 - fy)
        out += across[:, :-1] * fy
        return slice(r0, r1), slice(c0, c1), out

    def draw(self, canvas: np.ndarray, x: float, y: float, colour: np.ndarray, light: np.ndarray | None = None) -> None:
        """Paint at offset (x, y) px. `colour` is (3,) or per-row (3, canvas rows, 1)."""
        placed = self.window(canvas.shape[1], canvas.shape[2], x, y)
        if placed is None:
            return
        rows, cols, layers = placed
        if colour.ndim == 3:
            colour = colour[:, rows]
        region = canvas[:, rows, cols]
        over(region, layers[0], colour)
        if light is not None and layers.shape[0] > 1:
            add(region, layers[1], light)


def planar(colour: np.ndarray) -> np.ndarray:
    """A colour (3,) shaped to broadcast over a planar (3, height, width) canvas; per-row colours pass through."""
    return colour[:, None, None] if colour.ndim == 1 else colour


def over(canvas: np.ndarray, alpha: np.ndarray, colour: np.ndarray) -> None:
    """Paint `colour` (a colour, per-row colours or a whole image) onto planar `canvas` through `alpha`, in place."""
    canvas += alpha * (planar(colour) - canvas)


def add(canvas: np.ndarray, light: np.ndarray, colour: np.ndarray) -> None:
    """Add light of one colour to planar `canvas`, in place."""
    canvas += light * planar(colour)


def gaussian(coords: np.ndarray, centre: float, radius: float) -> np.ndarray:
    return np.exp(-(((coords - centre) / radius) ** 2)).astype(np.float32)


def ramp(rows: int, stops: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """Per-row colours (3, rows, 1) interpolated between (position 0..1, colour) stops."""
    positions = (np.arange(rows, dtype=np.float32) + 0.5) / rows
    at = [p for p, _ in stops]
    channels = [np.interp(positions, at, [c[k] for _, c in stops]) for k in range(3)]
    return np.stack(channels).astype(np.float32)[:, :, None]
