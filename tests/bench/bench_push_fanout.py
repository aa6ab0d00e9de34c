"""Fan out 10,000 reminders due at the same moment through the real claim path.

Seeds a real SQLite file (migrated by server.db.Database) with 10,000 spaces, each with one device,
one push subscription and one session whose reminder falls due at the same instant, planned by
the real planner. Then the real reminder loop (its background task, sleeping until that instant)
claims, re-checks, encrypts and sends them through the real push sender to an accept-only push
service in another process (a bare asyncio HTTP/1.1 responder on loopback answering 201). It also
times encryption alone (server.push.sender.encrypt, one thread) for the same payload, and
prints one JSON object on stdout:
    {"name": "push_fanout", "reminders": N, "seconds": ..., "per_second": ...,
     "encrypt_only_per_second": ..., "ratio": ..., "p99_lateness_s": ...}
ratio is per_second / encrypt_only_per_second; lateness is when the push service's answer came
back, measured from the due instant. Logs go to stderr; any failure exits non-zero.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cryptography.hazmat.primitives.asymmetric import ec

from server.changes import Changes
from server.clock import to_db
from server.db import Database, Tx
from server.push.repo import Subscription, SubscriptionRepo
from server.push.sender import PushSender, encrypt
from server.push.service import PushResult, PushService
from server.push.vapid import VapidSigner, b64url, public_key_b64
from server.reminders.loop import ReminderLoop
from server.reminders.payload import reminder_payload
from server.reminders.planner import ReminderPlanner
from server.reminders.repo import ReminderRepo
from server.reminders.rules import Reminder

REMINDERS = 10_000
ENCRYPTIONS = 2_000
DUE = datetime(2030, 1, 7, 9, 55, tzinfo=UTC)  # a Monday; sessions at 10:00, lead 5 minutes
# The push service stand-in only accepts: a bare HTTP/1.1 keep-alive responder, so the machine's
# two cores go to Attune's own work (a real push service is someone else's computer).
ACCEPT_ONLY = """
import asyncio, sys

ANSWER = b"HTTP/1.1 201 Created\\r\\nContent-Length: 0\\r\\n\\r\\n"

class Accept(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer, self.need = transport, b"", None

    def data_received(self, data):
        self.buffer += data
        while True:
            if self.need is None:
                end = self.buffer.find(b"\\r\\n\\r\\n")
                if end < 0:
                    return
                head = self.buffer[:end].lower()
                start = head.find(b"content-length:")
                length = int(head[start + 15:].split(b"\\r\\n", 1)[0]) if start >= 0 else 0
                self.need, self.buffer = length, self.buffer[end + 4:]
            if len(self.buffer) < self.need:
                return
            self.buffer, self.need = self.buffer[self.need:], None
            self.transport.write(ANSWER)

async def main():
    server = await asyncio.get_running_loop().create_server(Accept, "127.0.0.1", int(sys.argv[1]))
    await server.serve_forever()

asyncio.run(main())
"""


def log(message: str) -> None:
    print(f"[push_fanout] {message}", file=sys.stderr, flush=True)


class ShiftedClock:
    """Real time, moved so that the benchmark decides when the due instant arrives."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def place(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


class Timed:
    """The push service, noting how late each answer came back."""

    def __init__(self, push: PushService, clock: ShiftedClock) -> None:
        self.push = push
        self.clock = clock
        self.lateness: list[float] = []

    async def deliver(
        self, subscription: Subscription, payload: bytes, *, ttl: int, topic: str
    ) -> PushResult:
        result = await self.push.deliver(subscription, payload, ttl=ttl, topic=topic)
        self.lateness.append((self.clock.now() - DUE).total_seconds())
        return result

    def warm(self) -> None:
        self.push.warm()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_push_service() -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", ACCEPT_ONLY, str(port))
    for _ in range(500):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            await asyncio.sleep(0.02)
    raise RuntimeError("the accept-only push service did not start")


async def seed(db: Database, origin: str, p256dh: str, auth: str, now: datetime) -> list[str]:
    """Write every space, device, subscription and session in one write unit."""
    spaces = [f"space-{n:05d}" for n in range(REMINDERS)]
    stamp = to_db(now)
    start, end = to_db(DUE + timedelta(minutes=5)), to_db(DUE + timedelta(minutes=55))

    def write(tx: Tx) -> None:
        tx.execute_many(
            "INSERT INTO spaces (id, created_at, time_zone) VALUES (?, ?, 'Europe/Berlin')",
            [(s, stamp) for s in spaces],
        )
        tx.execute_many(
            "INSERT INTO devices (id, space_id, token_hash, label, created_at, last_seen_at)"
            " VALUES (?, ?, ?, 'phone', ?, ?)",
            [(f"d-{s}", s, f"hash-{s}", stamp, stamp) for s in spaces],
        )
        tx.execute_many(
            "INSERT INTO push_subscriptions (id, space_id, device_id, endpoint, p256dh, auth,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (f"p-{s}", s, f"d-{s}", f"{origin}/push/{s}", p256dh, auth, stamp, stamp)
                for s in spaces
            ],
        )
        tx.execute_many(
            "INSERT INTO appointments (space_id, id, source, starts_at, ends_at, created_at,"
            " updated_at) VALUES (?, 'session', 'manual', ?, ?, ?, ?)",
            [(s, start, end, stamp, stamp) for s in spaces],
        )

    await db.write(write)
    return spaces


def encrypt_only(p256dh: str, auth: str) -> float:
    """Return encryptions per second of the reminder payload, one after another."""
    reminder = Reminder(DUE, "appointment:session", DUE + timedelta(minutes=5), "appointment")
    payload = reminder_payload(reminder, UTC, DUE, "https://attune.example.org")
    started = time.perf_counter()
    for _ in range(ENCRYPTIONS):
        encrypt(payload, p256dh, auth)
    return ENCRYPTIONS / (time.perf_counter() - started)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def fan_out(db: Database, origin: str, p256dh: str, auth: str) -> dict[str, float]:
    clock = ShiftedClock()
    clock.place(DUE - timedelta(hours=1))
    spaces = await seed(db, origin, p256dh, auth, clock.now())
    repo = ReminderRepo(db)
    planner = ReminderPlanner(repo)
    planned = await planner.plan(spaces, clock.now())
    log(f"seeded and planned {planned} deliveries")
    if planned != REMINDERS:
        raise RuntimeError(f"planned {planned} deliveries, not {REMINDERS}")
    sender = PushSender(
        VapidSigner(ec.generate_private_key(ec.SECP256R1()), "mailto:bench@example.org", clock),
        clock,
        allow_local=True,
    )
    push = PushService(SubscriptionRepo(db), sender, clock, hosts=["127.0.0.1"], allow_local=True)
    timed = Timed(push, clock)
    loop = ReminderLoop(repo, planner, timed, Changes(), clock)
    await sender.start()
    clock.place(DUE - timedelta(seconds=0.5))
    await loop.start()  # sleeps until the due instant, as in production
    while len(timed.lateness) < REMINDERS:
        await asyncio.sleep(0.01)
        if clock.now() > DUE + timedelta(minutes=4):
            raise RuntimeError(f"only {len(timed.lateness)} of {REMINDERS} sent in 4 minutes")
    seconds = max(timed.lateness)
    await loop.stop()
    await sender.stop()
    sent = loop.outcomes["sent"]
    if sent != REMINDERS:
        raise RuntimeError(f"{sent} of {REMINDERS} recorded as sent: {dict(loop.outcomes)}")
    return {
        "seconds": seconds,
        "per_second": REMINDERS / seconds,
        "p99_lateness_s": percentile(timed.lateness, 0.99),
    }


async def main() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    p256dh, auth = public_key_b64(key), b64url(b"sixteen byte key")
    encrypt_rate = encrypt_only(p256dh, auth)
    log(f"encryption alone: {encrypt_rate:.0f}/s")
    process, origin = await start_push_service()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(Path(tmp) / "attune.sqlite3")
            await db.open()
            try:
                measured = await fan_out(db, origin, p256dh, auth)
            finally:
                await db.close()
    finally:
        process.terminate()
        await process.wait()
    result = {
        "name": "push_fanout",
        "reminders": REMINDERS,
        "seconds": round(measured["seconds"], 3),
        "per_second": round(measured["per_second"], 1),
        "encrypt_only_per_second": round(encrypt_rate, 1),
        "ratio": round(measured["per_second"] / encrypt_rate, 3),
        "p99_lateness_s": round(measured["p99_lateness_s"], 3),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
