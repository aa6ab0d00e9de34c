"""Trends from daily totals, free of I/O: weekly averages, the lift, the gentle low-energy note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from server.db import Row
from server.history.schemas import Lift, Week

# The note compares the last 14 days' average energy with the last 90 days'.
RECENT_DAYS = 14
TREND_DAYS = 90
# A full point lower, over enough check-ins that one bad day does not trigger it.
NOTE_DROP = 1.0
MIN_RECENT_CHECK_INS = 3
MIN_TREND_CHECK_INS = 10


def weekly(rows: Sequence[Row]) -> list[Week]:
    """Group daily totals into calendar weeks (Monday first), averaging the check-ins."""
    weeks: dict[date, list[int]] = {}
    for row in rows:
        day = date.fromisoformat(row["local_day"])
        sums = weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0, 0, 0])
        sums[0] += row["exercises_completed"]
        sums[1] += row["check_ins"]
        sums[2] += row["presence_sum"]
        sums[3] += row["energy_sum"]
    return [
        Week(
            week_of=monday,
            exercises=exercises,
            check_ins=check_ins,
            presence=round(presence / check_ins, 2) if check_ins else None,
            energy=round(energy / check_ins, 2) if check_ins else None,
        )
        for monday, (exercises, check_ins, presence, energy) in sorted(weeks.items())
    ]


def lift(rows: Sequence[Row]) -> Lift:
    """Average the change from before to after an exercise, over every pair in the rows."""
    pairs = sum(r["pairs"] for r in rows)
    if not pairs:
        return Lift(pairs=0, presence=None, energy=None)
    presence = sum(r["presence_change_sum"] for r in rows)
    energy = sum(r["energy_change_sum"] for r in rows)
    return Lift(pairs=pairs, presence=round(presence / pairs, 2), energy=round(energy / pairs, 2))


def low_energy(rows: Sequence[Row], today: date) -> bool:
    """Say whether the last 14 days' energy sits a full point below the last 90 days'."""
    recent = _energy(rows, today - timedelta(days=RECENT_DAYS - 1), today)
    trend = _energy(rows, today - timedelta(days=TREND_DAYS - 1), today)
    if recent is None or trend is None:
        return False
    (recent_sum, recent_count), (trend_sum, trend_count) = recent, trend
    if recent_count < MIN_RECENT_CHECK_INS or trend_count < MIN_TREND_CHECK_INS:
        return False
    return recent_sum / recent_count <= trend_sum / trend_count - NOTE_DROP


def _energy(rows: Sequence[Row], first: date, last: date) -> tuple[int, int] | None:
    chosen = [r for r in rows if first.isoformat() <= r["local_day"] <= last.isoformat()]
    count = sum(r["check_ins"] for r in chosen)
    return (sum(r["energy_sum"] for r in chosen), count) if count else None
