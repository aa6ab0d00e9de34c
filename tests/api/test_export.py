"""Export everything as JSON and CSV; a JSON export moves to a new space and round-trips exactly."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import sign_in_new_space, snapshot
from support.clock import FakeClock

from server.settings import Settings

FEED_SECRET = "private-token-in-the-feed-address"
FEED_HOST = "calendar.practice.example"


@pytest.fixture
async def seeded(client: httpx.AsyncClient, clock: FakeClock) -> httpx.AsyncClient:
    """A space with a zone, settings, a weekly session, a cancel, a pause and practice."""
    await sign_in_new_space(client)
    await client.put("/api/space/time-zone", json={"time_zone": "Europe/Berlin"})
    await client.patch(
        "/api/settings", json={"reminder_lead_minutes": 10, "check_in_prompts": ["12:30"]}
    )
    slot = await client.put(
        f"/api/schedule/slots/{uuid.uuid4()}",
        json={"weekday": 1, "start": "09:00", "length_minutes": 50},
    )
    assert slot.status_code == 200, slot.text
    schedule = (await client.get("/api/schedule")).json()
    first = schedule["appointments"][0]["id"]
    cancelled = await client.put(f"/api/schedule/appointments/{first}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    await client.put(f"/api/schedule/pauses/{uuid.uuid4()}", json={})
    log_id = str(uuid.uuid4())
    started = clock.now() - timedelta(seconds=60)
    await client.put(
        f"/api/exercise-logs/{log_id}",
        json={
            "exercise_id": "box-breathing",
            "started_at": started.isoformat(),
            "duration_seconds": 60,
            "completed": True,
        },
    )
    for moment, rating in (("before", 2), ("after", 4)):
        response = await client.put(
            f"/api/check-ins/{uuid.uuid4()}",
            json={
                "checked_in_at": clock.now().isoformat(),
                "presence": rating,
                "energy": rating,
                "feelings": ["calm"] if moment == "after" else [],
                "note": "=SUM(A1) a note that must stay text" if moment == "after" else None,
                "exercise_log_id": log_id,
                "moment": moment,
            },
        )
        assert response.status_code == 200, response.text
    return client


async def test_json_export_moves_to_a_new_space_and_round_trips(
    seeded: httpx.AsyncClient, make_client: MakeClient
) -> None:
    response = await seeded.get("/api/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    exported = response.json()
    assert exported["format"] == "attune-export"
    assert (len(exported["exercise_logs"]), len(exported["check_ins"])) == (1, 2)
    assert {a["status"] for a in exported["appointments"]} == {"scheduled", "cancelled"}
    newcomer = make_client()
    await sign_in_new_space(newcomer)
    imported = await newcomer.post("/api/import", json=exported)
    assert imported.status_code == 200, imported.text
    assert imported.json()["check_ins"] == 2
    assert (await newcomer.get("/api/export")).json() == exported
    # The history of the new space counts what came in.
    history = (await newcomer.get("/api/history")).json()
    assert history["lift"] == {"pairs": 1, "presence": 2.0, "energy": 2.0}


async def test_import_refuses_a_space_that_is_not_empty(
    seeded: httpx.AsyncClient, settings: Settings
) -> None:
    exported = (await seeded.get("/api/export")).json()
    before = snapshot(settings)
    response = await seeded.post("/api/import", json=exported)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "space_not_empty"
    assert snapshot(settings) == before


def broken(exported: dict[str, Any], change: str) -> dict[str, Any]:
    copy = {**exported, "check_ins": [dict(c) for c in exported["check_ins"]]}
    if change == "format":
        copy["format"] = "something-else"
    elif change == "zone":
        copy["time_zone"] = "Europe"
    elif change == "twice":
        copy["check_ins"] = [copy["check_ins"][0], copy["check_ins"][0]]
    elif change == "word":
        copy["check_ins"][0]["feelings"] = ["not-a-word"]
    elif change == "unknown":
        copy["colour"] = "blue"
    return copy


@pytest.mark.parametrize("change", ["format", "zone", "twice", "word", "unknown"])
async def test_import_of_a_broken_export_is_a_400_and_writes_nothing(
    seeded: httpx.AsyncClient, make_client: MakeClient, settings: Settings, change: str
) -> None:
    exported = (await seeded.get("/api/export")).json()
    newcomer = make_client()
    await sign_in_new_space(newcomer)
    before = snapshot(settings)
    response = await newcomer.post("/api/import", json=broken(exported, change))
    assert response.status_code == 400, response.text
    assert snapshot(settings) == before


async def test_csv_export_has_a_header_and_one_row_per_record(seeded: httpx.AsyncClient) -> None:
    exported = (await seeded.get("/api/export")).json()
    response = await seeded.get("/api/export/csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "appointments.csv",
        "check_ins.csv",
        "exercise_logs.csv",
        "pauses.csv",
        "settings.csv",
        "weekly_sessions.csv",
    ]
    for part in ("exercise_logs", "check_ins", "appointments", "weekly_sessions", "pauses"):
        rows = list(csv.reader(io.StringIO(archive.read(f"{part}.csv").decode())))
        assert rows[0][0] == "id", part
        assert len(rows) == 1 + len(exported[part]), part
    check_ins = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode())))
    notes = [row["note"] for row in check_ins if row["note"]]
    assert notes == ["'=SUM(A1) a note that must stay text"]
    settings_rows = list(csv.DictReader(io.StringIO(archive.read("settings.csv").decode())))
    assert settings_rows[0]["reminder_lead_minutes"] == "10"


async def test_exports_never_hold_a_feed_address(
    seeded: httpx.AsyncClient, settings: Settings
) -> None:
    space_id = (await seeded.get("/api/session")).json()["space_id"]
    conn = sqlite3.connect(settings.database_path)
    with conn:
        conn.execute(
            "INSERT INTO calendar_sources (space_id, id, kind, feed_url_sealed, feed_url_masked,"
            " created_at) VALUES (?, ?, 'feed', ?, ?, '2025-03-03T08:00:00.000000Z')",
            (space_id, str(uuid.uuid4()), FEED_SECRET.encode(), f"https://{FEED_HOST}/…"),
        )
    conn.close()
    body = (await seeded.get("/api/export")).text
    archive = zipfile.ZipFile(io.BytesIO((await seeded.get("/api/export/csv")).content))
    everything = body + "".join(archive.read(name).decode() for name in archive.namelist())
    for secret in (FEED_SECRET, FEED_HOST, "feed_url"):
        assert secret not in everything
