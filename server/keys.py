"""Secrets kept in the data directory, readable by the owner only."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SECRET_FILE = "secret.key"  # noqa: S105 - a file name, not a secret


def load_or_create_secret(data_dir: Path) -> bytes:
    """Return the server's 32-byte secret, creating it (mode 0600) on first start."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / SECRET_FILE
    if path.exists():
        key = bytes.fromhex(path.read_text("ascii").strip())
        if len(key) != 32:
            raise RuntimeError(f"{path} does not hold a 32-byte hex key")
        return key
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return key


def derive(secret: bytes, purpose: str, message: str) -> str:
    """Return a keyed digest of message for one purpose (CSRF, …), hex encoded."""
    subkey = hmac.new(secret, purpose.encode(), hashlib.sha256).digest()
    return hmac.new(subkey, message.encode(), hashlib.sha256).hexdigest()


def hash_token(token: str) -> str:
    """Hash a high-entropy token for storage; the token itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def _sealing_key(secret: bytes, purpose: str) -> AESGCM:
    return AESGCM(hmac.new(secret, f"seal:{purpose}".encode(), hashlib.sha256).digest())


def seal(secret: bytes, purpose: str, plaintext: str, context: str) -> bytes:
    """Encrypt plaintext (AES-GCM) bound to context, so a copied database alone cannot read it."""
    nonce = secrets.token_bytes(12)
    return nonce + _sealing_key(secret, purpose).encrypt(
        nonce, plaintext.encode(), context.encode()
    )


def unseal(secret: bytes, purpose: str, sealed: bytes, context: str) -> str:
    """Decrypt what seal() made for the same purpose and context; raises InvalidTag otherwise."""
    nonce, ciphertext = sealed[:12], sealed[12:]
    return _sealing_key(secret, purpose).decrypt(nonce, ciphertext, context.encode()).decode()
