"""Send encrypted Web Push messages (RFC 8030, 8291, 8292) through one shared HTTP client."""

from __future__ import annotations

import asyncio
import base64
import re
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec

from server.clock import Clock
from server.push.encryptor import BatchEncryptor
from server.push.http import ProtocolError, PushClient, Target, target_of
from server.push.vapid import VapidSigner

# A topic replaces an undelivered message with the same one: at most 32 base64url characters.
_TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# A Retry-After further out than this is a push service's mistake, not a plan.
LONGEST_RETRY_AFTER = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Answer:
    """What a push service said: its status and Retry-After, or no status when none came."""

    status: int | None
    retry_after: float | None = None


def host_of(endpoint: str) -> str:
    """Return an endpoint's host: the only part of it that may be logged."""
    try:
        return target_of(endpoint).key[1]
    except ProtocolError:
        return "?"


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Read Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), LONGEST_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return min(max((when - now).total_seconds(), 0.0), LONGEST_RETRY_AFTER)


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    """Encrypt payload for one browser with aes128gcm (RFC 8291), under a fresh ECDH key."""
    return bytes(
        http_ece.encrypt(
            payload,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            dh=_unb64(p256dh),
            auth_secret=_unb64(auth),
            version="aes128gcm",
        )
    )


def _unb64(text: str) -> bytes:
    bare = text.rstrip("=")
    return base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))


class PushSender:
    """Own the one HTTP client for push services, with bounded concurrency per origin and in all.

    A push service that hangs holds at most its own origin's slots, each for at most `timeout`
    seconds, so messages to other push services never wait behind it. A message waits at most
    `slot_wait` seconds for a slot, so each send is answered within slot_wait + timeout.
    """

    def __init__(
        self,
        signer: VapidSigner,
        clock: Clock,
        *,
        timeout: float = 10.0,
        slot_wait: float = 30.0,
        per_origin: int = 16,
        in_flight: int = 64,
        allow_local: bool = False,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if per_origin >= in_flight:
            raise ValueError("per_origin must be below in_flight, or one origin could take all")
        self.signer = signer
        self.clock = clock
        self.timeout = timeout
        self.slot_wait = slot_wait
        self.per_origin = per_origin
        self._in_flight = in_flight
        self._allow_local = allow_local
        self._ssl = ssl_context
        self._origins: dict[str, asyncio.Semaphore] = {}
        self._all: asyncio.Semaphore | None = None
        self._client: PushClient | None = None
        self._encryptor: BatchEncryptor | None = None

    async def start(self) -> None:
        """Open the shared HTTP client and the encryption worker."""
        self._client = PushClient(
            timeout=self.timeout, allow_local=self._allow_local, ssl_context=self._ssl
        )
        self._all = asyncio.Semaphore(self._in_flight)
        # Each message costs a fresh ECDH key pair and agreement: done in batches in a worker
        # process, a burst of reminders neither holds up the app's answers nor its sends.
        self._encryptor = BatchEncryptor(encrypt)

    def warm(self) -> None:
        """Have the encryption worker ready before a burst of messages falls due."""
        if self._encryptor is not None:
            self._encryptor.warm()

    async def stop(self) -> None:
        """Close the HTTP client and let the encryption worker finish."""
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._encryptor is not None:
            self._encryptor.close()
            self._encryptor = None

    async def send(
        self, endpoint: str, p256dh: str, auth: str, payload: bytes, *, ttl: int, topic: str
    ) -> Answer:
        """POST payload, encrypted, to endpoint; answer what the push service said, if anything."""
        if not _TOPIC.match(topic):
            raise ValueError("topic must be 1 to 32 base64url characters")
        if ttl < 0:
            raise ValueError("ttl must not be negative")
        client, encryptor, everyone = self._running()
        try:
            target = target_of(endpoint)
        except ProtocolError:
            return Answer(None)
        body = await encryptor.encrypt(payload, p256dh, auth)
        origin = target.origin
        headers = {
            "Authorization": self.signer.authorization(origin),
            "TTL": str(ttl),
            "Urgency": "high",
            "Topic": topic,
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
        }
        slots = self._origin_slots(origin)
        if slots.locked() or everyone.locked():
            try:
                async with asyncio.timeout(self.slot_wait):
                    await _acquire_both(slots, everyone)
            except TimeoutError:
                return Answer(None)  # its push service is too slow to take it: tried again later
        else:
            await _acquire_both(slots, everyone)  # both free: taken at once, no timer needed
        try:
            return await self._post(client, target, headers, body)
        finally:
            everyone.release()
            slots.release()

    async def _post(
        self, client: PushClient, target: Target, headers: dict[str, str], body: bytes
    ) -> Answer:
        try:
            response = await client.post(target, headers, body)
        except (TimeoutError, OSError, ProtocolError):
            return Answer(None)
        retry_after = parse_retry_after(response.headers.get("retry-after"), self.clock.now())
        return Answer(response.status, retry_after)

    def _origin_slots(self, origin: str) -> asyncio.Semaphore:
        slots = self._origins.get(origin)
        if slots is None:
            slots = self._origins[origin] = asyncio.Semaphore(self.per_origin)
        return slots

    def _running(self) -> tuple[PushClient, BatchEncryptor, asyncio.Semaphore]:
        if self._client is None or self._encryptor is None or self._all is None:
            raise RuntimeError("the push sender is not started")
        return self._client, self._encryptor, self._all


async def _acquire_both(origin_slots: asyncio.Semaphore, everyone: asyncio.Semaphore) -> None:
    # The origin's slot first: waiting for it must not hold a slot other origins could use.
    await origin_slots.acquire()
    try:
        await everyone.acquire()
    except BaseException:
        origin_slots.release()
        raise
