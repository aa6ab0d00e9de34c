"""The history's rules by table, and its promises by property over random histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.history.rules import Session, Streak, grounded_sessions, workday_streak
from server.zones import local_moment

MON_FRI = frozenset(range(5))
MONDAY = date(2025, 3, 3)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def days(*offsets: int) -> set[date]:
    return {MONDAY + timedelta(days=n) for n in offsets}


def session(start: str, minutes: int = 50) -> Session:
    starts_at = utc(start)
    return Session(starts_at, starts_at + timedelta(minutes=minutes), starts_at.date())


@pytest.mark.parametrize(
    ("case", "practised", "session_days", "today", "expected"),
    [
        # Mon–Fri practised, weekend off (no schedule): the weekend neither breaks nor adds.
        ("weekends off", days(0, 1, 2, 3, 4, 7), set(), 7, (6, 6, ())),
        # One missed workday a week is grace: it keeps the run and adds nothing.
        ("one miss forgiven", days(0, 1, 3, 4), set(), 4, (4, 4, (2,))),
        # A second miss in the same week breaks the run.
        ("two misses break", days(0, 2, 4), set(), 4, (1, 2, (1,))),
        # Grace renews with the calendar week.
        ("grace per week", days(0, 1, 3, 4, 7, 8, 10), set(), 10, (7, 7, (2, 9))),
        # Practice on a day off adds to the run.
        ("day off adds", days(0, 1, 2, 3, 4, 5), set(), 5, (6, 6, ())),
        # With a schedule, only days with sessions are workdays; practice on another day adds.
        ("schedule decides", days(0, 2, 5), days(0, 2), 6, (3, 3, ())),
        # A day with practice and no appointments, in a week with a schedule.
        ("practice without sessions", days(1), days(0, 2), 2, (1, 1, (0,))),
        # Today does not break the streak before it has ended.
        ("today pending", days(0, 1), set(), 2, (2, 2, ())),
        # A break long ago leaves the longest run standing.
        ("longest kept", days(0, 1, 2, 3, 4, 7, 10, 11), set(), 11, (2, 6, (8,))),
    ],
)
def test_workday_streak_table(
    case: str,
    practised: set[date],
    session_days: set[date],
    today: int,
    expected: tuple[int, int, tuple[int, ...]],
) -> None:
    current, longest, grace = expected
    streak = workday_streak(
        practised, session_days, MON_FRI, MONDAY, MONDAY + timedelta(days=today)
    )
    assert streak == Streak(current, longest, tuple(MONDAY + timedelta(days=g) for g in grace))


@pytest.mark.parametrize(
    ("moments", "zone_history", "expected_days"),
    [
        # 23:50 and 00:10 local (London summer time) are two days, in a row.
        (["2025-06-02T22:50", "2025-06-02T23:10"], [("2025-01-01", "Europe/London")], (2, 3)),
        # A zone change mid-streak: each event keeps the day of the zone it happened in.
        (
            ["2025-06-02T22:30", "2025-06-04T03:00"],
            [("2025-01-01", "Europe/London"), ("2025-06-03T12:00", "America/New_York")],
            (2, 3),
        ),
        # The day clocks go back in London is one local day of 25 hours.
        (["2025-10-25T23:30", "2025-10-26T23:30"], [("2025-01-01", "Europe/London")], (26, 26)),
    ],
)
def test_local_days_feed_the_streak(
    moments: list[str], zone_history: list[tuple[str, str]], expected_days: tuple[int, int]
) -> None:
    history = [(utc(since), zone) for since, zone in zone_history]
    placed = [local_moment(utc(moment), history, None)[0] for moment in moments]
    assert tuple(d.day for d in placed) == expected_days
    first = min(placed)
    streak = workday_streak(set(placed), set(), frozenset(range(7)), first, max(placed))
    assert streak.current == len(set(placed))


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        ("2025-03-03T08:59", True),  # just before
        ("2025-03-03T08:00", True),  # exactly an hour before: the window's first instant
        ("2025-03-03T07:59", False),  # more than an hour before
        ("2025-03-03T09:05", True),  # five minutes after the start: the last instant
        ("2025-03-03T09:06", False),  # too late
    ],
)
def test_grounded_window_edges_without_an_earlier_session(completed: str, expected: bool) -> None:
    assert grounded_sessions([session("2025-03-03T09:00")], [utc(completed)]) == [expected]


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        ("2025-03-03T08:30", [True, False]),  # before the first: counts for it only
        ("2025-03-03T09:49", [False, False]),  # during the first session: for neither
        ("2025-03-03T09:50", [False, True]),  # at the previous session's end
        ("2025-03-03T09:55", [False, True]),  # in the gap
        ("2025-03-03T10:05", [False, True]),  # five minutes into the second
    ],
)
def test_grounded_window_starts_at_the_previous_session_end(
    completed: str, expected: list[bool]
) -> None:
    sessions = [session("2025-03-03T09:00"), session("2025-03-03T10:00")]
    assert grounded_sessions(sessions, [utc(completed)]) == expected


def test_grounded_on_a_dst_day_uses_real_instants() -> None:
    # 26 Oct 2025, London: 09:00 BST would be 08:00 UTC, but clocks went back at 01:00 UTC.
    nine_local = utc("2025-10-26T09:00")
    sessions = [Session(nine_local, nine_local + timedelta(minutes=50), date(2025, 10, 26))]
    assert grounded_sessions(sessions, [utc("2025-10-26T08:02")]) == [True]
    assert grounded_sessions(sessions, [utc("2025-10-26T07:58")]) == [False]


HISTORY_DAYS = 42
day_numbers = st.sets(st.integers(0, HISTORY_DAYS - 1), max_size=HISTORY_DAYS)
weekday_sets = st.frozensets(st.integers(0, 6), min_size=0, max_size=7)


def streak_of(practised: set[int], sessions: set[int], workdays: frozenset[int]) -> Streak:
    return workday_streak(
        {MONDAY + timedelta(days=n) for n in practised},
        {MONDAY + timedelta(days=n) for n in sessions},
        workdays,
        MONDAY,
        MONDAY + timedelta(days=HISTORY_DAYS - 1),
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(day_numbers, day_numbers, weekday_sets, st.integers(0, HISTORY_DAYS - 1))
def test_adding_practice_never_lowers_a_streak(
    practised: set[int], sessions: set[int], workdays: frozenset[int], extra: int
) -> None:
    before = streak_of(practised, sessions, workdays)
    after = streak_of(practised | {extra}, sessions, workdays)
    assert after.current >= before.current
    assert after.longest >= before.longest
    assert before.longest >= before.current


@settings(max_examples=300, deadline=None, derandomize=True)
@given(day_numbers, day_numbers, weekday_sets, st.integers(1, HISTORY_DAYS - 2))
def test_a_day_off_without_practice_changes_nothing(
    practised: set[int], sessions: set[int], workdays: frozenset[int], day: int
) -> None:
    on = MONDAY + timedelta(days=day)
    workday = day in sessions if sessions else on.weekday() in workdays
    if workday or day in practised:
        return
    as_of = {
        today: workday_streak(
            {MONDAY + timedelta(days=n) for n in practised if n < day},
            {MONDAY + timedelta(days=n) for n in sessions},
            workdays,
            MONDAY,
            MONDAY + timedelta(days=today),
        )
        for today in (day, day + 1)
    }
    # Living through a day off without practice leaves the streak as it was that morning.
    assert (as_of[day + 1].current, as_of[day + 1].longest) == (
        as_of[day].current,
        as_of[day].longest,
    )
