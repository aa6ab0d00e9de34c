"""Keep each space's pending deliveries equal to the reminders its schedule now wants."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from server.reminders.repo import ReminderRepo
from server.reminders.rules import reminders_due

log = logging.getLogger("attune.reminders")

# Far enough ahead that a reminder is planned long before it is due, near enough to stay cheap.
HORIZON = timedelta(hours=36)
# Changes are planned as they happen; the sweep only catches what no one announced (a template
# extended by the scheduler, a device that subscribed, an exercise that arrived from an outbox).
SWEEP_EVERY = timedelta(minutes=10)
# Delivery rows are kept a while after their reminder is over, for the operator to look at.
KEEP = timedelta(days=7)
SPACES_PER_PLAN = 200


class ReminderPlanner:
    def __init__(self, repo: ReminderRepo) -> None:
        self.repo = repo
        self.last_sweep_at: datetime | None = None

    async def plan(self, space_ids: Sequence[str], now: datetime) -> int:
        """Plan the given spaces' reminders; return how many delivery rows changed."""
        changed = 0
        for first in range(0, len(space_ids), SPACES_PER_PLAN):
            chunk = space_ids[first : first + SPACES_PER_PLAN]
            until = now + HORIZON
            plans = await self.repo.plans(chunk, now, until)
            subscriptions = await self.repo.subscriptions_of(chunk)
            # A space that is gone plans nothing; its rows left with it.
            wanted = {space_id: reminders_due(p, now, until) for space_id, p in plans.items()}
            changed += await self.repo.replace_pending(wanted, subscriptions, now)
        return changed

    async def sweep(self, now: datetime) -> dict[str, int] | str:
        """Plan every space with a subscription, at most every SWEEP_EVERY (a scheduler job)."""
        if self.last_sweep_at is not None and now - self.last_sweep_at < SWEEP_EVERY:
            return "not yet"
        self.last_sweep_at = now
        space_ids = await self.repo.spaces_with_subscriptions()
        changed = await self.plan(space_ids, now)
        purged = await self.repo.purge(now - KEEP)
        return {"spaces": len(space_ids), "changed": changed, "purged": purged}
