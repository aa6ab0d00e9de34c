"""Turn a weekly template into appointments: pure functions of slots, zone and days."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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


def local_to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """Return the UTC instant a wall-clock time on a local day means in zone.

    With fold=0 zoneinfo reads an ambiguous time (autumn, clocks go back) as its first occurrence,
    and a time that does not exist (spring, clocks go forward) with the offset from before the
    change, which moves it forward by the gap: 01:30 on the London spring-forward day is 02:30 BST.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


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


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """Return the local day an instant falls on in zone."""
    return moment.astimezone(zone).date()


def day_bounds(first_day: date, last_day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the UTC instants from the start of first_day to the end of last_day, local."""
    start = local_to_utc(first_day, time(0), zone)
    end = local_to_utc(last_day + timedelta(days=1), time(0), zone)
    return start, end
