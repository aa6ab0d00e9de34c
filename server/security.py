"""Security headers on every response and same-origin checks on every write."""

from __future__ import annotations

from typing import Any

from litestar.enums import ScopeType
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

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


def security_headers(*, https: bool) -> BeforeMessageSendHookHandler:
    """Return a before-send hook that puts the security headers on every HTTP response.

    A hook rather than a middleware: it also sees the 404 and 405 answers that the router
    gives before any middleware runs.
    """
    extra = [*BASE_HEADERS, HSTS] if https else BASE_HEADERS

    async def add_headers(message: Message, scope: Scope) -> None:
        if scope["type"] != ScopeType.HTTP or message["type"] != "http.response.start":
            return
        headers = list(message.get("headers", []))
        present = {bytes(name).lower() for name, _ in headers}
        headers.extend((k, v) for k, v in extra if k not in present)
        message["headers"] = headers

    return add_headers


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
