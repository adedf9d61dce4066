"""The SSRF-safe download of a provider's output: https only, public addresses only, bounded in size and time.

The guard checks the address each connection actually uses (after DNS resolution, in the connection itself), so a
redirect or a DNS answer that changes between check and connect cannot reach a private address.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from .errors import message as _
from .media_errors import MediaError

MAX_REDIRECTS = 5
DOWNLOAD_SECONDS = 300.0  # total bound on one download
CHUNK_BYTES = 64 * 1024
USER_AGENT = "DreamTok/1.0 (+videogen)"


def download_prefix(job_id: int) -> str:
    """How the temporary copies of a job's video begin: discarding a dream's jobs deletes the files named so."""
    return f"job-{job_id}-"


def download_path(job_id: int) -> Path:
    """Where a job's video is downloaded to or copied before it is stored: unique, so a second finalize never shares
    it, and named after the job, so deleting the dream finds it."""
    return Path(settings.VIDEOGEN_TMP_DIR) / f"{download_prefix(job_id)}{uuid.uuid4().hex[:8]}.mp4"


class _AddressRefused(Exception):
    """Raised inside a connection attempt; deliberately not an OSError so urllib3 does not wrap or retry it."""

    def __init__(self, host: str, address: str):
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host = host
        self.address = address


def _allowed_hosts() -> set[str]:
    return {entry.strip().lower() for entry in settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS if entry.strip()}


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
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise socket.gaierror(f"no address for {host}")
    if not host_allowed(host, port):
        for address in addresses:
            if not public_address(address):
                raise _AddressRefused(host, address)
    return addresses


class _GuardedHTTPConnection(HTTPConnection):
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


class _GuardedHTTPSConnection(_GuardedHTTPConnection, HTTPSConnection):
    """The guarded connection with TLS (the guard comes first in the order its methods are looked up)."""


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
