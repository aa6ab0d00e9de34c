"""Practice keeps the local day it happened on; a later zone change never moves past days."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from factories import make_settings, sign_in_new_space
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.app import create_app
from server.db import Database, migrations


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


async def set_zone(client: httpx.AsyncClient, zone: str) -> None:
    response = await client.put("/api/space/time-zone", json={"time_zone": zone})
    assert response.status_code == 200, response.text


async def log_exercise(
    client: httpx.AsyncClient, started_at: datetime, offset: int | None = None
) -> dict[str, object]:
    body: dict[str, object] = {
        "exercise_id": "box-breathing",
        "started_at": started_at.isoformat(),
        "duration_seconds": 60,
        "completed": True,
    }
    if offset is not None:
        body["utc_offset_minutes"] = offset
    response = await client.put(f"/api/exercise-logs/{uuid.uuid4()}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


async def check_in(client: httpx.AsyncClient, at: datetime, offset: int | None = None) -> str:
    body: dict[str, object] = {"checked_in_at": at.isoformat(), "presence": 3, "energy": 3}
    if offset is not None:
        body["utc_offset_minutes"] = offset
    response = await client.put(f"/api/check-ins/{uuid.uuid4()}", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["local_day"])


async def test_practice_near_midnight_lands_on_the_local_day(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    await set_zone(me, "America/New_York")  # UTC-5 in March before the 9th
    clock.advance(hours=20)  # 2025-03-04 04:55 UTC, 23:55 on the 3rd in New York
    late = await log_exercise(me, clock.now() - timedelta(minutes=6))  # 23:49 local
    assert (late["local_day"], late["utc_offset_minutes"]) == ("2025-03-03", -300)
    clock.advance(minutes=20)  # 00:15 local on the 4th
    early = await log_exercise(me, clock.now() - timedelta(minutes=5))  # 00:10 local
    assert (early["local_day"], early["utc_offset_minutes"]) == ("2025-03-04", -300)


async def test_a_zone_change_never_moves_past_days(me: httpx.AsyncClient, clock: FakeClock) -> None:
    await set_zone(me, "Asia/Tokyo")  # UTC+9
    clock.advance(hours=15, minutes=55)  # 2025-03-04 00:50 UTC = 09:50 in Tokyo
    before = await log_exercise(me, clock.now() - timedelta(minutes=1))
    assert before["local_day"] == "2025-03-04"
    clock.advance(minutes=1)
    await set_zone(me, "America/Los_Angeles")  # UTC-8: that instant was the 3rd there
    listed = (await me.get("/api/exercise-logs")).json()["exercise_logs"]
    assert [log["local_day"] for log in listed] == ["2025-03-04"]
    # An offline check-in from before the change, synced after it, keeps the zone of its time.
    assert await check_in(me, clock.now() - timedelta(minutes=2)) == "2025-03-04"
    assert await check_in(me, clock.now()) == "2025-03-03"


async def test_before_a_zone_is_chosen_the_device_offset_decides(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    clock.advance(hours=15, minutes=10)  # 2025-03-04 00:05 UTC
    assert await check_in(me, clock.now(), offset=-300) == "2025-03-03"
    assert await check_in(me, clock.now(), offset=60) == "2025-03-04"
    assert await check_in(me, clock.now()) == "2025-03-04"


async def test_device_offset_out_of_range_is_refused(me: httpx.AsyncClient) -> None:
    body = {"checked_in_at": "2025-03-03T08:50:00Z", "presence": 3, "energy": 3}
    response = await me.put(
        f"/api/check-ins/{uuid.uuid4()}", json={**body, "utc_offset_minutes": 15 * 60}
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "utc_offset_minutes"


async def test_migration_gives_existing_practice_its_local_day(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    path = settings.database_path
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    for _, _, sql in migrations()[:3]:
        conn.executescript(sql)
    conn.executescript(
        "PRAGMA user_version = 3;"
        "INSERT INTO spaces (id, created_at, time_zone)"
        " VALUES ('s1', '2025-01-01T00:00:00.000000Z', 'Australia/Sydney');"
        "INSERT INTO exercise_logs VALUES ('s1', 'e1', 'box-breathing',"
        " '2025-03-03T13:30:00.000000Z', 60, 1, '2025-03-03T13:31:00.000000Z', 'f');"
        "INSERT INTO check_ins VALUES ('s1', 'c1', '2025-03-03T12:30:00.000000Z', 3, 3, '[]',"
        " NULL, NULL, NULL, '2025-03-03T12:31:00.000000Z', 'f');"
    )
    conn.close()
    db = Database(path)
    await db.open()
    try:
        log = await db.fetch_one("SELECT local_day, utc_offset_minutes FROM exercise_logs")
        check = await db.fetch_one("SELECT local_day, utc_offset_minutes FROM check_ins")
        zones = await db.fetch_all("SELECT space_id, time_zone FROM space_zones")
    finally:
        await db.close()
    assert log is not None
    assert check is not None
    # Sydney is UTC+11 in March: 13:30 UTC is 00:30 the next day, 12:30 UTC is 23:30.
    assert (log["local_day"], log["utc_offset_minutes"]) == ("2025-03-04", 660)
    assert (check["local_day"], check["utc_offset_minutes"]) == ("2025-03-03", 660)
    assert [(z["space_id"], z["time_zone"]) for z in zones] == [("s1", "Australia/Sydney")]


async def test_app_serves_local_days_after_a_restart(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2025, 6, 1, 22, 30, tzinfo=UTC))
    settings = make_settings(tmp_path)
    async with AsyncTestClient(create_app(settings, clock=clock)) as first:
        await sign_in_new_space(first)
        await set_zone(first, "Europe/Berlin")
        assert await check_in(first, clock.now()) == "2025-06-02"
        cookies = dict(first.cookies)
        csrf = first.headers["X-CSRF-Token"]
    async with AsyncTestClient(create_app(settings, clock=clock)) as second:
        second.cookies.update(cookies)
        second.headers["X-CSRF-Token"] = csrf
        listed = (await second.get("/api/check-ins")).json()["check_ins"]
        assert [c["local_day"] for c in listed] == ["2025-06-02"]
