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
# Capped VBR: crf for quality, maxrate/bufsize keep every second under the 2.5 Mbit/s cap.
X264_OPTIONS = {
    "preset": "ultrafast",
    "tune": "film",
    "crf": "24",
    "maxrate": "2000k",
    "bufsize": "2000k",
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
        for rgb in frames:
            if stop.is_set():
                return
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            out.put(frame.reformat(WIDTH, HEIGHT, format="yuv420p", interpolation="BILINEAR"))
    except Exception as error:  # noqa: BLE001 - handed to the encoding thread, which raises it
        out.put(error)
    out.put(_DONE)


def encode(frames: Iterator[np.ndarray], out_path: Path, poster_path: Path | None = None) -> int:
    """Encode RGB frames (any size; scaled to 720×1280) into `out_path`; return how many were written.

    Frames are drawn on one thread and encoded on this one through a short queue: never more than a few in memory.
    """
    pending: queue.Queue = queue.Queue(maxsize=4)
    stop = threading.Event()
    worker = threading.Thread(target=_produce, args=(frames, pending, stop), daemon=True)
    worker.start()
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
                save_poster(frame, poster_path)
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
    return count


def save_poster(frame: av.VideoFrame, path: Path, limit: int = 80_000) -> None:
    """The first frame as a 720×1280 JPEG under `limit` bytes (lowering quality if a busy frame needs it)."""
    image = frame.to_image()
    for quality in (POSTER_QUALITY, 70, 55, 40):
        image.save(path, format="JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size < limit:
            return
