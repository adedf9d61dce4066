"""A dream's soundscape: ambient layers (water, rain, wind, fire, city hum, heartbeat, breath, chimes, drones …)
synthesised in numpy as one period of a loop, levelled to −16 LUFS (ITU-R BS.1770) under a −1 dBTP true peak.

Every layer is periodic in the clip's length: tones sit on multiples of 1/period, noise is shaped in the Fourier
domain of the whole loop, and events that run past the end wrap round to its start. The last sample therefore leads
into the first as any sample leads into the next: the loop has no seam to click.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np

RATE = 48_000
TARGET_LUFS = -16.0
PEAK_CEILING_DB = -2.0  # a sample peak 1 dB under the −1 dBTP limit: room for inter-sample and AAC overshoot
TAU = 2 * np.pi
LFO_STEP = 32  # samples a slow modulation holds its value

# The layers a scene may ask for, in mixing order; each one's level (linear, before levelling the whole mix).
LEVELS = {
    "pad": 0.35,
    "drone": 0.5,
    "water": 0.55,
    "rain": 0.45,
    "wind": 0.5,
    "fire": 0.5,
    "city": 0.4,
    "forest": 0.3,
    "night": 0.18,
    "snow": 0.3,
    "thunder": 0.6,
    "space": 0.3,
    "heartbeat": 0.9,
    "breath": 0.35,
    "chimes": 0.25,
    "clock": 0.25,
}
LAYERS = tuple(LEVELS)


class Loop:
    """What every layer is given: the length in samples, a seeded generator, and how tense the dream is (0..1)."""

    def __init__(self, samples: int, rng: np.random.Generator, tension: float):
        self.samples, self.rng, self.tension = samples, rng, tension
        self.seconds = samples / RATE

    def wave(self, hertz: float, phase: float = 0.0) -> np.ndarray:
        """A sine at the nearest frequency that turns a whole number of times per loop, in float32.

        Audible tones are rounded to whole hertz (where the loop allows), so one second of the wave repeats and is
        computed once; the sine of an exact phase keeps it clean in float32.
        """
        step = 5 if hertz >= 20 and self.samples % 5 == 0 and self.seconds >= 1 else 1
        turns = max(step, round(hertz * self.seconds / step) * step)
        repeats = math.gcd(turns, self.samples)
        period = self.samples // repeats
        phases = np.arange(period, dtype=np.float64) * (turns // repeats) / period
        return np.tile(np.sin((TAU * (phases % 1) + phase).astype(np.float32)), repeats)

    def cycles(self, count: int, phase: float = 0.0) -> np.ndarray:
        """A sine that turns `count` times per loop: the pace of swells, gusts and breaths.

        So slow a curve is computed once every 32 samples and held between: its steps are a few thousandths.
        """
        coarse = -(-self.samples // LFO_STEP)
        angles = (TAU * count * np.arange(coarse, dtype=np.float64) * LFO_STEP / self.samples + phase) % TAU
        return np.repeat(np.sin(angles.astype(np.float32)), LFO_STEP)[: self.samples]

    def noise(self, low: float, high: float, tilt: float = 0.0) -> np.ndarray:
        """Stereo noise band-limited to low..high Hz (soft edges), tilted by `tilt` dB per octave, unit spread.

        Drawn in the Fourier domain as two tiles of 1 s and 1.25 s repeated to the loop's length: their sum repeats
        only once per 5 s loop, and costs two small inverse transforms instead of one of the whole loop.
        """
        out = np.zeros((2, self.samples), np.float32)
        for period in _tiles(self.samples):
            f = np.fft.rfftfreq(period, 1 / RATE)
            f[0] = 1e-3
            gain = 1 / (1 + (low / f) ** 4) / (1 + (f / high) ** 4) * (f / 1000) ** (tilt / 6.02)
            shape = (2, len(f))
            spectrum = (self.rng.standard_normal(shape) + 1j * self.rng.standard_normal(shape)) * gain
            tile = np.fft.irfft(spectrum.astype(np.complex64), n=period, axis=1)
            out += np.tile(tile, self.samples // period)
        return out / (out.std() + 1e-12)

    def events(self, times: Iterable[float], shape, gains: Iterable[float] | None = None) -> np.ndarray:
        """`shape` (channels, length) placed at each time (seconds), its tail wrapping past the end to the start;
        `shape` may be a list, one for each time (each its own pan)."""
        out = np.zeros((2, self.samples), np.float32)
        times = list(times)
        gains = list(gains) if gains is not None else [1.0] * len(times)
        shapes = shape if isinstance(shape, list) else [shape] * len(times)
        for time, gain, one in zip(times, gains, shapes, strict=True):
            length = min(one.shape[-1], self.samples)
            start = int(round(time * RATE)) % self.samples
            head = min(length, self.samples - start)
            out[:, start : start + head] += gain * one[:, :head]
            out[:, : length - head] += gain * one[:, head:length]
        return out


def _tiles(samples: int) -> tuple[int, ...]:
    """Two tile lengths whose least common multiple is the loop (1 s and 1.25 s for 5 s), or the loop itself."""
    for a, b in ((5, 4), (4, 3), (3, 2)):
        if samples % (a * b) == 0:
            return samples // a, samples // b
    return (samples,)


def _decay(seconds: float, length: float) -> np.ndarray:
    t = np.arange(int(length * RATE)) / RATE
    return np.exp(-t / seconds) * np.clip(t * RATE / 48, 0, 1)  # a 1 ms attack: no click at the onset


def _pan(mono: np.ndarray, position: float) -> np.ndarray:
    """Equal-power pan, −1 left .. 1 right."""
    angle = (position + 1) * np.pi / 4
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)])


def pad(loop: Loop) -> np.ndarray:
    """A soft open chord that swells twice a loop: the calm dream's bed."""
    root = loop.rng.choice([196.0, 220.0, 246.9])
    out = np.zeros((2, loop.samples), np.float32)
    for k, ratio in enumerate((1.0, 1.5, 2.0, 2.52)):
        for side, detune in ((0, -0.2), (1, 0.2)):
            out[side] += loop.wave(root * ratio + detune, k) / (k + 1)
    return out * (0.6 + 0.4 * loop.cycles(2))


def drone(loop: Loop) -> np.ndarray:
    """Low tones a semitone apart that beat against each other, with a slow tremolo: unease."""
    root = 41.2 + 14 * (1 - loop.tension)
    out = np.zeros((2, loop.samples), np.float32)
    for ratio, weight in ((1.0, 1.0), (1.0595, 0.7), (2.0, 0.4), (2.12, 0.25)):
        wave = loop.wave(root * ratio) + 0.3 * loop.wave(3 * root * ratio)
        out += weight * np.stack([wave, np.roll(wave, RATE // 97)])
    return out * (0.75 + 0.25 * loop.cycles(3 + int(4 * loop.tension)))


def water(loop: Loop) -> np.ndarray:
    """Waves: dark noise that swells and ebbs, a little brighter at each crest."""
    body = loop.noise(80, 900, tilt=-3)
    foam = loop.noise(1500, 6000)
    swell = 0.55 + 0.45 * loop.cycles(2)
    return body * swell + 0.25 * foam * np.clip(swell - 0.5, 0, None)


def rain(loop: Loop) -> np.ndarray:
    """A hiss of steady rain and the ticks of near drops."""
    hiss = loop.noise(1200, 9000)
    drop = _decay(0.004, 0.02) * np.sin(TAU * 3500 * np.arange(int(0.02 * RATE)) / RATE)
    count = int(loop.seconds * 24)
    times = loop.rng.uniform(0, loop.seconds, count)
    ticks = sum(
        loop.events(times[side::2], _pan(drop, pan), loop.rng.uniform(0.5, 2.0, len(times[side::2])))
        for side, pan in ((0, -0.6), (1, 0.6))
    )
    return hiss + ticks


def wind(loop: Loop) -> np.ndarray:
    """Gusts: three bands of noise rising and falling out of step, so the whistle seems to move."""
    out = np.zeros((2, loop.samples), np.float32)
    for k, (low, high) in enumerate(((150, 500), (400, 1200), (900, 2500))):
        gust = np.clip(0.45 + 0.55 * loop.cycles(1 + k % 2, phase=loop.rng.uniform(0, TAU)), 0, None) ** 2
        out += loop.noise(low, high) * gust / (k + 1)
    return out


def fire(loop: Loop) -> np.ndarray:
    """The roar of a fire and its crackle."""
    roar = loop.noise(40, 350, tilt=-2) * (0.8 + 0.2 * loop.cycles(5))
    snap = loop.noise(2000, 8000)[0, : int(0.012 * RATE)] * _decay(0.003, 0.012)
    times = loop.rng.uniform(0, loop.seconds, int(loop.seconds * 9))
    pans = loop.rng.uniform(-0.7, 0.7, len(times))
    crackle = loop.events(times, [_pan(snap, p) for p in pans], loop.rng.uniform(2, 6, len(times)))
    return roar + crackle


def city(loop: Loop) -> np.ndarray:
    """Mains hum and the wash of distant traffic, a car passing once a loop."""
    hum = sum(loop.wave(50 * k) / k for k in (1, 2, 3))
    traffic = loop.noise(60, 1500, tilt=-3)
    passing = 0.5 + 0.5 * loop.cycles(1, phase=loop.rng.uniform(0, TAU))
    return 0.3 * np.stack([hum, hum]) + traffic * (0.5 + 0.5 * passing * np.stack([passing, 1 - passing]))


def _chirp(loop: Loop, start: float, end: float, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    sweep = np.sin(TAU * (start * t + (end - start) * t**2 / (2 * seconds)))
    return sweep * np.sin(np.pi * t / seconds) ** 2


def forest(loop: Loop) -> np.ndarray:
    """Leaves in a breeze and a few bird calls."""
    leaves = loop.noise(800, 5000) * 0.35 * (0.7 + 0.3 * loop.cycles(2))
    calls = np.zeros((2, loop.samples), np.float32)
    for _ in range(int(loop.seconds * 1.2)):
        pitch = loop.rng.uniform(2500, 4200)
        call = np.concatenate([_chirp(loop, pitch, pitch * 1.3, 0.07), np.zeros(int(0.03 * RATE))] * 2)
        calls += loop.events([loop.rng.uniform(0, loop.seconds)], _pan(call, loop.rng.uniform(-0.8, 0.8)), [1.2])
    return leaves + calls


def night(loop: Loop) -> np.ndarray:
    """Crickets: short trains of a high tone."""
    out = np.zeros((2, loop.samples), np.float32)
    t = np.arange(int(0.05 * RATE)) / RATE
    pulse = np.sin(TAU * 4600 * t) * np.sin(np.pi * t / 0.05) ** 2
    for pan in (-0.6, 0.5):
        period = loop.seconds / round(loop.seconds * 1.6)
        trains = np.arange(0, loop.seconds, period) + loop.rng.uniform(0, period)
        times = [start + k * 0.07 for start in trains for k in range(3)]
        out += loop.events(times, _pan(pulse, pan))
    return out


def snow(loop: Loop) -> np.ndarray:
    """The hush of snow: soft, high air."""
    return loop.noise(2000, 12000, tilt=-2) * (0.8 + 0.2 * loop.cycles(1))


def thunder(loop: Loop) -> np.ndarray:
    """One long rumble a loop."""
    length = min(loop.seconds * 0.8, 3.0)
    rumble = loop.noise(25, 200, tilt=-4)[:, : int(length * RATE)] * _decay(0.9, length)
    return loop.events([loop.rng.uniform(0, loop.seconds)], rumble)


def space(loop: Loop) -> np.ndarray:
    """A high shimmer of tones slowly drifting in and out."""
    out = np.zeros((2, loop.samples), np.float32)
    for k in range(5):
        tone = loop.wave(loop.rng.uniform(900, 2400)) * (0.5 + 0.5 * loop.cycles(1, k))
        out += _pan(tone, loop.rng.uniform(-1, 1))
    return out


def heartbeat(loop: Loop) -> np.ndarray:
    """Lub-dub, faster the more tense the dream (about 60 to 100 beats a minute)."""
    beats = max(1, round(loop.seconds * (1.0 + 0.7 * loop.tension)))
    t = np.arange(int(0.18 * RATE)) / RATE
    thump = np.sin(TAU * 55 * t) * _decay(0.04, 0.18) + 0.5 * np.sin(TAU * 110 * t) * _decay(0.02, 0.18)
    times = np.arange(beats) * loop.seconds / beats
    lub, dub = _pan(thump, 0), _pan(thump * 0.6, 0)
    return loop.events(times, lub) + loop.events(times + 0.28 * loop.seconds / beats, dub)


def breath(loop: Loop) -> np.ndarray:
    """Slow breathing: a band of noise that swells on each breath, twice a loop."""
    breaths = max(1, round(loop.seconds / (2.5 - loop.tension)))
    swell = np.clip(loop.cycles(breaths), 0, None) ** 1.5 + 0.6 * np.clip(-loop.cycles(breaths), 0, None) ** 2
    return loop.noise(300, 2200, tilt=-2) * swell


def chimes(loop: Loop) -> np.ndarray:
    """Struck bells on a pentatonic scale, their inharmonic partials ringing past the loop's end into its start."""
    scale = np.array([523.3, 587.3, 659.3, 784.0, 880.0, 1046.5])
    t = np.arange(int(2.5 * RATE)) / RATE
    out = np.zeros((2, loop.samples), np.float32)
    strikes = max(2, round(loop.seconds * 0.8))
    for k in range(strikes):
        hertz = loop.rng.choice(scale)
        bell = sum(np.sin(TAU * hertz * ratio * t) * np.exp(-t * ratio / 0.9) / ratio for ratio in (1, 2.76, 5.4))
        bell *= np.clip(t * RATE / 48, 0, 1)
        out += loop.events(
            [(k + loop.rng.uniform(0, 0.6)) * loop.seconds / strikes], _pan(bell, loop.rng.uniform(-0.7, 0.7))
        )
    return out


def clock(loop: Loop) -> np.ndarray:
    """A clock ticking twice a second."""
    t = np.arange(int(0.02 * RATE)) / RATE
    tick = np.sin(TAU * 2200 * t) * _decay(0.003, 0.02)
    ticks = round(loop.seconds * 2)
    times = np.arange(ticks) * loop.seconds / ticks
    return loop.events(times, _pan(tick, 0.3), [1.0, 0.7] * (ticks // 2) + [1.0] * (ticks % 2))


SYNTHS: dict[str, Callable[[Loop], np.ndarray]] = {name: globals()[name] for name in LAYERS}


def soundscape(layers: Iterable[str], *, seed: int, seconds: float, tension: float = 0.0) -> np.ndarray:
    """The loop as stereo float32 (2, samples) at 48 kHz, levelled to −16 LUFS under the true-peak ceiling.

    A calm dream always has the pad under its layers, a tense one (tension ≥ 0.5) the drone.
    """
    samples = int(round(seconds * RATE))
    loop = Loop(samples, np.random.default_rng(seed), float(np.clip(tension, 0, 1)))
    chosen = [name for name in LAYERS if name in set(layers)]
    if not {"pad", "drone"} & set(chosen):
        chosen.insert(0, "drone" if loop.tension >= 0.5 else "pad")
    mix = np.zeros((2, samples), np.float32)
    for name in chosen:
        layer = SYNTHS[name](loop)
        mix += np.float32(LEVELS[name] / (np.sqrt(np.mean(layer**2)) + 1e-12)) * layer
    return seamless(level(mix))


def seamless(samples: np.ndarray) -> np.ndarray:
    """The loop started just after its smallest sample-to-sample step (a loop point, as at a zero crossing), so the
    step from its last sample back to its first is the smallest of the loop. Every layer is periodic in the loop, so
    any sample can be the first; no layer is timed to the picture."""
    steps = np.abs(np.diff(samples, axis=1, append=samples[:, :1])).max(axis=0)  # step k: sample k to k + 1
    start = (int(np.argmin(steps)) + 1) % samples.shape[1]
    return np.roll(samples, -start, axis=1)


def level(samples: np.ndarray) -> np.ndarray:
    """Scale to −16 LUFS; where the peaks would pass the ceiling, bend them softly and level again."""
    ceiling = np.float32(10 ** (PEAK_CEILING_DB / 20))
    out = samples * np.float32(10 ** ((TARGET_LUFS - loudness(samples)) / 20))
    if np.abs(out).max() > ceiling:
        knee = ceiling * np.float32(0.6)  # below the knee nothing changes; above it peaks bend toward the ceiling
        bent = knee + (ceiling - knee) * np.tanh((np.abs(out) - knee) / (ceiling - knee))
        out = np.where(np.abs(out) > knee, np.sign(out) * bent, out)
        out *= np.float32(min(10 ** ((TARGET_LUFS - loudness(out)) / 20), ceiling / np.abs(out).max()))
    return out


# --- ITU-R BS.1770-4 ------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _k_power(samples: int) -> np.ndarray:
    """The K-filter's power response (its two 48 kHz biquads from the standard) at a loop's Fourier bins."""
    z = np.exp(-1j * TAU * np.fft.rfftfreq(samples, 1 / RATE) / RATE)
    shelf = (1.53512485958697 - 2.69169618940638 * z + 1.19839281085285 * z**2) / (
        1 - 1.69065929318241 * z + 0.73248077421585 * z**2
    )
    highpass = (1 - 2 * z + z**2) / (1 - 1.99004745483398 * z + 0.99007225036621 * z**2)
    return (np.abs(shelf * highpass) ** 2).astype(np.float32)


def loudness(samples: np.ndarray) -> float:
    """Loudness in LUFS of a looping stereo signal: its K-weighted power, from one transform (Parseval).

    BS.1770's gates leave out only blocks quieter than −70 LUFS or 10 LU under the mean; a soundscape always has its
    bed (pad or drone) under everything, so no block is gated and the mean power is the integrated loudness.
    """
    n = samples.shape[1]
    spectrum = np.abs(np.fft.rfft(samples, axis=1)) ** 2
    spectrum[:, 1 : (n + 1) // 2] *= 2  # the bins that stand for a negative frequency too
    power = float((spectrum * _k_power(n)).sum()) / n**2
    return float(-0.691 + 10 * np.log10(power + 1e-20))


def true_peak(samples: np.ndarray, oversample: int = 4) -> float:
    """The largest absolute value between the samples too (band-limited, 4× oversampled), in dB; for checks."""
    n = samples.shape[-1]
    spectrum = np.fft.rfft(np.atleast_2d(samples), axis=1)
    peak = np.abs(np.fft.irfft(spectrum, n=n * oversample, axis=1)).max() * oversample
    return float(20 * np.log10(peak + 1e-20))
