"""The reminder loop: sleep until a delivery falls due or a schedule changes, claim, send, record.

`run_due(now)` is one whole round, for tests to call with an injected clock; the task around it
only sleeps, on an event a change or a finished send can set early.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from server.changes import Changes
from server.clock import Clock
from server.push.repo import Subscription
from server.push.service import PushResult
from server.reminders.payload import reminder_payload, topic_for
from server.reminders.planner import HORIZON, ReminderPlanner
from server.reminders.repo import Claimed, Outcome, ReminderRepo
from server.reminders.rules import Reminder, SpacePlan, reminders_due

log = logging.getLogger("attune.reminders")

# Deliveries claimed and in hand at once: enough that the encryption worker still has a queue
# while the loop claims the next ones (at 256 it sat idle at each refill). The push sender
# answers each within its slot wait and timeout (30 + 10 s) however many wait, so the lease is
# well beyond that and a slow push service never sees a row twice.
IN_FLIGHT = 512
LEASE = timedelta(minutes=2)
MAX_SLEEP = 60.0
MIN_SLEEP = 0.01
ERROR_PAUSE = 5.0
STOP_GRACE = 5.0
FIRST_BACKOFF = timedelta(seconds=5)
LONGEST_BACKOFF = timedelta(minutes=5)
# Scheduler ticks are about a minute apart; overlapping them a little misses no subscription.
TICK_OVERLAP = timedelta(seconds=10)


class Deliverer(Protocol):
    """What the loop sends through: server.push.service.PushService."""

    async def deliver(
        self, subscription: Subscription, payload: bytes, *, ttl: int, topic: str
    ) -> PushResult: ...

    def warm(self) -> None:
        """Get ready to send: a delivery is due soon."""


def backoff(attempt: int) -> timedelta:
    """Return how long to wait after a failed attempt: doubling from 5 s, at most 5 minutes."""
    doubled: timedelta = FIRST_BACKOFF * 2 ** min(max(attempt - 1, 0), 16)
    return min(doubled, LONGEST_BACKOFF)


def after_push(claimed: Claimed, result: PushResult | None, now: datetime) -> Outcome:
    """Decide what a push service's answer (None: the send failed here) makes of a delivery."""
    if result is not None and result.outcome == "delivered":
        return Outcome("sent", result.status)
    if result is not None and result.outcome == "gone":
        return Outcome("gone", result.status)
    if result is not None and result.outcome in ("rejected", "unauthorized"):
        return Outcome("failed", result.status)
    status = None if result is None else result.status
    wait = backoff(claimed.attempt)
    if result is not None and result.retry_after is not None:
        wait = max(wait, timedelta(seconds=result.retry_after))
    if now + wait >= claimed.reminder.expires_at:
        return Outcome("failed", status)  # it could only land once it is worthless
    return Outcome("pending", status, next_attempt_at=now + wait)


def recheck(
    claimed: Claimed, wanted: dict[tuple[str, datetime], Reminder] | None, now: datetime
) -> Outcome | None:
    """Return why a claimed delivery must not be sent now, or None to send it."""
    reminder = claimed.reminder
    current = None if wanted is None else wanted.get((reminder.key, reminder.starts_at))
    if current is None:
        return Outcome("skipped")  # grounded, paused, cancelled, moved, or turned off since
    if current.due_at > now:
        # A session added before it: the reminder now waits for that one to end.
        return Outcome("pending", due_at=current.due_at, next_attempt_at=current.due_at)
    return None


class ReminderLoop:
    """Own the reminder task and the sends it started."""

    def __init__(
        self,
        repo: ReminderRepo,
        planner: ReminderPlanner,
        push: Deliverer,
        changes: Changes,
        clock: Clock,
        *,
        public_url: str = "",
        lease: timedelta = LEASE,
        in_flight: int = IN_FLIGHT,
        background: bool = True,
    ) -> None:
        self.repo = repo
        self.planner = planner
        self.push = push
        self.changes = changes
        self.clock = clock
        self.public_url = public_url
        self.lease = lease
        self.in_flight = in_flight
        self.background = background
        self.outcomes: Counter[str] = Counter()
        self._sending: set[asyncio.Task[None]] = set()
        self._full = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_tick_at: datetime | None = None
        self._recording: tuple[list[tuple[Claimed, Outcome]], asyncio.Future[None]] | None = None
        self._recorder: asyncio.Task[None] | None = None

    async def run_due(self, now: datetime | None = None, *, wait: bool = True) -> int:
        """Plan changed spaces, then claim and send what is due; return how many were claimed.

        With wait, return once every send has been answered and recorded; without, as soon as
        all that is due has been claimed, or IN_FLIGHT sends are running.
        """
        now = now or self.clock.now()
        changed = self.changes.take()
        if changed:
            await self.planner.plan(sorted(changed), now)
        claimed = 0
        while True:
            room = self.in_flight - len(self._sending)
            batch = await self.repo.claim(now, self.lease, room) if room > 0 else []
            claimed += len(batch)
            await self._dispatch(batch, now)
            self._full = room <= 0 or len(batch) == room
            if not wait:
                return claimed
            if self._sending:
                await asyncio.wait(
                    self._sending,
                    return_when=asyncio.FIRST_COMPLETED if self._full else asyncio.ALL_COMPLETED,
                )
            elif not self._full:
                return claimed

    async def tick(self, now: datetime) -> dict[str, int] | str:
        """Plan spaces that subscribed since the last tick, and now and then all (a job)."""
        # The push feature does not announce subscriptions; its updated_at says the same.
        since = self._last_tick_at or now - timedelta(minutes=5)
        self._last_tick_at = now
        for space_id in await self.repo.spaces_subscribed_since(since - TICK_OVERLAP):
            self.changes.notify(space_id)
        swept = await self.planner.sweep(now)
        self.changes.wake.set()
        return swept

    async def start(self) -> None:
        """Start the loop (unless built for tests to drive with run_due)."""
        self._stopping = False
        if self.background and self._task is None:
            self._task = asyncio.create_task(self._run(), name="attune-reminders")

    async def stop(self) -> None:
        """Stop sleeping, give running sends a moment, then cancel what is left."""
        self._stopping = True
        self.changes.wake.set()
        pending = [t for t in (self._task, *self._sending) if t is not None]
        self._task = None
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=STOP_GRACE)
        for task in late:
            task.cancel()  # its row stays claimed; the lease hands it to the next start
        await asyncio.gather(*late, return_exceptions=True)
        if self._recorder is not None:
            # Answers already in hand are stored before the database closes.
            await asyncio.gather(self._recorder, return_exceptions=True)

    async def _run(self) -> None:
        while not self._stopping:
            self.changes.wake.clear()
            delay = await self._round()
            if self._stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changes.wake.wait(), delay)

    async def _round(self) -> float:
        """Run one round; return how long to sleep before the next."""
        try:
            await self.run_due(self.clock.now(), wait=False)
            if self._full:
                return MAX_SLEEP  # a finished send wakes the loop
            wake_at = await self.repo.next_wake(self.clock.now())
        except Exception as exc:
            log.error("reminder round failed with %s", type(exc).__name__)
            return ERROR_PAUSE
        if wake_at is None:
            return MAX_SLEEP
        self.push.warm()
        return min(MAX_SLEEP, max(MIN_SLEEP, (wake_at - self.clock.now()).total_seconds()))

    async def _dispatch(self, batch: Sequence[Claimed], now: datetime) -> None:
        """Read what the batch needs in two queries, then start one send per delivery."""
        if not batch:
            return
        plans = await self.repo.plans(sorted({c.space_id for c in batch}), now, now + HORIZON)
        wanted = {space_id: _by_key(plan, now) for space_id, plan in plans.items()}
        subscriptions = await self.repo.subscriptions(sorted({c.subscription_id for c in batch}))
        for claimed in batch:
            task = asyncio.create_task(
                self._deliver(
                    claimed,
                    plans.get(claimed.space_id),
                    wanted.get(claimed.space_id),
                    subscriptions.get(claimed.subscription_id),
                    now,
                )
            )
            self._sending.add(task)
            task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        # Each claim costs a write and two reads whatever its size: refill in halves, not ones.
        if self._full and len(self._sending) <= self.in_flight // 2:
            self.changes.wake.set()

    async def _deliver(
        self,
        claimed: Claimed,
        plan: SpacePlan | None,
        wanted: dict[tuple[str, datetime], Reminder] | None,
        subscription: Subscription | None,
        now: datetime,
    ) -> None:
        outcome = recheck(claimed, wanted, now)
        if outcome is None and (subscription is None or plan is None):
            outcome = Outcome("gone")
        if outcome is None and subscription is not None and plan is not None:
            outcome = await self._push(claimed, plan, subscription)
        assert outcome is not None
        self.outcomes[outcome.state] += 1
        await self._record(claimed, outcome)

    async def _record(self, claimed: Claimed, outcome: Outcome) -> None:
        """Store an outcome with the others answered while the previous ones were written."""
        if self._recording is None:
            self._recording = ([], asyncio.get_running_loop().create_future())
        answered, written = self._recording
        answered.append((claimed, outcome))
        if self._recorder is None or self._recorder.done():
            # One write at a time, so a burst's answers gather into few writes, not one each.
            self._recorder = asyncio.get_running_loop().create_task(self._write_records())
        # Shielded: a send cancelled at stop must not cancel the write the others wait on.
        await asyncio.shield(written)

    async def _write_records(self) -> None:
        while self._recording is not None:
            answered, written = self._recording
            self._recording = None
            try:
                await self.repo.record(answered, self.clock.now())
            except Exception as exc:
                # The rows stay claimed; once their lease passes they are tried again, same topic.
                log.error("recording reminder deliveries failed with %s", type(exc).__name__)
            written.set_result(None)

    async def _push(self, claimed: Claimed, plan: SpacePlan, subscription: Subscription) -> Outcome:
        reminder = claimed.reminder
        sent_at = self.clock.now()
        ttl = int((reminder.expires_at - sent_at).total_seconds())
        if ttl <= 0:
            return Outcome("skipped")  # too late to be of any use
        payload = reminder_payload(reminder, plan.zone, sent_at, self.public_url)
        try:
            result: PushResult | None = await self.push.deliver(
                subscription, payload, ttl=ttl, topic=topic_for(reminder.key)
            )
        except Exception as exc:
            log.error("sending a reminder failed with %s", type(exc).__name__)
            result = None
        return after_push(claimed, result, self.clock.now())


def _by_key(plan: SpacePlan, now: datetime) -> dict[tuple[str, datetime], Reminder]:
    return {(r.key, r.starts_at): r for r in reminders_due(plan, now, now + HORIZON)}
