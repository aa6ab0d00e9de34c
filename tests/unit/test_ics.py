"""ICS import: each real-world quirk gives exact UTC times, bad files a clear CalendarError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.calendars.ics import CalendarError, CalendarEvent, parse_calendar

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "calendars"
YEAR_2025 = {
    "window_start": datetime(2025, 1, 1, tzinfo=UTC),
    "window_end": datetime(2026, 1, 1, tzinfo=UTC),
}


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


def session(
    month: int, day: int, hour: int, minute: int = 0, length: int = 50
) -> tuple[datetime, datetime]:
    """Return a UTC (start, end) pair in 2025; 50 minutes unless length says otherwise."""
    start = utc(month, day, hour, minute)
    return start, start + timedelta(minutes=length)


def times(events: list[CalendarEvent]) -> list[tuple[datetime, datetime]]:
    return [(event.starts_at, event.ends_at) for event in events]


def parse_fixture(name: str, **options: object) -> list[CalendarEvent]:
    return parse_calendar((FIXTURES / name).read_bytes(), **{**YEAR_2025, **options})


@pytest.mark.parametrize(
    ("name", "default_tz", "expected"),
    [
        # VTIMEZONE with decades of history under a made-up TZID: its own rules give the offset.
        ("large_vtimezone.ics", "UTC", [session(1, 15, 14), session(7, 15, 13)]),
        # 10:00 Berlin weekly across the March change; the EXDATE in UTC removes 24 March.
        ("exdate_utc.ics", "UTC", [session(3, 17, 9), session(3, 31, 8), session(4, 7, 8)]),
        # RECURRENCE-ID moves 3 June from 10:00 to 15:00 London (BST).
        ("moved_occurrence.ics", "UTC", [session(6, 2, 9), session(6, 3, 14), session(6, 4, 9)]),
        # A cancelled override removes 4 Feb; a cancelled single event (any case) is skipped.
        ("cancelled.ics", "UTC", [session(2, 3, 17), session(2, 5, 17), session(2, 11, 9)]),
        # Floating times mean X-WR-TIMEZONE, whatever the user's zone; UTC times stay put.
        ("x_wr_timezone_floating.ics", "Europe/London", [session(1, 15, 14), session(7, 16, 13)]),
        (
            "x_wr_timezone_floating.ics",
            "Australia/Sydney",
            [session(1, 15, 14), session(7, 16, 13)],
        ),
        # Floating times with no calendar zone mean the user's zone.
        ("floating.ics", "Europe/London", [session(1, 15, 9)]),
        ("floating.ics", "America/New_York", [session(1, 15, 14)]),
        ("no_dtend.ics", "UTC", [session(2, 10, 10, length=0)]),
        # DURATION gives the end; the all-day one given by DURATION is skipped.
        ("duration.ics", "UTC", [session(2, 10, 10)]),
        ("zero_length.ics", "UTC", [session(3, 4, 7, length=0)]),
        ("all_day.ics", "UTC", [session(3, 4, 14)]),
        # Ending before starting (by DTEND or by a negative DURATION) is skipped, not swapped.
        ("end_before_start.ics", "UTC", [session(3, 6, 7, length=30)]),
        ("transparent.ics", "UTC", [session(3, 4, 14)]),
        # An unknown TZID with no VTIMEZONE falls back to the user's zone.
        ("bad_tzid.ics", "Europe/London", [session(2, 10, 10)]),
        ("bad_tzid.ics", "America/New_York", [session(2, 10, 15)]),
    ],
)
def test_parse_calendar_fixture_gives_exact_utc_times(
    name: str, default_tz: str, expected: list[tuple[datetime, datetime]]
) -> None:
    assert times(parse_fixture(name, default_tz=default_tz)) == expected


def calendar(*lines: str) -> bytes:
    return ("\n".join(("BEGIN:VCALENDAR", *lines, "END:VCALENDAR")) + "\n").encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            (FIXTURES / "broken.ics").read_bytes(),
            "event 1 has no readable start (DTSTART)",
            id="broken-content-line",
        ),
        pytest.param(b"", "no calendar (BEGIN:VCALENDAR)", id="empty"),
        pytest.param(b"hello, world", "no calendar (BEGIN:VCALENDAR)", id="not-ics"),
        pytest.param(
            b"BEGIN:VEVENT\nDTSTART:20250101T100000Z\nEND:VEVENT\n",
            "no calendar (BEGIN:VCALENDAR)",
            id="event-without-calendar",
        ),
        pytest.param(
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\n",
            "does not end with END:VCALENDAR",
            id="not-closed",
        ),
        pytest.param(
            calendar("END:VCALENDAR", "BEGIN:VCALENDAR"), "more than one calendar", id="two"
        ),
        pytest.param(
            calendar("BEGIN:VEVENT", "DTSTART:2025-soon", "END:VEVENT"),
            "event 1 has an unreadable DTSTART value",
            id="bad-dtstart",
        ),
        pytest.param(
            calendar(
                "BEGIN:VEVENT", "DTSTART:20250101T100000Z", "RRULE:FREQ=SOMETIMES", "END:VEVENT"
            ),
            "event 1 has an unreadable RRULE value",
            id="bad-rrule",
        ),
        pytest.param(
            calendar(
                *("BEGIN:VEVENT", "DTSTART:20250101T100000Z", "END:VEVENT"),
                *("BEGIN:VEVENT", "DTSTART:20250101T100000Z", "DTEND:tomorrow", "END:VEVENT"),
            ),
            "event 2 has an unreadable DTEND value",
            id="bad-dtend-in-second-event",
        ),
        pytest.param(
            calendar(
                *("BEGIN:VEVENT", "UID:a", "DTSTART:20250101T100000Z", "END:VEVENT"),
                *("BEGIN:VEVENT", "UID:a", "RECURRENCE-ID:someday", "DTSTART:20250102T100000Z"),
                "END:VEVENT",
            ),
            "event 2 has an unreadable RECURRENCE-ID value",
            id="bad-recurrence-id",
        ),
    ],
)
def test_parse_calendar_refuses_unreadable_file_with_clear_message(
    data: bytes, message: str
) -> None:
    with pytest.raises(CalendarError) as refused:
        parse_calendar(data, **YEAR_2025)
    assert message in str(refused.value)
    assert refused.value.__cause__ is None


def test_parse_calendar_error_quotes_no_calendar_text() -> None:
    data = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Zebulon Quartermaine\nDTSTART;;X:1\nEND:VEVENT\n"
    )
    with pytest.raises(CalendarError) as refused:
        parse_calendar(data, **YEAR_2025)
    assert "Zebulon" not in str(refused.value)
    assert refused.value.__context__ is None or "Zebulon" not in str(refused.value.__context__)


def test_parse_calendar_keeps_no_calendar_text() -> None:
    events = parse_fixture("private_details.ics", default_tz="Europe/London")
    assert times(events) == [session(3, 10, 10), session(3, 17, 10)]
    shown = repr(events) + str(events)
    for secret in (
        "Zebulon", "Quartermaine", "Ophelia", "Nightingale", "Xanadu", "Persephone", "Wolfsbane",
        "persephone.wolfsbane", "Thaddeus", "Marmaduke", "Bartholomew", "uid-zebulon",
    ):  # fmt: skip
        assert secret not in shown
        assert secret.lower() not in shown.lower()
    assert all(len(event.key) == 64 and int(event.key, 16) >= 0 for event in events)


@pytest.mark.parametrize(
    ("keyword", "expected_hours"),
    [
        (None, [9, 10, 11, 13]),
        ("", [9, 10, 11, 13]),
        ("session", [9]),  # SUMMARY "Client Session"
        ("therapy", [10, 11]),  # DESCRIPTION "A THERAPY hour" and CATEGORIES "Work,Therapy"
        ("  Therapy ", [10, 11]),
        ("dentist", [13]),
        ("supervision", []),
    ],
)
def test_parse_calendar_keyword_keeps_only_matching_events(
    keyword: str | None, expected_hours: list[int]
) -> None:
    events = parse_fixture("keyword.ics", keyword=keyword)
    assert [event.starts_at.hour for event in events] == expected_hours


def test_parse_calendar_window_includes_start_and_excludes_end() -> None:
    data = (FIXTURES / "exdate_utc.ics").read_bytes()
    events = parse_calendar(data, window_start=utc(3, 17, 9), window_end=utc(3, 31, 8))
    assert times(events) == [session(3, 17, 9)]
    later = parse_calendar(data, window_start=utc(3, 17, 9, 1), window_end=utc(3, 31, 8, 1))
    assert times(later) == [session(3, 31, 8)]


def test_parse_calendar_floating_time_near_window_edge_uses_user_zone() -> None:
    data = b"""BEGIN:VCALENDAR
BEGIN:VEVENT
UID:late@attune.test
DTSTART:20250101T200000
DTEND:20250101T205000
END:VEVENT
END:VCALENDAR
"""
    window = {"window_start": datetime(2025, 1, 2, tzinfo=UTC), "window_end": utc(1, 3, 0)}
    events = parse_calendar(data, default_tz="America/New_York", **window)
    assert times(events) == [(utc(1, 2, 1), utc(1, 2, 1, 50))]
    assert parse_calendar(data, default_tz="Europe/London", **window) == []


def test_parse_calendar_unknown_default_zone_means_utc() -> None:
    events = parse_fixture("floating.ics", default_tz="Nowhere/Special")
    assert times(events) == [session(1, 15, 9)]


def test_parse_calendar_keys_are_stable_and_follow_the_original_start() -> None:
    moved = parse_fixture("moved_occurrence.ics")
    again = parse_fixture("moved_occurrence.ics")
    assert [event.key for event in moved] == [event.key for event in again]
    assert len({event.key for event in moved}) == 3
    series_only = (FIXTURES / "moved_occurrence.ics").read_text().split("BEGIN:VEVENT")
    unmoved = parse_calendar(
        ("BEGIN:VEVENT".join(series_only[:2]) + "END:VCALENDAR\n").encode(), **YEAR_2025
    )
    assert unmoved[1].starts_at == utc(6, 3, 9)
    assert [event.key for event in unmoved] == [event.key for event in moved]


def test_parse_calendar_drops_duplicate_events() -> None:
    text = (FIXTURES / "no_dtend.ics").read_text()
    event = text[text.index("BEGIN:VEVENT") : text.index("END:VCALENDAR")]
    doubled = text.replace("END:VCALENDAR", event + "END:VCALENDAR")
    assert len(parse_calendar(doubled.encode(), **YEAR_2025)) == 1


def weekly(count: int) -> bytes:
    return (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:weekly@attune.test\nDTSTART:20250106T090000Z\n"
        f"DURATION:PT50M\nRRULE:FREQ=WEEKLY;COUNT={count}\nEND:VEVENT\nEND:VCALENDAR\n"
    ).encode()


@pytest.mark.parametrize(
    ("count", "max_events", "refused"), [(10, 10, False), (11, 10, True), (3, 2, True)]
)
def test_parse_calendar_refuses_too_many_events(count: int, max_events: int, refused: bool) -> None:
    if not refused:
        assert len(parse_calendar(weekly(count), max_events=max_events, **YEAR_2025)) == count
        return
    with pytest.raises(CalendarError, match="too many events in the window"):
        parse_calendar(weekly(count), max_events=max_events, **YEAR_2025)


@pytest.mark.parametrize(
    ("rule", "kept"),
    [
        ("FREQ=SECONDLY", 0),
        ("FREQ=MINUTELY;INTERVAL=30", 0),
        ("FREQ=HOURLY", 0),
        ("FREQ=DAILY;BYHOUR=8,10,12,14,16;BYMINUTE=0,10,20,30,40,50", 0),  # 30 a day
        ("FREQ=DAILY;BYHOUR=9,14;COUNT=4", 4),
    ],
)
def test_parse_calendar_skips_series_repeating_many_times_a_day(rule: str, kept: int) -> None:
    # Starting in 1970: expanding an hourly rule from there would keep the server busy.
    data = calendar(
        "BEGIN:VEVENT", "UID:tick", "DTSTART:19700101T090000Z", f"RRULE:{rule}", "END:VEVENT"
    )
    window = {
        "window_start": datetime(1970, 1, 1, tzinfo=UTC),
        "window_end": YEAR_2025["window_end"],
    }
    assert len(parse_calendar(data, **window)) == kept


def test_parse_calendar_adds_rdate_occurrences() -> None:
    data = calendar(
        *("BEGIN:VEVENT", "UID:rdate", "DTSTART;TZID=Europe/London:20250317T100000"),
        *("DURATION:PT50M", "RRULE:FREQ=WEEKLY;COUNT=2"),
        *("RDATE;TZID=Europe/London:20250402T150000", "END:VEVENT"),
    )
    assert times(parse_calendar(data, **YEAR_2025)) == [
        session(3, 17, 10),
        session(3, 24, 10),
        session(4, 2, 14),
    ]


def test_parse_calendar_wraps_library_errors_without_their_text() -> None:
    data = calendar("CALSCALE:HEBREW", "BEGIN:VEVENT", "DTSTART:20250101T100000Z", "END:VEVENT")
    with pytest.raises(CalendarError, match=r"its events could not be read \(InvalidCalendar\)"):
        parse_calendar(data, **YEAR_2025)


def test_parse_calendar_needs_an_aware_window() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_calendar(weekly(1), window_start=datetime(2025, 1, 1), window_end=utc(2, 1, 0))


def _corpus() -> list[object]:
    if not CORPUS.is_dir():
        reason = f"the shared real-world calendars ({CORPUS}) are outside the repository and absent"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="corpus-absent")]
    return [pytest.param(path, id=path.name) for path in sorted(CORPUS.glob("*.ics"))]


REFUSED_IN_CORPUS = {"broken_ical.ics", "big_bad_calendar.ics"}


@pytest.mark.parametrize("path", _corpus())
def test_parse_calendar_takes_every_real_world_file_or_says_why_not(path: Path) -> None:
    window = {
        "window_start": datetime(2000, 1, 1, tzinfo=UTC),
        "window_end": datetime(2030, 1, 1, tzinfo=UTC),
    }
    if path.name in REFUSED_IN_CORPUS:
        with pytest.raises(CalendarError):
            parse_calendar(path.read_bytes(), **window)
        return
    events = parse_calendar(path.read_bytes(), default_tz="Europe/London", **window)
    assert all(
        event.starts_at.tzinfo is UTC and event.ends_at >= event.starts_at for event in events
    )
    assert events == sorted(events, key=lambda event: event.starts_at)
