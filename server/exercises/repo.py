"""SQL for exercise logs."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.exercises.schemas import ExerciseLog
from server.history.repo import count_exercise
from server.spaces.repo import zone_history
from server.zones import local_moment

_COLUMNS = (
    "id, exercise_id, started_at, duration_seconds, completed, recorded_at, local_day,"
    " utc_offset_minutes, fingerprint"
)


def exercise_log_from(row: Row) -> ExerciseLog:
    """Read an exercise_logs row."""
    return ExerciseLog(
        id=row["id"],
        exercise_id=row["exercise_id"],
        started_at=from_db(row["started_at"]),
        duration_seconds=row["duration_seconds"],
        completed=bool(row["completed"]),
        recorded_at=from_db(row["recorded_at"]),
        local_day=date.fromisoformat(row["local_day"]),
        utc_offset_minutes=row["utc_offset_minutes"],
    )


class ExerciseLogRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_once(
        self, space_id: str, log: ExerciseLog, fingerprint: str, device_offset: int | None = None
    ) -> tuple[ExerciseLog, str]:
        """Store log on its local day unless its id is taken; return what is stored under it."""

        def save(tx: Tx) -> tuple[ExerciseLog, str]:
            day, offset = local_moment(log.started_at, zone_history(tx, space_id), device_offset)
            inserted = tx.execute(
                f"INSERT INTO exercise_logs (space_id, {_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING",
                (
                    space_id,
                    log.id,
                    log.exercise_id,
                    to_db(log.started_at),
                    log.duration_seconds,
                    int(log.completed),
                    to_db(log.recorded_at),
                    day.isoformat(),
                    offset,
                    fingerprint,
                ),
            )
            if inserted:
                count_exercise(tx, space_id, day, log.completed)
                # What was just stored is what we hold: no need to read it back.
                placed = msgspec.structs.replace(log, local_day=day, utc_offset_minutes=offset)
                return placed, fingerprint
            row = tx.fetch_one(
                f"SELECT {_COLUMNS} FROM exercise_logs WHERE space_id = ? AND id = ?",
                (space_id, log.id),
            )
            assert row is not None  # the insert clashed with it, inside one transaction
            return exercise_log_from(row), row["fingerprint"]

        return await self.db.write(save)

    async def since(self, space_id: str, since: datetime, limit: int) -> list[ExerciseLog]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM exercise_logs WHERE space_id = ? AND started_at >= ?"
            " ORDER BY started_at DESC LIMIT ?",
            (space_id, to_db(since), limit),
        )
        return [exercise_log_from(r) for r in rows]
