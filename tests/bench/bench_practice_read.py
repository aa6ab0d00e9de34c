"""Read twelve weeks and five years of one therapist's practice through the repos.

Seeds a real SQLite file (migrated by server.db.Database) with five years of workdays, Monday to
Friday: about six sessions a day, a one-minute exercise before most (85%) of them and a check-in
before and after each exercise. Then times ExerciseLogRepo.since and CheckInRepo.since together,
with limits that return every row, and prints one JSON object on stdout:
    {"name": "practice_read", "rows_12w": ..., "p50_ms_12w": ..., "p99_ms_12w": ...,
     "rows_5y": ..., "p50_ms_5y": ..., "p99_ms_5y": ...}
Rows are inserted with sqlite3, by the column names the migrations define (read with PRAGMA
table_info); a new NOT NULL column without a default that this file cannot fill stops it with a
message naming the column. Logs go to stderr; any failure exits non-zero.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server.checkins.repo import CheckInRepo
from server.clock import to_db
from server.db import Database
from server.exercises.repo import ExerciseLogRepo

LIBRARY_DIR = Path(__file__).resolve().parents[2] / "pwa" / "data"
ZONE = "Europe/Berlin"
YEARS = 5
SESSION_HOURS = (8, 9, 10, 11, 13, 14, 15, 16, 17)  # local start times a session can have
SESSIONS_PER_DAY = (5, 6, 6, 6, 7)  # about six
EXERCISE_SHARE = 0.85
ITERATIONS = {"12w": 30, "5y": 10}
KEYS = ("rows", "p50_ms", "p99_ms")


class BenchError(Exception):
    """The benchmark cannot report a trustworthy number; the message says why."""


def log(message: str) -> None:
    print(f"[practice_read] {message}", file=sys.stderr, flush=True)


def library() -> tuple[list[str], list[str]]:
    exercises = json.loads((LIBRARY_DIR / "exercises.json").read_text("utf-8"))["exercises"]
    words = json.loads((LIBRARY_DIR / "check-in.json").read_text("utf-8"))["feelings"]
    return [e["id"] for e in exercises], list(words)


def digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Event(dict[str, Any]):
    """One row's known values; `at` is its instant, for filling unknown *_at/*_day columns."""

    def __init__(self, at: datetime, /, **values: Any) -> None:
        super().__init__(values)
        self.at = at


def local_fields(moment: datetime, zone: ZoneInfo) -> dict[str, Any]:
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds() // 60)
    return {"local_day": local.date().isoformat(), "utc_offset_minutes": minutes}


def practice(space_id: str, now: datetime) -> tuple[list[Event], list[Event], datetime]:
    """Five years of workdays up to yesterday: (exercise logs, check-ins, first session start)."""
    rng = random.Random(5)
    zone = ZoneInfo(ZONE)
    exercise_ids, feelings = library()
    logs: list[Event] = []
    check_ins: list[Event] = []
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=365 * YEARS + 1)
    first_start: datetime | None = None
    day = first_day
    while day < today:
        if day.weekday() < 5:
            hours = sorted(rng.sample(SESSION_HOURS, rng.choice(SESSIONS_PER_DAY)))
            for hour in hours:
                start = datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(UTC)
                first_start = first_start or start
                if rng.random() < EXERCISE_SHARE:
                    add_exercise(rng, space_id, start, exercise_ids, feelings, logs, check_ins)
        day += timedelta(days=1)
    assert first_start is not None
    return logs, check_ins, first_start


def add_exercise(
    rng: random.Random,
    space_id: str,
    session_start: datetime,
    exercise_ids: list[str],
    feelings: list[str],
    logs: list[Event],
    check_ins: list[Event],
) -> None:
    zone = ZoneInfo(ZONE)
    log_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    started = session_start - timedelta(minutes=rng.randint(3, 9), seconds=rng.randint(0, 59))
    completed = rng.random() < 0.9
    seconds = 60 if completed else rng.randint(10, 59)
    synced = started + timedelta(seconds=seconds + rng.choice((2, 3, 5, 40, 900)))
    exercise_id = rng.choice(exercise_ids)
    logs.append(
        Event(
            started,
            space_id=space_id,
            id=log_id,
            exercise_id=exercise_id,
            started_at=to_db(started),
            duration_seconds=seconds,
            completed=int(completed),
            recorded_at=to_db(synced),
            fingerprint=digest(exercise_id, started, seconds, completed),
            **local_fields(started, zone),
        )
    )
    for moment, at in (
        ("before", started - timedelta(seconds=rng.randint(15, 40))),
        ("after", started + timedelta(seconds=seconds + rng.randint(5, 30))),
    ):
        words = rng.sample(feelings, rng.choice((0, 1, 1, 2, 2, 3)))
        note = "Still carrying the last session; breathing helped." if rng.random() < 0.1 else None
        presence, energy = rng.randint(1, 5), rng.randint(1, 5)
        check_ins.append(
            Event(
                at,
                space_id=space_id,
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                checked_in_at=to_db(at),
                presence=presence,
                energy=energy,
                feelings=json.dumps(words),
                note=note,
                exercise_log_id=log_id,
                moment=moment,
                recorded_at=to_db(synced + timedelta(seconds=1)),
                fingerprint=digest(at, presence, energy, words, note, log_id, moment),
                **local_fields(at, zone),
            )
        )


def column_value(table: str, column: sqlite3.Row, event: Event) -> tuple[bool, Any]:
    """(include?, value) for a column this file does not know: a default, a guess, or an error."""
    name, notnull, default = column["name"], column["notnull"], column["dflt_value"]
    if not notnull:
        return False, None  # NULL or its default is a fine value for a row we know nothing of
    zone = ZoneInfo(ZONE)
    if name.endswith("_at"):
        return True, to_db(event.at)
    if name.endswith("_day"):
        return True, event.at.astimezone(zone).date().isoformat()
    if "offset_minutes" in name:
        return True, local_fields(event.at, zone)["utc_offset_minutes"]
    if default is not None:
        return False, None
    raise BenchError(
        f"{table}.{name} is NOT NULL without a default and bench_practice_read.py does not know"
        " what to put in it; teach column_value() or the seeding functions about it"
    )


def bulk_insert(conn: sqlite3.Connection, table: str, events: Sequence[Event]) -> None:
    """Insert events by the table's current columns, filling any this file does not know."""
    columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
    if not columns:
        raise BenchError(f"no table {table!r} after migrating; the schema changed under this file")
    names = {c["name"] for c in columns}
    known = [k for k in events[0] if k in names]
    stale = [k for k in events[0] if k not in names]
    if stale:
        log(f"{table} has no column {', '.join(stale)}; leaving those values out")
    extra = []
    for column in columns:
        if column["name"] not in events[0]:
            include, _ = column_value(table, column, events[0])
            if include:
                extra.append(column)
    if extra:
        log(f"{table}: filling unknown column(s) {', '.join(c['name'] for c in extra)}")
    all_names = known + [c["name"] for c in extra]
    sql = (
        f"INSERT INTO {table} ({', '.join(all_names)})"  # noqa: S608
        f" VALUES ({', '.join('?' for _ in all_names)})"
    )
    conn.executemany(
        sql,
        ([e[k] for k in known] + [column_value(table, c, e)[1] for c in extra] for e in events),
    )


def seed(path: Path, space_id: str, now: datetime) -> tuple[int, int, datetime]:
    """Write five years of practice; return (exercise logs, check-ins, first session start)."""
    logs, check_ins, first_start = practice(space_id, now)
    created = first_start - timedelta(days=3)
    space = Event(created, id=space_id, created_at=to_db(created), time_zone=ZONE)
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            conn.execute("PRAGMA foreign_keys = ON")
            bulk_insert(conn, "spaces", [space])
            has_zones = conn.execute("PRAGMA table_info(space_zones)").fetchall()
            if has_zones:  # migration 004: the zone in force from the space's creation on
                zone_row = Event(created, space_id=space_id, since=to_db(created), time_zone=ZONE)
                bulk_insert(conn, "space_zones", [zone_row])
            bulk_insert(conn, "exercise_logs", logs)
            bulk_insert(conn, "check_ins", check_ins)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return len(logs), len(check_ins), first_start


def reader(method: Callable[..., Awaitable[list[Any]]]) -> Callable[[str, datetime, int], Any]:
    """Call a repo's since() by its parameter names, whichever order or keywords it takes now."""
    params = list(inspect.signature(method).parameters.values())
    names = [p.name for p in params]
    aliases = {"space_id": ("space_id", "space"), "since": ("since", "start", "after", "start_at")}
    found = {
        key: next((n for n in options if n in names), None) for key, options in aliases.items()
    }
    limit_name = next((n for n in names if "limit" in n), None)
    required_unknown = [
        p.name
        for p in params
        if p.default is inspect.Parameter.empty
        and p.name not in {found["space_id"], found["since"], limit_name}
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if None in found.values() or required_unknown:
        raise BenchError(
            f"{method.__qualname__}{inspect.signature(method)} is not since(space_id, since,"
            " limit) any more; adapt bench_practice_read.reader()"
        )

    def call(space_id: str, since: datetime, limit: int) -> Any:
        kwargs: dict[str, Any] = {found["space_id"]: space_id, found["since"]: since}  # type: ignore[dict-item]
        if limit_name is not None:
            kwargs[limit_name] = limit
        return method(**kwargs)

    return call


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * fraction))]


def expected_rows(path: Path, space_id: str, since: datetime) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        logs = conn.execute(
            "SELECT count(*) FROM exercise_logs WHERE space_id = ? AND started_at >= ?",
            (space_id, to_db(since)),
        ).fetchone()[0]
        check_ins = conn.execute(
            "SELECT count(*) FROM check_ins WHERE space_id = ? AND checked_in_at >= ?",
            (space_id, to_db(since)),
        ).fetchone()[0]
    finally:
        conn.close()
    return int(logs) + int(check_ins)


async def run(tmp: Path) -> dict[str, Any]:
    path = tmp / "attune.sqlite3"
    db = Database(path)
    await db.open()  # creates the file and applies every migration
    await db.close()
    space_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    started = time.perf_counter()
    logs, check_ins, first_start = seed(path, space_id, now)
    log(
        f"seeded {logs} exercise logs and {check_ins} check-ins"
        f" in {time.perf_counter() - started:.1f}s"
    )
    limit = logs + check_ins + 1  # more than any one table holds: every row comes back
    ranges = {"12w": now - timedelta(weeks=12), "5y": first_start - timedelta(days=1)}

    report: dict[str, Any] = {"name": "practice_read"}
    db = Database(path)
    await db.open()
    try:
        read_logs = reader(ExerciseLogRepo(db).since)
        read_check_ins = reader(CheckInRepo(db).since)
        for label, since in ranges.items():
            expected = expected_rows(path, space_id, since)
            timings = []
            rows = 0
            for iteration in range(ITERATIONS[label] + 1):  # the first is a warm-up
                t0 = time.perf_counter()
                got_logs = await read_logs(space_id, since, limit)
                got_check_ins = await read_check_ins(space_id, since, limit)
                elapsed = (time.perf_counter() - t0) * 1000
                rows = len(got_logs) + len(got_check_ins)
                if rows != expected:
                    raise BenchError(f"{label}: the repos returned {rows} rows, not {expected}")
                if iteration:
                    timings.append(elapsed)
            report[f"rows_{label}"] = rows
            report[f"p50_ms_{label}"] = round(statistics.median(timings), 2)
            report[f"p99_ms_{label}"] = round(percentile(timings, 0.99), 2)
            log(
                f"{label}: {rows} rows, p50 {report[f'p50_ms_{label}']} ms,"
                f" p99 {report[f'p99_ms_{label}']} ms over {len(timings)} reads"
            )
    finally:
        await db.close()
    return {k: report[k] for k in ("name", *(f"{m}_{r}" for r in ranges for m in KEYS))}


def main() -> int:
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="attune-bench-") as tmp:
            report = asyncio.run(run(Path(tmp)))
    except BenchError as exc:
        print(f"bench_practice_read: FAILED: {exc}", file=sys.stderr)
        return 1
    log(f"done in {time.monotonic() - started:.0f}s")
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
