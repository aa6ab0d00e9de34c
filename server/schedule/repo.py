"""SQL for template slots, appointments, pauses and how far the template has been generated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.schedule.schemas import Appointment, Pause, Slot
from server.schedule.template import Occurrence
from server.spaces.repo import zone_history
from server.zones import local_moment

_APPOINTMENT_COLUMNS = "id, source, source_id, starts_at, ends_at, status, replaced_by"


def _appointment(row: Row) -> Appointment:
    return Appointment(
        id=row["id"],
        source=row["source"],
        source_id=row["source_id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        status=row["status"],
        replaced_by=row["replaced_by"],
    )


def _slot(row: Row) -> Slot:
    return Slot(
        id=row["id"],
        weekday=row["weekday"],
        start=row["start_time"],
        length_minutes=row["length_minutes"],
    )


def _pause(row: Row) -> Pause:
    return Pause(
        id=row["id"],
        first_day=date.fromisoformat(row["first_day"]),
        last_day=date.fromisoformat(row["last_day"]),
    )


class Outcome(Enum):
    """What a conditional change found: done, or why not."""

    DONE = "done"
    MISSING = "missing"
    NOT_SCHEDULED = "not_scheduled"
    ID_TAKEN = "id_taken"
    OVERLAPS = "overlaps"


class ScheduleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def time_zone(self, space_id: str) -> str:
        row = await self.db.fetch_one("SELECT time_zone FROM spaces WHERE id = ?", (space_id,))
        return "UTC" if row is None else str(row["time_zone"])

    async def slots(self, space_id: str) -> list[Slot]:
        rows = await self.db.fetch_all(
            "SELECT id, weekday, start_time, length_minutes FROM schedule_slots"
            " WHERE space_id = ? ORDER BY weekday, start_time, id",
            (space_id,),
        )
        return [_slot(r) for r in rows]

    async def horizon(self, space_id: str) -> date | None:
        row = await self.db.fetch_one(
            "SELECT generated_through FROM schedule_horizons WHERE space_id = ?", (space_id,)
        )
        return None if row is None else date.fromisoformat(row["generated_through"])

    async def spaces_with_slots(self) -> list[tuple[str, str]]:
        """Return (space id, time zone) for every space with a weekly template."""
        rows = await self.db.fetch_all(
            "SELECT s.id, s.time_zone FROM spaces s"
            " WHERE EXISTS (SELECT 1 FROM schedule_slots t WHERE t.space_id = s.id)"
        )
        return [(str(r["id"]), str(r["time_zone"])) for r in rows]

    async def extend_template(
        self,
        space_id: str,
        plan: Callable[[list[Slot], date | None], tuple[list[Occurrence], date] | None],
        now: datetime,
    ) -> int:
        """Extend the generated appointments as plan(slots, generated_through) says, atomically.

        Slots and horizon are read inside the write transaction, so a slot edited or deleted at
        the same moment can never leave appointments generated from its old version.
        """

        def extend(tx: Tx) -> int:
            rows = tx.fetch_all(
                "SELECT id, weekday, start_time, length_minutes FROM schedule_slots"
                " WHERE space_id = ? ORDER BY weekday, start_time, id",
                (space_id,),
            )
            row = tx.fetch_one(
                "SELECT generated_through FROM schedule_horizons WHERE space_id = ?", (space_id,)
            )
            horizon = date.fromisoformat(row["generated_through"]) if row else None
            planned = plan([_slot(r) for r in rows], horizon)
            if planned is None:
                return 0
            occurrences, through = planned
            added = _insert_occurrences(tx, space_id, occurrences, now)
            _set_horizon(tx, space_id, through)
            return added

        return await self.db.write(extend)

    async def save_slot(
        self,
        space_id: str,
        slot: Slot,
        occurrences: Sequence[Occurrence],
        through: date,
        now: datetime,
    ) -> None:
        """Store a slot and replace its future generated appointments that are still scheduled."""

        def save(tx: Tx) -> None:
            tx.execute(
                "INSERT INTO schedule_slots"
                " (space_id, id, weekday, start_time, length_minutes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO UPDATE SET"
                " weekday = excluded.weekday, start_time = excluded.start_time,"
                " length_minutes = excluded.length_minutes, updated_at = excluded.updated_at",
                (
                    space_id,
                    slot.id,
                    slot.weekday,
                    slot.start,
                    slot.length_minutes,
                    to_db(now),
                    to_db(now),
                ),
            )
            _drop_future_generated(tx, space_id, now, slot.id)
            _insert_occurrences(tx, space_id, occurrences, now)
            _set_horizon(tx, space_id, through)

        await self.db.write(save)

    async def replace_slots(
        self,
        space_id: str,
        slots: Sequence[Slot],
        occurrences: Sequence[Occurrence],
        through: date,
        now: datetime,
    ) -> None:
        """Make slots the whole weekly template and regenerate its future appointments.

        Appointments added by hand or from a calendar stay, and so do generated ones that were
        cancelled or moved, or that have already begun.
        """

        def replace(tx: Tx) -> None:
            keep = [slot.id for slot in slots]
            marks = ", ".join("?" * len(keep))
            tx.execute(
                f"DELETE FROM schedule_slots WHERE space_id = ? AND id NOT IN ({marks})",
                (space_id, *keep),
            )
            tx.execute_many(
                "INSERT INTO schedule_slots"
                " (space_id, id, weekday, start_time, length_minutes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO UPDATE SET"
                " weekday = excluded.weekday, start_time = excluded.start_time,"
                " length_minutes = excluded.length_minutes, updated_at = excluded.updated_at",
                [
                    (space_id, s.id, s.weekday, s.start, s.length_minutes, to_db(now), to_db(now))
                    for s in slots
                ],
            )
            _drop_future_generated(tx, space_id, now, None)
            _insert_occurrences(tx, space_id, occurrences, now)
            _set_horizon(tx, space_id, through)

        await self.db.write(replace)

    async def delete_slot(self, space_id: str, slot_id: str, now: datetime) -> bool:
        def delete(tx: Tx) -> bool:
            deleted = tx.execute(
                "DELETE FROM schedule_slots WHERE space_id = ? AND id = ?", (space_id, slot_id)
            )
            if deleted != 1:
                return False
            _drop_future_generated(tx, space_id, now, slot_id)
            return True

        return await self.db.write(delete)

    async def set_time_zone(
        self, space_id: str, zone: str, occurrences: Sequence[Occurrence], now: datetime
    ) -> None:
        """Change the space's zone from now on and regenerate future template appointments."""

        def change(tx: Tx) -> None:
            tx.execute("UPDATE spaces SET time_zone = ? WHERE id = ?", (zone, space_id))
            tx.execute(
                "INSERT INTO space_zones (space_id, since, time_zone) VALUES (?, ?, ?)"
                " ON CONFLICT (space_id, since) DO UPDATE SET time_zone = excluded.time_zone",
                (space_id, to_db(now), zone),
            )
            _drop_future_generated(tx, space_id, now, None)
            _insert_occurrences(tx, space_id, occurrences, now)

        await self.db.write(change)

    async def appointment(self, space_id: str, appointment_id: str) -> Appointment | None:
        row = await self.db.fetch_one(
            f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE space_id = ? AND id = ?",
            (space_id, appointment_id),
        )
        return None if row is None else _appointment(row)

    async def appointment_fingerprint(self, space_id: str, appointment_id: str) -> str | None:
        row = await self.db.fetch_one(
            "SELECT fingerprint FROM appointments WHERE space_id = ? AND id = ?",
            (space_id, appointment_id),
        )
        return None if row is None else row["fingerprint"]

    async def appointments_between(
        self, space_id: str, start: datetime, end: datetime
    ) -> list[Appointment]:
        rows = await self.db.fetch_all(
            f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments"
            " WHERE space_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id",
            (space_id, to_db(start), to_db(end)),
        )
        return [_appointment(r) for r in rows]

    async def next_appointment(self, space_id: str, now: datetime) -> Appointment | None:
        row = await self.db.fetch_one(
            f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE space_id = ?"
            " AND status = 'scheduled' AND starts_at >= ? ORDER BY starts_at, id LIMIT 1",
            (space_id, to_db(now)),
        )
        return None if row is None else _appointment(row)

    async def add_appointment(
        self, space_id: str, appointment: Appointment, fingerprint: str, now: datetime
    ) -> Outcome:
        """Add a manual appointment unless its id is taken or it overlaps a scheduled one."""

        def add(tx: Tx) -> Outcome:
            if _exists(tx, space_id, appointment.id):
                return Outcome.ID_TAKEN
            if _overlaps(tx, space_id, appointment, ignore=None):
                return Outcome.OVERLAPS
            _insert_manual(tx, space_id, appointment, fingerprint, now)
            return Outcome.DONE

        return await self.db.write(add)

    async def move(
        self,
        space_id: str,
        original_id: str,
        replacement: Appointment,
        fingerprint: str,
        now: datetime,
    ) -> Outcome:
        """Mark a scheduled appointment moved and add its replacement, in one transaction."""

        def move(tx: Tx) -> Outcome:
            row = tx.fetch_one(
                "SELECT status FROM appointments WHERE space_id = ? AND id = ?",
                (space_id, original_id),
            )
            if row is None:
                return Outcome.MISSING
            if row["status"] != "scheduled":
                return Outcome.NOT_SCHEDULED
            if _exists(tx, space_id, replacement.id):
                return Outcome.ID_TAKEN
            if _overlaps(tx, space_id, replacement, ignore=original_id):
                return Outcome.OVERLAPS
            _insert_manual(tx, space_id, replacement, fingerprint, now)
            tx.execute(
                "UPDATE appointments SET status = 'moved', replaced_by = ?, updated_at = ?"
                " WHERE space_id = ? AND id = ?",
                (replacement.id, to_db(now), space_id, original_id),
            )
            return Outcome.DONE

        return await self.db.write(move)

    async def cancel(self, space_id: str, appointment_id: str, now: datetime) -> bool:
        """Cancel a scheduled appointment; False when there was none to cancel."""
        changed = await self.db.write(
            lambda tx: tx.execute(
                "UPDATE appointments SET status = 'cancelled', updated_at = ?"
                " WHERE space_id = ? AND id = ? AND status = 'scheduled'",
                (to_db(now), space_id, appointment_id),
            )
        )
        return changed == 1

    async def pauses_from(self, space_id: str, day: date) -> list[Pause]:
        """List pauses that last until day or later, earliest first."""
        rows = await self.db.fetch_all(
            "SELECT id, first_day, last_day FROM schedule_pauses"
            " WHERE space_id = ? AND last_day >= ? ORDER BY first_day, id",
            (space_id, day.isoformat()),
        )
        return [_pause(r) for r in rows]

    async def save_pause_once(
        self, space_id: str, pause: Pause, fingerprint: str, now: datetime
    ) -> tuple[Pause, str]:
        """Store a pause unless its id is taken; return what is stored under that id."""

        def save(tx: Tx) -> Row | None:
            tx.execute(
                "INSERT INTO schedule_pauses"
                " (space_id, id, first_day, last_day, fingerprint, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING",
                (
                    space_id,
                    pause.id,
                    pause.first_day.isoformat(),
                    pause.last_day.isoformat(),
                    fingerprint,
                    to_db(now),
                ),
            )
            return tx.fetch_one(
                "SELECT id, first_day, last_day, fingerprint FROM schedule_pauses"
                " WHERE space_id = ? AND id = ?",
                (space_id, pause.id),
            )

        row = await self.db.write(save)
        assert row is not None  # inserted or already there, inside one transaction
        return _pause(row), row["fingerprint"]

    async def delete_pause(self, space_id: str, pause_id: str) -> bool:
        deleted = await self.db.write(
            lambda tx: tx.execute(
                "DELETE FROM schedule_pauses WHERE space_id = ? AND id = ?", (space_id, pause_id)
            )
        )
        return deleted == 1


def _exists(tx: Tx, space_id: str, appointment_id: str) -> bool:
    row = tx.fetch_one(
        "SELECT 1 FROM appointments WHERE space_id = ? AND id = ?", (space_id, appointment_id)
    )
    return row is not None


def _overlaps(tx: Tx, space_id: str, appointment: Appointment, ignore: str | None) -> bool:
    row = tx.fetch_one(
        "SELECT 1 FROM appointments WHERE space_id = ? AND status = 'scheduled'"
        " AND starts_at < ? AND ends_at > ? AND id <> ? LIMIT 1",
        (space_id, to_db(appointment.ends_at), to_db(appointment.starts_at), ignore or ""),
    )
    return row is not None


def _insert_manual(
    tx: Tx,
    space_id: str,
    appointment: Appointment,
    fingerprint: str,
    now: datetime,
) -> None:
    day, _ = local_moment(appointment.starts_at, zone_history(tx, space_id), None)
    tx.execute(
        "INSERT INTO appointments (space_id, id, source, starts_at, ends_at, local_day,"
        " fingerprint, created_at, updated_at) VALUES (?, ?, 'manual', ?, ?, ?, ?, ?, ?)",
        (
            space_id,
            appointment.id,
            to_db(appointment.starts_at),
            to_db(appointment.ends_at),
            day.isoformat(),
            fingerprint,
            to_db(now),
            to_db(now),
        ),
    )


def _insert_occurrences(
    tx: Tx, space_id: str, occurrences: Iterable[Occurrence], now: datetime
) -> int:
    """Insert future occurrences; one already there (even cancelled or moved) is left alone."""
    rows = [
        (
            space_id,
            o.id,
            o.slot_id,
            to_db(o.starts_at),
            to_db(o.ends_at),
            o.day.isoformat(),
            to_db(now),
            to_db(now),
        )
        for o in occurrences
        if o.starts_at >= now
    ]
    return tx.execute_many(
        "INSERT INTO appointments (space_id, id, source, source_id, starts_at, ends_at,"
        " local_day, created_at, updated_at) VALUES (?, ?, 'template', ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (space_id, id) DO NOTHING",
        rows,
    )


def _drop_future_generated(tx: Tx, space_id: str, now: datetime, slot_id: str | None) -> None:
    """Delete future template appointments still scheduled (of one slot, or all of them)."""
    sql = (
        "DELETE FROM appointments WHERE space_id = ? AND source = 'template'"
        " AND status = 'scheduled' AND starts_at >= ?"
    )
    if slot_id is None:
        tx.execute(sql, (space_id, to_db(now)))
    else:
        tx.execute(f"{sql} AND source_id = ?", (space_id, to_db(now), slot_id))


def _set_horizon(tx: Tx, space_id: str, through: date) -> None:
    tx.execute(
        "INSERT INTO schedule_horizons (space_id, generated_through) VALUES (?, ?)"
        " ON CONFLICT (space_id) DO UPDATE SET generated_through = excluded.generated_through",
        (space_id, through.isoformat()),
    )
