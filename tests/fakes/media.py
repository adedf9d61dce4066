"""Tiny, valid media made with PyAV for the fakes and tests: an H.264 MP4 (72×128, 2 s by default) and a PNG."""

from __future__ import annotations

import functools
import tempfile
from io import BytesIO
from pathlib import Path

import av
import numpy as np
from PIL import Image


def make_mp4(
    path: Path, *, width: int = 72, height: int = 128, seconds: float = 2.0, fps: int = 12, faststart: bool = False
) -> Path:
    """Write a short moving gradient as H.264 in MP4. Without faststart, the moov box comes after mdat."""
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), "w", format="mp4", options=options) as container:
        stream = container.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "tune": "zerolatency"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        rows = np.arange(height, dtype=np.uint16)[:, None]
        columns = np.arange(width, dtype=np.uint16)[None, :]
        for index in range(max(1, round(seconds * fps))):
            frame = np.empty((height, width, 3), dtype=np.uint8)
            frame[..., 0] = (rows * 2 + index * 8) % 256
            frame[..., 1] = (columns * 3) % 256
            frame[..., 2] = (index * 20) % 256
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return Path(path)


@functools.cache
def mp4_bytes(
    *, width: int = 72, height: int = 128, seconds: float = 2.0, fps: int = 12, faststart: bool = False
) -> bytes:
    """The bytes of `make_mp4(...)`, made once per process for each set of arguments."""
    with tempfile.TemporaryDirectory() as folder:
        path = make_mp4(
            Path(folder) / "clip.mp4", width=width, height=height, seconds=seconds, fps=fps, faststart=faststart
        )
        return path.read_bytes()


@functools.cache
def png_bytes(width: int = 72, height: int = 128) -> bytes:
    """A small PNG, standing for a provider's generated still image."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), (40, 60, 120)).save(buffer, format="PNG")
    return buffer.getvalue()
