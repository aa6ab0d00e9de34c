"""A calendar feed on a free loopback port that can also misbehave: redirect, fail, flood or hang.

async with serve_feed(b"BEGIN:VCALENDAR...") as feed:
    await fetch_feed(feed.url, allow_local=True)   # 200 with ETag and Last-Modified
    feed.set_body(b"...")                          # a new body gets a new ETag
    feed.respond_with(500)                         # every later request answers 500
    feed.redirect_to("http://169.254.169.254/")    # 302 with that Location
    feed.send_huge(3_000_000, chunked=True)        # a body bigger than any cap
    feed.hang()                                    # accept, then never answer
    feed.reset()                                   # back to serving the body
    feed.requests[-1].headers["If-None-Match"]     # what the server received
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

SAMPLE_ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Attune tests//feed server//EN\r
BEGIN:VEVENT\r
UID:feed-session@attune.test\r
DTSTAMP:20250301T000000Z\r
SUMMARY:Client session\r
DTSTART:20250310T090000Z\r
DTEND:20250310T095000Z\r
RRULE:FREQ=WEEKLY;COUNT=4\r
END:VEVENT\r
END:VCALENDAR\r
"""
# A path and query like the secret ones calendar services hand out, so tests can look for leaks.
SECRET_PATH = "/private/feed-7f3a9c2e.ics?token=s3cr3t-t0ken-d0-not-log"
LAST_MODIFIED = "Mon, 03 Mar 2025 08:00:00 GMT"


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class _Answer:
    kind: str  # "feed", "status", "huge" or "hang"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    size: int = 0
    chunked: bool = False


class FeedServer:
    """Serve one calendar body at `url`, answering conditional requests with 304."""

    def __init__(self, body: bytes, last_modified: str | None) -> None:
        self.url = ""
        self.requests: list[ReceivedRequest] = []
        self.body = b""
        self.etag: str | None = None
        self.last_modified = last_modified
        self._answer = _Answer("feed")
        self._closing = asyncio.Event()
        self.set_body(body)

    def set_body(self, body: bytes, *, last_modified: str | None = LAST_MODIFIED) -> None:
        """Serve a new body, with an ETag derived from it."""
        self.body = body
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        self.last_modified = last_modified

    def respond_with(
        self, status: int, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> None:
        """Answer every later request with this status, headers and body."""
        self._answer = _Answer("status", status, tuple((headers or {}).items()), body)

    def redirect_to(self, location: str, status: int = 302) -> None:
        """Answer every later request with a redirect to location."""
        self.respond_with(status, {"Location": location})

    def send_huge(self, size: int, *, chunked: bool) -> None:
        """Answer with a body of size bytes, its length declared up front or not at all."""
        self._answer = _Answer("huge", size=size, chunked=chunked)

    def hang(self) -> None:
        """Accept requests and never answer them (until the server stops)."""
        self._answer = _Answer("hang")

    def reset(self) -> None:
        """Go back to serving the body."""
        self._answer = _Answer("feed")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            ReceivedRequest(request.method, request.path_qs, dict(request.headers))
        )
        answer = self._answer
        if answer.kind == "hang":
            await self._closing.wait()
            return web.Response(status=503)
        if answer.kind == "status":
            return web.Response(
                status=answer.status, headers=dict(answer.headers), body=answer.body
            )
        if answer.kind == "huge":
            return await self._flood(request, answer)
        return self._feed(request)

    def _feed(self, request: web.Request) -> web.Response:
        headers = {"ETag": self.etag or ""}
        if self.last_modified:
            headers["Last-Modified"] = self.last_modified
        if request.headers.get("If-None-Match") == self.etag or (
            "If-None-Match" not in request.headers
            and self.last_modified
            and request.headers.get("If-Modified-Since") == self.last_modified
        ):
            return web.Response(status=304, headers=headers)
        return web.Response(body=self.body, headers=headers, content_type="text/calendar")

    async def _flood(self, request: web.Request, answer: _Answer) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/calendar"})
        if answer.chunked:
            response.enable_chunked_encoding()
        else:
            response.content_length = answer.size
        await response.prepare(request)
        try:
            for sent in range(0, answer.size, 65536):
                await response.write(b"X" * min(65536, answer.size - sent))
            await response.write_eof()
        except ConnectionError:
            pass  # the client gave up on the body, which is the point
        return response

    def close(self) -> None:
        self._closing.set()


@asynccontextmanager
async def serve_feed(
    body: bytes = SAMPLE_ICS,
    *,
    path: str = SECRET_PATH,
    last_modified: str | None = LAST_MODIFIED,
    ssl_context: ssl.SSLContext | None = None,
) -> AsyncIterator[FeedServer]:
    """Run a FeedServer on 127.0.0.1 at a free port; `.url` is its full feed address."""
    server = FeedServer(body, last_modified)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    scheme = "https" if ssl_context else "http"
    server.url = f"{scheme}://127.0.0.1:{port}{path}"
    try:
        yield server
    finally:
        server.close()
        await runner.cleanup()
