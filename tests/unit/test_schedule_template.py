"""The weekly template as UTC instants: wall-clock times kept across DST, by table."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.schedule.template import (
    Slot,
    calendar_appointment_id,
    occurrence_id,
    template_occurrences,
    working_hours_slots,
    working_hours_starts,
)
from server.zones import day_bounds, local_to_utc


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


MONDAY_10 = Slot("slot-mon", weekday=0, start=time(10, 0), length_minutes=50)


@pytest.mark.parametrize(
    ("zone", "day", "starts_at"),
    [
        # Europe/London: clocks go forward on 30 March 2025, back on 26 October 2025.
        ("Europe/London", date(2025, 3, 24), "2025-03-24T10:00"),
        ("Europe/London", date(2025, 3, 31), "2025-03-31T09:00"),
        ("Europe/London", date(2025, 10, 20), "2025-10-20T09:00"),
        ("Europe/London", date(2025, 10, 27), "2025-10-27T10:00"),
        # America/New_York: forward on 9 March 2025, back on 2 November 2025.
        ("America/New_York", date(2025, 3, 3), "2025-03-03T15:00"),
        ("America/New_York", date(2025, 3, 10), "2025-03-10T14:00"),
        ("America/New_York", date(2025, 10, 27), "2025-10-27T14:00"),
        ("America/New_York", date(2025, 11, 3), "2025-11-03T15:00"),
        # Australia/Sydney: back on 6 April 2025, forward on 5 October 2025 (southern summer).
        ("Australia/Sydney", date(2025, 3, 31), "2025-03-30T23:00"),
        ("Australia/Sydney", date(2025, 4, 7), "2025-04-07T00:00"),
        ("Australia/Sydney", date(2025, 9, 29), "2025-09-29T00:00"),
        ("Australia/Sydney", date(2025, 10, 6), "2025-10-05T23:00"),
    ],
)
def test_template_monday_10_stays_10_local_across_dst(zone: str, day: date, starts_at: str) -> None:
    [found] = template_occurrences([MONDAY_10], ZoneInfo(zone), day, day)
    assert found.starts_at == utc(starts_at)
    assert found.ends_at == utc(starts_at).replace(minute=50)
    assert found.starts_at.astimezone(ZoneInfo(zone)).time() == time(10, 0)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "starts_at", "shown_local"),
    [
        # A time that does not exist on a spring-forward day moves forward by the gap.
        ("Europe/London", date(2025, 3, 30), time(1, 30), "2025-03-30T01:30", time(2, 30)),
        ("America/New_York", date(2025, 3, 9), time(2, 30), "2025-03-09T07:30", time(3, 30)),
        ("Australia/Sydney", date(2025, 10, 5), time(2, 30), "2025-10-04T16:30", time(3, 30)),
        # A time that happens twice on a fall-back day takes its first occurrence.
        ("Europe/London", date(2025, 10, 26), time(1, 30), "2025-10-26T00:30", time(1, 30)),
        ("America/New_York", date(2025, 11, 2), time(1, 30), "2025-11-02T05:30", time(1, 30)),
        ("Australia/Sydney", date(2025, 4, 6), time(2, 30), "2025-04-05T15:30", time(2, 30)),
    ],
)
def test_template_missing_and_doubled_wall_times(
    zone: str, day: date, wall: time, starts_at: str, shown_local: time
) -> None:
    slot = Slot("slot-sun", weekday=6, start=wall, length_minutes=60)
    [found] = template_occurrences([slot], ZoneInfo(zone), day, day)
    assert found.starts_at == utc(starts_at)
    assert found.starts_at.astimezone(ZoneInfo(zone)).time() == shown_local


def test_template_session_across_the_change_lasts_its_length() -> None:
    slot = Slot("late", weekday=5, start=time(23, 30), length_minutes=120)
    [found] = template_occurrences(
        [slot], ZoneInfo("Europe/London"), date(2025, 3, 29), date(2025, 3, 29)
    )
    assert (found.starts_at, found.ends_at) == (utc("2025-03-29T23:30"), utc("2025-03-30T01:30"))


def test_template_only_the_slots_weekdays_in_order() -> None:
    slots = [
        Slot("wed", weekday=2, start=time(9, 0), length_minutes=50),
        MONDAY_10,
        Slot("mon-early", weekday=0, start=time(8, 0), length_minutes=50),
    ]
    found = template_occurrences(slots, ZoneInfo("UTC"), date(2025, 3, 3), date(2025, 3, 16))
    assert [(o.day.isoformat(), o.slot_id) for o in found] == [
        ("2025-03-03", "mon-early"),
        ("2025-03-03", "slot-mon"),
        ("2025-03-05", "wed"),
        ("2025-03-10", "mon-early"),
        ("2025-03-10", "slot-mon"),
        ("2025-03-12", "wed"),
    ]


def test_template_nothing_for_an_empty_range_or_template() -> None:
    zone = ZoneInfo("UTC")
    assert template_occurrences([], zone, date(2025, 3, 3), date(2025, 4, 3)) == []
    assert template_occurrences([MONDAY_10], zone, date(2025, 3, 4), date(2025, 3, 3)) == []


def test_template_ids_are_deterministic_per_slot_and_day() -> None:
    zone = ZoneInfo("Europe/London")
    first = template_occurrences([MONDAY_10], zone, date(2025, 3, 3), date(2025, 3, 31))
    again = template_occurrences([MONDAY_10], zone, date(2025, 3, 3), date(2025, 3, 31))
    assert [o.id for o in first] == [o.id for o in again]
    assert len({o.id for o in first}) == 5
    assert first[0].id == occurrence_id("slot-mon", date(2025, 3, 3))
    assert occurrence_id("slot-mon", date(2025, 3, 3)) != occurrence_id(
        "slot-mon", date(2025, 3, 10)
    )
    assert calendar_appointment_id("a", "k") != calendar_appointment_id("b", "k")


@pytest.mark.parametrize(
    ("zone", "day", "start", "end"),
    [
        ("Europe/London", date(2025, 3, 30), "2025-03-30T00:00", "2025-03-30T23:00"),
        ("Europe/London", date(2025, 10, 26), "2025-10-25T23:00", "2025-10-27T00:00"),
        ("America/New_York", date(2025, 3, 3), "2025-03-03T05:00", "2025-03-04T05:00"),
    ],
)
def test_day_bounds_follow_the_zone(zone: str, day: date, start: str, end: str) -> None:
    assert day_bounds(day, day, ZoneInfo(zone)) == (utc(start), utc(end))


def test_local_to_utc_in_utc_is_the_same_wall_time() -> None:
    assert local_to_utc(date(2025, 6, 1), time(9, 15), ZoneInfo("UTC")) == utc("2025-06-01T09:15")


@pytest.mark.parametrize(
    ("hours", "starts"),
    [
        # The usual clinical hour: 50 minutes and a 10-minute break.
        (
            ("09:00", "17:00", 50, 10),
            ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"],
        ),
        # The last session must end by last_end, not merely start before it.
        (
            ("09:00", "16:49", 50, 10),
            ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"],
        ),
        # Its break may run past last_end.
        (("09:00", "09:55", 50, 10), ["09:00"]),
        (("08:30", "12:00", 45, 15), ["08:30", "09:30", "10:30"]),
        (("14:00", "16:00", 60, 0), ["14:00", "15:00"]),
        (("23:00", "23:59", 50, 10), ["23:00"]),
        (("09:00", "09:40", 50, 10), []),
    ],
)
def test_working_hours_starts_fill_the_day_by_table(
    hours: tuple[str, str, int, int], starts: list[str]
) -> None:
    first, last, length, gap = hours
    found = working_hours_starts(time.fromisoformat(first), time.fromisoformat(last), length, gap)
    assert [f"{start:%H:%M}" for start in found] == starts


def test_working_hours_slots_are_the_same_every_time_they_are_made() -> None:
    made = working_hours_slots([4, 0, 2, 0], time(9), time(11), 50, 10)
    assert [(s.weekday, f"{s.start:%H:%M}") for s in made] == [
        (0, "09:00"),
        (0, "10:00"),
        (2, "09:00"),
        (2, "10:00"),
        (4, "09:00"),
        (4, "10:00"),
    ]
    again = working_hours_slots([0, 2, 4], time(9), time(11), 50, 10)
    assert [s.id for s in again] == [s.id for s in made]
    assert len({s.id for s in made}) == len(made)
    # Another length is another slot, even at the same time.
    longer = working_hours_slots([0], time(9), time(11), 60, 0)
    assert longer[0].id != made[0].id


def test_working_hours_keep_local_times_across_dst_in_berlin() -> None:
    zone = ZoneInfo("Europe/Berlin")
    slots = working_hours_slots(range(5), time(9), time(17), 50, 10)
    # Clocks go forward in Berlin on Sunday 30 March 2025.
    found = template_occurrences(slots, zone, date(2025, 3, 24), date(2025, 4, 6))
    assert len(found) == 2 * 5 * 8
    local = {(o.day, o.starts_at.astimezone(zone).strftime("%H:%M")) for o in found}
    assert (date(2025, 3, 28), "16:00") in local
    assert (date(2025, 3, 31), "09:00") in local
    assert found[0].starts_at == utc("2025-03-24T08:00")
    monday = next(o for o in found if o.day == date(2025, 3, 31))
    assert monday.starts_at == utc("2025-03-31T07:00")
    assert all(o.ends_at - o.starts_at == timedelta(minutes=50) for o in found)
