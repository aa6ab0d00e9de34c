"""SQL for export and import: every row of a space, read in one snapshot, written in one unit."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import msgspec

from server.checkins.repo import check_in_from
from server.clock import from_db, to_db
from server.db import Database, Reader, Row, Tx
from server.exercises.repo import exercise_log_from
from server.export.schemas import (
    FORMAT,
    VERSION,
    AppointmentRecord,
    CheckInRecord,
    ExerciseRecord,
    PauseRecord,
    SettingsRecord,
    SpaceExport,
    WeeklySession,
    ZoneChoice,
)
from server.history.repo import rebuild_totals
from server.preferences.repo import days_to_mask, mask_to_days, prompts_from_db

# What makes a space "not empty" for an import: anything the therapist made.
_CONTENT = ("exercise_logs", "check_ins", "schedule_slots", "appointments", "schedule_pauses")


def _settings(row: Row | None) -> SettingsRecord:
    if row is None:
        return SettingsRecord(
            reminders_on=True,
            reminder_lead_minutes=5,
            workdays=[0, 1, 2, 3, 4],
            hide_streaks=False,
            check_in_prompts=[],
        )
    return SettingsRecord(
        reminders_on=bool(row["reminders_on"]),
        reminder_lead_minutes=row["reminder_lead_minutes"],
        workdays=mask_to_days(row["workdays"]),
        hide_streaks=bool(row["hide_streaks"]),
        check_in_prompts=prompts_from_db(row["check_in_prompts"]),
    )


def read_export(reader: Reader, space_id: str) -> SpaceExport | None:
    """Read every part of a space in a stable order, so two exports of it are identical."""
    space = reader.fetch_one("SELECT time_zone FROM spaces WHERE id = ?", (space_id,))
    if space is None:
        return None

    def rows(sql: str) -> list[Row]:
        return reader.fetch_all(sql, (space_id,))

    return SpaceExport(
        format=FORMAT,
        version=VERSION,
        time_zone=space["time_zone"],
        time_zones=[
            ZoneChoice(since=from_db(r["since"]), time_zone=r["time_zone"])
            for r in rows(
                "SELECT since, time_zone FROM space_zones WHERE space_id = ? ORDER BY since"
            )
        ],
        settings=_settings(
            reader.fetch_one("SELECT * FROM space_settings WHERE space_id = ?", (space_id,))
        ),
        exercise_logs=[_exercise(r) for r in rows(_SELECT_LOGS)],
        check_ins=[_check_in(r) for r in rows(_SELECT_CHECK_INS)],
        weekly_sessions=[
            WeeklySession(
                id=r["id"],
                weekday=r["weekday"],
                start=r["start_time"],
                length_minutes=r["length_minutes"],
            )
            for r in rows(
                "SELECT * FROM schedule_slots WHERE space_id = ? ORDER BY weekday, start_time, id"
            )
        ],
        appointments=[_appointment(r) for r in rows(_SELECT_APPOINTMENTS)],
        pauses=[
            PauseRecord(
                id=r["id"],
                first_day=date.fromisoformat(r["first_day"]),
                last_day=date.fromisoformat(r["last_day"]),
            )
            for r in rows("SELECT * FROM schedule_pauses WHERE space_id = ? ORDER BY first_day, id")
        ],
    )


_SELECT_LOGS = "SELECT * FROM exercise_logs WHERE space_id = ? ORDER BY started_at, id"
_SELECT_CHECK_INS = "SELECT * FROM check_ins WHERE space_id = ? ORDER BY checked_in_at, id"
_SELECT_APPOINTMENTS = "SELECT * FROM appointments WHERE space_id = ? ORDER BY starts_at, id"


def _exercise(r: Row) -> ExerciseRecord:
    return ExerciseRecord(**msgspec.structs.asdict(exercise_log_from(r)))


def _check_in(r: Row) -> CheckInRecord:
    return CheckInRecord(**msgspec.structs.asdict(check_in_from(r)))


def _appointment(r: Row) -> AppointmentRecord:
    return AppointmentRecord(
        id=r["id"],
        source=r["source"],
        source_id=r["source_id"],
        starts_at=from_db(r["starts_at"]),
        ends_at=from_db(r["ends_at"]),
        status=r["status"],
        replaced_by=r["replaced_by"],
        local_day=date.fromisoformat(r["local_day"]),
    )


def _imported(record: object) -> str:
    # Imported rows have no request body behind them: a later PUT under the same id is a clash.
    return "imported:" + hashlib.sha256(repr(record).encode()).hexdigest()


def write_import(tx: Tx, space_id: str, data: SpaceExport, now: str) -> bool:
    """Write a whole export into an empty space; False (nothing written) when it is not empty."""
    for table in _CONTENT:
        if tx.fetch_one(f"SELECT 1 FROM {table} WHERE space_id = ? LIMIT 1", (space_id,)):
            return False
    tx.execute("UPDATE spaces SET time_zone = ? WHERE id = ?", (data.time_zone, space_id))
    tx.execute("DELETE FROM space_zones WHERE space_id = ?", (space_id,))
    tx.execute_many(
        "INSERT INTO space_zones (space_id, since, time_zone) VALUES (?, ?, ?)",
        [(space_id, to_db(z.since), z.time_zone) for z in data.time_zones],
    )
    s = data.settings
    tx.execute(
        "INSERT INTO space_settings (space_id, reminders_on, reminder_lead_minutes, workdays,"
        " hide_streaks, check_in_prompts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (space_id) DO UPDATE SET reminders_on = excluded.reminders_on,"
        " reminder_lead_minutes = excluded.reminder_lead_minutes, workdays = excluded.workdays,"
        " hide_streaks = excluded.hide_streaks, check_in_prompts = excluded.check_in_prompts,"
        " updated_at = excluded.updated_at",
        (
            space_id,
            int(s.reminders_on),
            s.reminder_lead_minutes,
            days_to_mask(s.workdays),
            int(s.hide_streaks),
            ",".join(s.check_in_prompts),
            now,
        ),
    )
    _write_practice(tx, space_id, data)
    _write_schedule(tx, space_id, data, now)
    rebuild_totals(tx, space_id)
    return True


def _write_practice(tx: Tx, space_id: str, data: SpaceExport) -> None:
    tx.execute_many(
        "INSERT INTO exercise_logs (space_id, id, exercise_id, started_at, duration_seconds,"
        " completed, recorded_at, local_day, utc_offset_minutes, fingerprint)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                space_id,
                e.id,
                e.exercise_id,
                to_db(e.started_at),
                e.duration_seconds,
                int(e.completed),
                to_db(e.recorded_at),
                e.local_day.isoformat(),
                e.utc_offset_minutes,
                _imported(e),
            )
            for e in data.exercise_logs
        ],
    )
    tx.execute_many(
        "INSERT INTO check_ins (space_id, id, checked_in_at, presence, energy, feelings, note,"
        " exercise_log_id, moment, recorded_at, local_day, utc_offset_minutes, fingerprint)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                space_id,
                c.id,
                to_db(c.checked_in_at),
                c.presence,
                c.energy,
                json.dumps(c.feelings),
                c.note,
                c.exercise_log_id,
                c.moment,
                to_db(c.recorded_at),
                c.local_day.isoformat(),
                c.utc_offset_minutes,
                _imported(c),
            )
            for c in data.check_ins
        ],
    )


def _write_schedule(tx: Tx, space_id: str, data: SpaceExport, now: str) -> None:
    tx.execute_many(
        "INSERT INTO schedule_slots (space_id, id, weekday, start_time, length_minutes,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (space_id, w.id, w.weekday, w.start, w.length_minutes, now, now)
            for w in data.weekly_sessions
        ],
    )
    tx.execute_many(
        "INSERT INTO appointments (space_id, id, source, source_id, starts_at, ends_at, status,"
        " replaced_by, local_day, fingerprint, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                space_id,
                a.id,
                a.source,
                a.source_id,
                to_db(a.starts_at),
                to_db(a.ends_at),
                a.status,
                a.replaced_by,
                a.local_day.isoformat(),
                _imported(a),
                now,
                now,
            )
            for a in data.appointments
        ],
    )
    template_days = [a.local_day for a in data.appointments if a.source == "template"]
    if template_days:
        # The template was generated through its last appointment: do not generate it again.
        tx.execute(
            "INSERT INTO schedule_horizons (space_id, generated_through) VALUES (?, ?)"
            " ON CONFLICT (space_id) DO UPDATE SET generated_through = excluded.generated_through",
            (space_id, max(template_days).isoformat()),
        )
    tx.execute_many(
        "INSERT INTO schedule_pauses (space_id, id, first_day, last_day, fingerprint, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (space_id, p.id, p.first_day.isoformat(), p.last_day.isoformat(), _imported(p), now)
            for p in data.pauses
        ],
    )


class ExportRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, space_id: str) -> SpaceExport | None:
        return await self.db.read(lambda reader: read_export(reader, space_id))

    async def import_into(self, space_id: str, data: SpaceExport, now: str) -> bool:
        return await self.db.write(lambda tx: write_import(tx, space_id, data, now))
