"""A lean HTTP/1.1 client for push services: kept-alive connections per origin, one POST each.

A reminder burst is thousands of small POSTs to a handful of push services, so the per-request
cost matters more than generality: no redirects, cookies, proxies or compression, just a request
written in one piece and a response read by a small incremental parser (RFC 9112 framing:
Content-Length, chunked, or until close). Addresses are vetted on every new connection, so a
subscription accepted once cannot be pointed at this machine's network by DNS later.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from server.addresses import (
    AddressRefused,
    HostNotFound,
    Resolver,
    public_addresses,
    resolve_with_loop,
)

# A push service answers in a few hundred bytes; anything far beyond is not one.
MAX_HEAD = 16 * 1024
MAX_BODY = 64 * 1024
# Push services close idle connections after some seconds; reusing one they are closing loses
# the message, so Attune lets go first.
IDLE_SECONDS = 15.0
_STATUS_LINE = re.compile(rb"^HTTP/1\.([01]) ([1-5][0-9][0-9])(?: [^\r\n]*)?$")
# scheme, [IPv6] or host name, port, then path and query (printable ASCII, no fragment).
_ENDPOINT = re.compile(
    r"^(https|http)://(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+))(?::([0-9]{1,5}))?"
    r"([/?][\x21-\x22\x24-\x7e]*)?$"
)
_CHUNK_SIZE = re.compile(rb"^([0-9A-Fa-f]{1,8})(?:;[^\r\n]*)?$")


class ProtocolError(Exception):
    """The other end did not answer in HTTP/1.1 Attune can read."""


@dataclass(frozen=True, slots=True)
class Response:
    """A push service's answer: status and headers (lower-case names); the body is dropped."""

    status: int
    headers: Mapping[str, str]
    reusable: bool


class ResponseReader:
    """Read one HTTP/1.1 response from bytes fed in any pieces; no I/O."""

    def __init__(self) -> None:
        self._buffer = b""
        self._head: tuple[int, dict[str, str], bool] | None = None
        self._left = 0  # body bytes still to come in the current chunk or Content-Length body
        self._mode = ""  # "length", "chunked", "close"
        self._chunk_state = "size"  # "size", "data", "crlf", "trailer"
        self._body_seen = 0

    def feed(self, data: bytes) -> Response | None:
        """Take more bytes; return the response once it is whole."""
        self._buffer += data
        if self._head is None and not self._read_head():
            return None
        if self._mode == "length":
            return self._read_length()
        if self._mode == "chunked":
            return self._read_chunked()
        self._count(len(self._buffer))
        self._buffer = b""
        return None

    def eof(self) -> Response:
        """The peer closed: return the response if closing was how its body ends."""
        if self._head is not None and self._mode == "close":
            return self._done(reusable=False)
        raise ProtocolError("the connection closed before the answer was complete")

    def _read_head(self) -> bool:
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise ProtocolError("the answer's header is too long")
                return False
            lines = self._buffer[:end].split(b"\r\n")
            self._buffer = self._buffer[end + 4 :]
            status, version_1_1 = _status(lines[0])
            if 100 <= status < 200:
                continue  # an interim answer; the real one follows
            headers = _headers(lines[1:])
            self._head = (status, headers, version_1_1)
            self._frame(status, headers)
            return True

    def _frame(self, status: int, headers: dict[str, str]) -> None:
        encoding = headers.get("transfer-encoding", "").lower()
        if status in (204, 304):
            self._mode, self._left = "length", 0
        elif encoding:
            if encoding != "chunked":
                raise ProtocolError("the answer's transfer coding is not chunked")
            self._mode = "chunked"
        elif "content-length" in headers:
            length = headers["content-length"].strip()
            if not length.isdigit():
                raise ProtocolError("the answer's Content-Length is not a number")
            self._mode, self._left = "length", int(length)
            self._count(self._left)
        else:
            self._mode = "close"

    def _read_length(self) -> Response | None:
        if len(self._buffer) < self._left:
            return None
        extra = len(self._buffer) > self._left
        self._buffer = b""
        return self._done(reusable=not extra)

    def _read_chunked(self) -> Response | None:
        while True:
            if self._chunk_state == "data":
                taken = min(self._left, len(self._buffer))
                self._buffer, self._left = self._buffer[taken:], self._left - taken
                if self._left:
                    return None
                self._chunk_state = "crlf"
            line_end = self._buffer.find(b"\r\n")
            if line_end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise ProtocolError("a chunk line of the answer is too long")
                return None
            line, self._buffer = self._buffer[:line_end], self._buffer[line_end + 2 :]
            if self._chunk_state == "crlf":
                if line:
                    raise ProtocolError("a chunk of the answer did not end where it said")
                self._chunk_state = "size"
            elif self._chunk_state == "trailer":
                if not line:
                    return self._done(reusable=not self._buffer)
            else:
                self._next_chunk(line)

    def _next_chunk(self, line: bytes) -> None:
        match = _CHUNK_SIZE.match(line.strip())
        if match is None:
            raise ProtocolError("a chunk size of the answer is not hexadecimal")
        self._left = int(match.group(1), 16)
        self._count(self._left)
        self._chunk_state = "data" if self._left else "trailer"

    def _count(self, size: int) -> None:
        self._body_seen += size
        if self._body_seen > MAX_BODY:
            raise ProtocolError("the answer's body is too long")

    def _done(self, *, reusable: bool) -> Response:
        assert self._head is not None
        status, headers, version_1_1 = self._head
        keep = version_1_1 and headers.get("connection", "").lower() != "close"
        return Response(status, headers, reusable and keep and self._mode != "close")


def _status(line: bytes) -> tuple[int, bool]:
    match = _STATUS_LINE.match(line)
    if match is None:
        raise ProtocolError("the answer does not start with an HTTP/1.x status line")
    return int(match.group(2)), match.group(1) == b"1"


def _headers(lines: list[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            raise ProtocolError("a header line of the answer is malformed")
        key = name.decode("latin-1").lower()
        text = value.strip().decode("latin-1")
        # Repeated framing headers that disagree are how responses get smuggled: refuse them.
        if key in ("content-length", "transfer-encoding") and headers.get(key, text) != text:
            raise ProtocolError(f"the answer repeats {key} with different values")
        headers[key] = text
    return headers


class _Connection(asyncio.Protocol):
    """One kept-alive connection to a push service, carrying one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = time.monotonic()
        self._reader = ResponseReader()
        self._answer: asyncio.Future[Response] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        answer = self._answer
        if answer is None or answer.done():
            self.close()  # bytes nobody asked for: this connection can no longer be trusted
            return
        try:
            response = self._reader.feed(data)
        except ProtocolError as error:
            answer.set_exception(error)
            self.close()
            return
        if response is not None:
            answer.set_result(response)

    def eof_received(self) -> bool:
        self.closed = True
        answer = self._answer
        if answer is not None and not answer.done():
            try:
                answer.set_result(self._reader.eof())
            except ProtocolError as error:
                answer.set_exception(error)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        answer = self._answer
        if answer is not None and not answer.done():
            answer.set_exception(ConnectionResetError("the push service closed the connection"))

    async def request(self, data: bytes, deadline: float) -> Response:
        """Write one whole request and return the answer to it, or TimeoutError at deadline."""
        if self.transport is None or self.closed:
            raise ConnectionResetError("the connection is closed")
        loop = asyncio.get_running_loop()
        self._reader = ResponseReader()
        answer: asyncio.Future[Response] = loop.create_future()
        self._answer = answer
        # One timer on the answer, cheaper than a timeout scope around it: a burst sends many.
        timer = loop.call_at(deadline, _expire, answer)
        self.transport.write(data)
        try:
            return await answer
        finally:
            timer.cancel()
            self._answer = None

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


Origin = tuple[str, str, int]


def _expire(answer: asyncio.Future[Response]) -> None:
    if not answer.done():
        answer.set_exception(TimeoutError("the push service did not answer in time"))


class PushClient:
    """POST to push services over connections kept per origin, each request within timeout."""

    def __init__(
        self,
        *,
        timeout: float,
        allow_local: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        resolve: Resolver = resolve_with_loop,
    ) -> None:
        self.timeout = timeout
        self._allow_local = allow_local
        self._ssl = ssl_context or ssl.create_default_context()
        self._resolve = resolve
        self._idle: dict[Origin, deque[_Connection]] = {}

    async def post(self, target: Target, headers: Mapping[str, str], body: bytes) -> Response:
        """POST body; raise TimeoutError, OSError or ProtocolError when no answer came in time."""
        request = _request(target, headers, body)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        connection = self._take_idle(target.key)
        if connection is None:
            async with asyncio.timeout_at(deadline):
                connection = await self._open(target.key)
        try:
            response = await connection.request(request, deadline)
        except BaseException:
            connection.close()
            raise
        if response.reusable and not connection.closed:
            connection.idle_since = time.monotonic()
            self._idle.setdefault(target.key, deque()).append(connection)
        else:
            connection.close()
        return response

    async def close(self) -> None:
        """Close every kept connection."""
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

    def _take_idle(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        stale_before = time.monotonic() - IDLE_SECONDS
        # The oldest are let go first, so a burst's many connections do not linger for hours.
        while idle and (idle[0].closed or idle[0].idle_since <= stale_before):
            idle.popleft().close()
        while idle:
            connection = idle.pop()  # the most recently used is the least likely to be closing
            if not connection.closed and connection.idle_since > stale_before:
                return connection
            connection.close()
        return None

    async def _open(self, origin: Origin) -> _Connection:
        scheme, host, port = origin
        try:
            addresses = await public_addresses(
                host, port, self._resolve, allow_local=self._allow_local
            )
        except (HostNotFound, AddressRefused) as error:
            raise OSError(f"{host} cannot be sent to: {error}") from None
        secure = scheme == "https"
        loop = asyncio.get_running_loop()
        failure: OSError = OSError(f"{host} has no address")
        for address in addresses:
            try:
                _, connection = await loop.create_connection(
                    _Connection,
                    address,
                    port,
                    ssl=self._ssl if secure else None,
                    server_hostname=host if secure else None,
                )
                return connection
            except OSError as error:
                failure = error
        raise failure


@dataclass(frozen=True, slots=True)
class Target:
    """Where a POST goes: the origin (VAPID's `aud`), the connection key and the request head."""

    origin: str
    key: Origin
    head: str  # the request line and Host header


def target_of(endpoint: str) -> Target:
    """Read an endpoint once for everything a send needs; refuse what is not plain http(s)."""
    # A plain pattern, not a URL parser: endpoints were checked when subscribed, and a burst
    # reads thousands of them.
    match = _ENDPOINT.match(endpoint)
    if match is None:
        raise ProtocolError("the endpoint is not an http(s) address")
    scheme, bracketed, name, explicit, rest = match.groups()
    host = (bracketed or name).lower()
    default = 443 if scheme == "https" else 80
    port = int(explicit) if explicit else default
    if not 0 < port < 65536:
        raise ProtocolError("the endpoint's port is out of range")
    authority = f"[{host}]" if bracketed else host
    if port != default:
        authority = f"{authority}:{port}"
    path = rest or "/"
    if path.startswith("?"):
        path = "/" + path
    return Target(
        origin=f"{scheme}://{authority}",
        key=(scheme, host, port),
        head=f"POST {path} HTTP/1.1\r\nHost: {authority}\r\n",
    )


def _request(target: Target, headers: Mapping[str, str], body: bytes) -> bytes:
    """Return the whole POST as bytes."""
    lines = [target.head]
    for name, value in headers.items():
        if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
            raise ProtocolError("a header would break the request")
        lines.append(f"{name}: {value}\r\n")
    lines.append(f"Content-Length: {len(body)}\r\n\r\n")
    return "".join(lines).encode("latin-1") + body
