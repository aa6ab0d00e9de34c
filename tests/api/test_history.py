"""The history endpoint shows what the rules compute for a seeded fortnight."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from factories import sign_in_new_space
from support.clock import FakeClock


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def exercise(client: httpx.AsyncClient, clock: FakeClock, started: str) -> str:
    """Move the clock to the end of a one-minute run that started then, and log it."""
    start = at(started)
    clock.advance(seconds=(start + timedelta(seconds=60) - clock.now()).total_seconds())
    log_id = str(uuid.uuid4())
    body = {
        "exercise_id": "box-breathing",
        "started_at": start.isoformat(),
        "duration_seconds": 60,
        "completed": True,
    }
    response = await client.put(f"/api/exercise-logs/{log_id}", json=body)
    assert response.status_code == 200, response.text
    return log_id


async def check_in(
    client: httpx.AsyncClient, clock: FakeClock, log_id: str, moment: str, rating: int
) -> None:
    body = {
        "checked_in_at": clock.now().isoformat(),
        "presence": rating,
        "energy": rating - (1 if moment == "after" else 0),
        "exercise_log_id": log_id,
        "moment": moment,
    }
    response = await client.put(f"/api/check-ins/{uuid.uuid4()}", json=body)
    assert response.status_code == 200, response.text


@pytest.fixture
async def fortnight(client: httpx.AsyncClient, clock: FakeClock) -> httpx.AsyncClient:
    """Mon–Fri sessions at 09:00 and 10:00 in London, and a fortnight of practice."""
    await sign_in_new_space(client)
    await client.put("/api/space/time-zone", json={"time_zone": "Europe/London"})
    for weekday in range(5):
        for start in ("09:00", "10:00"):
            response = await client.put(
                f"/api/schedule/slots/{uuid.uuid4()}",
                json={"weekday": weekday, "start": start, "length_minutes": 50},
            )
            assert response.status_code == 200, response.text
    await exercise(client, clock, "2025-03-03T08:58")  # Mon: grounds 09:00
    await exercise(client, clock, "2025-03-05T09:52")  # Wed: grounds 10:00 (in the gap)
    await exercise(client, clock, "2025-03-06T08:30")  # Thu: grounds 09:00
    log_id = await exercise(client, clock, "2025-03-10T08:55")  # Mon: grounds 09:00
    await check_in(client, clock, log_id, "before", 2)
    await check_in(client, clock, log_id, "after", 4)
    clock.advance(seconds=(at("2025-03-11T09:30") - clock.now()).total_seconds())
    return client


async def test_history_shows_what_the_rules_compute(fortnight: httpx.AsyncClient) -> None:
    response = await fortnight.get("/api/history?from=2025-03-03&to=2025-03-11")
    assert response.status_code == 200, response.text
    history = response.json()
    assert history["today"] == "2025-03-11"
    # Tuesday 09:30: three sessions so far this week, one grounded; last week 3 of 10.
    assert history["grounded"] == {
        "this_week": {"grounded": 1, "sessions": 3},
        "last_week": {"grounded": 3, "sessions": 10},
    }
    # Mon ✓, Tue missed (grace), Wed ✓, Thu ✓, Fri missed (second miss: breaks), Mon ✓;
    # today is not over, so it breaks nothing.
    assert history["streak"] == {"current": 1, "longest": 3, "grace_days": ["2025-03-04"]}
    assert [(d["day"], d["completed"], d["check_ins"]) for d in history["days"]] == [
        ("2025-03-03", 1, 0),
        ("2025-03-05", 1, 0),
        ("2025-03-06", 1, 0),
        ("2025-03-10", 1, 2),
    ]
    assert history["weeks"] == [
        {"week_of": "2025-03-03", "exercises": 3, "check_ins": 0, "presence": None, "energy": None},
        {"week_of": "2025-03-10", "exercises": 1, "check_ins": 2, "presence": 3.0, "energy": 2.5},
    ]
    assert history["lift"] == {"pairs": 1, "presence": 2.0, "energy": 1.0}
    assert history["low_energy"] is False


async def test_history_defaults_to_twelve_weeks_and_hides_streaks_when_asked(
    fortnight: httpx.AsyncClient,
) -> None:
    history = (await fortnight.get("/api/history")).json()
    assert (history["first_day"], history["last_day"]) == ("2024-12-23", "2025-03-11")
    await fortnight.patch("/api/settings", json={"hide_streaks": True})
    assert (await fortnight.get("/api/history")).json()["streak"] is None


async def test_history_low_energy_note_when_energy_drops_a_point(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await sign_in_new_space(client)
    for day in range(90):
        energy = 2 if day >= 80 else 4
        body = {"checked_in_at": clock.now().isoformat(), "presence": 3, "energy": energy}
        await client.put(f"/api/check-ins/{uuid.uuid4()}", json=body)
        clock.advance(days=1)
    assert (await client.get("/api/history")).json()["low_energy"] is True


@pytest.mark.parametrize(
    ("query", "field"),
    [("?from=2025-03-11&to=2025-03-01", "from"), ("?from=2010-01-01", "from"), ("?to=soon", "to")],
)
async def test_history_bad_range_is_a_400(
    fortnight: httpx.AsyncClient, query: str, field: str
) -> None:
    response = await fortnight.get(f"/api/history{query}")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


async def test_history_needs_a_session(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/history")).status_code == 401
