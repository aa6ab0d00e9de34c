"""The calendars feature: .ics files and secret feeds, imported as appointment times."""

from __future__ import annotations

from datetime import timedelta

from server.calendars.bounded import CPU_SECONDS
from server.calendars.repo import CalendarRepo
from server.calendars.routes import CalendarController
from server.calendars.service import CalendarService
from server.context import Core, Feature
from server.ratelimit import RateLimiter
from server.scheduler import Job

IMPORTS_PER_HOUR = 10


def build(core: Core, *, cpu_seconds: int = CPU_SECONDS) -> Feature:
    """Build the calendar service, its routes and the job that refreshes due feeds."""
    calendars = CalendarService(
        CalendarRepo(core.db),
        core.clock,
        core.secret,
        imports=RateLimiter(
            core.clock,
            limit=IMPORTS_PER_HOUR,
            window=timedelta(hours=1),
            what="calendar imports",
            source="in this space",
        ),
        allow_local_feeds=core.settings.allow_local_feeds,
        cpu_seconds=cpu_seconds,
        schedule_changed=core.changes.notify,
    )
    return Feature(
        services={"calendars": calendars},
        routes=[CalendarController],
        jobs=[Job("calendar_feeds", calendars.refresh_due)],
    )
