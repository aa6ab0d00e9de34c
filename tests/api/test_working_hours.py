"""Working hours: one PUT that makes the whole weekly template, in the space's own zone."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from factories import sign_in_new_space, snapshot

from api.test_calendars import event, ics, upload
from api.test_schedule import read, set_zone
from server.settings import Settings

# The fake clock starts on Monday 3 March 2025 at 08:55 UTC (09:55 in Berlin).
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS_9_TO_5 = {
    "weekdays": [0, 1, 2, 3, 4],
    "first_start": "09:00",
    "last_end": "17:00",
    "length_minutes": 50,
    "break_minutes": 10,
}
HOURS = [f"{hour:02}:00" for hour in range(9, 17)]


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    await set_zone(client, "Europe/Berlin")
    return client


async def put_hours(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    response = await client.put("/api/schedule/working-hours", json={**WEEKDAYS_9_TO_5, **changes})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def local_week(schedule: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    """(local day, local start, minutes, status) of every appointment, in Berlin."""
    rows = []
    for a in schedule["appointments"]:
        starts = datetime.fromisoformat(a["starts_at"]).astimezone(BERLIN)
        minutes = (datetime.fromisoformat(a["ends_at"]) - starts).seconds // 60
        rows.append((f"{starts:%a %d}", f"{starts:%H:%M}", minutes, a["status"]))
    return rows


async def test_working_hours_make_the_weekly_template_in_the_spaces_zone(
    me: httpx.AsyncClient,
) -> None:
    template = await put_hours(me)
    assert [(s["weekday"], s["start"], s["length_minutes"]) for s in template["slots"]] == [
        (day, start, 50) for day in range(5) for start in HOURS
    ]
    week = await read(me, "2025-03-10", "2025-03-16")
    assert local_week(week) == [
        (day, start, 50, "scheduled")
        for day in ["Mon 10", "Tue 11", "Wed 12", "Thu 13", "Fri 14"]
        for start in HOURS
    ]
    assert week["slots"] == template["slots"]
    # Today (Monday, 09:55 in Berlin) keeps only what has not begun yet.
    today = await read(me, "2025-03-03", "2025-03-03")
    assert [start for _, start, _, _ in local_week(today)] == HOURS[1:]
    # Eight weeks ahead are there too, across the change to summer time on 30 March.
    later = await read(me, "2025-04-28", "2025-04-28")
    assert [start for _, start, _, _ in local_week(later)] == HOURS


async def test_working_hours_saved_again_change_nothing(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    first = await put_hours(me)
    week = await read(me, "2025-03-10", "2025-03-10")
    cancelled = week["appointments"][2]["id"]
    assert (await me.put(f"/api/schedule/appointments/{cancelled}/cancel")).status_code == 200
    before = snapshot(settings)
    assert await put_hours(me) == first
    assert snapshot(settings) == before


async def test_new_working_hours_replace_the_template_and_keep_one_off_and_calendar_sessions(
    me: httpx.AsyncClient,
) -> None:
    await put_hours(me)
    monday = (await read(me, "2025-03-10", "2025-03-10"))["appointments"]
    cancelled, moved = monday[0]["id"], monday[1]["id"]
    await me.put(f"/api/schedule/appointments/{cancelled}/cancel")
    moved_to = str(uuid.uuid4())
    body = {"new_id": moved_to, "starts_at": "2025-03-15T09:00:00Z", "length_minutes": 50}
    assert (await me.put(f"/api/schedule/appointments/{moved}/move", json=body)).is_success
    one_off = {"starts_at": "2025-03-16T09:00:00Z", "length_minutes": 30}
    assert (await me.put(f"/api/schedule/appointments/{uuid.uuid4()}", json=one_off)).is_success
    calendar = ics(event("cal@t", "20250315T140000Z", "20250315T145000Z", "SUMMARY:A client"))
    assert (await upload(me, str(uuid.uuid4()), calendar)).status_code == 200

    template = await put_hours(
        me, weekdays=[0, 2], first_start="12:00", last_end="15:00", length_minutes=45
    )
    assert [(s["weekday"], s["start"]) for s in template["slots"]] == [
        (0, "12:00"),
        (0, "12:55"),
        (0, "13:50"),
        (2, "12:00"),
        (2, "12:55"),
        (2, "13:50"),
    ]
    week = await read(me, "2025-03-10", "2025-03-16")
    assert local_week(week) == [
        ("Mon 10", "09:00", 50, "cancelled"),
        ("Mon 10", "10:00", 50, "moved"),
        ("Mon 10", "12:00", 45, "scheduled"),
        ("Mon 10", "12:55", 45, "scheduled"),
        ("Mon 10", "13:50", 45, "scheduled"),
        ("Wed 12", "12:00", 45, "scheduled"),
        ("Wed 12", "12:55", 45, "scheduled"),
        ("Wed 12", "13:50", 45, "scheduled"),
        ("Sat 15", "10:00", 50, "scheduled"),
        ("Sat 15", "15:00", 50, "scheduled"),
        ("Sun 16", "10:00", 30, "scheduled"),
    ]
    sources = [a["source"] for a in week["appointments"] if a["starts_at"] >= "2025-03-15"]
    assert sources == ["manual", "calendar", "manual"]
    assert week["slots"] == template["slots"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"last_end": "09:00"}, "invalid_range", "last_end"),
        ({"last_end": "08:00"}, "invalid_range", "last_end"),
        ({"last_end": "09:30"}, "no_sessions", "last_end"),
        ({"weekdays": []}, "invalid", None),
        ({"weekdays": [7]}, "invalid", None),
        ({"break_minutes": 121}, "invalid", None),
        ({"length_minutes": 5}, "invalid", None),
        ({"first_start": "9:00"}, "invalid", None),
        ({"lunch": "12:00"}, "invalid", None),
    ],
)
async def test_working_hours_that_make_no_sense_are_refused_and_nothing_written(
    me: httpx.AsyncClient,
    settings: Settings,
    changes: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    await put_hours(me)
    before = snapshot(settings)
    response = await me.put("/api/schedule/working-hours", json={**WEEKDAYS_9_TO_5, **changes})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    if field:
        assert (error["code"], error["field"]) == (code, field)
    assert snapshot(settings) == before


async def test_working_hours_need_a_session(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/schedule/working-hours", json=WEEKDAYS_9_TO_5)
    assert response.status_code == 401
