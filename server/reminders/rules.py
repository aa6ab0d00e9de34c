"""Which reminders a space wants and when: pure rules over its sessions, pauses and settings.

Decisions the design leaves open, made here once:
- "Already grounded" uses the history's own window: an exercise completed after the previous
  session ended, but at most 60 minutes before this one starts (so also for the first session of
  a day). A reminder never asks for what the history already counts as grounded.
- Only scheduled appointments count, as sessions and as "previous" ones; a cancelled or moved one
  gets nothing (a move's replacement is an appointment of its own).
- Pauses and prompt days are local days in the space's zone at planning time; instants stay UTC,
  so a lead of 5 minutes is 5 real minutes even across a DST change.
- Two sessions starting at the same instant (a double-booked calendar) get one reminder.
- A prompt is worth sending until PROMPT_LIFETIME after its time; a session reminder until the
  session starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import Literal

from server.zones import local_day, local_to_utc

Kind = Literal["appointment", "prompt"]

GROUNDED_WINDOW = timedelta(minutes=60)
PROMPT_LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class Session:
    """An appointment's times and status; never a title or a name."""

    id: str
    starts_at: datetime
    ends_at: datetime
    status: str = "scheduled"


@dataclass(frozen=True)
class ReminderSettings:
    """What the therapist chose: on/off, lead, check-in prompt times and workdays (0 = Monday)."""

    reminders_on: bool = True
    lead_minutes: int = 5
    prompts: tuple[str, ...] = ()
    workdays: frozenset[int] = frozenset(range(5))


@dataclass(frozen=True)
class SpacePlan:
    """Everything the rules read about one space."""

    zone: tzinfo
    settings: ReminderSettings = ReminderSettings()
    sessions: Sequence[Session] = ()
    pauses: Sequence[tuple[date, date]] = ()
    completed_exercises: Sequence[datetime] = field(default_factory=tuple)


@dataclass(frozen=True, order=True)
class Reminder:
    """One push a space wants: a stable key, what it is about, when it is due."""

    due_at: datetime
    key: str
    starts_at: datetime
    kind: Kind

    @property
    def expires_at(self) -> datetime:
        """Return the moment after which the reminder is worthless."""
        return self.starts_at + (PROMPT_LIFETIME if self.kind == "prompt" else timedelta(0))


def appointment_key(appointment_id: str) -> str:
    return f"appointment:{appointment_id}"


def prompt_key(day: date, wall: str) -> str:
    return f"prompt:{day.isoformat()}T{wall}"


def reminders_due(plan: SpacePlan, now: datetime, until: datetime) -> list[Reminder]:
    """Return the reminders still worth sending that fall due before until, earliest first."""
    if not plan.settings.reminders_on:
        return []
    wanted = [*_session_reminders(plan), *_prompts(plan, now, until)]
    return sorted(r for r in wanted if r.expires_at > now and r.due_at < until)


def is_paused(plan: SpacePlan, day: date) -> bool:
    return any(first <= day <= last for first, last in plan.pauses)


def _session_reminders(plan: SpacePlan) -> Iterable[Reminder]:
    scheduled = sorted(
        (s for s in plan.sessions if s.status == "scheduled"), key=lambda s: (s.starts_at, s.id)
    )
    lead = timedelta(minutes=plan.settings.lead_minutes)
    latest_end: datetime | None = None  # of every session that started before this group
    for _, same_start in groupby(scheduled, key=lambda s: s.starts_at):
        group = list(same_start)
        reminder = _session_reminder(plan, group[0], latest_end, lead)
        if reminder is not None:
            yield reminder
        group_end = max(s.ends_at for s in group)
        latest_end = group_end if latest_end is None else max(latest_end, group_end)


def _session_reminder(
    plan: SpacePlan, session: Session, previous_end: datetime | None, lead: timedelta
) -> Reminder | None:
    start = session.starts_at
    # Most spaces pause nothing: no zone arithmetic for them in a burst of reminders.
    if plan.pauses and is_paused(plan, local_day(start, plan.zone)):
        return None
    if previous_end is not None and previous_end >= start:
        return None  # back to back, or overlapping: there is no moment between sessions
    due = start - lead
    grounded_since = start - GROUNDED_WINDOW
    if previous_end is not None:
        # Never during another session: the reminder waits for the previous one to end.
        due = max(due, previous_end)
        grounded_since = max(grounded_since, previous_end)
    if any(grounded_since <= done < start for done in plan.completed_exercises):
        return None
    return Reminder(
        due_at=due, key=appointment_key(session.id), starts_at=start, kind="appointment"
    )


def _prompts(plan: SpacePlan, now: datetime, until: datetime) -> Iterable[Reminder]:
    if not plan.settings.prompts:
        return
    session_days = {
        local_day(s.starts_at, plan.zone) for s in plan.sessions if s.status == "scheduled"
    }
    day, last = local_day(now, plan.zone), local_day(until, plan.zone)
    while day <= last:
        if (
            day.weekday() in plan.settings.workdays
            and day not in session_days
            and not is_paused(plan, day)
        ):
            for wall in plan.settings.prompts:
                at = local_to_utc(day, time.fromisoformat(wall), plan.zone)
                yield Reminder(due_at=at, key=prompt_key(day, wall), starts_at=at, kind="prompt")
        day += timedelta(days=1)
