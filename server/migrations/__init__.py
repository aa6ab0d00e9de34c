"""Numbered SQL migrations, and the few steps SQL alone cannot do, keyed by migration number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from server.clock import from_db
from server.zones import local_day, local_moment, offset_minutes, zone_named

if TYPE_CHECKING:
    from server.db import Tx


def _fill_local_days(tx: Tx) -> None:
    """Give rows written before local days were kept the day in their space's current zone."""
    zones = {r["id"]: r["time_zone"] for r in tx.fetch_all("SELECT id, time_zone FROM spaces")}
    for table, column in (("exercise_logs", "started_at"), ("check_ins", "checked_in_at")):
        rows = tx.fetch_all(f"SELECT space_id, id, {column} AS at FROM {table}")  # noqa: S608
        updates = []
        for row in rows:
            zone = zone_named(zones.get(row["space_id"], "UTC"))
            moment = from_db(row["at"])
            updates.append(
                (
                    local_day(moment, zone).isoformat(),
                    offset_minutes(moment, zone),
                    row["space_id"],
                    row["id"],
                )
            )
        tx.execute_many(
            f"UPDATE {table} SET local_day = ?, utc_offset_minutes = ?"  # noqa: S608
            " WHERE space_id = ? AND id = ?",
            updates,
        )


def _fill_history(tx: Tx) -> None:
    """Give existing appointments their local day, then count the daily practice totals."""
    # Imported here: the history module imports the database layer, which imports this one.
    from server.history.repo import rebuild_totals
    from server.spaces.repo import zone_history

    rows = tx.fetch_all("SELECT space_id, id, starts_at FROM appointments")
    histories: dict[str, list[tuple[datetime, str]]] = {}
    updates = []
    for row in rows:
        space_id = row["space_id"]
        if space_id not in histories:
            histories[space_id] = zone_history(tx, space_id)
        day, _ = local_moment(from_db(row["starts_at"]), histories[space_id], None)
        updates.append((day.isoformat(), space_id, row["id"]))
    tx.execute_many("UPDATE appointments SET local_day = ? WHERE space_id = ? AND id = ?", updates)
    rebuild_totals(tx)


PYTHON_STEPS: dict[int, Callable[[Tx], None]] = {4: _fill_local_days, 7: _fill_history}
