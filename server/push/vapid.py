"""The server's VAPID identity (RFC 8292): its key pair, and the headers push services want."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from server.clock import Clock

VAPID_FILE = "vapid.pem"
# A push service accepts a token for at most 24 hours; 12 leaves room for clocks that disagree.
TOKEN_LIFETIME = timedelta(hours=12)
# Signing once an hour per push service keeps every token used well inside its lifetime.
RESIGN_AFTER = timedelta(hours=1)


def b64url(data: bytes) -> str:
    """Encode bytes as unpadded base64url, the way Web Push writes keys."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def load_or_create_vapid_key(data_dir: Path) -> ec.EllipticCurvePrivateKey:
    """Return the server's P-256 VAPID key, creating its PEM file (mode 0600) on first start."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / VAPID_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def _read_key(path: Path) -> ec.EllipticCurvePrivateKey:
    refusal = RuntimeError(f"{path} does not hold a P-256 private key in PEM")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise refusal from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise refusal
    return key


def public_key_b64(key: ec.EllipticCurvePrivateKey) -> str:
    """Return the public key as the app's applicationServerKey: an uncompressed point, base64url."""
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def sign_token(key: ec.EllipticCurvePrivateKey, claims: dict[str, object]) -> str:
    """Return a compact ES256 JWT of claims."""
    header = b64url(json.dumps({"typ": "JWT", "alg": "ES256"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}".encode("ascii")
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    # JWS wants the raw 64-byte r || s, not the DER that cryptography returns.
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{header}.{body}.{b64url(signature)}"


@dataclass
class _Signed:
    header: str
    signed_at: datetime


class VapidSigner:
    """Make the Authorization header for a push service, signed at most once an hour per origin."""

    def __init__(self, key: ec.EllipticCurvePrivateKey, subject: str, clock: Clock) -> None:
        self._key = key
        self._subject = subject
        self._clock = clock
        self.public_key = public_key_b64(key)
        self._signed: dict[str, _Signed] = {}

    def authorization(self, origin: str) -> str:
        """Return `vapid t=<jwt>, k=<public key>` for a push service's origin (scheme://host[:port])."""
        now = self._clock.now()
        cached = self._signed.get(origin)
        if cached is not None and timedelta(0) <= now - cached.signed_at < RESIGN_AFTER:
            return cached.header
        claims: dict[str, object] = {
            "aud": origin,
            "exp": int((now + TOKEN_LIFETIME).timestamp()),
            "sub": self._subject,
        }
        header = f"vapid t={sign_token(self._key, claims)}, k={self.public_key}"
        self._signed[origin] = _Signed(header, now)
        return header
