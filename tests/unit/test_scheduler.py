"""The scheduler: one tick runs every job for one moment; the loop has an owner and stops."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import pytest
from support.clock import FakeClock

from server.scheduler import Job, Scheduler


async def test_scheduler_tick_runs_every_job_for_the_given_time(clock: FakeClock) -> None:
    seen: list[tuple[str, datetime]] = []

    async def first(now: datetime) -> int:
        seen.append(("first", now))
        return 1

    async def second(now: datetime) -> str:
        seen.append(("second", now))
        return "done"

    scheduler = Scheduler(clock, [Job("first", first), Job("second", second)])
    moment = clock.advance(minutes=5)
    assert await scheduler.tick(moment) == {"first": 1, "second": "done"}
    assert seen == [("first", moment), ("second", moment)]
    assert scheduler.last_tick_at == moment


async def test_scheduler_failing_job_is_logged_and_the_others_still_run(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(now: datetime) -> None:
        raise RuntimeError("https://calendar.example/secret-path")

    async def fine(now: datetime) -> str:
        return "ok"

    scheduler = Scheduler(clock, [Job("broken", broken)])
    scheduler.add(Job("fine", fine))
    with caplog.at_level(logging.DEBUG):
        summary = await scheduler.tick()
    assert summary == {"broken": "failed", "fine": "ok"}
    assert scheduler.last_tick_at == clock.now()
    assert "broken failed with RuntimeError" in caplog.text
    assert "secret-path" not in caplog.text


async def test_scheduler_start_and_stop_own_the_task(clock: FakeClock) -> None:
    scheduler = Scheduler(clock, [], interval=3600)
    assert not scheduler.alive
    scheduler.start()
    scheduler.start()  # a second start keeps the one loop
    assert scheduler.alive
    await scheduler.stop()
    assert not scheduler.alive
    assert scheduler.last_tick_at is None  # the first tick waits one interval


async def test_scheduler_stop_cancels_a_tick_that_overruns_the_grace(clock: FakeClock) -> None:
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def hangs(now: datetime) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    scheduler = Scheduler(clock, [Job("hangs", hangs)], interval=0)
    scheduler.start()
    await started.wait()
    await scheduler.stop(grace=0.01)
    assert cancelled.is_set()
    assert not scheduler.alive


async def test_scheduler_loop_keeps_ticking(clock: FakeClock) -> None:
    ticks: list[datetime] = []
    enough = asyncio.Event()

    async def count(now: datetime) -> None:
        ticks.append(now)
        if len(ticks) == 3:
            enough.set()

    scheduler = Scheduler(clock, [Job("count", count)], interval=0)
    scheduler.start()
    await enough.wait()
    await scheduler.stop()
    assert len(ticks) >= 3
