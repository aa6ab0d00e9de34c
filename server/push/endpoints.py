"""What a browser's push subscription must look like before Attune keeps it: pure checks."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec
from yarl import URL

from server.addresses import valid_host
from server.errors import BadRequest

ENDPOINT_LIMIT = 2048
# The user agent's ECDH key (RFC 8291): an uncompressed P-256 point, 0x04 || x || y.
P256DH_BYTES = 65
AUTH_BYTES = 16
# Printable ASCII without spaces: what a URL may hold once its parts are percent-encoded.
_URL_TEXT = re.compile(r"^[\x21-\x7e]+$")
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class PushEndpoint:
    """An endpoint that passed every check but the DNS one: its host and port."""

    url: str
    host: str
    port: int


def refused(message: str, field: str) -> BadRequest:
    return BadRequest(message, code="invalid_subscription", field=field)


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Say whether host is one of the allowed push hosts, exactly or under a `*.` domain."""
    name = host.lower().removesuffix(".")
    for pattern in allowed:
        if pattern.startswith("*."):
            if name.endswith(pattern[1:]) and len(name) > len(pattern) - 1:
                return True
        elif name == pattern:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Parts:
    scheme: str
    has_userinfo_or_fragment: bool
    host: str
    explicit_port: int | None


def _parts(endpoint: str) -> _Parts:
    """Read every part now: yarl parses the authority lazily and may refuse it at any access."""
    try:
        url = URL(endpoint, encoded=True)
        return _Parts(
            scheme=url.scheme,
            has_userinfo_or_fragment=(
                url.raw_user is not None or url.raw_password is not None or bool(url.fragment)
            ),
            host=(url.raw_host or "").lower(),
            explicit_port=url.explicit_port,
        )
    except (TypeError, ValueError):
        raise refused("The push endpoint is not a valid web address.", "endpoint") from None


def check_endpoint(endpoint: str, *, hosts: Iterable[str], allow_local: bool) -> PushEndpoint:
    """Refuse an endpoint that is not https on port 443 on an allowed push service host."""
    field = "endpoint"
    if len(endpoint) > ENDPOINT_LIMIT or not _URL_TEXT.match(endpoint):
        raise refused("The push endpoint is not a web address Attune can use.", field)
    url = _parts(endpoint)
    if url.scheme not in (("https", "http") if allow_local else ("https",)):
        raise refused("The push endpoint must start with https://.", field)
    if url.has_userinfo_or_fragment:
        raise refused("The push endpoint must not hold a user name, password or #part.", field)
    if not url.host or not valid_host(url.host):
        raise refused("The push endpoint has no valid host name.", field)
    if not allow_local and url.explicit_port not in (None, 443):
        raise refused("The push endpoint must use the standard https port 443.", field)
    if not host_allowed(url.host, hosts):
        # The host is named: it is the push service's, not a secret, and says what to allow.
        raise refused(f"{url.host[:100]} is not a push service Attune sends to.", field)
    default_port = 443 if url.scheme == "https" else 80
    return PushEndpoint(url=endpoint, host=url.host, port=url.explicit_port or default_port)


def decode_base64url(text: str, field: str) -> bytes:
    """Decode base64url, with or without its `=` padding; nothing else is accepted."""
    bare = text.rstrip("=")
    if len(text) - len(bare) > 2 or not _BASE64URL.match(bare) or len(bare) % 4 == 1:
        raise refused(f"keys.{field} is not base64url.", f"keys.{field}")
    try:
        return base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))
    except (binascii.Error, ValueError):
        raise refused(f"keys.{field} is not base64url.", f"keys.{field}") from None


def check_p256dh(text: str) -> bytes:
    """Return the browser's ECDH public key, refusing anything but a P-256 point on the curve."""
    raw = decode_base64url(text, "p256dh")
    if len(raw) != P256DH_BYTES or raw[0] != 0x04:
        raise refused("keys.p256dh must be an uncompressed P-256 public key.", "keys.p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise refused("keys.p256dh is not a point on the P-256 curve.", "keys.p256dh") from None
    return raw


def check_auth(text: str) -> bytes:
    """Return the browser's 16-byte authentication secret."""
    raw = decode_base64url(text, "auth")
    if len(raw) != AUTH_BYTES:
        raise refused("keys.auth must be 16 bytes.", "keys.auth")
    return raw
