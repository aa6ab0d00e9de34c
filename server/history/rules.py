"""The kind history's rules, free of I/O: who was grounded before a session, and the streak.

Grounded before: an appointment counts as grounded when an exercise was completed between the
previous appointment's end (looking back at most an hour) and five minutes after its start.

Workday streak: a workday is a day with at least one appointment or, for a therapist with no
schedule at all, one of the weekdays chosen as workdays. The streak is the run of days with a
completed exercise: a workday without one breaks it, a day that is not a workday neither breaks
nor adds unless practised on (then it adds). One missed workday per calendar week is forgiven as
grace: it keeps the streak and adds nothing. Today never breaks the streak before it has ended.
All days are the local days stored with each event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

LOOK_BACK = timedelta(minutes=60)
GRACE_AFTER_START = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Session:
    """A scheduled appointment: when it starts and ends, and its local day."""

    starts_at: datetime
    ends_at: datetime
    day: date


@dataclass(frozen=True, slots=True)
class Streak:
    """The current and longest run, and the days forgiven as grace along the way."""

    current: int
    longest: int
    grace_days: tuple[date, ...]


def grounded_sessions(sessions: Sequence[Session], completions: Sequence[datetime]) -> list[bool]:
    """Say for each session (sorted by start) whether an exercise was completed just before it."""
    ordered = sorted(completions)
    grounded = []
    previous_end: datetime | None = None
    for session in sessions:
        opens = session.starts_at - LOOK_BACK
        if previous_end is not None and previous_end > opens:
            opens = previous_end
        closes = session.starts_at + GRACE_AFTER_START
        grounded.append(_any_between(ordered, opens, closes))
        if previous_end is None or session.ends_at > previous_end:
            previous_end = session.ends_at
    return grounded


def _any_between(ordered: Sequence[datetime], opens: datetime, closes: datetime) -> bool:
    # Binary search: a five-year history has thousands of completions.
    low, high = 0, len(ordered)
    while low < high:
        middle = (low + high) // 2
        if ordered[middle] < opens:
            low = middle + 1
        else:
            high = middle
    return low < len(ordered) and ordered[low] <= closes


def grounded_rate(flags: Iterable[bool]) -> tuple[int, int]:
    """Return (grounded, sessions) for a set of sessions."""
    values = list(flags)
    return sum(values), len(values)


def workday_streak(
    practised: set[date],
    session_days: set[date],
    workdays: frozenset[int],
    first_day: date,
    today: date,
) -> Streak:
    """Count the current and longest workday streak from first_day to today, with weekly grace.

    session_days are the local days with at least one appointment; when there are none at all,
    the weekdays in workdays (0 = Monday) are the workdays. first_day is fixed (the day the
    space began), never the first practice: starting later would hide earlier missed workdays
    and let a new early practice use up a week's grace.
    """
    has_schedule = bool(session_days)
    # Day ordinals: date.fromordinal(1) is a Monday, so (n - 1) // 7 numbers calendar weeks
    # and (n - 1) % 7 is the weekday; a five-year loop stays well under a millisecond.
    done = {d.toordinal() for d in practised}
    booked = {d.toordinal() for d in session_days}
    last = today.toordinal()
    run = longest = 0
    grace: list[int] = []
    grace_week = -1
    for day in range(first_day.toordinal(), last + 1):
        if day in done:
            run += 1
            if run > longest:
                longest = run
            continue
        workday = day in booked if has_schedule else (day - 1) % 7 in workdays
        if not workday or day == last:
            continue
        if grace_week != (day - 1) // 7:
            grace_week = (day - 1) // 7
            grace.append(day)
        else:
            run = 0
    return Streak(run, longest, tuple(date.fromordinal(d) for d in grace))
