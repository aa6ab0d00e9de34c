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
