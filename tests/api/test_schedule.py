"""The weekly template, one-off changes, pauses and the time zone, through the API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import query, sign_in_new_space, snapshot
from litestar import Litestar
from support.clock import FakeClock

from server.settings import Settings

# The fake clock starts on Monday 3 March 2025 at 08:55 UTC.


def new_id() -> str:
    return str(uuid.uuid4())


def utc(text: str) -> str:
    """Write a UTC instant the way the API answers it."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


async def put_slot(
    client: httpx.AsyncClient, slot_id: str | None = None, **body: Any
) -> dict[str, Any]:
    slot = {"weekday": 0, "start": "10:00", "length_minutes": 50, **body}
    response = await client.put(f"/api/schedule/slots/{slot_id or new_id()}", json=slot)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def read(client: httpx.AsyncClient, first: str, last: str) -> dict[str, Any]:
    response = await client.get("/api/schedule", params={"from": first, "to": last})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def set_zone(client: httpx.AsyncClient, zone: str) -> None:
    response = await client.put("/api/space/time-zone", json={"time_zone": zone})
    assert response.status_code == 200, response.text


def starts(schedule: dict[str, Any], status: str | None = "scheduled") -> list[str]:
    return [a["starts_at"] for a in schedule["appointments"] if status in (None, a["status"])]


def appointment_rows(settings: Settings) -> list[tuple[Any, ...]]:
    return query(
        settings,
        "SELECT id, source, starts_at, status FROM appointments ORDER BY starts_at, id",
    )


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


async def test_schedule_empty_defaults_to_the_coming_week(me: httpx.AsyncClient) -> None:
    response = await me.get("/api/schedule")
    assert response.status_code == 200
    assert response.json() == {
        "time_zone": "UTC",
        "today": "2025-03-03",
        "from": "2025-03-03",
        "to": "2025-03-10",
        "appointments": [],
        "slots": [],
        "pauses": [],
        "next_appointment": None,
        "paused_today": False,
    }


async def test_schedule_needs_a_session(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/schedule")).status_code == 401


async def test_slot_generates_eight_weeks_ahead_once(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    slot_id = new_id()
    slot = await put_slot(me, slot_id)
    assert slot == {"id": slot_id, "weekday": 0, "start": "10:00", "length_minutes": 50}
    again = await put_slot(me, slot_id)
    assert again == slot
    schedule = await read(me, "2025-03-01", "2025-05-31")
    assert starts(schedule) == [utc(f"2025-{d}T10:00") for d in MONDAYS_MAR_3_TO_APR_28]
    assert [a["source"] for a in schedule["appointments"]] == ["template"] * 9
    assert {a["source_id"] for a in schedule["appointments"]} == {slot_id}
    assert len(appointment_rows(settings)) == 9
    assert schedule["slots"] == [slot]
    assert schedule["next_appointment"]["starts_at"] == utc("2025-03-03T10:00")


MONDAYS_MAR_3_TO_APR_28 = [
    "03-03", "03-10", "03-17", "03-24", "03-31", "04-07", "04-14", "04-21", "04-28",
]  # fmt: skip


async def test_slot_earlier_today_is_not_generated_into_the_past(me: httpx.AsyncClient) -> None:
    await put_slot(me, start="08:00")
    schedule = await read(me, "2025-03-03", "2025-03-10")
    assert starts(schedule) == [utc("2025-03-10T08:00")]


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        (
            "Europe/London",
            [("2025-03-24", "2025-03-24T10:00"), ("2025-03-31", "2025-03-31T09:00")],
            [("2025-10-20", "2025-10-20T09:00"), ("2025-10-27", "2025-10-27T10:00")],
        ),
        (
            "America/New_York",
            [("2025-03-03", "2025-03-03T15:00"), ("2025-03-10", "2025-03-10T14:00")],
            [("2025-10-27", "2025-10-27T14:00"), ("2025-11-03", "2025-11-03T15:00")],
        ),
        (
            # Southern hemisphere: clocks go back in April and forward in October.
            "Australia/Sydney",
            [("2025-03-31", "2025-03-30T23:00"), ("2025-04-07", "2025-04-07T00:00")],
            [("2025-09-29", "2025-09-29T00:00"), ("2025-10-06", "2025-10-05T23:00")],
        ),
    ],
)
async def test_template_keeps_local_time_across_dst(
    me: httpx.AsyncClient,
    clock: FakeClock,
    zone: str,
    spring: list[tuple[str, str]],
    autumn: list[tuple[str, str]],
) -> None:
    await set_zone(me, zone)
    await put_slot(me)
    for weeks, expected in ((spring, "spring"), (autumn, "autumn")):
        if expected == "autumn":
            clock.advance(days=7 * 29)  # late September: reading extends the 8-week horizon
        schedule = await read(me, weeks[0][0], weeks[1][0])
        assert starts(schedule) == [utc(instant) for _, instant in weeks], expected


async def test_template_nonexistent_wall_time_moves_forward(me: httpx.AsyncClient) -> None:
    await set_zone(me, "Europe/London")
    await put_slot(me, weekday=6, start="01:30", length_minutes=30)
    schedule = await read(me, "2025-03-30", "2025-03-30")
    # 01:30 does not exist in London on 30 March 2025; the session starts at 02:30 BST.
    assert starts(schedule) == [utc("2025-03-30T01:30")]


async def test_slot_edit_changes_future_appointments_only(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    slot_id = new_id()
    await put_slot(me, slot_id)
    clock.advance(days=8)  # Tuesday 11 March: 3 and 10 March are past
    await put_slot(me, slot_id, start="11:00", length_minutes=60)
    schedule = await read(me, "2025-03-03", "2025-03-24")
    assert starts(schedule) == [
        utc("2025-03-03T10:00"),
        utc("2025-03-10T10:00"),
        utc("2025-03-17T11:00"),
        utc("2025-03-24T11:00"),
    ]
    assert schedule["appointments"][2]["ends_at"] == utc("2025-03-17T12:00")
    ids = [row[0] for row in appointment_rows(settings)]
    assert len(ids) == len(set(ids))


async def test_slot_delete_removes_future_and_keeps_past(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    slot_id = new_id()
    await put_slot(me, slot_id)
    clock.advance(days=8)
    assert (await me.delete(f"/api/schedule/slots/{slot_id}")).status_code == 204
    assert [row[2] for row in appointment_rows(settings)] == [
        "2025-03-03T10:00:00.000000Z",
        "2025-03-10T10:00:00.000000Z",
    ]
    assert (await read(me, "2025-03-01", "2025-03-31"))["slots"] == []
    assert (await me.delete(f"/api/schedule/slots/{slot_id}")).status_code == 404


async def test_slots_that_overlap_on_the_same_day_are_refused(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    await put_slot(me, start="10:00", length_minutes=50)
    before = snapshot(settings)
    response = await me.put(
        f"/api/schedule/slots/{new_id()}",
        json={"weekday": 0, "start": "10:30", "length_minutes": 50},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "overlaps"
    assert snapshot(settings) == before
    await put_slot(me, weekday=1, start="10:30")
    await put_slot(me, start="10:50")


async def test_cancelled_occurrence_stays_cancelled_when_regenerated(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock
) -> None:
    slot_id = new_id()
    await put_slot(me, slot_id)
    week = await read(me, "2025-03-17", "2025-03-17")
    occurrence = week["appointments"][0]["id"]
    cancelled = await me.put(f"/api/schedule/appointments/{occurrence}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = await me.put(f"/api/schedule/appointments/{occurrence}/cancel")
    assert again.json() == cancelled.json()

    await put_slot(me, slot_id, length_minutes=45)
    await set_zone(me, "Europe/Lisbon")
    clock.advance(days=9)
    await app.state["services"].scheduler.tick(clock.now())
    schedule = await read(me, "2025-03-17", "2025-03-24")
    assert [(a["id"], a["status"]) for a in schedule["appointments"]] == [
        (occurrence, "cancelled"),
        (schedule["appointments"][1]["id"], "scheduled"),
    ]


async def test_move_generated_occurrence(me: httpx.AsyncClient, settings: Settings) -> None:
    await put_slot(me)
    original = (await read(me, "2025-03-10", "2025-03-10"))["appointments"][0]
    moved_to = new_id()
    body = {"new_id": moved_to, "starts_at": "2025-03-11T14:00:00Z", "length_minutes": 50}
    response = await me.put(f"/api/schedule/appointments/{original['id']}/move", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": moved_to,
        "source": "manual",
        "source_id": None,
        "starts_at": utc("2025-03-11T14:00"),
        "ends_at": utc("2025-03-11T14:50"),
        "status": "scheduled",
        "replaced_by": None,
    }
    retry = await me.put(f"/api/schedule/appointments/{original['id']}/move", json=body)
    assert retry.json() == response.json()
    week = await read(me, "2025-03-10", "2025-03-11")
    assert [(a["id"], a["status"], a["replaced_by"]) for a in week["appointments"]] == [
        (original["id"], "moved", moved_to),
        (moved_to, "scheduled", None),
    ]
    before = snapshot(settings)
    elsewhere = {**body, "starts_at": "2025-03-12T14:00:00Z"}
    clash = await me.put(f"/api/schedule/appointments/{original['id']}/move", json=elsewhere)
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "id_conflict"
    other = await me.put(
        f"/api/schedule/appointments/{original['id']}/move", json={**body, "new_id": new_id()}
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "not_scheduled"
    cancel = await me.put(f"/api/schedule/appointments/{original['id']}/cancel")
    assert cancel.status_code == 409
    assert snapshot(settings) == before


async def test_moved_occurrence_survives_regeneration(me: httpx.AsyncClient) -> None:
    slot_id = new_id()
    await put_slot(me, slot_id)
    original = (await read(me, "2025-03-10", "2025-03-10"))["appointments"][0]
    body = {"new_id": new_id(), "starts_at": "2025-03-10T12:00:00Z", "length_minutes": 50}
    await me.put(f"/api/schedule/appointments/{original['id']}/move", json=body)
    await put_slot(me, slot_id, length_minutes=55)
    day = await read(me, "2025-03-10", "2025-03-10")
    assert [(a["starts_at"], a["status"]) for a in day["appointments"]] == [
        (utc("2025-03-10T10:00"), "moved"),
        (utc("2025-03-10T12:00"), "scheduled"),
    ]


async def test_move_into_its_own_time_is_fine_but_not_onto_another(
    me: httpx.AsyncClient,
) -> None:
    await put_slot(me, start="10:00")
    await put_slot(me, start="11:00")
    first, second = (await read(me, "2025-03-10", "2025-03-10"))["appointments"]
    later = {"new_id": new_id(), "starts_at": "2025-03-10T10:15:00Z", "length_minutes": 45}
    assert (
        await me.put(f"/api/schedule/appointments/{first['id']}/move", json=later)
    ).status_code == 200
    onto = {"new_id": new_id(), "starts_at": "2025-03-10T10:30:00Z", "length_minutes": 50}
    response = await me.put(f"/api/schedule/appointments/{second['id']}/move", json=onto)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "overlaps"


async def test_manual_appointment_put_is_idempotent(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    appointment_id = new_id()
    body = {"starts_at": "2025-03-05T15:00:00+01:00", "length_minutes": 60}
    first = await me.put(f"/api/schedule/appointments/{appointment_id}", json=body)
    assert first.status_code == 200, first.text
    assert first.json()["starts_at"] == utc("2025-03-05T14:00")
    assert first.json()["source"] == "manual"
    clock.advance(minutes=5)
    second = await me.put(f"/api/schedule/appointments/{appointment_id}", json=body)
    assert second.json() == first.json()
    same_instant = {"starts_at": "2025-03-05T14:00:00Z", "length_minutes": 60}
    third = await me.put(f"/api/schedule/appointments/{appointment_id}", json=same_instant)
    assert third.json() == first.json()
    assert len(appointment_rows(settings)) == 1

    before = snapshot(settings)
    clash = await me.put(
        f"/api/schedule/appointments/{appointment_id}",
        json={"starts_at": "2025-03-05T16:00:00Z", "length_minutes": 60},
    )
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "id_conflict"
    assert snapshot(settings) == before


async def test_manual_appointment_over_a_scheduled_one_is_refused(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    await put_slot(me)
    before = snapshot(settings)
    response = await me.put(
        f"/api/schedule/appointments/{new_id()}",
        json={"starts_at": "2025-03-10T10:30:00Z", "length_minutes": 50},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "overlaps"
    assert snapshot(settings) == before


async def test_manual_appointment_with_a_generated_id_is_a_409(me: httpx.AsyncClient) -> None:
    await put_slot(me)
    generated = (await read(me, "2025-03-10", "2025-03-10"))["appointments"][0]
    response = await me.put(
        f"/api/schedule/appointments/{generated['id']}",
        json={"starts_at": "2025-03-12T10:00:00Z", "length_minutes": 50},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "id_conflict"


async def test_next_appointment_skips_past_and_cancelled(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    await put_slot(me, start="10:00")
    await put_slot(me, start="14:00")
    today = await read(me, "2025-03-03", "2025-03-03")
    ten, two = today["appointments"]
    assert today["next_appointment"]["id"] == ten["id"]
    clock.advance(hours=1, minutes=10)  # 10:05, the ten o'clock session is under way
    assert (await read(me, "2025-03-03", "2025-03-03"))["next_appointment"]["id"] == two["id"]
    await me.put(f"/api/schedule/appointments/{two['id']}/cancel")
    later = await read(me, "2025-03-03", "2025-03-03")
    assert later["next_appointment"]["starts_at"] == utc("2025-03-10T10:00")


async def test_pause_today_and_a_holiday(me: httpx.AsyncClient, settings: Settings) -> None:
    await set_zone(me, "Pacific/Auckland")  # 08:55 UTC on 3 March is 21:55 there
    today_id = new_id()
    today = await me.put(f"/api/schedule/pauses/{today_id}", json={})
    assert today.status_code == 200, today.text
    assert today.json() == {"id": today_id, "first_day": "2025-03-03", "last_day": "2025-03-03"}
    holiday_id = new_id()
    holiday = {"first_day": "2025-04-14", "last_day": "2025-04-25"}
    stored = await me.put(f"/api/schedule/pauses/{holiday_id}", json=holiday)
    assert stored.json() == {"id": holiday_id, **holiday}
    assert (
        await me.put(f"/api/schedule/pauses/{holiday_id}", json=holiday)
    ).json() == stored.json()

    schedule = await read(me, "2025-03-03", "2025-03-09")
    assert schedule["paused_today"] is True
    assert [p["id"] for p in schedule["pauses"]] == [today_id]
    later = await read(me, "2025-04-01", "2025-04-30")
    assert [p["id"] for p in later["pauses"]] == [today_id, holiday_id]

    before = snapshot(settings)
    clash = await me.put(f"/api/schedule/pauses/{holiday_id}", json={"first_day": "2025-04-15"})
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "id_conflict"
    assert snapshot(settings) == before

    assert (await me.delete(f"/api/schedule/pauses/{today_id}")).status_code == 204
    assert (await read(me, "2025-03-03", "2025-03-09"))["paused_today"] is False
    assert (await me.delete(f"/api/schedule/pauses/{today_id}")).status_code == 404


async def test_time_zone_change_regenerates_future_template_appointments(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    await put_slot(me)
    clock.advance(days=2)
    response = await me.put("/api/space/time-zone", json={"time_zone": "America/New_York"})
    assert response.json() == {"time_zone": "America/New_York"}
    assert (await me.get("/api/session")).json()["time_zone"] == "America/New_York"
    schedule = await read(me, "2025-03-03", "2025-03-17")
    assert schedule["time_zone"] == "America/New_York"
    assert starts(schedule) == [
        utc("2025-03-03T10:00"),  # past: kept as it was
        utc("2025-03-10T14:00"),  # 10:00 in New York (EDT from 9 March)
        utc("2025-03-17T14:00"),
    ]


async def test_scheduler_tick_extends_the_template_horizon(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, settings: Settings
) -> None:
    await put_slot(me)
    assert len(appointment_rows(settings)) == 9
    clock.advance(days=14)
    summary = await app.state["services"].scheduler.tick(clock.now())
    assert summary["weekly_template"] == {"spaces": 1, "appointments_added": 2}
    assert appointment_rows(settings)[-1][2] == "2025-05-12T10:00:00.000000Z"
    again = await app.state["services"].scheduler.tick(clock.now())
    assert again["weekly_template"] == {"spaces": 1, "appointments_added": 0}


async def test_health_reports_the_scheduler(
    client: httpx.AsyncClient, app: Litestar, clock: FakeClock
) -> None:
    body = (await client.get("/api/health")).json()
    assert body["scheduler"] == {"alive": True, "last_tick_at": None}
    await app.state["services"].scheduler.tick(clock.now())
    body = (await client.get("/api/health")).json()
    assert body["scheduler"] == {"alive": True, "last_tick_at": utc("2025-03-03T08:55")}


SLOT = {"weekday": 0, "start": "10:00", "length_minutes": 50}
AT = {"starts_at": "2025-03-05T10:00:00Z", "length_minutes": 50}
SLOTS = "/api/schedule/slots/{id}"
APPOINTMENTS = "/api/schedule/appointments/{id}"
PAUSES = "/api/schedule/pauses/{id}"
ZONE = "/api/space/time-zone"
LENGTH = "length_minutes"


def days(first: str, last: str | None = None) -> dict[str, str]:
    return {"first_day": first} if last is None else {"first_day": first, "last_day": last}


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "code"),
    [
        ("PUT", SLOTS, {**SLOT, "weekday": 7}, "weekday", "invalid"),
        ("PUT", SLOTS, {**SLOT, "start": "24:00"}, "start", "invalid"),
        ("PUT", SLOTS, {**SLOT, "start": "9:00"}, "start", "invalid"),
        ("PUT", SLOTS, {**SLOT, LENGTH: 9}, LENGTH, "invalid"),
        ("PUT", SLOTS, {**SLOT, LENGTH: 241}, LENGTH, "invalid"),
        ("PUT", SLOTS, {**SLOT, "start": "23:00", LENGTH: 90}, LENGTH, "ends_after_midnight"),
        ("PUT", SLOTS, {**SLOT, "client": "Ann"}, "client", "invalid"),
        ("PUT", "/api/schedule/slots/not-a-uuid", SLOT, "slot_id", "bad_request"),
        ("PUT", APPOINTMENTS, {**AT, "starts_at": "2025-03-05T10:00:00"}, "starts_at", "invalid"),
        (
            "PUT",
            APPOINTMENTS,
            {**AT, "starts_at": "2026-03-05T10:00:00Z"},
            "starts_at",
            "too_far_ahead",
        ),
        ("PUT", APPOINTMENTS, {**AT, "starts_at": "2025-01-05T10:00:00Z"}, "starts_at", "too_old"),
        ("PUT", APPOINTMENTS, {**AT, LENGTH: 0}, LENGTH, "invalid"),
        ("PUT", APPOINTMENTS, {"starts_at": "2025-03-05T10:00:00Z"}, LENGTH, "invalid"),
        ("PUT", APPOINTMENTS + "/move", {**AT, "new_id": "x"}, "new_id", "bad_request"),
        ("PUT", PAUSES, days("2025-03-10", "2025-03-09"), "last_day", "invalid_range"),
        ("PUT", PAUSES, days("2025-03-10", "2026-03-10"), "last_day", "too_far_ahead"),
        ("PUT", PAUSES, days("2025-01-01", "2025-01-02"), "last_day", "too_old"),
        ("PUT", PAUSES, days("10 March"), "first_day", "invalid"),
        ("PUT", ZONE, {"time_zone": "Mars/Olympus_Mons"}, "time_zone", "unknown_time_zone"),
        ("PUT", ZONE, {"time_zone": "../../etc/passwd"}, "time_zone", "unknown_time_zone"),
        ("PUT", ZONE, {"time_zone": ""}, "time_zone", "invalid"),
        ("GET", "/api/schedule?from=2025-03-10&to=2025-03-09", None, "to", "invalid_range"),
        ("GET", "/api/schedule?from=2025-03-10&to=2025-09-09", None, "to", "invalid_range"),
        ("GET", "/api/schedule?from=tomorrow", None, "from", "bad_request"),
        ("GET", "/api/schedule?to=2025-3-9", None, "to", "bad_request"),
    ],
)
async def test_schedule_bad_input_is_refused_and_nothing_written(
    me: httpx.AsyncClient,
    settings: Settings,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    field: str,
    code: str,
) -> None:
    target = await put_slot(me, weekday=2)  # something to move, so the move's body is checked
    appointment = (await read(me, "2025-03-05", "2025-03-05"))["appointments"][0]["id"]
    path = path.replace("{id}/move", f"{appointment}/move").replace("{id}", new_id())
    before = snapshot(settings)
    response = await me.request(method, path, json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]
    assert snapshot(settings) == before
    assert target


async def test_another_spaces_ids_are_not_found(
    me: httpx.AsyncClient, make_client: MakeClient, settings: Settings
) -> None:
    slot_id = new_id()
    await put_slot(me, slot_id)
    appointment = (await read(me, "2025-03-10", "2025-03-10"))["appointments"][0]["id"]
    pause_id = new_id()
    assert (await me.put(f"/api/schedule/pauses/{pause_id}", json={})).status_code == 200

    stranger = make_client()
    await sign_in_new_space(stranger)
    before = snapshot(settings)
    move = {"new_id": new_id(), "starts_at": "2025-03-11T10:00:00Z", "length_minutes": 50}
    for method, path, body in [
        ("PUT", f"/api/schedule/appointments/{appointment}/cancel", None),
        ("PUT", f"/api/schedule/appointments/{appointment}/move", move),
        ("DELETE", f"/api/schedule/slots/{slot_id}", None),
        ("DELETE", f"/api/schedule/pauses/{pause_id}", None),
    ]:
        response = await stranger.request(method, path, json=body)
        assert response.status_code == 404, (path, response.text)
    assert snapshot(settings) == before
    theirs = (await stranger.get("/api/schedule", params={"from": "2025-03-10"})).json()
    assert theirs["appointments"] == theirs["slots"] == theirs["pauses"] == []


async def test_deleting_the_space_deletes_its_schedule(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    await put_slot(me)
    await me.put(f"/api/schedule/pauses/{new_id()}", json={})
    await me.put(
        f"/api/calendars/{new_id()}/file",
        content=b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n",
    )
    response = await me.delete("/api/space", params={"confirm": "delete everything"})
    assert response.status_code == 204
    for table in (
        "schedule_slots",
        "schedule_horizons",
        "appointments",
        "schedule_pauses",
        "calendar_sources",
    ):
        assert query(settings, f"SELECT count(*) FROM {table}") == [(0,)], table  # noqa: S608
