"""Recurring instances keep the master's exact length across DST changes (RFC 5545 §3.8.5.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.calendars.ics import parse_calendar

WINDOW = {
    "window_start": datetime(2025, 1, 1, tzinfo=UTC),
    "window_end": datetime(2026, 1, 1, tzinfo=UTC),
}


def series(*lines: str) -> bytes:
    body = [
        *("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attune tests//dst//EN"),
        *("BEGIN:VEVENT", "UID:dst@attune.test", "DTSTAMP:20250101T000000Z", *lines),
        *("END:VEVENT", "END:VCALENDAR"),
    ]
    return ("\r\n".join(body) + "\r\n").encode()


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


H = timedelta(hours=1)


LONDON = "Europe/London"


def zoned(zone: str, start: str, end: str) -> list[str]:
    return [f"DTSTART;TZID={zone}:{start}", f"DTEND;TZID={zone}:{end}"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Weekly 00:30–03:30 London: the clocks go forward at 01:00 on 30 March, inside it.
        (
            [*zoned(LONDON, "20250323T003000", "20250323T033000"), "RRULE:FREQ=WEEKLY;COUNT=3"],
            [(utc(3, 23, 0, 30), 3 * H), (utc(3, 30, 0, 30), 3 * H), (utc(4, 5, 23, 30), 3 * H)],
        ),
        # The same across the October change: 26 October gains an hour inside the session.
        (
            [*zoned(LONDON, "20251019T003000", "20251019T033000"), "RRULE:FREQ=WEEKLY;COUNT=2"],
            [(utc(10, 18, 23, 30), 3 * H), (utc(10, 25, 23, 30), 3 * H)],
        ),
        # Overnight 22:00–02:00 on the night of the March change (3 h), then 22:00 BST.
        (
            [*zoned(LONDON, "20250329T220000", "20250330T020000"), "RRULE:FREQ=DAILY;COUNT=2"],
            [(utc(3, 29, 22), 3 * H), (utc(3, 30, 21), 3 * H)],
        ),
        # A master that itself spans the change is 2 h long; so is each later instance.
        (
            [*zoned(LONDON, "20250330T003000", "20250330T033000"), "RRULE:FREQ=WEEKLY;COUNT=2"],
            [(utc(3, 30, 0, 30), 2 * H), (utc(4, 5, 23, 30), 2 * H)],
        ),
        # DTEND in another zone than DTSTART: the exact length comes from both in UTC.
        (
            [
                f"DTSTART;TZID={LONDON}:20250323T003000",
                "DTEND:20250323T013000Z",
                "RRULE:FREQ=WEEKLY;COUNT=2",
            ],
            [(utc(3, 23, 0, 30), 1 * H), (utc(3, 30, 0, 30), 1 * H)],
        ),
        # New York's spring change (9 March, 02:00) inside a weekly 01:00–04:00.
        (
            [
                *zoned("America/New_York", "20250302T010000", "20250302T040000"),
                "RRULE:FREQ=WEEKLY;COUNT=2",
            ],
            [(utc(3, 2, 6), 3 * H), (utc(3, 9, 6), 3 * H)],
        ),
        # DURATION in hours is exact as well.
        (
            [
                f"DTSTART;TZID={LONDON}:20250323T003000",
                "DURATION:PT3H",
                "RRULE:FREQ=WEEKLY;COUNT=2",
            ],
            [(utc(3, 23, 0, 30), 3 * H), (utc(3, 30, 0, 30), 3 * H)],
        ),
        # DURATION in days is nominal: 29 March 12:00 GMT to 30 March 12:00 BST is 23 hours.
        (
            [f"DTSTART;TZID={LONDON}:20250322T120000", "DURATION:P1D", "RRULE:FREQ=WEEKLY;COUNT=2"],
            [(utc(3, 22, 12), 24 * H), (utc(3, 29, 12), 23 * H)],
        ),
        # An override keeps its own times, whatever the master's length.
        (
            [
                *zoned(LONDON, "20250323T003000", "20250323T033000"),
                "RRULE:FREQ=WEEKLY;COUNT=2",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:dst@attune.test",
                f"RECURRENCE-ID;TZID={LONDON}:20250330T003000",
                *zoned(LONDON, "20250330T100000", "20250330T110000"),
            ],
            [(utc(3, 23, 0, 30), 3 * H), (utc(3, 30, 9), 1 * H)],
        ),
        # An RDATE period keeps its own end.
        (
            [
                *zoned(LONDON, "20250323T003000", "20250323T033000"),
                "RRULE:FREQ=WEEKLY;COUNT=1",
                "RDATE;VALUE=PERIOD:20250401T090000Z/20250401T100000Z",
            ],
            [(utc(3, 23, 0, 30), 3 * H), (utc(4, 1, 9), 1 * H)],
        ),
        # Floating times take the user's zone (UTC here): no change to cross.
        (
            ["DTSTART:20250323T003000", "DTEND:20250323T033000", "RRULE:FREQ=WEEKLY;COUNT=2"],
            [(utc(3, 23, 0, 30), 3 * H), (utc(3, 30, 0, 30), 3 * H)],
        ),
    ],
)
def test_parse_calendar_keeps_the_exact_length_across_dst(
    lines: list[str], expected: list[tuple[datetime, timedelta]]
) -> None:
    events = parse_calendar(series(*lines), **WINDOW)
    assert [(e.starts_at, e.ends_at - e.starts_at) for e in events] == expected


def test_parse_calendar_keeps_the_exact_length_in_a_floating_zone_with_dst() -> None:
    data = series(
        *("DTSTART:20250323T003000", "DTEND:20250323T033000", "RRULE:FREQ=WEEKLY;COUNT=2")
    )
    events = parse_calendar(data, default_tz="Europe/London", **WINDOW)
    assert [(e.starts_at, e.ends_at - e.starts_at) for e in events] == [
        (utc(3, 23, 0, 30), 3 * H),
        (utc(3, 30, 0, 30), 3 * H),
    ]
