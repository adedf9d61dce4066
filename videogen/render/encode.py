"""Streaming frames (and a soundscape, as AAC) into a deterministic H.264 MP4 (PyAV, faststart), and the poster."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np

FPS = 24
WIDTH, HEIGHT = 720, 1280
# Capped VBR: crf for quality; maxrate + bufsize bound the bits of any 1-second window (at most a full buffer plus
# one second of refill: 2.4 Mbit), so every second stays under the 2.5 Mbit/s cap, the first one (a keyframe) too.
X264_OPTIONS = {
    "preset": "ultrafast",
    "tune": "film",
    "crf": "24",
    "maxrate": "1600k",
    "bufsize": "800k",
    "threads": "2",
    "g": "48",
}
# x264's frame threads are deterministic unless told otherwise, and the muxer writes no creation time: same frames,
# same bytes.
POSTER_QUALITY = 82
AUDIO_RATE = 48_000
AUDIO_BIT_RATE = 80_000  # AAC-LC stereo: under the 96 kbit/s cap, ambient sound needs no more
_DONE = object()


def _produce(frames: Iterator[np.ndarray], out: queue.Queue, stop: threading.Event) -> None:
    """Synthesize frames and scale them to the output size on a worker thread (numpy and swscale drop the GIL)."""
    try:
        for planes in frames:
            if stop.is_set():
                return
            out.put(planar_frame(planes).reformat(WIDTH, HEIGHT, format="yuv420p", interpolation="BILINEAR"))
    except Exception as error:  # noqa: BLE001 - handed to the encoding thread, which raises it
        out.put(error)
    out.put(_DONE)


def planar_frame(planes: np.ndarray) -> av.VideoFrame:
    """Planar RGB (3, height, width) uint8 as a "gbrp" frame: swscale converts it faster than packed RGB."""
    _, height, width = planes.shape
    frame = av.VideoFrame(width, height, "gbrp")
    for plane, channel in zip(frame.planes, (1, 2, 0), strict=True):  # gbrp keeps green, blue, red
        rows = np.frombuffer(plane, np.uint8).reshape(height, plane.line_size)  # lines are padded
        rows[:, :width] = planes[channel]
    return frame


def encode(
    frames: Iterator[np.ndarray],
    out_path: Path,
    poster_path: Path | None = None,
    sound: Callable[[], np.ndarray] | None = None,
) -> int:
    """Encode planar RGB frames ((3, height, width) uint8, any size; scaled to 720×1280) into `out_path`, with the
    stereo 48 kHz float32 samples that `sound()` returns (one loop, as long as the frames) as an AAC track.

    Returns how many frames were written.

    Four things run at once: frames are drawn and scaled on a worker thread, the sound is synthesised on another,
    x264 encodes on its own two threads, and the poster is compressed on a fourth; never more than a few frames are
    in memory. The sound is encoded a frame's worth at a time beside the pictures, so the file interleaves them.
    """
    pending: queue.Queue = queue.Queue(maxsize=4)
    stop = threading.Event()
    worker = threading.Thread(target=_produce, args=(frames, pending, stop), daemon=True)
    worker.start()
    poster: _Background | None = None
    audio = _Audio(sound) if sound is not None else None
    count = 0
    container = av.open(str(out_path), mode="w", format="mp4", options={"movflags": "+faststart"})
    try:
        container.metadata.clear()
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.codec_context.options = dict(X264_OPTIONS)
        stream.codec_context.color_range = 1  # limited ("tv") range, what browsers expect
        if audio is not None:
            audio.open(container)
        while (frame := pending.get()) is not _DONE:
            if isinstance(frame, Exception):
                raise frame
            if count == 0 and poster_path is not None:
                poster = _Background(save_poster, frame, poster_path)
            frame.pts = count
            for packet in stream.encode(frame):
                container.mux(packet)
            count += 1
            if audio is not None:
                audio.until(container, count / FPS)
        for packet in stream.encode():
            container.mux(packet)
        if audio is not None:
            audio.until(container, None)
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                pending.get(timeout=0.05)
            except queue.Empty:
                pass
        container.close()
        if poster is not None:
            poster.join()
    if poster is not None:
        poster.result()  # its error, if any, once the video is safely written
    return count


class _Background(threading.Thread):
    """Run one call on a thread (PIL's JPEG encoder and numpy's FFT drop the GIL); `result()` waits and returns its
    value or re-raises its error."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args, self.error, self.value = function, args, None, None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.function(*self.args)
        except Exception as error:  # noqa: BLE001 - re-raised by result() on the caller's thread
            self.error = error

    def result(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


class _Audio:
    """The soundscape's AAC stream: synthesised in the background, encoded up to a time whenever asked.

    The samples are exactly the loop (5 s × 48 kHz); the muxer's edit list hides the encoder's priming and padding,
    so a player that loops the file hears sample 0 follow the last sample, as the synthesis made them to.
    """

    def __init__(self, sound: Callable[[], np.ndarray]):
        self.synth = _Background(sound)
        self.samples: np.ndarray | None = None
        self.done = 0

    def open(self, container) -> None:
        # the "fast" coder: a fifth of the default's CPU for ambient sound, at the same size
        self.stream = container.add_stream("aac", rate=AUDIO_RATE, options={"aac_coder": "fast"})
        self.stream.layout = "stereo"
        self.stream.bit_rate = AUDIO_BIT_RATE

    def until(self, container, seconds: float | None) -> None:
        """Encode the samples up to `seconds` (all of them, and flush, when None); wait for the synthesis only then."""
        if self.samples is None:
            if seconds is not None and self.synth.is_alive():
                return  # still synthesising: catch up on a later frame
            self.samples = np.ascontiguousarray(self.synth.result(), dtype=np.float32)
        total = self.samples.shape[1]
        end = total if seconds is None else min(total, int(seconds * AUDIO_RATE))
        if end > self.done:
            frame = av.AudioFrame.from_ndarray(self.samples[:, self.done : end], format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = AUDIO_RATE, self.done
            for packet in self.stream.encode(frame):
                container.mux(packet)
            self.done = end
        if seconds is None:
            for packet in self.stream.encode():
                container.mux(packet)


def save_poster(frame: av.VideoFrame, path: Path, limit: int = 80_000) -> None:
    """The first frame as a 720×1280 JPEG under `limit` bytes (lowering quality if a busy frame needs it)."""
    image = frame.to_image()
    for quality in (POSTER_QUALITY, 70, 55, 40):
        image.save(path, format="JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size < limit:
            return


def has_audio(path: Path) -> bool:
    """Whether the file has a sound track."""
    with av.open(str(path)) as container:
        return bool(container.streams.audio)


def add_sound(path: Path, samples: np.ndarray) -> None:
    """Give a silent video a sound track: its pictures copied as they are, `samples` (stereo 48 kHz float32, as long
    as the video) encoded as AAC; the file is replaced only once the new one is complete, and stays faststart."""
    path = Path(path)
    temporary = path.with_name(f".sound-{path.name}")
    try:
        with (
            av.open(str(path)) as source,
            av.open(str(temporary), "w", format="mp4", options={"movflags": "+faststart"}) as target,
        ):
            target.metadata.clear()
            video = source.streams.video[0]
            copy = target.add_stream_from_template(video)
            audio = _Audio(lambda: samples)
            audio.open(target)
            for packet in source.demux(video):
                if packet.dts is None:
                    continue
                packet.stream = copy
                target.mux(packet)
                if packet.pts is not None and packet.time_base:
                    audio.until(target, float(packet.pts * packet.time_base))
            audio.until(target, None)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
