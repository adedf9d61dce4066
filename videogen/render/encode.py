"""Streaming frames into a deterministic H.264 MP4 (PyAV, libx264, faststart) and saving the poster JPEG."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
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


def encode(frames: Iterator[np.ndarray], out_path: Path, poster_path: Path | None = None) -> int:
    """Encode planar RGB frames ((3, height, width) uint8, any size; scaled to 720×1280) into `out_path`.

    Returns how many frames were written.

    Three things run at once: frames are drawn and scaled on a worker thread, x264 encodes on its own two threads,
    and the poster is compressed on another; never more than a few frames are in memory.
    """
    pending: queue.Queue = queue.Queue(maxsize=4)
    stop = threading.Event()
    worker = threading.Thread(target=_produce, args=(frames, pending, stop), daemon=True)
    worker.start()
    poster: _Background | None = None
    count = 0
    container = av.open(str(out_path), mode="w", format="mp4", options={"movflags": "+faststart"})
    try:
        container.metadata.clear()
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.codec_context.options = dict(X264_OPTIONS)
        stream.codec_context.color_range = 1  # limited ("tv") range, what browsers expect
        while (frame := pending.get()) is not _DONE:
            if isinstance(frame, Exception):
                raise frame
            if count == 0 and poster_path is not None:
                poster = _Background(save_poster, frame, poster_path)
            frame.pts = count
            for packet in stream.encode(frame):
                container.mux(packet)
            count += 1
        for packet in stream.encode():
            container.mux(packet)
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
    """Run one call on a thread (PIL's JPEG encoder drops the GIL); `result()` waits and re-raises its error."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args, self.error = function, args, None
        self.start()

    def run(self) -> None:
        try:
            self.function(*self.args)
        except Exception as error:  # noqa: BLE001 - re-raised by result() on the caller's thread
            self.error = error

    def result(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


def save_poster(frame: av.VideoFrame, path: Path, limit: int = 80_000) -> None:
    """The first frame as a 720×1280 JPEG under `limit` bytes (lowering quality if a busy frame needs it)."""
    image = frame.to_image()
    for quality in (POSTER_QUALITY, 70, 55, 40):
        image.save(path, format="JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size < limit:
            return
