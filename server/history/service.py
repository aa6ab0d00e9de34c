"""The history for a date range: grounded-before rates, the streak, the heatmap and trends."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from server.clock import Clock, from_db
from server.errors import BadRequest, Unauthorized
from server.history import rules
from server.history.repo import HistoryRepo, Snapshot, Window
from server.history.schemas import Day, Grounded, History, Rate, StreakOut
from server.history.summary import TREND_DAYS, lift, low_energy, weekly
from server.preferences.repo import mask_to_days
from server.spaces.repo import Device
from server.zones import local_day, local_moment, local_to_utc, zone_named

DEFAULT_WEEKS = 12
LONGEST_RANGE = timedelta(days=366 * 6)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class HistoryService:
    def __init__(self, repo: HistoryRepo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    async def history(self, device: Device, first: date | None, last: date | None) -> History:
        """Gather everything the history screen shows for first..last (default: 12 weeks)."""
        now = self.clock.now()
        found = await self.repo.snapshot(
            device.space_id, lambda zone: _plan(zone, now, first, last)
        )
        if found is None:
            raise Unauthorized("This browser's space no longer exists.")
        snapshot, window = found
        zone = zone_named(snapshot.time_zone)
        today = local_day(now, zone)
        opens, closes = window.first.isoformat(), window.last.isoformat()
        in_range = [r for r in snapshot.totals if opens <= r["local_day"] <= closes]
        return History(
            first_day=window.first,
            last_day=window.last,
            today=today,
            time_zone=snapshot.time_zone,
            grounded=_grounded(snapshot, today, now),
            streak=None if snapshot.hide_streaks else _streak(snapshot, window, today),
            days=[
                Day(
                    day=date.fromisoformat(r["local_day"]),
                    completed=r["exercises_completed"],
                    partial=r["exercises_partial"],
                    check_ins=r["check_ins"],
                )
                for r in in_range
                if r["exercises_completed"] or r["exercises_partial"] or r["check_ins"]
            ],
            weeks=weekly(in_range),
            lift=lift(in_range),
            low_energy=low_energy(snapshot.totals, today),
        )


def _plan(zone_name: str, now: datetime, first: date | None, last: date | None) -> Window:
    zone = zone_named(zone_name)
    today = local_day(now, zone)
    last = last or today
    first = first or monday_of(last) - timedelta(weeks=DEFAULT_WEEKS - 1)
    if first > last:
        raise BadRequest("from must not be after to.", field="from")
    if last - first > LONGEST_RANGE:
        raise BadRequest("Ask for at most six years at a time.", field="from")
    this_monday = monday_of(today)
    weeks = (
        local_to_utc(this_monday - timedelta(weeks=1), time(0), zone),
        local_to_utc(this_monday + timedelta(weeks=1), time(0), zone),
    )
    # Read the last 90 days too: the gentle note looks at them whatever the range.
    read_from = min(first, today - timedelta(days=TREND_DAYS - 1))
    return Window(first, last, read_from, max(last, today), weeks)


def _grounded(snapshot: Snapshot, today: date, now: datetime) -> Grounded:
    sessions = [
        rules.Session(
            from_db(r["starts_at"]), from_db(r["ends_at"]), date.fromisoformat(r["local_day"])
        )
        for r in snapshot.sessions
    ]
    flags = rules.grounded_sessions(sessions, snapshot.completions)
    this_monday = monday_of(today)
    rates = {}
    for label, monday in (("this", this_monday), ("last", this_monday - timedelta(weeks=1))):
        counted = [
            flag
            for session, flag in zip(sessions, flags, strict=True)
            if monday_of(session.day) == monday and session.starts_at <= now
        ]
        grounded, total = rules.grounded_rate(counted)
        rates[label] = Rate(grounded=grounded, sessions=total)
    return Grounded(this_week=rates["this"], last_week=rates["last"])


def _streak(snapshot: Snapshot, window: Window, today: date) -> StreakOut:
    began, _ = local_moment(snapshot.created_at, snapshot.zone_history, None)
    streak = rules.workday_streak(
        snapshot.practised_days,
        {d for d in snapshot.session_days if d <= today},
        frozenset(mask_to_days(snapshot.workdays)),
        began,
        today,
    )
    return StreakOut(
        current=streak.current,
        longest=streak.longest,
        grace_days=[d for d in streak.grace_days if window.first <= d <= window.last],
    )
