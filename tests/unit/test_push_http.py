"""The push HTTP client: reading answers in any pieces, keeping connections, TLS, and refusals."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.tls import certificate_file, self_signed_context

from server.push.http import (
    MAX_BODY,
    ProtocolError,
    PushClient,
    Response,
    ResponseReader,
    target_of,
)

CREATED = b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"


def read_in_pieces(raw: bytes, size: int) -> Response | None:
    reader = ResponseReader()
    for start in range(0, len(raw), size):
        response = reader.feed(raw[start : start + size])
        if response is not None:
            assert start + size >= len(raw), "answered before the last byte"
            return response
    return None


@pytest.mark.parametrize(
    ("raw", "status", "reusable", "retry_after"),
    [
        (CREATED, 201, True, None),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, True, None),
        (
            b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n",
            201,
            True,
            None,
        ),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + CREATED, 201, True, None),
        (b"HTTP/1.1 410 Gone\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 410, False, None),
        (b"HTTP/1.0 201 Created\r\nContent-Length: 0\r\n\r\n", 201, False, None),
        (b"HTTP/1.1 204 No Content\r\n\r\n", 204, True, None),
        (
            b"HTTP/1.1 429 Too Many Requests\r\nretry-AFTER: 120\r\nContent-Length: 2\r\n\r\n{}",
            429,
            True,
            "120",
        ),
    ],
)
@pytest.mark.parametrize("size", [1, 7, 10_000])
def test_push_answers_are_read_whole_however_they_arrive(
    raw: bytes, status: int, reusable: bool, retry_after: str | None, size: int
) -> None:
    response = read_in_pieces(raw, size)
    assert response is not None
    assert (response.status, response.reusable) == (status, reusable)
    assert response.headers.get("retry-after") == retry_after


def test_push_answer_followed_by_bytes_nobody_asked_for_is_not_reused() -> None:
    response = ResponseReader().feed(CREATED + b"HTTP/1.1 201 Created\r\n")
    assert response is not None
    assert (response.status, response.reusable) == (201, False)


def test_push_answer_without_a_length_ends_when_the_connection_does() -> None:
    reader = ResponseReader()
    assert reader.feed(b"HTTP/1.1 500 Oops\r\n\r\nsome text") is None
    response = reader.eof()
    assert (response.status, response.reusable) == (500, False)


@pytest.mark.parametrize(
    "raw",
    [
        b"SMTP ready\r\n\r\n",
        b"HTTP/1.1 2010 Created\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        b"HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1),
        b"HTTP/1.1 201 Created\r\nX: " + b"a" * 20_000,
    ],
)
def test_push_answers_that_are_not_http_are_refused(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        read_in_pieces(raw, 10_000)


def test_push_answer_cut_short_is_refused() -> None:
    reader = ResponseReader()
    reader.feed(b"HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\nabc")
    with pytest.raises(ProtocolError):
        reader.eof()


@pytest.mark.parametrize(
    ("endpoint", "origin", "head"),
    [
        (
            "https://fcm.googleapis.com/fcm/send/abc:DEF?x=1",
            "https://fcm.googleapis.com",
            "POST /fcm/send/abc:DEF?x=1 HTTP/1.1\r\nHost: fcm.googleapis.com\r\n",
        ),
        (
            "http://127.0.0.1:8080/push/a",
            "http://127.0.0.1:8080",
            "POST /push/a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n",
        ),
        ("https://[::1]/p", "https://[::1]", "POST /p HTTP/1.1\r\nHost: [::1]\r\n"),
        (
            "https://Web.Push.Apple.COM:443/QGx?x=1",
            "https://web.push.apple.com",
            "POST /QGx?x=1 HTTP/1.1\r\nHost: web.push.apple.com\r\n",
        ),
        ("http://127.0.0.1?x", "http://127.0.0.1", "POST /?x HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
        (
            "https://push.example",
            "https://push.example",
            "POST / HTTP/1.1\r\nHost: push.example\r\n",
        ),
    ],
)
def test_push_endpoint_gives_origin_and_request_head(endpoint: str, origin: str, head: str) -> None:
    target = target_of(endpoint)
    assert (target.origin, target.head) == (origin, head)


@pytest.mark.parametrize(
    "endpoint",
    [
        "ftp://example.org/x",
        "https:///nohost",
        "mailto:a@b.c",
        "https://user@push.example/x",
        "https://push.example/x#part",
        "https://push.example:0/x",
        "https://push.example:70000/x",
        "https://push.example/a b",
        "https://push.example/a\r\nX-Evil: 1",
    ],
)
def test_push_endpoint_that_is_not_http_is_refused(endpoint: str) -> None:
    with pytest.raises(ProtocolError):
        target_of(endpoint)


@dataclass
class FakePushService:
    """A raw HTTP/1.1 server on loopback: each request gets the next scripted answer."""

    answers: list[bytes] = field(default_factory=list)
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0
    port: int = 0

    def protocol(self) -> asyncio.Protocol:
        service = self

        class Serve(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                assert isinstance(transport, asyncio.Transport)
                self.transport, self.buffer = transport, b""
                service.connections += 1

            def data_received(self, data: bytes) -> None:
                self.buffer += data
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                head = self.buffer[:end].decode()
                length = int(head.lower().split("content-length: ")[1].split("\r\n")[0])
                if len(self.buffer) < end + 4 + length:
                    return
                service.requests.append(self.buffer[: end + 4 + length])
                self.buffer = self.buffer[end + 4 + length :]
                answer = service.answers.pop(0) if service.answers else CREATED
                if answer:
                    self.transport.write(answer)
                if b"Connection: close" in answer:
                    self.transport.close()

        return Serve()


@asynccontextmanager
async def fake_push_service(
    context: ssl.SSLContext | None = None,
) -> AsyncIterator[FakePushService]:
    service = FakePushService()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(service.protocol, "127.0.0.1", 0, ssl=context)
    service.port = server.sockets[0].getsockname()[1]
    try:
        yield service
    finally:
        server.close()


def endpoint(service: FakePushService, scheme: str = "http") -> str:
    return f"{scheme}://127.0.0.1:{service.port}/push/phone"


HEADERS = {"TTL": "60", "Urgency": "high", "Topic": "t", "Content-Encoding": "aes128gcm"}


async def test_push_client_keeps_one_connection_for_many_messages() -> None:
    client = PushClient(timeout=5, allow_local=True)
    async with fake_push_service() as service:
        try:
            for n in range(3):
                response = await client.post(target_of(endpoint(service)), HEADERS, b"m%d" % n)
                assert response.status == 201
        finally:
            await client.close()
    assert service.connections == 1
    first = service.requests[0]
    assert first.startswith(b"POST /push/phone HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"\r\nTTL: 60\r\n" in first
    assert first.endswith(b"\r\nContent-Length: 2\r\n\r\nm0")


async def test_push_client_opens_a_new_connection_after_the_service_closes_one() -> None:
    client = PushClient(timeout=5, allow_local=True)
    async with fake_push_service() as service:
        service.answers = [
            b"HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            CREATED + b"HTTP/1.1 201 Created\r\n",  # and then bytes nobody asked for
            CREATED,
        ]
        try:
            statuses = [
                (await client.post(target_of(endpoint(service)), HEADERS, b"x")).status
                for _ in range(3)
            ]
        finally:
            await client.close()
    assert statuses == [201, 201, 201]
    assert service.connections == 3


async def test_push_client_gives_up_on_a_service_that_never_answers() -> None:
    client = PushClient(timeout=0.2, allow_local=True)
    async with fake_push_service() as service:
        service.answers = [b""]  # read, never answered
        try:
            with pytest.raises(TimeoutError):
                await client.post(target_of(endpoint(service)), HEADERS, b"x")
            # The silent connection is dropped: the next message gets a fresh one and an answer.
            response = await client.post(target_of(endpoint(service)), HEADERS, b"y")
        finally:
            await client.close()
    assert response.status == 201
    assert service.connections == 2


async def test_push_client_refuses_a_host_that_resolves_to_this_machine() -> None:
    client = PushClient(timeout=5, allow_local=False)
    with pytest.raises(OSError, match="cannot be sent to"):
        await client.post(target_of("https://localhost/push/x"), HEADERS, b"x")


@pytest.mark.parametrize("trusted", [True, False])
async def test_push_client_speaks_tls_and_checks_the_certificate(
    tmp_path: Path, trusted: bool
) -> None:
    server_context = self_signed_context(tmp_path)
    client_context = ssl.create_default_context(cafile=str(certificate_file(tmp_path)))
    client = PushClient(
        timeout=5, allow_local=True, ssl_context=client_context if trusted else None
    )
    async with fake_push_service(server_context) as service:
        try:
            if trusted:
                response = await client.post(target_of(endpoint(service, "https")), HEADERS, b"x")
                assert response.status == 201
                assert service.requests[0].endswith(b"\r\n\r\nx")
            else:
                with pytest.raises(ssl.SSLCertVerificationError):
                    await client.post(target_of(endpoint(service, "https")), HEADERS, b"x")
                assert service.requests == []
        finally:
            await client.close()
