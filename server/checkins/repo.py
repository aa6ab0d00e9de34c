"""SQL for check-ins."""

from __future__ import annotations

import json
from datetime import date, datetime

import msgspec

from server.checkins.schemas import CheckIn
from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.history.repo import count_check_in, count_pair_change, pair_of
from server.spaces.repo import zone_history
from server.zones import local_moment

# A month of check-ins is hundreds of rows per read: msgspec reads each feelings list ~6x faster.
_feelings = msgspec.json.Decoder(list[str])
_COLUMNS = (
    "id, checked_in_at, presence, energy, feelings, note, exercise_log_id, moment,"
    " recorded_at, local_day, utc_offset_minutes, fingerprint"
)


def check_in_from(row: Row) -> CheckIn:
    """Read a check_ins row."""
    return CheckIn(
        id=row["id"],
        checked_in_at=from_db(row["checked_in_at"]),
        presence=row["presence"],
        energy=row["energy"],
        feelings=_feelings.decode(row["feelings"]),
        note=row["note"],
        exercise_log_id=row["exercise_log_id"],
        moment=row["moment"],
        recorded_at=from_db(row["recorded_at"]),
        local_day=date.fromisoformat(row["local_day"]),
        utc_offset_minutes=row["utc_offset_minutes"],
    )


class CheckInRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_once(
        self,
        space_id: str,
        check_in: CheckIn,
        fingerprint: str,
        device_offset: int | None = None,
    ) -> tuple[CheckIn, str]:
        """Store a check-in on its local day unless its id is taken; return what is stored."""

        def save(tx: Tx) -> tuple[CheckIn, str]:
            day, offset = local_moment(
                check_in.checked_in_at, zone_history(tx, space_id), device_offset
            )
            run = check_in.exercise_log_id if check_in.moment else None
            pair_was = pair_of(tx, space_id, run) if run else None
            inserted = tx.execute(
                f"INSERT INTO check_ins (space_id, {_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (space_id, id) DO NOTHING",
                (
                    space_id,
                    check_in.id,
                    to_db(check_in.checked_in_at),
                    check_in.presence,
                    check_in.energy,
                    json.dumps(check_in.feelings),
                    check_in.note,
                    check_in.exercise_log_id,
                    check_in.moment,
                    to_db(check_in.recorded_at),
                    day.isoformat(),
                    offset,
                    fingerprint,
                ),
            )
            if inserted:
                count_check_in(tx, space_id, day, check_in.presence, check_in.energy)
                if run:
                    count_pair_change(tx, space_id, pair_was, pair_of(tx, space_id, run))
                # What was just stored is what we hold: no need to read it back.
                placed = msgspec.structs.replace(check_in, local_day=day, utc_offset_minutes=offset)
                return placed, fingerprint
            row = tx.fetch_one(
                f"SELECT {_COLUMNS} FROM check_ins WHERE space_id = ? AND id = ?",
                (space_id, check_in.id),
            )
            assert row is not None  # the insert clashed with it, inside one transaction
            return check_in_from(row), row["fingerprint"]

        return await self.db.write(save)

    async def since(self, space_id: str, since: datetime, limit: int) -> list[CheckIn]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM check_ins WHERE space_id = ? AND checked_in_at >= ?"
            " ORDER BY checked_in_at DESC LIMIT ?",
            (space_id, to_db(since), limit),
        )
        return [check_in_from(r) for r in rows]
