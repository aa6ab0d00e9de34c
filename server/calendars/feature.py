"""The calendars feature: .ics files and secret feeds, imported as appointment times."""

from __future__ import annotations

from server.context import Core, Feature
from server.schedule.calendar_repo import CalendarRepo
from server.schedule.calendars import CalendarService
from server.schedule.routes import CalendarController
from server.scheduler import Job


def build(core: Core) -> Feature:
    """Build the calendar service, its routes and the job that refreshes due feeds."""
    calendars = CalendarService(
        CalendarRepo(core.db),
        core.clock,
        core.secret,
        allow_local_feeds=core.settings.allow_local_feeds,
    )
    return Feature(
        services={"calendars": calendars},
        routes=[CalendarController],
        jobs=[Job("calendar_feeds", calendars.refresh_due)],
    )
