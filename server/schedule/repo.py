"""SQL for template slots, appointments, pauses and how far the template has been generated."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum

import aiosqlite

from server.clock import from_db, to_db
from server.db import Database
from server.schedule.schemas import Appointment, Pause, Slot
from server.schedule.template import Occurrence

_APPOINTMENT_COLUMNS = "id, source, source_id, starts_at, ends_at, status, replaced_by"


def _appointment(row: aiosqlite.Row) -> Appointment:
    return Appointment(
        id=row["id"],
        source=row["source"],
        source_id=row["source_id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        status=row["status"],
        replaced_by=row["replaced_by"],
    )


def _slot(row: aiosqlite.Row) -> Slot:
    return Slot(
        id=row["id"],
        weekday=row["weekday"],
        start=row["start_time"],
        length_minutes=row["length_minutes"],
    )


def _pause(row: aiosqlite.Row) -> Pause:
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
        return [(str(r[0]), str(r[1])) for r in rows]

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
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "SELECT id, weekday, start_time, length_minutes FROM schedule_slots"
                " WHERE space_id = ? ORDER BY weekday, start_time, id",
                (space_id,),
            )
            slots = [_slot(r) for r in await cursor.fetchall()]
            cursor = await conn.execute(
                "SELECT generated_through FROM schedule_horizons WHERE space_id = ?", (space_id,)
            )
            row = await cursor.fetchone()
            planned = plan(slots, date.fromisoformat(row[0]) if row else None)
            if planned is None:
                return 0
            occurrences, through = planned
            added = await _insert_occurrences(conn, space_id, occurrences, now)
            await _set_horizon(conn, space_id, through)
        return added

    async def save_slot(
        self,
        space_id: str,
        slot: Slot,
        occurrences: Sequence[Occurrence],
        through: date,
        now: datetime,
    ) -> None:
        """Store a slot and replace its future generated appointments that are still scheduled."""
        async with self.db.write() as conn:
            await conn.execute(
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
            await _drop_future_generated(conn, space_id, now, slot.id)
            await _insert_occurrences(conn, space_id, occurrences, now)
            await _set_horizon(conn, space_id, through)

    async def delete_slot(self, space_id: str, slot_id: str, now: datetime) -> bool:
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "DELETE FROM schedule_slots WHERE space_id = ? AND id = ?", (space_id, slot_id)
            )
            if cursor.rowcount != 1:
                return False
            await _drop_future_generated(conn, space_id, now, slot_id)
        return True

    async def set_time_zone(
        self, space_id: str, zone: str, occurrences: Sequence[Occurrence], now: datetime
    ) -> None:
        """Change the space's zone and regenerate future template appointments in it."""
        async with self.db.write() as conn:
            await conn.execute("UPDATE spaces SET time_zone = ? WHERE id = ?", (zone, space_id))
            await _drop_future_generated(conn, space_id, now, None)
            await _insert_occurrences(conn, space_id, occurrences, now)

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
        async with self.db.write() as conn:
            if await _exists(conn, space_id, appointment.id):
                return Outcome.ID_TAKEN
            if await _overlaps(conn, space_id, appointment, ignore=None):
                return Outcome.OVERLAPS
            await _insert_manual(conn, space_id, appointment, fingerprint, now)
        return Outcome.DONE

    async def move(
        self,
        space_id: str,
        original_id: str,
        replacement: Appointment,
        fingerprint: str,
        now: datetime,
    ) -> Outcome:
        """Mark a scheduled appointment moved and add its replacement, in one transaction."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "SELECT status FROM appointments WHERE space_id = ? AND id = ?",
                (space_id, original_id),
            )
            row = await cursor.fetchone()
            if row is None:
                return Outcome.MISSING
            if row[0] != "scheduled":
                return Outcome.NOT_SCHEDULED
            if await _exists(conn, space_id, replacement.id):
                return Outcome.ID_TAKEN
            if await _overlaps(conn, space_id, replacement, ignore=original_id):
                return Outcome.OVERLAPS
            await _insert_manual(conn, space_id, replacement, fingerprint, now)
            await conn.execute(
                "UPDATE appointments SET status = 'moved', replaced_by = ?, updated_at = ?"
                " WHERE space_id = ? AND id = ?",
                (replacement.id, to_db(now), space_id, original_id),
            )
        return Outcome.DONE

    async def cancel(self, space_id: str, appointment_id: str, now: datetime) -> bool:
        """Cancel a scheduled appointment; False when there was none to cancel."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE appointments SET status = 'cancelled', updated_at = ?"
                " WHERE space_id = ? AND id = ? AND status = 'scheduled'",
                (to_db(now), space_id, appointment_id),
            )
            return cursor.rowcount == 1

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
        async with self.db.write() as conn:
            await conn.execute(
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
            cursor = await conn.execute(
                "SELECT id, first_day, last_day, fingerprint FROM schedule_pauses"
                " WHERE space_id = ? AND id = ?",
                (space_id, pause.id),
            )
            row = await cursor.fetchone()
        assert row is not None  # inserted or already there, inside one transaction
        return _pause(row), row["fingerprint"]

    async def delete_pause(self, space_id: str, pause_id: str) -> bool:
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "DELETE FROM schedule_pauses WHERE space_id = ? AND id = ?", (space_id, pause_id)
            )
            return cursor.rowcount == 1


async def _exists(conn: aiosqlite.Connection, space_id: str, appointment_id: str) -> bool:
    cursor = await conn.execute(
        "SELECT 1 FROM appointments WHERE space_id = ? AND id = ?", (space_id, appointment_id)
    )
    return await cursor.fetchone() is not None


async def _overlaps(
    conn: aiosqlite.Connection, space_id: str, appointment: Appointment, ignore: str | None
) -> bool:
    cursor = await conn.execute(
        "SELECT 1 FROM appointments WHERE space_id = ? AND status = 'scheduled'"
        " AND starts_at < ? AND ends_at > ? AND id <> ? LIMIT 1",
        (space_id, to_db(appointment.ends_at), to_db(appointment.starts_at), ignore or ""),
    )
    return await cursor.fetchone() is not None


async def _insert_manual(
    conn: aiosqlite.Connection,
    space_id: str,
    appointment: Appointment,
    fingerprint: str,
    now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO appointments (space_id, id, source, starts_at, ends_at, fingerprint,"
        " created_at, updated_at) VALUES (?, ?, 'manual', ?, ?, ?, ?, ?)",
        (
            space_id,
            appointment.id,
            to_db(appointment.starts_at),
            to_db(appointment.ends_at),
            fingerprint,
            to_db(now),
            to_db(now),
        ),
    )


async def _insert_occurrences(
    conn: aiosqlite.Connection, space_id: str, occurrences: Iterable[Occurrence], now: datetime
) -> int:
    """Insert future occurrences; one already there (even cancelled or moved) is left alone."""
    rows = [
        (space_id, o.id, o.slot_id, to_db(o.starts_at), to_db(o.ends_at), to_db(now), to_db(now))
        for o in occurrences
        if o.starts_at >= now
    ]
    before = conn.total_changes
    await conn.executemany(
        "INSERT INTO appointments"
        " (space_id, id, source, source_id, starts_at, ends_at, created_at, updated_at)"
        " VALUES (?, ?, 'template', ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING",
        rows,
    )
    return conn.total_changes - before


async def _drop_future_generated(
    conn: aiosqlite.Connection, space_id: str, now: datetime, slot_id: str | None
) -> None:
    """Delete future template appointments still scheduled (of one slot, or all of them)."""
    sql = (
        "DELETE FROM appointments WHERE space_id = ? AND source = 'template'"
        " AND status = 'scheduled' AND starts_at >= ?"
    )
    if slot_id is None:
        await conn.execute(sql, (space_id, to_db(now)))
    else:
        await conn.execute(f"{sql} AND source_id = ?", (space_id, to_db(now), slot_id))


async def _set_horizon(conn: aiosqlite.Connection, space_id: str, through: date) -> None:
    await conn.execute(
        "INSERT INTO schedule_horizons (space_id, generated_through) VALUES (?, ?)"
        " ON CONFLICT (space_id) DO UPDATE SET generated_through = excluded.generated_through",
        (space_id, through.isoformat()),
    )
