"""create_app(settings): the Litestar app with its routes, lifespan and error handling."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from litestar import Litestar, Request
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from server import __version__
from server.checkins.repo import CheckInRepo
from server.checkins.routes import CheckInController
from server.checkins.service import CheckInService
from server.clock import Clock, SystemClock
from server.context import Services
from server.db import Database
from server.errors import EXCEPTION_HANDLERS
from server.exercises.repo import ExerciseLogRepo
from server.exercises.routes import ExerciseLogController
from server.exercises.service import ExerciseLogService
from server.health import health
from server.keys import load_or_create_secret
from server.library import load_library
from server.ratelimit import RateLimiter
from server.schedule.calendar_repo import CalendarRepo
from server.schedule.calendars import CalendarService
from server.schedule.repo import ScheduleRepo
from server.schedule.routes import CalendarController, ScheduleController
from server.schedule.service import ScheduleService
from server.scheduler import Job, Scheduler
from server.security import check_same_origin, security_headers
from server.settings import Settings
from server.shell.routes import shell_routes
from server.spaces.repo import SpaceRepo
from server.spaces.routes import SpaceController
from server.spaces.service import SpaceService

log = logging.getLogger("attune")

JSON_BODY_LIMIT = 64 * 1024


def build_services(settings: Settings, clock: Clock) -> Services:
    """Assemble the app's long-lived parts from settings; nothing is opened yet."""
    secret = load_or_create_secret(settings.data_path)
    db = Database(settings.database_path)
    spaces = SpaceService(
        SpaceRepo(db),
        clock,
        secret,
        creations=RateLimiter(
            clock,
            limit=settings.spaces_per_hour_per_address,
            window=timedelta(hours=1),
            what="new spaces",
        ),
        claims=RateLimiter(
            clock,
            limit=settings.pairing_attempts_per_10min,
            window=timedelta(minutes=10),
            what="code attempts",
        ),
    )
    library = load_library(settings.shell_dir)
    schedule = ScheduleService(ScheduleRepo(db), clock)
    calendars = CalendarService(
        CalendarRepo(db), clock, secret, allow_local_feeds=settings.allow_local_feeds
    )
    scheduler = Scheduler(
        clock,
        [
            Job("calendar_feeds", calendars.refresh_due),
            Job("weekly_template", schedule.extend_horizons),
        ],
    )
    return Services(
        settings=settings,
        clock=clock,
        db=db,
        spaces=spaces,
        exercise_logs=ExerciseLogService(ExerciseLogRepo(db), clock, library),
        check_ins=CheckInService(CheckInRepo(db), clock, library),
        schedule=schedule,
        calendars=calendars,
        scheduler=scheduler,
    )


def create_app(settings: Settings, clock: Clock | None = None) -> Litestar:
    """Build the Attune app; the database opens and migrates when the app starts."""
    services = build_services(settings, clock or SystemClock())
    public_host = settings.public_url.split("://", 1)[-1].rstrip("/")

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await services.db.open()
        log.info("database ready at schema %s", await services.db.schema_version())
        services.scheduler.start()
        try:
            yield
        finally:
            await services.scheduler.stop()
            await services.db.close()

    async def same_origin_only(request: Request[Any, Any, Any]) -> None:
        host = request.headers.get("host", "")
        check_same_origin(request.method, request.headers, public_host or host)

    return Litestar(
        route_handlers=[
            health,
            SpaceController,
            ExerciseLogController,
            CheckInController,
            ScheduleController,
            CalendarController,
            *shell_routes(settings.shell_dir),
        ],
        lifespan=[lifespan],
        state=State({"services": services}),
        before_request=same_origin_only,
        exception_handlers=EXCEPTION_HANDLERS,
        compression_config=CompressionConfig(backend="gzip", minimum_size=500),
        request_max_body_size=JSON_BODY_LIMIT,
        openapi_config=OpenAPIConfig(
            title="Attune",
            version=__version__,
            description="The API behind the Attune PWA. Every write needs the session's CSRF token"
            " in X-CSRF-Token.",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
        before_send=[security_headers(https=settings.secure_cookies)],
        logging_config=None,
        debug=False,
    )
