"""A weekly 10:00 local session keeps its wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.calendars.ics import CalendarEvent, parse_calendar

WINDOW = {
    "window_start": datetime(2025, 1, 1, tzinfo=UTC),
    "window_end": datetime(2026, 1, 1, tzinfo=UTC),
}
LENGTH = timedelta(minutes=50)


def weekly_session(
    zone: str,
    first: str,
    *,
    exdate_utc: str | None = None,
    moved: tuple[str, str] | None = None,
    floating: bool = False,
) -> bytes:
    """Write a weekly, four-times, 10:00 local session; optionally skip or move one."""
    start = f"DTSTART:{first}T100000" if floating else f"DTSTART;TZID={zone}:{first}T100000"
    lines = [
        "BEGIN:VCALENDAR",
        *([f"X-WR-TIMEZONE:{zone}"] if floating else []),
        "BEGIN:VEVENT",
        "UID:weekly@attune.test",
        start,
        "DURATION:PT50M",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        *([f"EXDATE:{exdate_utc}"] if exdate_utc else []),
        "END:VEVENT",
    ]
    if moved:
        original, new_start = moved
        lines += [
            "BEGIN:VEVENT",
            "UID:weekly@attune.test",
            f"RECURRENCE-ID;TZID={zone}:{original}",
            f"DTSTART;TZID={zone}:{new_start}",
            "DURATION:PT50M",
            "END:VEVENT",
        ]
    return ("\n".join([*lines, "END:VCALENDAR"]) + "\n").encode()


def starts(events: list[CalendarEvent]) -> list[datetime]:
    assert all(event.ends_at - event.starts_at == LENGTH for event in events)
    return [event.starts_at for event in events]


def at(month: int, day: int, hour: int) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "first", "expected"),
    [
        # London springs forward on 30 March (GMT → BST) and falls back on 26 October.
        ("Europe/London", "20250324", [at(3, 24, 10), at(3, 31, 9), at(4, 7, 9), at(4, 14, 9)]),
        (
            "Europe/London",
            "20251020",
            [at(10, 20, 9), at(10, 27, 10), at(11, 3, 10), at(11, 10, 10)],
        ),
        # New York springs forward on 9 March (EST → EDT) and falls back on 2 November.
        (
            "America/New_York",
            "20250303",
            [at(3, 3, 15), at(3, 10, 14), at(3, 17, 14), at(3, 24, 14)],
        ),
        (
            "America/New_York",
            "20251027",
            [at(10, 27, 14), at(11, 3, 15), at(11, 10, 15), at(11, 17, 15)],
        ),
        # Sydney's autumn is April (AEDT → AEST on 6 April), its spring October (on 5 October).
        ("Australia/Sydney", "20250331", [at(3, 30, 23), at(4, 7, 0), at(4, 14, 0), at(4, 21, 0)]),
        (
            "Australia/Sydney",
            "20250929",
            [at(9, 29, 0), at(10, 5, 23), at(10, 12, 23), at(10, 19, 23)],
        ),
    ],
)
def test_weekly_session_keeps_local_time_across_dst(
    zone: str, first: str, expected: list[datetime]
) -> None:
    assert starts(parse_calendar(weekly_session(zone, first), **WINDOW)) == expected
    # The same session as Google writes it: floating times with X-WR-TIMEZONE.
    google = weekly_session(zone, first, floating=True)
    assert starts(parse_calendar(google, default_tz="UTC", **WINDOW)) == expected


@pytest.mark.parametrize(
    ("zone", "first", "exdate_utc", "expected"),
    [
        # Each EXDATE names the occurrence just after the change by its UTC instant.
        (
            "Europe/London",
            "20250324",
            "20250331T090000Z",
            [at(3, 24, 10), at(4, 7, 9), at(4, 14, 9)],
        ),
        (
            "Europe/London",
            "20251020",
            "20251027T100000Z",
            [at(10, 20, 9), at(11, 3, 10), at(11, 10, 10)],
        ),
        (
            "America/New_York",
            "20250303",
            "20250310T140000Z",
            [at(3, 3, 15), at(3, 17, 14), at(3, 24, 14)],
        ),
        (
            "America/New_York",
            "20251027",
            "20251103T150000Z",
            [at(10, 27, 14), at(11, 10, 15), at(11, 17, 15)],
        ),
        (
            "Australia/Sydney",
            "20250331",
            "20250407T000000Z",
            [at(3, 30, 23), at(4, 14, 0), at(4, 21, 0)],
        ),
        (
            "Australia/Sydney",
            "20250929",
            "20251005T230000Z",
            [at(9, 29, 0), at(10, 12, 23), at(10, 19, 23)],
        ),
    ],
)
def test_exdate_in_utc_removes_the_tzid_occurrence_across_dst(
    zone: str, first: str, exdate_utc: str, expected: list[datetime]
) -> None:
    events = parse_calendar(weekly_session(zone, first, exdate_utc=exdate_utc), **WINDOW)
    assert starts(events) == expected


@pytest.mark.parametrize(
    ("zone", "first", "moved", "expected"),
    [
        # The occurrence after the change moves from 10:00 to 15:00 local, same day.
        (
            "Europe/London",
            "20250324",
            ("20250331T100000", "20250331T150000"),
            [at(3, 24, 10), at(3, 31, 14), at(4, 7, 9), at(4, 14, 9)],
        ),
        (
            "America/New_York",
            "20251027",
            ("20251103T100000", "20251103T150000"),
            [at(10, 27, 14), at(11, 3, 20), at(11, 10, 15), at(11, 17, 15)],
        ),
        # Moved back across the change: the Sydney session of 7 April moves to 31 March's week.
        (
            "Australia/Sydney",
            "20250331",
            ("20250407T100000", "20250402T100000"),
            [at(3, 30, 23), at(4, 1, 23), at(4, 14, 0), at(4, 21, 0)],
        ),
    ],
)
def test_moved_occurrence_lands_at_its_new_time_and_keeps_its_key(
    zone: str, first: str, moved: tuple[str, str], expected: list[datetime]
) -> None:
    events = parse_calendar(weekly_session(zone, first, moved=moved), **WINDOW)
    assert starts(events) == expected
    unmoved = parse_calendar(weekly_session(zone, first), **WINDOW)
    assert {event.key for event in events} == {event.key for event in unmoved}
