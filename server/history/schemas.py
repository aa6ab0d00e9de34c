"""What the history screen needs for a date range, in one answer."""

from __future__ import annotations

from datetime import date

import msgspec


class Rate(msgspec.Struct, kw_only=True):
    """Sessions so far in a week, and how many had an exercise just before them."""

    grounded: int
    sessions: int


class Grounded(msgspec.Struct, kw_only=True):
    this_week: Rate
    last_week: Rate


class StreakOut(msgspec.Struct, kw_only=True):
    """Workdays in a row with practice; grace days (one missed workday a week) in the range."""

    current: int
    longest: int
    grace_days: list[date]


class Day(msgspec.Struct, kw_only=True):
    """One local day with any practice, for the heatmap."""

    day: date
    completed: int
    partial: int
    check_ins: int


class Week(msgspec.Struct, kw_only=True):
    """A calendar week (Monday first): practice and the average check-in, when there was one."""

    week_of: date
    exercises: int
    check_ins: int
    presence: float | None
    energy: float | None


class Lift(msgspec.Struct, kw_only=True):
    """The average change from the check-in before an exercise to the one after it."""

    pairs: int
    presence: float | None
    energy: float | None


class History(msgspec.Struct, kw_only=True):
    first_day: date
    last_day: date
    today: date
    time_zone: str
    grounded: Grounded
    # None when the therapist chose to hide streaks.
    streak: StreakOut | None
    days: list[Day]
    weeks: list[Week]
    lift: Lift
    # The 14-day average energy sits a full point below the 90-day one: time for a kind word.
    low_energy: bool
