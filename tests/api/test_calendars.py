"""Calendar files: imported as times only, re-imported without duplicates, refused cleanly."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import query, sign_in_new_space, snapshot
from litestar import Litestar
from support.clock import FakeClock

from server.calendars.service import FILE_LIMIT
from server.settings import Settings, settings_from_env

# The fake clock starts on Monday 3 March 2025 at 08:55 UTC; imports reach 8 weeks ahead.

SECRETS = [
    "Zebulon",
    "Quartermaine",
    "Ophelia Nightingale",
    "Xanadu-42",
    "Persephone",
    "Wolfsbane",
    "Thaddeus",
    "Marmaduke",
    "Bartholomew",
]


def event(uid: str, start: str, end: str, *extra: str) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        *extra,
        "END:VEVENT",
    ]
    return "\r\n".join(lines)


def ics(*events: str) -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attune tests//EN", *events, "END:VCALENDAR"]
    )
    return (body + "\r\n").encode()


PRIVATE = ics(
    event(
        "private-1@attune.test",
        "20250310T100000Z",
        "20250310T105000Z",
        "SUMMARY:Zebulon Quartermaine intake",
        "DESCRIPTION:Discuss the Ophelia Nightingale matter",
        "LOCATION:Room Xanadu-42",
        "ATTENDEE;CN=Persephone Wolfsbane:mailto:persephone.wolfsbane@example.org",
        "ORGANIZER;CN=Dr Thaddeus Umbridge:mailto:thaddeus@example.org",
        "COMMENT:Comment Marmaduke",
        "CATEGORIES:Category Bartholomew",
        "RRULE:FREQ=WEEKLY;COUNT=3",
    )
)

WEEK = ics(
    event("a@t", "20250304T090000Z", "20250304T095000Z", "SUMMARY:Therapy A"),
    event("b@t", "20250305T090000Z", "20250305T095000Z", "SUMMARY:Therapy B"),
    event("c@t", "20250306T090000Z", "20250306T095000Z", "SUMMARY:Dentist"),
    event("old@t", "20250301T090000Z", "20250301T095000Z", "SUMMARY:Therapy before"),
)


def new_id() -> str:
    return str(uuid.uuid4())


def utc(text: str) -> str:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


async def upload(
    client: httpx.AsyncClient, calendar_id: str, body: bytes, **params: str
) -> httpx.Response:
    return await client.put(
        f"/api/calendars/{calendar_id}/file",
        content=body,
        params=params,
        headers={"content-type": "text/calendar"},
    )


async def imported(client: httpx.AsyncClient, first: str = "2025-03-01") -> list[dict[str, Any]]:
    response = await client.get("/api/schedule", params={"from": first, "to": "2025-04-30"})
    assert response.status_code == 200, response.text
    return [a for a in response.json()["appointments"] if a["source"] == "calendar"]


def rows(settings: Settings) -> list[tuple[Any, ...]]:
    return query(
        settings,
        "SELECT id, source_id, starts_at, ends_at, status FROM appointments ORDER BY starts_at",
    )


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


async def test_calendar_file_imports_future_times_only(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    calendar_id = new_id()
    response = await upload(me, calendar_id, WEEK)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": calendar_id,
        "kind": "file",
        "keyword": None,
        "url": None,
        "last_refresh_at": utc("2025-03-03T08:55"),
        "last_error": None,
        "appointment_count": 3,
        "created_at": utc("2025-03-03T08:55"),
    }
    found = await imported(me)
    assert [(a["starts_at"], a["ends_at"], a["status"]) for a in found] == [
        (utc("2025-03-04T09:00"), utc("2025-03-04T09:50"), "scheduled"),
        (utc("2025-03-05T09:00"), utc("2025-03-05T09:50"), "scheduled"),
        (utc("2025-03-06T09:00"), utc("2025-03-06T09:50"), "scheduled"),
    ]
    assert {a["source_id"] for a in found} == {calendar_id}
    listed = (await me.get("/api/calendars")).json()["calendars"]
    assert listed == [response.json()]


async def test_calendar_same_file_again_gives_the_same_appointments(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    before = rows(settings)
    clock.advance(minutes=10)
    again = await upload(me, calendar_id, WEEK)
    assert again.status_code == 200
    assert rows(settings) == before
    assert len(before) == 3


async def test_calendar_changed_file_replaces_future_and_keeps_past(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    clock.advance(days=1, hours=2)  # Tuesday 4 March, 10:55: A is over
    past = [r for r in rows(settings) if r[2] < "2025-03-04T10:55"]
    changed = ics(
        event("b@t", "20250305T110000Z", "20250305T115000Z"),  # B moved to 11:00
        event("d@t", "20250307T090000Z", "20250307T095000Z"),  # D is new; A and C are gone
    )
    response = await upload(me, calendar_id, changed)
    assert response.status_code == 200
    assert response.json()["appointment_count"] == 2
    assert [r for r in rows(settings) if r[2] < "2025-03-04T10:55"] == past
    assert [(r[2], r[4]) for r in rows(settings)] == [
        ("2025-03-04T09:00:00.000000Z", "scheduled"),
        ("2025-03-05T11:00:00.000000Z", "scheduled"),
        ("2025-03-07T09:00:00.000000Z", "scheduled"),
    ]


async def test_calendar_cancelled_appointment_stays_cancelled_on_reimport(
    me: httpx.AsyncClient,
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    first = (await imported(me))[0]
    cancel = await me.put(f"/api/schedule/appointments/{first['id']}/cancel")
    assert cancel.status_code == 200
    await upload(me, calendar_id, WEEK)
    assert [a["status"] for a in await imported(me)] == ["cancelled", "scheduled", "scheduled"]


async def test_calendar_keyword_keeps_matching_events_only(me: httpx.AsyncClient) -> None:
    response = await upload(me, new_id(), WEEK, keyword="therapy")
    assert response.status_code == 200, response.text
    assert response.json()["keyword"] == "therapy"
    assert [a["starts_at"] for a in await imported(me)] == [
        utc("2025-03-04T09:00"),
        utc("2025-03-05T09:00"),
    ]


async def test_calendar_floating_times_use_the_space_zone(me: httpx.AsyncClient) -> None:
    await me.put("/api/space/time-zone", json={"time_zone": "America/New_York"})
    floating = ics(event("f@t", "20250310T100000", "20250310T105000"))
    assert (await upload(me, new_id(), floating)).status_code == 200
    assert [a["starts_at"] for a in await imported(me)] == [utc("2025-03-10T14:00")]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"this is not a calendar",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2025031\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\x00\r\n",
    ],
)
async def test_calendar_broken_file_is_a_400_and_changes_nothing(
    me: httpx.AsyncClient, settings: Settings, body: bytes
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    before = snapshot(settings)
    response = await upload(me, calendar_id, body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_calendar"
    assert response.json()["error"]["message"]
    assert snapshot(settings) == before


async def test_calendar_file_over_2_mb_is_refused(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    before = snapshot(settings)
    padding = b"X-PADDING:" + b"x" * FILE_LIMIT + b"\r\n"
    response = await upload(
        me, new_id(), WEEK.replace(b"END:VCALENDAR", padding + b"END:VCALENDAR")
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert snapshot(settings) == before


async def test_calendar_file_near_2_mb_is_accepted(me: httpx.AsyncClient) -> None:
    filler = b"".join(
        event(f"f{i}@t", "20240101T090000Z", "20240101T095000Z", "SUMMARY:" + "y" * 60).encode()
        + b"\r\n"
        for i in range(9000)
    )
    body = WEEK.replace(b"END:VCALENDAR", filler + b"END:VCALENDAR")
    assert 1024 * 1024 < len(body) < FILE_LIMIT
    response = await upload(me, new_id(), body)
    assert response.status_code == 200, response.text
    assert response.json()["appointment_count"] == 3


async def test_calendar_delete_removes_future_appointments_only(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    clock.advance(days=1, hours=2)
    assert (await me.delete(f"/api/calendars/{calendar_id}")).status_code == 204
    assert [r[2] for r in rows(settings)] == ["2025-03-04T09:00:00.000000Z"]
    assert (await me.get("/api/calendars")).json() == {"calendars": []}
    assert (await me.delete(f"/api/calendars/{calendar_id}")).status_code == 404


async def test_calendar_of_another_space_is_not_found(
    me: httpx.AsyncClient, make_client: MakeClient, settings: Settings
) -> None:
    calendar_id = new_id()
    await upload(me, calendar_id, WEEK)
    stranger = make_client()
    await sign_in_new_space(stranger)
    before = snapshot(settings)
    assert (await stranger.delete(f"/api/calendars/{calendar_id}")).status_code == 404
    assert (await stranger.get("/api/calendars")).json() == {"calendars": []}
    assert snapshot(settings) == before


async def test_calendar_id_must_be_a_uuid(me: httpx.AsyncClient) -> None:
    response = await upload(me, "calendar-1", WEEK)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "calendar_id"


async def test_calendar_file_keeps_no_calendar_text(
    me: httpx.AsyncClient,
    app: Litestar,
    clock: FakeClock,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    response = await upload(me, new_id(), PRIVATE, keyword="intake")
    assert response.status_code == 200, response.text
    assert response.json()["appointment_count"] == 3
    await app.state["services"].scheduler.tick(clock.advance(minutes=20))
    assert_nothing_private(settings, caplog, SECRETS)


def assert_nothing_private(
    settings: Settings, caplog: pytest.LogCaptureFixture, secrets: list[str]
) -> None:
    """No secret in any byte of the database files, nor in any log line."""
    files = [
        settings.database_path.with_name(settings.database_path.name + suffix)
        for suffix in ("", "-wal", "-shm")
    ]
    stored = b"".join(path.read_bytes() for path in files if path.exists())
    assert stored
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    for secret in secrets:
        for text in {secret, secret.lower(), secret.upper()}:
            assert text.encode() not in stored, f"{secret!r} is in the database files"
            assert text.encode("utf-16-le") not in stored, f"{secret!r} is in the database files"
            assert text not in logged, f"{secret!r} is in the logs"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://calendar.example.org/feed.ics", "https"),
        ("https://x:8443/feed.ics", "443"),
        ("https://127.0.0.1/feed.ics", "127.0.0.1"),
        ("https://10.0.0.1/feed.ics", "10.0.0.1"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("https://[::1]/feed.ics", "::1"),
        ("https://user:pass@calendar.example.org/feed.ics", "password"),
        ("ftp://calendar.example.org/feed.ics", "https"),
        ("not a url", "address"),
    ],
)
async def test_feed_url_outside_policy_is_refused_and_nothing_stored(
    me: httpx.AsyncClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    url: str,
    words: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    before = snapshot(settings)
    response = await me.put(f"/api/calendars/{new_id()}/feed", json={"url": url})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("feed_refused", "url")
    assert words in error["message"]
    assert snapshot(settings) == before
    assert "feed.ics" not in caplog.text
    assert "meta-data" not in caplog.text


def test_local_feeds_cannot_be_allowed_from_the_environment() -> None:
    for value in ("1", "true", "yes"):
        env = {"ATTUNE_ALLOW_LOCAL_FEEDS": value}
        assert settings_from_env(env).allow_local_feeds is False
    assert settings_from_env({}, allow_local_feeds=True).allow_local_feeds is True
