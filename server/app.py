"""create_app(settings): the Litestar app with its routes, lifespan and error handling."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from server import __version__
from server.calendars import feature as calendars
from server.checkins import feature as checkins
from server.clock import Clock, SystemClock
from server.context import Core, Feature, Worker, build_core, compose
from server.errors import EXCEPTION_HANDLERS
from server.exercises import feature as exercises
from server.export import feature as export
from server.health import health
from server.history import feature as history
from server.openapi import SMALL_ANSWER, ErrorResponses
from server.preferences import feature as preferences
from server.reminders import feature as reminders
from server.requests import AttuneRequest
from server.schedule import feature as schedule
from server.security import check_same_origin, security_headers
from server.settings import Settings
from server.shell.routes import shell_routes
from server.spaces import feature as spaces

log = logging.getLogger("attune")

JSON_BODY_LIMIT = 64 * 1024
# Each feature adds its services, routes and jobs; the app knows nothing else about them.
FEATURES: tuple[Callable[[Core], Feature], ...] = (
    spaces.build,
    exercises.build,
    checkins.build,
    schedule.build,
    calendars.build,
    preferences.build,
    history.build,
    export.build,
    # Push (keys, subscriptions, the sender) and the reminder loop that sends through it.
    reminders.build,
)


def create_app(
    settings: Settings,
    clock: Clock | None = None,
    features: Sequence[Callable[[Core], Feature]] = FEATURES,
) -> Litestar:
    """Build the Attune app; the database opens and migrates when the app starts."""
    core = build_core(settings, clock or SystemClock())
    built = [build(core) for build in features]
    services = compose(core, built)
    public_host = settings.public_url.split("://", 1)[-1].rstrip("/")

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await services.db.open()
        log.info("database ready at schema %s", await services.db.schema_version())
        services.scheduler.start()
        started: list[Worker] = []
        try:
            for worker in services.workers:
                await worker.start()
                started.append(worker)
            # Everything made at start lives as long as the app: out of the collector's reach,
            # a full collection scans only newer objects, and stops costing tens of ms mid-request.
            gc.freeze()
            yield
        finally:
            gc.unfreeze()
            for worker in reversed(started):
                await worker.stop()
            await services.scheduler.stop()
            await services.db.close()

    async def same_origin_only(request: Request[Any, Any, Any]) -> None:
        host = request.headers.get("host", "")
        check_same_origin(request.method, request.headers, public_host or host)

    return Litestar(
        route_handlers=[
            health,
            *(handler for feature in built for handler in feature.routes),
            *shell_routes(settings.shell_dir),
        ],
        lifespan=[lifespan],
        state=State({"services": services}),
        before_request=same_origin_only,
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=AttuneRequest,
        plugins=[ErrorResponses()],
        # Level 6 (zlib's default) makes a month of check-ins ~3x faster than Litestar's 9,
        # for a few percent more bytes.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=500, gzip_compress_level=6, exclude_opt_key=SMALL_ANSWER
        ),
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
