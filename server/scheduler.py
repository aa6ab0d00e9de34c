"""The one background loop: every minute, run each job once for the current time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from server.clock import Clock

log = logging.getLogger("attune.scheduler")

TICK_SECONDS = 60.0
STOP_GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class Job:
    """Something to do on every tick: refresh feeds, extend the template, send reminders …"""

    name: str
    run: Callable[[datetime], Awaitable[object]]


class Scheduler:
    """Own the background task; `tick(now)` is the whole of one round, for tests to call."""

    def __init__(
        self, clock: Clock, jobs: Sequence[Job] = (), *, interval: float = TICK_SECONDS
    ) -> None:
        self.clock = clock
        self.jobs = list(jobs)
        self.interval = interval
        self.last_tick_at: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    def add(self, job: Job) -> None:
        self.jobs.append(job)

    @property
    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    async def tick(self, now: datetime | None = None) -> dict[str, object]:
        """Run every job once for now; a failing job is logged and the others still run."""
        now = now or self.clock.now()
        summary: dict[str, object] = {}
        for job in self.jobs:
            try:
                summary[job.name] = await job.run(now)
            except Exception as exc:
                # Log the type only: a message could quote a feed URL or other private text.
                log.error("scheduler job %s failed with %s", job.name, type(exc).__name__)
                summary[job.name] = "failed"
        self.last_tick_at = now
        log.debug("scheduler tick: %s", summary)
        return summary

    def start(self) -> None:
        """Start ticking every interval; the first tick comes one interval after start."""
        if self.alive:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="attune-scheduler")

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Let a running tick finish for up to grace seconds, then cancel it."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)
            if self._stopping.is_set():
                return
            try:
                await self.tick()
            except Exception as exc:
                log.error("scheduler tick failed with %s", type(exc).__name__)
