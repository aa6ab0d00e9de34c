"""A push service on a free loopback port that checks what a real one checks, and can misbehave.

async with serve_push(now=clock.now) as push:
    phone = push.subscribe("phone")           # keys made here; phone.json is what a browser sends
    push.answer("phone", 410)                 # or 201, 404, 413, 429 (retry_after="120"), 500 …
    push.hang("slow")                         # accept, then never answer until the test ends
    push.delivered[-1].payload                # decrypted with phone's private key and auth secret
    push.refused                              # why requests failed a check (empty when all passed)
    await push.wait_for_requests(3)           # until three requests have arrived

Every POST to /push/<name> must carry a valid VAPID JWT (ES256 under the `k=` key, `aud` this
origin, `exp` ahead but within 24 hours, `sub` a mailto: or https: URL), sane TTL, Urgency and
Topic headers and an aes128gcm body that decrypts; a request failing any check is answered 400
and its reason kept in `refused`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

_AUTHORIZATION = re.compile(r"^vapid t=([A-Za-z0-9_.-]+), ?k=([A-Za-z0-9_-]+)$")
_TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_URGENCIES = {"very-low", "low", "normal", "high"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class BrowserSubscription:
    """What a browser's pushManager.subscribe() makes: an endpoint, its ECDH key and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def json(self) -> dict[str, Any]:
        """Return PushSubscription.toJSON(), as the app sends it."""
        keys = {"p256dh": self.p256dh, "auth": b64url(self.auth)}
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": keys}

    def decrypt(self, body: bytes) -> bytes:
        return bytes(
            http_ece.decrypt(
                body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
            )
        )


def make_subscription(endpoint: str) -> BrowserSubscription:
    """Make a browser-style subscription for endpoint with fresh keys."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return BrowserSubscription(endpoint, private_key, secrets.token_bytes(16))


@dataclass(frozen=True)
class DeliveredPush:
    """A message that passed every check and was answered 2xx."""

    name: str
    headers: dict[str, str]
    claims: dict[str, Any]
    payload: bytes
    received_at: float  # time.monotonic(), to compare the order of arrivals


@dataclass
class PushService:
    """The stand-in's state: its subscriptions, what each endpoint answers, what arrived."""

    now: Callable[[], datetime]
    origin: str = ""
    subscriptions: dict[str, BrowserSubscription] = field(default_factory=dict)
    answers: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    hanging: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    delivered: list[DeliveredPush] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    closing: asyncio.Event = field(default_factory=asyncio.Event)
    arrival: asyncio.Event = field(default_factory=asyncio.Event)

    def subscribe(self, name: str) -> BrowserSubscription:
        """Make a subscription whose endpoint is /push/<name> on this service."""
        subscription = make_subscription(f"{self.origin}/push/{name}")
        self.subscriptions[name] = subscription
        return subscription

    def answer(self, name: str, status: int, *, retry_after: str | None = None) -> None:
        """Answer every later message to name with status (and Retry-After, when given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.answers[name] = (status, headers)

    def hang(self, name: str) -> None:
        """Accept every later message to name and never answer it."""
        self.hanging.add(name)

    async def wait_for_requests(self, count: int) -> None:
        """Wait until count requests have arrived, whatever they were answered."""
        while len(self.requests) < count:
            self.arrival.clear()
            await self.arrival.wait()

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.requests.append(name)
        self.arrival.set()
        subscription = self.subscriptions.get(name)
        if subscription is None:
            return web.Response(status=404)
        body = await request.read()
        try:
            claims = self._check_headers(request)
            payload = subscription.decrypt(body)
        except (ValueError, KeyError, InvalidSignature, http_ece.ECEException) as problem:
            self.refused.append(f"{name}: {type(problem).__name__}: {problem}")
            return web.Response(status=400, text=str(problem))
        if name in self.hanging:
            await self.closing.wait()
            return web.Response(status=503)
        status, headers = self.answers.get(name, (201, {}))
        if 200 <= status < 300:
            received = DeliveredPush(name, dict(request.headers), claims, payload, time.monotonic())
            self.delivered.append(received)
        return web.Response(status=status, headers=headers)

    def _check_headers(self, request: web.Request) -> dict[str, Any]:
        ttl = request.headers.get("TTL", "")
        if not ttl.isdigit():
            raise ValueError(f"TTL must be a number of seconds, not {ttl!r}")
        if request.headers.get("Urgency") not in _URGENCIES:
            raise ValueError("Urgency is missing or not one RFC 8030 names")
        if not _TOPIC.match(request.headers.get("Topic", "")):
            raise ValueError("Topic is missing or not 1-32 base64url characters")
        if request.headers.get("Content-Encoding") != "aes128gcm":
            raise ValueError("Content-Encoding must be aes128gcm")
        return self._check_vapid(request.headers.get("Authorization", ""))

    def _check_vapid(self, authorization: str) -> dict[str, Any]:
        match = _AUTHORIZATION.match(authorization)
        if match is None:
            raise ValueError("Authorization is not `vapid t=<jwt>, k=<key>`")
        token, key_text = match.groups()
        header_text, claims_text, signature_text = token.split(".")
        if json.loads(unb64url(header_text)) != {"typ": "JWT", "alg": "ES256"}:
            raise ValueError("the JWT header is not ES256")
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key_text))
        signature = unb64url(signature_text)
        if len(signature) != 64:
            raise ValueError("the JWT signature is not a raw 64-byte ES256 signature")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        key.verify(der, f"{header_text}.{claims_text}".encode(), ec.ECDSA(hashes.SHA256()))
        claims: dict[str, Any] = json.loads(unb64url(claims_text))
        self._check_claims(claims)
        return claims

    def _check_claims(self, claims: dict[str, Any]) -> None:
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud is {claims.get('aud')!r}, not this origin {self.origin}")
        now = self.now().timestamp()
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + timedelta(hours=24).total_seconds():
            raise ValueError(f"exp {exp!r} is not in the next 24 hours")
        sub = claims.get("sub")
        if not isinstance(sub, str) or not re.match(r"^(mailto:[^@\s]+@[^@\s]+|https://\S+)$", sub):
            raise ValueError(f"sub {sub!r} is not a mailto: or https: URL")


@asynccontextmanager
async def serve_push(now: Callable[[], datetime] | None = None) -> AsyncIterator[PushService]:
    """Run a PushService on 127.0.0.1 at a free port, in the test's event loop."""
    service = PushService(now=now or (lambda: datetime.now(UTC)))
    app = web.Application()
    app.router.add_post("/push/{name}", service.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    service.origin = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield service
    finally:
        service.closing.set()
        await runner.cleanup()
