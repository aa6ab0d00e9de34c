"""SQL for exercise logs."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from server.clock import from_db, to_db
from server.db import Database
from server.exercises.schemas import ExerciseLog

_COLUMNS = "id, exercise_id, started_at, duration_seconds, completed, recorded_at, fingerprint"


def _log(row: aiosqlite.Row) -> tuple[ExerciseLog, str]:
    log = ExerciseLog(
        id=row["id"],
        exercise_id=row["exercise_id"],
        started_at=from_db(row["started_at"]),
        duration_seconds=row["duration_seconds"],
        completed=bool(row["completed"]),
        recorded_at=from_db(row["recorded_at"]),
    )
    return log, row["fingerprint"]


class ExerciseLogRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_once(
        self, space_id: str, log: ExerciseLog, fingerprint: str
    ) -> tuple[ExerciseLog, str]:
        """Store log unless its id is taken; return what is stored under that id."""
        async with self.db.write() as conn:
            await conn.execute(
                f"INSERT INTO exercise_logs (space_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (space_id, id) DO NOTHING",
                (
                    space_id,
                    log.id,
                    log.exercise_id,
                    to_db(log.started_at),
                    log.duration_seconds,
                    int(log.completed),
                    to_db(log.recorded_at),
                    fingerprint,
                ),
            )
            cursor = await conn.execute(
                f"SELECT {_COLUMNS} FROM exercise_logs WHERE space_id = ? AND id = ?",
                (space_id, log.id),
            )
            row = await cursor.fetchone()
        assert row is not None  # inserted or already there, inside one transaction
        return _log(row)

    async def since(self, space_id: str, since: datetime, limit: int) -> list[ExerciseLog]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM exercise_logs WHERE space_id = ? AND started_at >= ?"
            " ORDER BY started_at DESC LIMIT ?",
            (space_id, to_db(since), limit),
        )
        return [_log(r)[0] for r in rows]
