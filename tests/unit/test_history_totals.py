"""Daily totals kept as practice is written always equal a recount from the raw rows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.checkins.repo import CheckInRepo
from server.checkins.schemas import CheckIn
from server.cli import main
from server.db import Database, Tx
from server.exercises.repo import ExerciseLogRepo
from server.exercises.schemas import ExerciseLog
from server.history.repo import rebuild_totals

START = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
COLUMNS = (
    "local_day, exercises_completed, exercises_partial, check_ins, presence_sum, energy_sum,"
    " pairs, presence_change_sum, energy_change_sum"
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "data" / "attune.sqlite3")
    await database.open()
    yield database
    await database.close()


async def new_space(db: Database) -> str:
    space_id = str(uuid.uuid4())
    await db.write(
        lambda tx: tx.execute(
            "INSERT INTO spaces (id, created_at, time_zone) VALUES (?, ?, 'Europe/London')",
            (space_id, "2025-01-01T00:00:00.000000Z"),
        )
    )
    await db.write(
        lambda tx: tx.execute(
            "INSERT INTO space_zones (space_id, since, time_zone) VALUES (?, ?, 'Europe/London')",
            (space_id, "2025-01-01T00:00:00.000000Z"),
        )
    )
    return space_id


async def totals(db: Database, space_id: str) -> list[tuple[Any, ...]]:
    rows = await db.fetch_all(
        f"SELECT {COLUMNS} FROM daily_practice WHERE space_id = ?"  # noqa: S608
        " AND (exercises_completed, exercises_partial, check_ins, pairs) != (0, 0, 0, 0)"
        " ORDER BY local_day",
        (space_id,),
    )
    return [tuple(row[c.strip()] for c in COLUMNS.split(",")) for row in rows]


async def recount(db: Database, space_id: str) -> list[tuple[Any, ...]]:
    def rebuild(tx: Tx) -> None:
        rebuild_totals(tx, space_id)

    await db.write(rebuild)
    return await totals(db, space_id)


# One run of an exercise: (hours after START, completed, before check-in?, after check-in?).
runs = st.lists(
    st.tuples(
        st.integers(0, 24 * 6),
        st.booleans(),
        st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(1, 5))),
        st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(1, 5))),
    ),
    max_size=8,
)


def writes_for(run_list: list[Any]) -> list[tuple[str, Any]]:
    writes: list[tuple[str, Any]] = []
    for hours, completed, before, after in run_list:
        started = START + timedelta(hours=hours, minutes=37)
        log_id = str(uuid.uuid4())
        writes.append(
            (
                "log",
                ExerciseLog(
                    id=log_id,
                    exercise_id="box-breathing",
                    started_at=started,
                    duration_seconds=60 if completed else 20,
                    completed=completed,
                    recorded_at=started,
                ),
            )
        )
        for moment, rating, at in (("before", before, started), ("after", after, started)):
            if rating is None:
                continue
            writes.append(
                (
                    "check_in",
                    CheckIn(
                        id=str(uuid.uuid4()),
                        checked_in_at=at + timedelta(seconds=90 if moment == "after" else -5),
                        presence=rating[0],
                        energy=rating[1],
                        feelings=[],
                        note=None,
                        exercise_log_id=log_id,
                        moment=moment,  # type: ignore[arg-type]
                        recorded_at=at,
                    ),
                )
            )
    return writes


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(runs, st.randoms(use_true_random=False))
async def test_daily_totals_always_equal_a_recount(
    db: Database, run_list: Any, shuffle: Any
) -> None:
    space_id = await new_space(db)
    writes = writes_for(run_list)
    shuffle.shuffle(writes)  # offline outboxes sync in any order, check-ins before their run
    logs, check_ins = ExerciseLogRepo(db), CheckInRepo(db)
    # Some arrive together (one batch), some one by one; a retry stores nothing new.
    half = len(writes) // 2
    save = {"log": logs.save_once, "check_in": check_ins.save_once}
    await asyncio.gather(*(save[kind](space_id, record, "f") for kind, record in writes[:half]))
    for kind, record in writes[half:]:
        await save[kind](space_id, record, "f")
    for kind, record in writes[:1]:
        await save[kind](space_id, record, "f")
    kept = await totals(db, space_id)
    assert kept == await recount(db, space_id)


async def test_a_pair_counts_on_the_after_day_with_its_change(db: Database) -> None:
    space_id = await new_space(db)
    writes = writes_for([(16, True, (2, 1), (4, 3))])  # 23:37 in London (UTC+0 in March)
    for kind, record in reversed(writes):  # the after check-in arrives first
        if kind == "log":
            await ExerciseLogRepo(db).save_once(space_id, record, "f")
        else:
            await CheckInRepo(db).save_once(space_id, record, "f")
    assert await totals(db, space_id) == [("2025-03-03", 1, 0, 2, 6, 4, 1, 2, 2)]


def test_rebuild_totals_command_recounts_every_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ATTUNE_DATA_DIR", str(data))

    async def seed() -> str:
        db = Database(data / "attune.sqlite3")
        await db.open()
        try:
            space_id = await new_space(db)
            for kind, record in writes_for([(2, True, (3, 3), (4, 4)), (30, False, None, None)]):
                repo = ExerciseLogRepo(db) if kind == "log" else CheckInRepo(db)
                await repo.save_once(space_id, record, "f")  # type: ignore[arg-type]
            await db.write(lambda tx: tx.execute("DELETE FROM daily_practice"))
        finally:
            await db.close()
        return space_id

    space_id = asyncio.run(seed())
    assert main(["rebuild-totals"]) == 0
    assert "2 days with practice" in capsys.readouterr().out

    async def read() -> list[tuple[Any, ...]]:
        db = Database(data / "attune.sqlite3")
        await db.open()
        try:
            return await totals(db, space_id)
        finally:
            await db.close()

    assert asyncio.run(read()) == [
        ("2025-03-03", 1, 0, 2, 7, 7, 1, 1, 1),
        ("2025-03-04", 0, 1, 0, 0, 0, 0, 0, 0),
    ]
