"""The health endpoint tells an operator whether the database answers, and at which schema."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from server import __version__
from server.db import migrations


async def test_health_reports_the_database_and_schema(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert body["schema_version"] == len(migrations())
    assert body["version"] == __version__


async def test_health_needs_no_session(client: AsyncTestClient[Litestar]) -> None:
    assert "attune_session" not in client.cookies
    assert (await client.get("/api/health")).status_code == 200
