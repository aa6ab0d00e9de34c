"""The reminders feature: plans deliveries from each space's schedule and sends them by push."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from server.context import Core, Feature
from server.push import feature as push_feature
from server.push.service import PushService
from server.reminders import loop as reminder_loop
from server.reminders.loop import ReminderLoop
from server.reminders.planner import ReminderPlanner
from server.reminders.repo import ReminderRepo
from server.scheduler import Job


def build(
    core: Core,
    *,
    push: Callable[..., Feature] = push_feature.build,
    background: bool = True,
    lease: timedelta | None = None,
) -> Feature:
    """Build push (keys, subscriptions, sender) and the reminder loop that sends through it.

    One feature, so the loop holds the very sender push starts and stops: workers start in
    order (sender, then loop) and stop in reverse. background=False leaves the loop to tests,
    which drive it with run_due.
    """
    # A device subscribing or unsubscribing changes who gets the space's reminders.
    pushing = push(core, changed=core.changes.notify)
    sender = pushing.services["push"]
    assert isinstance(sender, PushService)
    repo = ReminderRepo(core.db)
    loop = ReminderLoop(
        repo,
        ReminderPlanner(repo),
        sender,
        core.changes,
        core.clock,
        public_url=core.settings.public_url,
        # Read at build time, not import time: the restart test's launcher shortens it.
        lease=lease or reminder_loop.LEASE,
        background=background,
    )
    return Feature(
        services={**pushing.services, "reminders": loop},
        routes=pushing.routes,
        jobs=[*pushing.jobs, Job("reminders", loop.tick)],
        workers=[*pushing.workers, loop],
    )
