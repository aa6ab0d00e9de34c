"""Fetch a subscribed calendar feed without letting its address reach into our own network."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from server.addresses import (
    AddressRefused,
    HostNotFound,
    Resolver,
    public_addresses,
    resolve_with_loop,
    valid_host,
)

_REDIRECT = (
    "The feed address redirects elsewhere; Attune does not follow redirects. Use the final address."
)
_HINTS = {
    401: " The feed may be private, or its address may have been reset.",
    403: " The feed may be private, or its address may have been reset.",
    404: " The feed address may have been reset or removed.",
    410: " The feed address may have been reset or removed.",
}
_CHUNK = 64 * 1024


class FeedError(Exception):
    """The feed could not be fetched; the message is safe to show and to log (never the URL)."""


@dataclass(frozen=True, slots=True)
class FeedResponse:
    """What a fetch brought back: the body, or word that it has not changed."""

    not_modified: bool
    body: bytes
    etag: str | None
    last_modified: str | None


def check_feed_url(url: str, *, allow_local: bool = False) -> None:
    """Refuse a feed address that is not https on port 443, has credentials or has no host."""
    _feed_url(url, allow_local=allow_local)


async def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_local: bool = False,
    # One budget for lookup, connect and read; a caller's asyncio.timeout could not name the host.
    timeout: float = 10.0,  # noqa: ASYNC109
    max_bytes: int = 2 * 1024 * 1024,
    resolve: Resolver | None = None,
) -> FeedResponse:
    """GET the feed from a vetted public address, conditionally, without following redirects."""
    parsed = _feed_url(url, allow_local=allow_local)
    host = parsed.raw_host or ""
    try:
        async with asyncio.timeout(timeout):
            addresses = await _vetted_addresses(
                host, parsed.port or 443, resolve or resolve_with_loop, allow_local=allow_local
            )
            return await _get(parsed, addresses, etag, last_modified, max_bytes)
    # Library errors quote the URL, which is a secret: messages name the host at most, and
    # `from None` keeps the original text out of any logged traceback.
    except TimeoutError:
        raise FeedError(
            f"The feed server {host} did not answer within {timeout:g} seconds."
        ) from None
    except aiohttp.ClientSSLError:
        raise FeedError(
            f"A secure connection to {host} could not be made; its certificate was not accepted."
        ) from None
    except (aiohttp.ClientError, OSError):
        raise FeedError(f"The feed server {host} could not be reached.") from None


def _feed_url(url: str, *, allow_local: bool) -> URL:
    """Parse the address the way aiohttp will, and refuse what policy does not allow."""
    try:
        parsed = URL(url.strip())
    except (TypeError, ValueError):
        raise FeedError("The feed address is not a valid web address.") from None
    if parsed.scheme.lower() in ("webcal", "webcals"):
        # webcal:// only asks the phone to subscribe; the feed itself is served over https.
        parsed = parsed.with_scheme("https")
    scheme = parsed.scheme.lower()
    if scheme == "http" and not allow_local:
        raise FeedError("The feed address must start with https://; plain http is not allowed.")
    if scheme not in ("https", "http"):
        raise FeedError("The feed address must start with https:// (or webcal://).")
    if parsed.user is not None or parsed.password is not None:
        raise FeedError("The feed address must not contain a user name or password.")
    if not parsed.raw_host:
        raise FeedError("The feed address has no host name.")
    if not valid_host(parsed.raw_host):
        # The host is not repeated: it may be hundreds of characters of anything.
        raise FeedError("The feed address has a host name that is not valid.")
    if parsed.explicit_port not in (None, 443) and not allow_local:
        raise FeedError(
            f"The feed address must use the standard https port 443, not {parsed.explicit_port}."
        )
    return parsed


async def _vetted_addresses(
    host: str, port: int, resolve: Resolver, *, allow_local: bool
) -> list[str]:
    """Resolve host and return its addresses, refusing if any one of them is not public."""
    try:
        return await public_addresses(host, port, resolve, allow_local=allow_local)
    except HostNotFound:
        raise FeedError(f"The feed host {host} could not be found.") from None
    except AddressRefused as refused:
        raise FeedError(
            f"The feed address is refused: {refused.where} is {refused.reason}. "
            "Attune only fetches calendars from public internet addresses."
        ) from None


class _PinnedResolver(AbstractResolver):
    """Answer aiohttp's lookup with the addresses already vetted, so DNS cannot swap them."""

    def __init__(self, host: str, addresses: list[str]) -> None:
        self._host = host.rstrip(".").lower()
        self._addresses = addresses

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Return the vetted addresses for the feed host and refuse any other name."""
        if host.rstrip(".").lower() != self._host:
            # Redirects are not followed, so the feed host is the only name ever asked for.
            raise OSError("only the vetted feed host may be resolved")
        results: list[ResolveResult] = []
        for address in self._addresses:
            found = socket.AF_INET6 if ":" in address else socket.AF_INET
            if family in (socket.AF_UNSPEC, found):
                flags = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
                results.append(
                    ResolveResult(
                        hostname=host, host=address, port=port, family=found, proto=0, flags=flags
                    )
                )
        return results

    async def close(self) -> None:
        """Hold nothing to release."""


async def _get(
    url: URL, addresses: list[str], etag: str | None, last_modified: str | None, max_bytes: int
) -> FeedResponse:
    """Send the conditional GET to a pinned address with TLS checked against the host name."""
    headers = {"Accept": "text/calendar, */*;q=0.5", "User-Agent": "Attune calendar import"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    connector = aiohttp.TCPConnector(
        resolver=_PinnedResolver(url.raw_host or "", addresses), use_dns_cache=False
    )
    async with (
        aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False
        ) as session,
        session.get(url, headers=headers, allow_redirects=False) as response,
    ):
        return await _read(response, url.raw_host or "", max_bytes)


async def _read(response: aiohttp.ClientResponse, host: str, max_bytes: int) -> FeedResponse:
    """Turn the answer into a FeedResponse, refusing redirects, errors and oversized bodies."""
    status = response.status
    etag = response.headers.get("ETag")
    last_modified = response.headers.get("Last-Modified")
    if status == 304:
        return FeedResponse(True, b"", etag, last_modified)
    if 300 <= status < 400:
        raise FeedError(_REDIRECT)
    if not 200 <= status < 300:
        raise FeedError(
            f"The feed server {host} answered {_status(status)}.{_HINTS.get(status, '')}"
        )
    too_big = FeedError(f"The feed is larger than {_size(max_bytes)}, the most Attune imports.")
    if response.content_length is not None and response.content_length > max_bytes:
        raise too_big
    body = bytearray()
    async for chunk in response.content.iter_chunked(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise too_big
    return FeedResponse(False, bytes(body), etag, last_modified)


def _status(status: int) -> str:
    """Name a status by its standard phrase, never by the server's own reason text."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _size(limit: int) -> str:
    """Write a byte count the way a person would read it."""
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit / 1024:g} KB"
