"""SQL for the history: daily practice totals, kept as practice is written, and their reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from server.clock import from_db, to_db
from server.db import Database, Reader, Row, Tx

# The first session of the earlier headline week looks back at sessions the day before it.
LOOK_BACK_DAY = timedelta(days=1)

_TOTALS = (
    "exercises_completed, exercises_partial, check_ins, presence_sum, energy_sum, pairs,"
    " presence_change_sum, energy_change_sum"
)
_ADD = (
    "INSERT INTO daily_practice (space_id, local_day, {column}) VALUES (?, ?, ?)"
    " ON CONFLICT (space_id, local_day) DO UPDATE SET {column} = {column} + excluded.{column}"
)


# The earliest before and the earliest after check-in of each exercise run, joined: one pair.
_FIRST_PAIRS = """
    SELECT a.space_id AS space_id, a.exercise_log_id AS exercise_log_id, a.local_day AS local_day,
           a.presence - b.presence AS presence_change, a.energy - b.energy AS energy_change
    FROM check_ins a JOIN check_ins b
      ON b.space_id = a.space_id AND b.exercise_log_id = a.exercise_log_id
    WHERE a.moment = 'after' AND b.moment = 'before'
      AND a.id = (SELECT id FROM check_ins x WHERE x.space_id = a.space_id
                  AND x.exercise_log_id = a.exercise_log_id AND x.moment = 'after'
                  ORDER BY x.checked_in_at, x.id LIMIT 1)
      AND b.id = (SELECT id FROM check_ins y WHERE y.space_id = a.space_id
                  AND y.exercise_log_id = a.exercise_log_id AND y.moment = 'before'
                  ORDER BY y.checked_in_at, y.id LIMIT 1)
"""


def count_exercise(tx: Tx, space_id: str, day: date, completed: bool) -> None:
    """Add one exercise run to its day's totals, inside the unit that stored it."""
    column = "exercises_completed" if completed else "exercises_partial"
    tx.execute(_ADD.format(column=column), (space_id, day.isoformat(), 1))


def count_check_in(tx: Tx, space_id: str, day: date, presence: int, energy: int) -> None:
    """Add one check-in to its day's totals, inside the unit that stored it."""
    tx.execute(
        "INSERT INTO daily_practice (space_id, local_day, check_ins, presence_sum, energy_sum)"
        " VALUES (?, ?, 1, ?, ?) ON CONFLICT (space_id, local_day) DO UPDATE SET"
        " check_ins = check_ins + 1, presence_sum = presence_sum + excluded.presence_sum,"
        " energy_sum = energy_sum + excluded.energy_sum",
        (space_id, day.isoformat(), presence, energy),
    )


Pair = tuple[str, int, int]  # the after's local day, presence change, energy change


def pair_of(tx: Tx, space_id: str, exercise_log_id: str) -> Pair | None:
    """Return the before→after pair an exercise run has now, by the same rule as a rebuild."""
    row = tx.fetch_one(
        f"SELECT local_day, presence_change, energy_change FROM ({_FIRST_PAIRS})"
        " WHERE space_id = ? AND exercise_log_id = ?",
        (space_id, exercise_log_id),
    )
    return None if row is None else (row["local_day"], row["presence_change"], row["energy_change"])


def count_pair_change(tx: Tx, space_id: str, was: Pair | None, now: Pair | None) -> None:
    """Move the totals from the pair a run had before a check-in to the pair it has after."""
    if was == now:
        return
    for pair, sign in ((was, -1), (now, 1)):
        if pair is None:
            continue
        day, presence_change, energy_change = pair
        tx.execute(
            "INSERT INTO daily_practice"
            " (space_id, local_day, pairs, presence_change_sum, energy_change_sum)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (space_id, local_day) DO UPDATE SET"
            " pairs = pairs + excluded.pairs,"
            " presence_change_sum = presence_change_sum + excluded.presence_change_sum,"
            " energy_change_sum = energy_change_sum + excluded.energy_change_sum",
            (space_id, day, sign, sign * presence_change, sign * energy_change),
        )


def rebuild_totals(tx: Tx, space_id: str | None = None) -> None:
    """Recount every daily total from the raw rows (one space, or all of them)."""
    where, params = ("WHERE space_id = ?", (space_id,)) if space_id else ("", ())
    tx.execute(f"DELETE FROM daily_practice {where}", params)
    tx.execute(
        "INSERT INTO daily_practice (space_id, local_day, exercises_completed, exercises_partial)"
        " SELECT space_id, local_day, sum(completed), sum(1 - completed)"
        f" FROM exercise_logs {where} GROUP BY space_id, local_day",
        params,
    )
    tx.execute(
        "INSERT INTO daily_practice (space_id, local_day, check_ins, presence_sum, energy_sum)"
        " SELECT space_id, local_day, count(*), sum(presence), sum(energy)"
        f" FROM check_ins {where} GROUP BY space_id, local_day"
        " ON CONFLICT (space_id, local_day) DO UPDATE SET check_ins = excluded.check_ins,"
        " presence_sum = excluded.presence_sum, energy_sum = excluded.energy_sum",
        params,
    )
    tx.execute(
        "INSERT INTO daily_practice"
        " (space_id, local_day, pairs, presence_change_sum, energy_change_sum)"
        " SELECT space_id, local_day, count(*), sum(presence_change), sum(energy_change)"
        f" FROM ({_FIRST_PAIRS}) {where} GROUP BY space_id, local_day"
        " ON CONFLICT (space_id, local_day) DO UPDATE SET pairs = excluded.pairs,"
        " presence_change_sum = excluded.presence_change_sum,"
        " energy_change_sum = excluded.energy_change_sum",
        params,
    )


@dataclass(frozen=True)
class Snapshot:
    """Everything one history answer reads, taken in one consistent read."""

    created_at: datetime
    time_zone: str
    zone_history: list[tuple[datetime, str]]
    workdays: int
    hide_streaks: bool
    totals: list[Row]
    practised_days: set[date]
    session_days: set[date]
    sessions: list[Row]
    completions: list[datetime]


@dataclass(frozen=True)
class Window:
    """Which days and which instants one answer covers, once the space's zone is known."""

    first: date
    last: date
    # Totals are read over read_from..read_to: the range, and the last 90 days for the trend.
    read_from: date
    read_to: date
    # The two headline weeks, as UTC instants from last week's Monday to next Monday.
    weeks: tuple[datetime, datetime]


def read_snapshot(
    reader: Reader, space_id: str, plan: Callable[[str], Window]
) -> tuple[Snapshot, Window] | None:
    """Read the space, its settings, totals and the two headline weeks' sessions."""
    space = reader.fetch_one("SELECT created_at, time_zone FROM spaces WHERE id = ?", (space_id,))
    if space is None:
        return None
    window = plan(space["time_zone"])
    chosen = reader.fetch_one(
        "SELECT workdays, hide_streaks FROM space_settings WHERE space_id = ?", (space_id,)
    )
    zones = reader.fetch_all(
        "SELECT since, time_zone FROM space_zones WHERE space_id = ? ORDER BY since", (space_id,)
    )
    practised = reader.fetch_all(
        "SELECT local_day FROM daily_practice WHERE space_id = ? AND exercises_completed > 0",
        (space_id,),
    )
    session_days = reader.fetch_all(
        "SELECT DISTINCT local_day FROM appointments WHERE space_id = ? AND status = 'scheduled'",
        (space_id,),
    )
    opens, closes = window.weeks
    sessions = reader.fetch_all(
        "SELECT starts_at, ends_at, local_day FROM appointments WHERE space_id = ?"
        " AND status = 'scheduled' AND starts_at >= ? AND starts_at < ? ORDER BY starts_at",
        (space_id, to_db(opens - LOOK_BACK_DAY), to_db(closes)),
    )
    completions = reader.fetch_all(
        "SELECT started_at, duration_seconds FROM exercise_logs WHERE space_id = ?"
        " AND completed = 1 AND started_at >= ? AND started_at < ?",
        (space_id, to_db(opens - LOOK_BACK_DAY), to_db(closes)),
    )
    snapshot = Snapshot(
        created_at=from_db(space["created_at"]),
        time_zone=space["time_zone"],
        zone_history=[(from_db(z["since"]), z["time_zone"]) for z in zones],
        workdays=31 if chosen is None else chosen["workdays"],
        hide_streaks=False if chosen is None else bool(chosen["hide_streaks"]),
        totals=reader.fetch_all(
            f"SELECT local_day, {_TOTALS} FROM daily_practice"
            " WHERE space_id = ? AND local_day BETWEEN ? AND ? ORDER BY local_day",
            (space_id, window.read_from.isoformat(), window.read_to.isoformat()),
        ),
        practised_days={date.fromisoformat(r["local_day"]) for r in practised},
        session_days={date.fromisoformat(r["local_day"]) for r in session_days if r["local_day"]},
        sessions=sessions,
        completions=[
            from_db(r["started_at"]) + timedelta(seconds=r["duration_seconds"]) for r in completions
        ],
    )
    return snapshot, window


class HistoryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def snapshot(
        self, space_id: str, plan: Callable[[str], Window]
    ) -> tuple[Snapshot, Window] | None:
        """Read what one history answer needs in one consistent snapshot and one thread hop."""
        return await self.db.read(lambda reader: read_snapshot(reader, space_id, plan))
