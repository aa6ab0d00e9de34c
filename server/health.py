"""GET /api/health: is the database reachable, and which schema it is on."""

from __future__ import annotations

import msgspec
from litestar import Response, get
from litestar.datastructures import State

from server import __version__


class Health(msgspec.Struct, kw_only=True):
    status: str
    version: str
    database: bool
    schema_version: int


@get("/api/health", tags=["operations"], cache_control=None)
async def health(state: State) -> Response[Health]:
    """Report whether Attune can serve: 200 when healthy, 503 when not."""
    db = state["services"].db
    reachable = await db.ping()
    body = Health(
        status="ok" if reachable else "unavailable",
        version=__version__,
        database=reachable,
        schema_version=await db.schema_version() if reachable else 0,
    )
    return Response(body, status_code=200 if reachable else 503)
