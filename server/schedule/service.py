"""The weekly template, one-off changes and pauses, in the space's own time zone."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec

from server.clock import Clock
from server.errors import BadRequest, Conflict, NotFound
from server.schedule import template
from server.schedule.repo import Outcome, ScheduleRepo
from server.schedule.schemas import (
    Appointment,
    AppointmentIn,
    MoveIn,
    Pause,
    PauseIn,
    Schedule,
    Slot,
    SlotIn,
    TimeZone,
    WeeklyTemplate,
    WorkingHoursIn,
)
from server.spaces.repo import Device
from server.validation import fingerprint, utc_moment
from server.zones import day_bounds, local_day, zone_named

log = logging.getLogger("attune.schedule")

HORIZON = timedelta(weeks=8)
DEFAULT_READ = timedelta(days=7)
LONGEST_READ = timedelta(days=92)
FURTHEST_AHEAD = timedelta(days=366)
# Adding a session afterwards (for the history) is fine; months later it is a mistake.
OLDEST_MANUAL = timedelta(days=31)


def local_date(text: str | None, field: str) -> date | None:
    """Read an optional YYYY-MM-DD query value, or refuse it with a 400 naming field."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{field} must be a date like 2025-03-03.", field=field) from None
    # Days near year 1 or 9999 overflow when turned into moments or moved by weeks.
    utc_moment(datetime.combine(day, time(), UTC), field)
    return day


def _wall_time(text: str) -> time:
    return time.fromisoformat(text)


def _as_template_slot(slot: Slot) -> template.Slot:
    return template.Slot(slot.id, slot.weekday, _wall_time(slot.start), slot.length_minutes)


class ScheduleService:
    def __init__(
        self,
        repo: ScheduleRepo,
        clock: Clock,
        zone_changed: Callable[[str], None] = lambda space_id: None,
        schedule_changed: Callable[[str], None] = lambda space_id: None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        # Tells whoever keeps a copy of the space (the session cache) that its zone changed.
        self._zone_changed = zone_changed
        # Tells the reminders that a space's sessions or pauses changed, to plan them again.
        self._schedule_changed = schedule_changed

    async def zone(self, space_id: str) -> ZoneInfo:
        return zone_named(await self.repo.time_zone(space_id))

    async def schedule(
        self, device: Device, first_day: date | None, last_day: date | None
    ) -> Schedule:
        """Return appointments, slots and pauses between two local days (default: a week)."""
        now = self.clock.now()
        zone = await self.zone(device.space_id)
        today = local_day(now, zone)
        first_day = first_day or today
        last_day = last_day or first_day + DEFAULT_READ
        if last_day < first_day:
            raise BadRequest("to is before from.", code="invalid_range", field="to")
        if last_day - first_day > LONGEST_READ:
            raise BadRequest("Ask for at most 92 days at a time.", code="invalid_range", field="to")
        await self.ensure_horizon(device.space_id, zone, now)
        start, end = day_bounds(first_day, last_day, zone)
        pauses = await self.repo.pauses_from(device.space_id, min(first_day, today))
        return Schedule(
            time_zone=zone.key,
            today=today,
            first_day=first_day,
            last_day=last_day,
            appointments=await self.repo.appointments_between(device.space_id, start, end),
            slots=await self.repo.slots(device.space_id),
            pauses=[p for p in pauses if p.first_day <= max(last_day, today)],
            next_appointment=await self.repo.next_appointment(device.space_id, now),
            paused_today=any(p.first_day <= today <= p.last_day for p in pauses),
        )

    async def ensure_horizon(self, space_id: str, zone: ZoneInfo, now: datetime) -> int:
        """Generate template appointments up to HORIZON ahead; return how many were added."""
        today = local_day(now, zone)
        target = today + HORIZON
        generated_through = await self.repo.horizon(space_id)
        if generated_through is not None and generated_through >= target:
            return 0  # the usual case, answered without taking the write lock

        def plan(
            slots: list[Slot], through: date | None
        ) -> tuple[list[template.Occurrence], date] | None:
            if not slots or (through is not None and through >= target):
                return None
            first_day = max(through + timedelta(days=1), today) if through else today
            template_slots = [_as_template_slot(s) for s in slots]
            return template.template_occurrences(template_slots, zone, first_day, target), target

        return await self.repo.extend_template(space_id, plan, now)

    async def extend_horizons(self, now: datetime) -> dict[str, int]:
        """Keep every space's template appointments reaching HORIZON ahead (a scheduler job)."""
        spaces = added = 0
        for space_id, zone_name in await self.repo.spaces_with_slots():
            spaces += 1
            added += await self.ensure_horizon(space_id, zone_named(zone_name), now)
        return {"spaces": spaces, "appointments_added": added}

    async def put_slot(self, device: Device, slot_id: str, data: SlotIn) -> Slot:
        """Create or replace a weekly slot; its future scheduled appointments follow it."""
        slot = Slot(
            id=slot_id,
            weekday=data.weekday,
            start=data.start,
            length_minutes=data.length_minutes,
        )
        slots = await self.repo.slots(device.space_id)
        if slot in slots:
            return slot
        _check_slot(slot, [s for s in slots if s.id != slot_id])
        now = self.clock.now()
        zone = await self.zone(device.space_id)
        today = local_day(now, zone)
        through = max(today + HORIZON, await self.repo.horizon(device.space_id) or today)
        occurrences = template.template_occurrences([_as_template_slot(slot)], zone, today, through)
        await self.repo.save_slot(device.space_id, slot, occurrences, through, now)
        self._schedule_changed(device.space_id)
        return slot

    async def delete_slot(self, device: Device, slot_id: str) -> None:
        """Delete a slot and its future scheduled appointments; past ones stay for the history."""
        if not await self.repo.delete_slot(device.space_id, slot_id, self.clock.now()):
            raise NotFound("No such weekly slot in this space.")
        self._schedule_changed(device.space_id)

    async def put_working_hours(self, device: Device, data: WorkingHoursIn) -> WeeklyTemplate:
        """Replace the weekly template with working hours; saving the same hours changes nothing."""
        first_start, last_end = _wall_time(data.first_start), _wall_time(data.last_end)
        if last_end <= first_start:
            raise BadRequest(
                "last_end must come after first_start.", code="invalid_range", field="last_end"
            )
        made = template.working_hours_slots(
            data.weekdays, first_start, last_end, data.length_minutes, data.break_minutes
        )
        if not made:
            raise BadRequest(
                "No session fits between first_start and last_end.",
                code="no_sessions",
                field="last_end",
            )
        slots = [
            Slot(
                id=s.id,
                weekday=s.weekday,
                start=f"{s.start:%H:%M}",
                length_minutes=s.length_minutes,
            )
            for s in made
        ]
        if slots == await self.repo.slots(device.space_id):
            return WeeklyTemplate(slots=slots)
        now = self.clock.now()
        zone = await self.zone(device.space_id)
        today = local_day(now, zone)
        through = max(today + HORIZON, await self.repo.horizon(device.space_id) or today)
        occurrences = template.template_occurrences(made, zone, today, through)
        await self.repo.replace_slots(device.space_id, slots, occurrences, through, now)
        self._schedule_changed(device.space_id)
        return WeeklyTemplate(slots=slots)

    async def add_appointment(
        self, device: Device, appointment_id: str, data: AppointmentIn
    ) -> Appointment:
        """Add a one-off appointment; a retry gets the same answer, other content a 409."""
        data = msgspec.structs.replace(data, starts_at=data.starts_at.astimezone(UTC))
        appointment = self._manual(appointment_id, data.starts_at, data.length_minutes)
        expected = fingerprint(data)
        outcome = await self.repo.add_appointment(
            device.space_id, appointment, expected, self.clock.now()
        )
        if outcome is Outcome.ID_TAKEN:
            return await self._retried(device, appointment_id, expected)
        _raise_for(outcome)
        self._schedule_changed(device.space_id)
        return appointment

    async def move(self, device: Device, appointment_id: str, data: MoveIn) -> Appointment:
        """Move an appointment: it becomes 'moved' and a new one takes the new time."""
        data = msgspec.structs.replace(data, starts_at=data.starts_at.astimezone(UTC))
        replacement = self._manual(data.new_id, data.starts_at, data.length_minutes)
        expected = fingerprint(data)
        outcome = await self.repo.move(
            device.space_id, appointment_id, replacement, expected, self.clock.now()
        )
        if outcome is Outcome.MISSING:
            raise NotFound("No such appointment in this space.")
        if outcome is Outcome.NOT_SCHEDULED:
            original = await self.repo.appointment(device.space_id, appointment_id)
            if original is not None and original.replaced_by == replacement.id:
                return await self._retried(device, replacement.id, expected)
            raise Conflict(
                "Only a scheduled appointment can be moved; this one is cancelled or moved.",
                code="not_scheduled",
            )
        if outcome is Outcome.ID_TAKEN:
            raise Conflict("new_id is already used by another appointment.", code="id_conflict")
        _raise_for(outcome)
        self._schedule_changed(device.space_id)
        return replacement

    async def cancel(self, device: Device, appointment_id: str) -> Appointment:
        """Cancel an appointment (one generated occurrence stays cancelled); repeats are safe."""
        cancelled = await self.repo.cancel(device.space_id, appointment_id, self.clock.now())
        if cancelled:
            self._schedule_changed(device.space_id)
        stored = await self.repo.appointment(device.space_id, appointment_id)
        if stored is None:
            raise NotFound("No such appointment in this space.")
        if not cancelled and stored.status == "moved":
            raise Conflict(
                "This appointment was moved; cancel the one it was moved to.", code="not_scheduled"
            )
        return stored

    async def put_pause(self, device: Device, pause_id: str, data: PauseIn) -> Pause:
        """Pause reminders on some local days (no days: today); a retry gets the same answer."""
        now = self.clock.now()
        today = local_day(now, await self.zone(device.space_id))
        first_day = data.first_day or data.last_day or today
        last_day = data.last_day or first_day
        _check_pause(first_day, last_day, today)
        pause = Pause(id=pause_id, first_day=first_day, last_day=last_day)
        expected = fingerprint(data)
        stored, stored_fingerprint = await self.repo.save_pause_once(
            device.space_id, pause, expected, now
        )
        if stored_fingerprint != expected:
            raise Conflict(
                "A pause with this id already exists with different days.", code="id_conflict"
            )
        self._schedule_changed(device.space_id)
        return stored

    async def delete_pause(self, device: Device, pause_id: str) -> None:
        if not await self.repo.delete_pause(device.space_id, pause_id):
            raise NotFound("No such pause in this space.")
        self._schedule_changed(device.space_id)

    async def set_time_zone(self, device: Device, name: str) -> TimeZone:
        """Change the space's zone; future template appointments are made again in it."""
        zone = zone_named(name)
        if zone.key == await self.repo.time_zone(device.space_id):
            return TimeZone(time_zone=zone.key)
        now = self.clock.now()
        today = local_day(now, zone)
        through = max(today + HORIZON, await self.repo.horizon(device.space_id) or today)
        slots = [_as_template_slot(s) for s in await self.repo.slots(device.space_id)]
        occurrences = template.template_occurrences(slots, zone, today, through)
        await self.repo.set_time_zone(device.space_id, zone.key, occurrences, now)
        self._zone_changed(device.space_id)
        self._schedule_changed(device.space_id)
        log.info("space time zone changed; %d template appointments regenerated", len(occurrences))
        return TimeZone(time_zone=zone.key)

    def _manual(self, appointment_id: str, starts_at: datetime, minutes: int) -> Appointment:
        now = self.clock.now()
        if starts_at > now + FURTHEST_AHEAD:
            raise BadRequest(
                "starts_at is more than a year ahead.", code="too_far_ahead", field="starts_at"
            )
        if starts_at < now - OLDEST_MANUAL:
            raise BadRequest(
                "starts_at is more than 31 days ago.", code="too_old", field="starts_at"
            )
        return Appointment(
            id=appointment_id,
            source="manual",
            source_id=None,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            status="scheduled",
            replaced_by=None,
        )

    async def _retried(self, device: Device, appointment_id: str, expected: str) -> Appointment:
        stored = await self.repo.appointment(device.space_id, appointment_id)
        stored_fingerprint = await self.repo.appointment_fingerprint(
            device.space_id, appointment_id
        )
        if stored is None or stored_fingerprint != expected:
            raise Conflict(
                "An appointment with this id already exists with different content.",
                code="id_conflict",
            )
        return stored


def _raise_for(outcome: Outcome) -> None:
    if outcome is Outcome.OVERLAPS:
        raise Conflict(
            "That time overlaps another scheduled appointment.", code="overlaps", field="starts_at"
        )


def _minutes(slot: Slot) -> tuple[int, int]:
    start = _wall_time(slot.start)
    begin = start.hour * 60 + start.minute
    return begin, begin + slot.length_minutes


def _check_slot(slot: Slot, others: list[Slot]) -> None:
    begin, end = _minutes(slot)
    if end > 24 * 60:
        raise BadRequest(
            "A weekly slot must end by midnight.",
            code="ends_after_midnight",
            field="length_minutes",
        )
    for other in others:
        other_begin, other_end = _minutes(other)
        if other.weekday == slot.weekday and begin < other_end and other_begin < end:
            raise Conflict(
                f"That overlaps the weekly slot at {other.start} on the same day.",
                code="overlaps",
                field="start",
            )


def _check_pause(first_day: date, last_day: date, today: date) -> None:
    if last_day < first_day:
        raise BadRequest("last_day is before first_day.", code="invalid_range", field="last_day")
    if last_day < today - OLDEST_MANUAL:
        raise BadRequest("That pause is long over.", code="too_old", field="last_day")
    if last_day > today + FURTHEST_AHEAD:
        raise BadRequest(
            "A pause can reach at most a year ahead.", code="too_far_ahead", field="last_day"
        )
