"""The session cache: one lookup for many callers, and nothing cached that was just forgotten."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from support.clock import FakeClock

from server.spaces.repo import Device, Space
from server.spaces.sessions import OneLookup, SessionCache

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)


def device(device_id: str = "d1", space_id: str = "s1") -> Device:
    return Device(
        id=device_id,
        space_id=space_id,
        token_hash=f"hash-{device_id}",
        label="Phone",
        created_at=NOW,
        last_seen_at=NOW,
    )


async def test_callers_asking_together_share_one_lookup() -> None:
    lookups = OneLookup()
    calls = 0
    release = asyncio.Event()

    async def read() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "answer"

    waiting = [asyncio.create_task(lookups.get("k", read)) for _ in range(20)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*waiting) == ["answer"] * 20
    assert calls == 1
    assert await lookups.get("k", read) == "answer"
    assert calls == 2  # a later caller asks afresh


async def test_a_failed_lookup_fails_everyone_waiting_and_is_not_kept() -> None:
    lookups = OneLookup()
    release = asyncio.Event()

    async def broken() -> str:
        await release.wait()
        raise RuntimeError("database went away")

    waiting = [asyncio.create_task(lookups.get("k", broken)) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)

    async def fine() -> str:
        return "back"

    assert await lookups.get("k", fine) == "back"


def test_a_device_read_before_it_was_signed_out_is_not_cached() -> None:
    cache = SessionCache(FakeClock(NOW))
    read_in = cache.generation
    cache.forget_device("d1")  # signed out while the read was on its way
    cache.put(device(), read_in=read_in)
    assert cache.get("hash-d1") is None
    cache.put(device(), read_in=cache.generation)
    assert cache.get("hash-d1") == device()


@pytest.mark.parametrize("change", ["space_changed", "forget_space"])
def test_a_space_read_before_it_changed_is_not_cached(change: str) -> None:
    cache = SessionCache(FakeClock(NOW))
    read_in = cache.generation
    getattr(cache, change)("s1")
    space = Space(id="s1", created_at=NOW, time_zone="UTC", has_recovery_code=False)
    cache.put_space(space, read_in=read_in)
    assert cache.space("s1") is None
    cache.put_space(space, read_in=cache.generation)
    assert cache.space("s1") == space
