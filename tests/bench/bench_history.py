"""Call the history endpoint through the real app over five years of one therapist's practice.

Seeds a real SQLite file with five years of workdays (Monday to Friday, about six sessions a day
in Europe/Berlin, a one-minute exercise before most of them, a check-in before and after each
exercise), recounts the daily totals with the same code `attune rebuild-totals` runs, then asks
GET /api/history for twelve weeks and for five years through the real app, and prints one JSON
object {"name": "history", "p50_ms_12w", "p99_ms_12w", "p50_ms_5y", "p99_ms_5y"} in ms.
Target on a 2-core machine: p99 <= 20 ms for twelve weeks and <= 100 ms for five years.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from litestar.testing import AsyncTestClient

from server.app import create_app
from server.clock import to_db
from server.db import Database
from server.history.repo import rebuild_totals
from server.settings import settings_from_env

ZONE = ZoneInfo("Europe/Berlin")
DAYS = 5 * 365
TODAY = date(2025, 6, 13)
NOW = datetime.combine(TODAY, wall(18, 0), tzinfo=ZONE).astimezone(UTC)
RUNS = {
    "12w": (300, f"?from={TODAY - timedelta(weeks=12)}&to={TODAY}"),
    "5y": (60, "?from=" + str(TODAY - timedelta(days=DAYS)) + f"&to={TODAY}"),
}


class FixedClock:
    def now(self) -> datetime:
        return NOW


def log(message: str) -> None:
    print(f"[history] {message}", file=sys.stderr, flush=True)


def seed(path: Path, space_id: str) -> int:
    """Insert five years of sessions and practice with sqlite3; return how many sessions."""
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    stamp = to_db(NOW)
    appointments, logs, check_ins = [], [], []
    for offset in range(DAYS, 0, -1):
        day = TODAY - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for hour in sorted(rng.sample(range(8, 18), rng.choice((5, 6, 6, 7)))):
            start = datetime.combine(day, wall(hour), tzinfo=ZONE).astimezone(UTC)
            appointments.append(
                (
                    space_id,
                    str(uuid.uuid4()),
                    "manual",
                    to_db(start),
                    to_db(start + timedelta(minutes=50)),
                    "f",
                    stamp,
                    stamp,
                    day.isoformat(),
                )
            )
            if rng.random() > 0.85:
                continue
            log_id = str(uuid.uuid4())
            began = start - timedelta(minutes=rng.randint(2, 9))
            offset_minutes = int(began.astimezone(ZONE).utcoffset().total_seconds() // 60)
            logs.append(
                (
                    space_id,
                    log_id,
                    "box-breathing",
                    to_db(began),
                    60,
                    1,
                    stamp,
                    "f",
                    day.isoformat(),
                    offset_minutes,
                )
            )
            for moment, at in (("before", began), ("after", began + timedelta(seconds=65))):
                check_ins.append(
                    (
                        space_id,
                        str(uuid.uuid4()),
                        to_db(at),
                        rng.randint(1, 5),
                        rng.randint(1, 5),
                        "[]",
                        None,
                        log_id,
                        moment,
                        stamp,
                        "f",
                        day.isoformat(),
                        offset_minutes,
                    )
                )
    with conn:
        conn.executemany(
            "INSERT INTO appointments (space_id, id, source, starts_at, ends_at, fingerprint,"
            " created_at, updated_at, local_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            appointments,
        )
        conn.executemany(
            "INSERT INTO exercise_logs (space_id, id, exercise_id, started_at, duration_seconds,"
            " completed, recorded_at, fingerprint, local_day, utc_offset_minutes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            logs,
        )
        conn.executemany(
            "INSERT INTO check_ins (space_id, id, checked_in_at, presence, energy, feelings, note,"
            " exercise_log_id, moment, recorded_at, fingerprint, local_day, utc_offset_minutes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            check_ins,
        )
        first = to_db(NOW - timedelta(days=DAYS + 1))
        conn.execute(
            "UPDATE spaces SET time_zone = ?, created_at = ? WHERE id = ?",
            (ZONE.key, first, space_id),
        )
        conn.execute(
            "INSERT INTO space_zones (space_id, since, time_zone) VALUES (?, ?, ?)",
            (space_id, first, ZONE.key),
        )
    conn.close()
    log(f"seeded {len(appointments)} sessions, {len(logs)} exercises, {len(check_ins)} check-ins")
    return len(appointments)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_from_env({}, data_dir=str(Path(tmp) / "data"), log_level="WARNING")
        async with AsyncTestClient(create_app(settings, clock=FixedClock())) as client:
            response = await client.post("/api/spaces", json={})
            assert response.status_code == 201, response.text
            space_id = response.json()["space_id"]
            cookies = dict(client.cookies)
        # Seeded while no app runs, so nothing else waits on the file meanwhile.
        seed(settings.database_path, space_id)
        db = Database(settings.database_path)
        await db.open()
        await db.write(rebuild_totals)
        await db.close()
        async with AsyncTestClient(create_app(settings, clock=FixedClock())) as client:
            client.cookies.update(cookies)
            result: dict[str, object] = {"name": "history"}
            for label, (count, query) in RUNS.items():
                samples = []
                for i in range(count + 5):
                    started = time.perf_counter()
                    response = await client.get(f"/api/history{query}")
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise SystemExit(
                            f"history answered {response.status_code}: {response.text}"
                        )
                    if i >= 5:  # the first few warm caches up
                        samples.append(elapsed)
                body = response.json()
                log(
                    f"{label}: {len(body['days'])} days, streak {body['streak']}, "
                    f"grounded {body['grounded']}"
                )
                result[f"p50_ms_{label}"] = round(statistics.median(samples), 2)
                result[f"p99_ms_{label}"] = round(percentile(samples, 0.99), 2)
            return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
