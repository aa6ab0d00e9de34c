"""Turn a weekly template into appointments: pure functions of slots, zone and days."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.zones import local_to_utc

# Fixed forever: appointment ids derived from it must stay the same across releases.
APPOINTMENT_NAMESPACE = uuid.UUID("6f1c1c52-4a8e-4d57-9a43-6c1f3d0e7a21")


@dataclass(frozen=True)
class Slot:
    """A weekly session: weekday 0 = Monday, a local start time, a length in minutes."""

    id: str
    weekday: int
    start: time
    length_minutes: int


@dataclass(frozen=True)
class Occurrence:
    """One slot on one local day, as UTC instants."""

    id: str
    slot_id: str
    day: date
    starts_at: datetime
    ends_at: datetime


def occurrence_id(slot_id: str, day: date) -> str:
    """Return the appointment id of a slot on a day, the same every time it is generated."""
    return str(uuid.uuid5(APPOINTMENT_NAMESPACE, f"slot:{slot_id}:{day.isoformat()}"))


def calendar_appointment_id(calendar_id: str, event_key: str) -> str:
    """Return the appointment id of a calendar event, the same on every re-import."""
    return str(uuid.uuid5(APPOINTMENT_NAMESPACE, f"calendar:{calendar_id}:{event_key}"))


def days(first_day: date, last_day: date) -> Iterable[date]:
    """Yield every day from first_day to last_day, inclusive."""
    for offset in range((last_day - first_day).days + 1):
        yield first_day + timedelta(days=offset)


def template_occurrences(
    slots: Iterable[Slot], zone: ZoneInfo, first_day: date, last_day: date
) -> list[Occurrence]:
    """List each slot's occurrences on the local days first_day..last_day, ordered by start."""
    by_weekday: dict[int, list[Slot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    found = []
    for day in days(first_day, last_day):
        for slot in by_weekday.get(day.weekday(), []):
            starts_at = local_to_utc(day, slot.start, zone)
            found.append(
                Occurrence(
                    id=occurrence_id(slot.id, day),
                    slot_id=slot.id,
                    day=day,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=slot.length_minutes),
                )
            )
    found.sort(key=lambda o: (o.starts_at, o.slot_id))
    return found


def working_hours_starts(
    first_start: time, last_end: time, length_minutes: int, break_minutes: int
) -> list[time]:
    """List the starts of sessions from first_start, a break after each, that end by last_end."""
    # 09:00–17:00 in 50-minute sessions with 10-minute breaks: 09:00, 10:00 … 16:00.
    begin = first_start.hour * 60 + first_start.minute
    end = last_end.hour * 60 + last_end.minute
    starts = []
    while begin + length_minutes <= end:
        starts.append(time(begin // 60, begin % 60))
        begin += length_minutes + break_minutes
    return starts


def working_hours_slots(
    weekdays: Iterable[int],
    first_start: time,
    last_end: time,
    length_minutes: int,
    break_minutes: int,
) -> list[Slot]:
    """Return the weekly slots that working hours make on each of the weekdays."""
    # Ids follow from what a slot is: saving the same hours again keeps its sessions as they are,
    # cancellations and moves included.
    starts = working_hours_starts(first_start, last_end, length_minutes, break_minutes)
    return [
        Slot(working_hours_slot_id(weekday, start, length_minutes), weekday, start, length_minutes)
        for weekday in sorted(set(weekdays))
        for start in starts
    ]


def working_hours_slot_id(weekday: int, start: time, length_minutes: int) -> str:
    """Return the id of the weekly slot at start on weekday, the same whenever it is made."""
    key = f"hours:{weekday}:{start:%H:%M}:{length_minutes}"
    return str(uuid.uuid5(APPOINTMENT_NAMESPACE, key))
