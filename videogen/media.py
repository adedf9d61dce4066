"""A provider's video once downloaded: probing it with PyAV, making it play everywhere (faststart re-mux or H.264
re-encode), and its poster frame. The download itself is videogen.download."""

from __future__ import annotations

import os
import struct
import uuid
from dataclasses import dataclass
from fractions import Fraction
from io import BytesIO
from pathlib import Path

import av
from PIL import Image

from .errors import message as _
from .media_errors import MediaError

MIN_SECONDS, MAX_SECONDS = 1.0, 20.0
POSTER_MAX_BYTES = 80 * 1024
MAX_LONG_SIDE, MAX_SHORT_SIDE = 1280, 720  # what a re-encoded clip is scaled down to fit


@dataclass(frozen=True)
class VideoInfo:
    duration: float  # seconds
    width: int
    height: int
    codec: str
    fps: float | None
    container: str = ""  # FFmpeg's name for the format, e.g. "mov,mp4,m4a,3gp,3g2,mj2"


def _not_a_video(detail: str) -> MediaError:
    return MediaError(_("The provider's file is not a video we can play."), detail=detail)


def probe(path: Path) -> VideoInfo:
    """Describe the video; refuse a file without a video stream or lasting outside 1–20 seconds."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video or _still_image(container):
                raise _not_a_video(f"no video stream ({container.format.name})")
            stream = container.streams.video[0]
            duration = _duration(container, stream)
            rate = stream.average_rate or stream.guessed_rate
            info = VideoInfo(
                duration=duration,
                width=int(stream.codec_context.width or 0),
                height=int(stream.codec_context.height or 0),
                codec=stream.codec_context.name or "",
                fps=float(rate) if rate else None,
                container=container.format.name or "",
            )
    except av.FFmpegError as error:
        raise _not_a_video(repr(error)) from error
    if info.width <= 0 or info.height <= 0:
        raise _not_a_video(f"video stream of {info.width}x{info.height}")
    if not MIN_SECONDS <= info.duration <= MAX_SECONDS:
        message = _("The provider's video lasts %(seconds).1f seconds; we accept 1 to 20 seconds.")
        raise MediaError(message % {"seconds": info.duration}, detail=f"duration {info.duration}")
    return info


def _still_image(container) -> bool:
    name = container.format.name or ""
    return "image2" in name or name.endswith("_pipe")


def _duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    rate = stream.average_rate
    if stream.frames and rate:
        return float(Fraction(stream.frames) / Fraction(rate))
    return 0.0


def top_level_boxes(path: Path) -> list[str]:
    """The types of an MP4 file's top-level boxes, in order (stops at anything unreadable)."""
    boxes: list[str] = []
    size_of_file = path.stat().st_size
    with path.open("rb") as handle:
        offset = 0
        while offset + 8 <= size_of_file:
            handle.seek(offset)
            size, kind = struct.unpack(">I4s", handle.read(8))
            if size == 1:
                (size,) = struct.unpack(">Q", handle.read(8))
            elif size == 0:
                size = size_of_file - offset
            if size < 8:
                break
            boxes.append(kind.decode("latin-1"))
            offset += size
    return boxes


def needs_faststart(path: Path) -> bool:
    boxes = top_level_boxes(path)
    return "moov" in boxes and "mdat" in boxes and boxes.index("moov") > boxes.index("mdat")


def ensure_faststart(path: Path) -> Path:
    """Move the moov box before mdat (stream copy) so playback starts before the whole file arrived."""
    path = Path(path)
    if needs_faststart(path):
        _rewrite(path, _copy_streams, "faststart re-mux")
    return path


def ensure_playable(path: Path, info: VideoInfo) -> Path:
    """Make the file an H.264 MP4 that starts fast, which every browser plays (Safari included).

    An MP4 of H.264 is at most re-muxed; H.264 in another container is re-muxed into MP4; any other codec (VP9 in
    WebM, an animated GIF, …) is re-encoded.
    """
    path = Path(path)
    if info.codec != "h264":
        _rewrite(path, _encode_h264, "re-encoding to H.264")
    elif "mp4" not in info.container.split(","):
        _rewrite(path, _copy_streams, "re-mux into MP4")
    else:
        ensure_faststart(path)
    return path


def _rewrite(path: Path, write, what: str) -> None:
    """Write `path` anew as a faststart MP4 through `write(source, target)`, replacing it only when that worked."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.rewrite")
    try:
        with (
            av.open(str(path)) as source,
            av.open(str(temporary), "w", format="mp4", options={"movflags": "+faststart"}) as target,
        ):
            write(source, target)
        os.replace(temporary, path)
    except (av.FFmpegError, ValueError) as error:
        temporary.unlink(missing_ok=True)
        raise _not_a_video(f"{what} failed: {error!r}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _copy_streams(source, target) -> None:
    streams = {}
    for stream in source.streams:
        if stream.type in ("video", "audio"):
            streams[stream.index] = target.add_stream_from_template(stream)
    for packet in source.demux(*[source.streams[index] for index in streams]):
        if packet.dts is None:
            continue
        packet.stream = streams[packet.stream.index]
        target.mux(packet)


def _encode_h264(source, target) -> None:
    """The first video stream, decoded and encoded as H.264 yuv420p, no audio, at most 1280×720 either way round (a
    clip for a phone; a 4K source would take minutes), sides rounded to even."""
    video = source.streams.video[0]
    rate = Fraction(video.average_rate or video.guessed_rate or 24).limit_denominator(1001)
    width, height = video.codec_context.width, video.codec_context.height
    scale = min(1.0, MAX_LONG_SIDE / max(width, height), MAX_SHORT_SIDE / min(width, height))
    width, height = max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)
    stream = target.add_stream("libx264", rate=rate, options={"preset": "veryfast", "crf": "23"})
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    for index, frame in enumerate(source.decode(video)):
        converted = frame.reformat(width=width, height=height, format="yuv420p")
        converted.pts, converted.time_base = index, 1 / rate  # frame by frame at the source's rate
        for packet in stream.encode(converted):
            target.mux(packet)
    for packet in stream.encode():
        target.mux(packet)


def make_poster(video_path: Path, poster_path: Path, width: int = 720) -> Path:
    """Save the first frame as a JPEG at most `width` wide and under 80 KB."""
    try:
        with av.open(str(video_path)) as container:
            frame = next(container.decode(video=0), None)
            if frame is None:
                raise _not_a_video("no frame to make a poster from")
            image = frame.to_image()
    except av.FFmpegError as error:
        raise _not_a_video(repr(error)) from error
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    data = _jpeg_under(image.convert("RGB"), POSTER_MAX_BYTES)
    poster_path = Path(poster_path)
    poster_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = poster_path.with_name(f".{poster_path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, poster_path)
    return poster_path


def _jpeg_under(image: Image.Image, limit: int) -> bytes:
    while True:
        for quality in (85, 75, 65, 55, 45, 35):
            buffer = BytesIO()
            image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
            if buffer.tell() <= limit:
                return buffer.getvalue()
        image = image.resize((max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)), Image.Resampling.LANCZOS)
