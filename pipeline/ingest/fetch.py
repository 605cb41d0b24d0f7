"""Safe fetching: the one function through which Kronologi reads the network (`fetch_url`).

- http and https only;
- no request to a loopback, private, link-local, multicast, reserved or other non-public address (checked for
  every address the host name resolves to, and again at every redirect), unless the caller
  allows private addresses (`allow_private`, which the tests use for their server on 127.0.0.1);
- the connection goes to the address that was checked (the host name is sent as Host and as
  the TLS server name), so a second DNS answer cannot slip a private address in;
- a timeout per read and a deadline for the whole fetch, a size cap (Content-Length and bytes
  actually read), at most MAX_REDIRECTS redirects, and a user agent naming the project.

Errors are FetchError, whose message names the URL and the reason.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .articles import ArticleError

USER_AGENT = "Kronologi/1.0 (crisis-timeline research tool; https://github.com/kronologi)"
TIMEOUT_SECONDS = 20.0
DEADLINE_SECONDS = 60.0
MAX_BYTES = 15 * 1024 * 1024
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
_CHUNK = 64 * 1024


class FetchError(ArticleError):
    """A URL that could not be fetched; the message names the URL and the reason."""

    @property
    def url(self) -> str:
        return self.path


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: the final URL (after redirects), its bytes and what the server said."""

    url: str
    status: int
    content_type: str
    data: bytes
    fetched_at: str  # ISO 8601, UTC, seconds


def _refused(address: str) -> str | None:
    """Why an address is no public one (None when it is)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # the most particular name first: Python counts link-local and unspecified addresses as private too
    for flag, name in (("is_loopback", "loopback"), ("is_unspecified", "unspecified"), ("is_link_local", "link-local"),
                       ("is_multicast", "multicast"), ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, flag):
            return f"{name} address {address}"
    return None if ip.is_global else f"non-public address {address}"  # e.g. shared 100.64.0.0/10


def _resolve(url: str, host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: the first the host resolves to, all of them checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"host {host!r} not found ({exc})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(url, f"host {host!r} not found")
    if not allow_private:
        for address in addresses:
            why = _refused(address)
            if why:
                raise FetchError(url, f"refused: {host} is a {why} (allow private addresses to fetch it)")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _one_request(url: str, allow_private: bool, timeout: float, max_bytes: int, deadline: float,
                 accept: str) -> tuple[int, str, str | None, bytes]:
    """(status, content type, redirect location or None, body) of one GET, without following."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError(url, f"refused: only http and https are fetched, not {scheme or 'a URL without scheme'}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in the URL")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "invalid port") from None
    address = _resolve(url, host, port, allow_private)
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = cls(host, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": accept,
                                           "Accept-Encoding": "identity", "Connection": "close"})
        response = conn.getresponse()
        status = response.status
        content_type = response.getheader("Content-Type", "") or ""
        location = response.getheader("Location") if status in (301, 302, 303, 307, 308) else None
        if location is not None:
            return status, content_type, location, b""
        if status >= 400:
            raise FetchError(url, f"HTTP {status} {response.reason}".rstrip())
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(url, f"too large: {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB cap")
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(url, "timed out (the whole fetch took too long)")
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"too large: over the {max_bytes / 1e6:.0f} MB cap")
            chunks.append(chunk)
        return status, content_type, None, b"".join(chunks)
    except TimeoutError:
        raise FetchError(url, f"timed out (no answer within {timeout:g} s)") from None
    except ssl.SSLError as exc:
        raise FetchError(url, f"TLS error ({exc.reason or exc})") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(url, f"connection failed ({exc.__class__.__name__}: {exc})") from None
    finally:
        conn.close()


def fetch_url(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS,
              max_bytes: int = MAX_BYTES, deadline_seconds: float = DEADLINE_SECONDS,
              accept: str = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                            "application/xml;q=0.9,application/pdf,text/plain;q=0.8,*/*;q=0.5") -> Fetched:
    """GET `url` safely (see the module's docstring), following redirects; raises FetchError."""
    deadline = time.monotonic() + deadline_seconds
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        status, content_type, location, data = _one_request(current, allow_private, timeout, max_bytes,
                                                             deadline, accept)
        if location is None:
            fetched_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            return Fetched(current, status, content_type.split(";")[0].strip().lower(), data, fetched_at)
        current = urljoin(current, location)
    raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")
