"""Media handling for provider output: SSRF-safe download, probing with PyAV, faststart re-mux and the poster frame.

The download guard checks the address each connection actually uses (after DNS resolution, in the connection
itself), so a redirect or a DNS answer that changes between check and connect cannot reach a private address.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import struct
import tempfile
import time
import uuid
from dataclasses import dataclass
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import av
import requests
from django.conf import settings
from PIL import Image
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from .errors import message as _

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
DOWNLOAD_SECONDS = 300.0  # total bound on one download
CHUNK_BYTES = 64 * 1024
MIN_SECONDS, MAX_SECONDS = 1.0, 20.0
POSTER_MAX_BYTES = 80 * 1024
MAX_LONG_SIDE, MAX_SHORT_SIDE = 1280, 720  # what a re-encoded clip is scaled down to fit
USER_AGENT = "DreamTok/1.0 (+videogen)"


class MediaError(Exception):
    """A download or a media file was refused. `message` is for a therapist; `retryable` says if trying again helps."""

    def __init__(self, message: str, *, retryable: bool = False, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.detail = detail


@dataclass(frozen=True)
class VideoInfo:
    duration: float  # seconds
    width: int
    height: int
    codec: str
    fps: float | None
    container: str = ""  # FFmpeg's name for the format, e.g. "mov,mp4,m4a,3gp,3g2,mj2"


# --- download ----------------------------------------------------------------------------------------------------


class _AddressRefused(Exception):
    """Raised inside a connection attempt; deliberately not an OSError so urllib3 does not wrap or retry it."""

    def __init__(self, host: str, address: str):
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host = host
        self.address = address


def _allowed_hosts() -> set[str]:
    return {entry.strip().lower() for entry in getattr(settings, "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS", []) if entry.strip()}


def host_allowed(host: str, port: int | None) -> bool:
    """Whether the test-only allow-list names this host (any port) or this host:port."""
    host = host.lower().strip("[]")
    allowed = _allowed_hosts()
    return host in allowed or f"{host}:{port}" in allowed or f"[{host}]:{port}" in allowed


# NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address a gateway connects to.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to: IPv4-mapped, 6to4 (2002::/16) or NAT64 (64:ff9b::/96)."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def public_address(address: str) -> bool:
    """Whether an address is public; one that embeds an IPv4 address is judged by that address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        ip = _embedded_ipv4(ip) or ip
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _checked_addresses(host: str, port: int) -> list[str]:
    """Resolve `host`; refuse when any answer is not a public address (unless the host is allow-listed for tests)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise socket.gaierror(f"no address for {host}")
    if not host_allowed(host, port):
        for address in addresses:
            if not public_address(address):
                raise _AddressRefused(host, address)
    return addresses


class _GuardedConnectionMixin:
    """Connects only to the addresses it has just checked, so the check and the connection see the same DNS answer."""

    def _new_conn(self) -> socket.socket:
        try:
            addresses = _checked_addresses(self._dns_host, self.port)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        last_error: OSError | None = None
        for address in addresses:
            try:
                return urllib3_connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as error:
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out") from error
            except OSError as error:
                last_error = error
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")


class _GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


def _download_session() -> requests.Session:
    client = requests.Session()
    client.trust_env = False  # a proxy from the environment would bypass the address check
    client.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    adapter = _GuardedAdapter(max_retries=0)
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    return client


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or parts.scheme not in ("http", "https"):
        raise MediaError(_("The provider's video link is not a web address we accept."), detail=f"bad URL {url!r}")
    if parts.scheme == "http" and not host_allowed(parts.hostname, port or 80):
        message = _("The provider's video link is not secure (https), so we did not download it.")
        raise MediaError(message, detail=f"http refused: {parts.hostname}")


def _expired() -> MediaError:
    return MediaError(_("The provider's video link has expired or is missing."))


def safe_download(url: str, dest: Path, *, max_bytes: int) -> Path:
    """Download `url` to `dest` (atomically), refusing non-https, non-public addresses and files over `max_bytes`."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    client = _download_session()
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_url(url)
            response = _get(client, url)
            if response.is_redirect and response.headers.get("Location"):
                response.close()
                url = urljoin(url, response.headers["Location"])
                continue
            with response:
                _check_status(response, url)
                return _stream_to(response, dest, max_bytes=max_bytes, deadline=deadline)
        raise MediaError(_("The provider's video link redirected too many times."), detail=f"> {MAX_REDIRECTS}")
    finally:
        client.close()


def _get(client: requests.Session, url: str) -> requests.Response:
    host = urlsplit(url).hostname
    try:
        timeout = (settings.VIDEOGEN_HTTP_CONNECT_TIMEOUT, settings.VIDEOGEN_HTTP_READ_TIMEOUT)
        return client.get(url, stream=True, allow_redirects=False, timeout=timeout)
    except _AddressRefused as error:
        message = _("The provider's video link points to a private network address, so we did not download it.")
        raise MediaError(message, detail=str(error)) from error
    except requests.Timeout as error:
        message = _("The provider's file server did not answer in time; we will try again shortly.")
        raise MediaError(message, retryable=True, detail=f"{host}: {error!r}") from error
    except requests.RequestException as error:
        message = _("The provider's file server could not be reached; we will try again shortly.")
        raise MediaError(message, retryable=True, detail=f"{host}: {error!r}") from error


def _check_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    detail = f"HTTP {status} from {urlsplit(url).hostname}"
    if status in (403, 404, 410):
        raise MediaError(_expired().message, detail=detail)
    if status == 429 or status >= 500:
        message = _("The provider's file server is having problems; we will try again shortly.")
        raise MediaError(message, retryable=True, detail=detail)
    if status != 200:
        raise MediaError(_("The provider's file server refused the download."), detail=detail)


def _too_big(max_bytes: int) -> MediaError:
    megabytes = max(1, round(max_bytes / 1024 / 1024))
    return MediaError(_("The video is larger than the %(megabytes)d MB limit.") % {"megabytes": megabytes})


def _stream_to(response: requests.Response, dest: Path, *, max_bytes: int, deadline: float) -> Path:
    declared = response.headers.get("Content-Length")
    expected = int(declared) if declared and declared.isdigit() else None
    if expected is not None and expected > max_bytes:
        raise _too_big(max_bytes)
    truncated = MediaError(
        _("The video download was cut off before the end; we will try again shortly."), retryable=True
    )
    # Named after the file it becomes (".<name>.…"), so deleting a dream's temporary files finds it too.
    handle = tempfile.NamedTemporaryFile(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part", delete=False)
    temporary = Path(handle.name)
    received = 0
    try:
        with handle:
            try:
                for chunk in response.iter_content(CHUNK_BYTES):
                    received += len(chunk)
                    if received > max_bytes:
                        raise _too_big(max_bytes)
                    if time.monotonic() > deadline:
                        message = _("The provider's file server is too slow; we will try again shortly.")
                        raise MediaError(message, retryable=True, detail=f"{received} bytes in {DOWNLOAD_SECONDS}s")
                    handle.write(chunk)
            except requests.Timeout as error:
                message = _("The provider's file server did not answer in time; we will try again shortly.")
                raise MediaError(message, retryable=True, detail=repr(error)) from error
            except requests.RequestException as error:
                truncated.detail = f"{received} of {expected} bytes: {error!r}"
                raise truncated from error
        if expected is not None and received != expected:
            truncated.detail = f"{received} of {expected} bytes"
            raise truncated
        if received == 0:
            raise MediaError(_("The provider sent an empty file instead of a video."), retryable=True)
        os.replace(temporary, dest)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return dest


# --- probe, faststart, poster ------------------------------------------------------------------------------------


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
