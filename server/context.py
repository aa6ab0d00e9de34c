"""What a request handler can ask for: built once per app, handed out by dependency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide

from server.checkins.service import CheckInService
from server.clock import Clock
from server.db import Database
from server.exercises.service import ExerciseLogService
from server.schedule.calendars import CalendarService
from server.schedule.service import ScheduleService
from server.scheduler import Scheduler
from server.settings import Settings
from server.spaces.repo import Device
from server.spaces.service import SpaceService

SESSION_COOKIE = "attune_session"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Services:
    """The app's long-lived parts; one instance per app, kept in app.state."""

    settings: Settings
    clock: Clock
    db: Database
    spaces: SpaceService
    exercise_logs: ExerciseLogService
    check_ins: CheckInService
    schedule: ScheduleService
    calendars: CalendarService
    scheduler: Scheduler


def provide_services(state: State) -> Services:
    services: Services = state["services"]
    return services


def provide_service(name: str) -> Provide:
    """Hand a handler one of the app's services, by its name in Services."""

    def provide(state: State) -> Any:
        return getattr(provide_services(state), name)

    return Provide(provide, sync_to_thread=False)


async def provide_device(request: Request[Any, Any, Any], state: State) -> Device:
    """Resolve the signed-in device from its cookie; 401 without one, 403 without CSRF token."""
    return await provide_services(state).spaces.authenticate(
        request.cookies.get(SESSION_COOKIE), request.method, request.headers.get(CSRF_HEADER)
    )


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"
