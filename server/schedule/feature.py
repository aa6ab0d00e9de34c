"""The schedule feature: weekly template, one-off sessions, moves, cancellations and pauses."""

from __future__ import annotations

from server.context import Core, Feature
from server.schedule.repo import ScheduleRepo
from server.schedule.routes import ScheduleController
from server.schedule.service import ScheduleService
from server.scheduler import Job


def build(core: Core) -> Feature:
    """Build the schedule service, its routes and the job that keeps the template ahead."""
    schedule = ScheduleService(
        ScheduleRepo(core.db),
        core.clock,
        core.spaces.space_changed,
        schedule_changed=core.changes.notify,
    )
    return Feature(
        services={"schedule": schedule},
        routes=[ScheduleController],
        jobs=[Job("weekly_template", schedule.extend_horizons)],
    )
