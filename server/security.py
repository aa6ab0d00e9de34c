"""Security headers on every response and same-origin checks on every write."""

from __future__ import annotations

from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import Forbidden

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

BASE_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def security_headers(app: ASGIApp, *, https: bool) -> ASGIApp:
    """Wrap an ASGI app so every HTTP response carries the security headers."""
    extra = [*BASE_HEADERS, HSTS] if https else BASE_HEADERS

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers.extend((k, v) for k, v in extra if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


def check_same_origin(method: str, headers: Any, host: str) -> None:
    """Refuse a write that a browser says came from another site."""
    if method not in UNSAFE_METHODS:
        return
    site = headers.get("sec-fetch-site")
    if site is not None and site not in {"same-origin", "none"}:
        raise Forbidden("Cross-site requests cannot change Attune data.", code="cross_site")
    origin = headers.get("origin")
    if origin is not None and origin.split("://", 1)[-1] != host:
        raise Forbidden("Cross-site requests cannot change Attune data.", code="cross_site")
