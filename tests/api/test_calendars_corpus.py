"""Every calendar file we know of imports without a server error; broken ones change nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from factories import sign_in_new_space, snapshot
from support.clock import FakeClock

from server.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OWN = sorted((ROOT / "fixtures" / "calendars").glob("*.ics"))
SHARED_DIR = ROOT.parents[1] / "shared" / "calendars"
SHARED = sorted(SHARED_DIR.glob("*.ics")) if SHARED_DIR.is_dir() else []


@pytest.fixture
def clock() -> FakeClock:
    """Start at New Year 2025, so that the fixtures' 2025 events fall into import windows."""
    return FakeClock(datetime(2025, 1, 1, 8, 0, tzinfo=UTC))


@pytest.mark.parametrize("path", OWN + SHARED, ids=lambda p: f"{p.parent.name}/{p.name}")
async def test_calendar_corpus_file_imports_or_is_refused_cleanly(
    client: httpx.AsyncClient, clock: FakeClock, settings: Settings, path: Path
) -> None:
    await sign_in_new_space(client)
    await client.put("/api/space/time-zone", json={"time_zone": "Europe/London"})
    body = await asyncio.to_thread(path.read_bytes)
    calendar_id = str(uuid.uuid4())
    counts = []
    # Every eight weeks through 2025: each import replaces the future with the next window.
    for _ in range(7):
        before = snapshot(settings)
        response = await client.put(
            f"/api/calendars/{calendar_id}/file",
            content=body,
            headers={"content-type": "text/calendar"},
        )
        assert response.status_code in (200, 400), response.text
        if response.status_code == 400:
            assert response.json()["error"]["code"] == "invalid_calendar"
            assert snapshot(settings) == before
            return
        counts.append(response.json()["appointment_count"])
        again = await client.put(
            f"/api/calendars/{calendar_id}/file",
            content=body,
            headers={"content-type": "text/calendar"},
        )
        assert again.json()["appointment_count"] == counts[-1]
        clock.advance(weeks=8)
    schedule = await client.get("/api/schedule", params={"from": "2025-01-01", "to": "2025-03-31"})
    assert schedule.status_code == 200


def test_calendar_corpus_is_there() -> None:
    assert len(OWN) >= 10
