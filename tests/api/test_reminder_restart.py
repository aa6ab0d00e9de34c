"""A real server killed with SIGKILL in the middle of a burst of reminders, then started again.

Real time and a real process: the server is tests/support/reminder_server.py (local push allowed,
a three-second lease), the push stand-in answers on this test's event loop. A push service
replaces an undelivered message with the same topic and a browser a shown notification with the
same tag, so "exactly once" is: every endpoint got its one topic, and no endpoint got another.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from asyncio.subprocess import Process
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from factories import query, sign_in_new_space
from support.push_service import PushService, serve_push

from server.reminders.payload import topic_for
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "tests" / "support" / "reminder_server.py"
SPACES = 48
HANGING = 10  # fewer than the sender's 16 slots per push service: the others go on
LEASE_SECONDS = 3
FIRST = "00000000-0000-4000-8000-000000000001"
NEXT = "00000000-0000-4000-8000-000000000002"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def reminder_server(data_dir: Path) -> AsyncIterator[tuple[str, Process]]:
    """Run the launcher on a free loopback port until /api/health answers; stop it after."""
    port = free_port()
    env = {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data_dir),
        "ATTUNE_HOST": "127.0.0.1",
        "ATTUNE_PORT": str(port),
        "ATTUNE_SPACES_PER_HOUR": "10000",
        "ATTUNE_LOG_LEVEL": "WARNING",
        "ATTUNE_TEST_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    log = (data_dir.parent / f"server-{port}.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(LAUNCHER), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url) as probe:
            for _ in range(300):
                assert process.returncode is None, "the server exited while starting"
                try:
                    if (await probe.get("/api/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        yield url, process
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 10)
        log.close()


async def therapist(url: str, push: PushService, name: str) -> httpx.AsyncClient:
    """Make a space whose only device has the phone called name subscribed."""
    client = httpx.AsyncClient(base_url=url)
    await sign_in_new_space(client)
    subscribed = await client.put("/api/push/subscription", json=push.subscribe(name).json)
    assert subscribed.status_code in (200, 201), subscribed.text
    return client


async def sessions(client: httpx.AsyncClient, due: datetime) -> str:
    """Add a session ending at due and the next two minutes later; return its reminder's topic."""
    # The next session's reminder (five minutes ahead) waits for the first to end, so every
    # space's falls due at the same instant.
    for ident, start, minutes in (
        (FIRST, due - timedelta(minutes=30), 30),
        (NEXT, due + timedelta(minutes=2), 50),
    ):
        response = await client.put(
            f"/api/schedule/appointments/{ident}",
            json={"starts_at": start.isoformat(), "length_minutes": minutes},
        )
        assert response.status_code in (200, 201), response.text
    await client.aclose()
    return topic_for(f"appointment:{NEXT}")


async def until(condition: object, seconds: float) -> bool:
    for _ in range(int(seconds / 0.01)):
        if callable(condition) and condition():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_reminder_restart_after_sigkill_mid_burst_sends_each_exactly_once(
    tmp_path: Path, settings: Settings
) -> None:
    data_dir = Path(settings.data_dir)
    names = [f"phone-{n}" for n in range(SPACES)]
    async with serve_push() as push:
        for name in names[:HANGING]:
            push.hang(name)
        async with reminder_server(data_dir) as (url, server):
            clients = await asyncio.gather(*(therapist(url, push, n) for n in names))
            due = datetime.now(UTC) + timedelta(seconds=4)
            topics = await asyncio.gather(*(sessions(c, due) for c in clients))
            # Mid-burst: the hanging ones are claimed and on the wire, the rest delivered.
            hanging = set(names[:HANGING])
            assert await until(lambda: hanging <= set(push.requests), 30), push.requests
            server.send_signal(signal.SIGKILL)
            await asyncio.wait_for(server.wait(), 10)
        first_life = len(push.delivered)
        assert first_life < SPACES
        push.hanging.clear()
        async with reminder_server(data_dir):

            def everyone() -> bool:
                return {m.name for m in push.delivered} == set(names)

            assert await until(everyone, 30), sorted({m.name for m in push.delivered})
            await asyncio.sleep(LEASE_SECONDS + 1)  # a repeat would have come by now
        assert push.refused == []
        for name, topic in zip(names, topics, strict=True):
            shown = {m.headers["Topic"] for m in push.delivered if m.name == name}
            assert shown == {topic}, name
        rows = query(settings, "SELECT state, count(*) FROM reminder_deliveries GROUP BY state")
        assert rows == [("sent", SPACES)]
