"""GET /api/health: is the database reachable, which schema it is on, is the scheduler alive."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Response, get
from litestar.datastructures import State

from server import __version__


class SchedulerHealth(msgspec.Struct, kw_only=True):
    alive: bool
    last_tick_at: datetime | None


class Health(msgspec.Struct, kw_only=True):
    status: str
    version: str
    database: bool
    schema_version: int
    scheduler: SchedulerHealth


@get("/api/health", tags=["operations"], cache_control=None)
async def health(state: State) -> Response[Health]:
    """Report whether Attune can serve and remind: 200 when healthy, 503 when not."""
    db = state["services"].db
    scheduler = state["services"].scheduler
    reachable = await db.ping()
    healthy = reachable and scheduler.alive
    body = Health(
        status="ok" if healthy else "unavailable",
        version=__version__,
        database=reachable,
        schema_version=await db.schema_version() if reachable else 0,
        scheduler=SchedulerHealth(alive=scheduler.alive, last_tick_at=scheduler.last_tick_at),
    )
    return Response(body, status_code=200 if healthy else 503)
