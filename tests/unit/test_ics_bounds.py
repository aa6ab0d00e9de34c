"""Bounded calendar reading: a child process under a CPU limit answers, or is stopped."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from support.calendars import hostile_calendar

from server.calendars.bounded import CalendarTooComplex, parse_bounded
from server.calendars.ics import CalendarError, parse_calendar

WINDOW = {
    "window_start": datetime(2025, 3, 1, tzinfo=UTC),
    "window_end": datetime(2025, 3, 1, tzinfo=UTC) + timedelta(weeks=8),
}
WEEKLY = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Attune tests//bounds//EN\r
BEGIN:VEVENT\r
UID:weekly@attune.test\r
SUMMARY:Client session\r
DTSTART;TZID=Europe/London:20250303T100000\r
DTEND;TZID=Europe/London:20250303T105000\r
RRULE:FREQ=WEEKLY;COUNT=6\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def test_parse_bounded_gives_what_parse_calendar_gives() -> None:
    bounded = await parse_bounded(WEEKLY, keyword="session", default_tz="UTC", **WINDOW)
    assert bounded == parse_calendar(WEEKLY, keyword="session", default_tz="UTC", **WINDOW)
    assert len(bounded) == 6


async def test_parse_bounded_passes_on_what_is_wrong_with_a_bad_file() -> None:
    with pytest.raises(CalendarError, match="no calendar") as refused:
        await parse_bounded(b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", **WINDOW)
    assert not isinstance(refused.value, CalendarTooComplex)


async def test_parse_bounded_stops_a_hostile_calendar_at_the_cpu_cap() -> None:
    # Expanding all of it in-process would take over half an hour of CPU.
    started = time.monotonic()
    with pytest.raises(CalendarTooComplex, match="takes too long to read"):
        await parse_bounded(hostile_calendar(), cpu_seconds=1, **WINDOW)
    # Stopped by the kernel after one CPU second, or killed at the 5 s deadline on a busy machine.
    assert time.monotonic() - started < 30
