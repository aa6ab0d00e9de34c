"""The SQLite file: migrations tracked by user_version, WAL, foreign keys, one writer."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from server.db import DRAIN_BATCHES, MAX_BATCH, Database, Reader, Tx, migrations


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "attune.sqlite3"


@pytest.fixture
async def db(path: Path) -> AsyncIterator[Database]:
    database = Database(path)
    await database.open()
    yield database
    await database.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def schema(path: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def created_tables(sql: str) -> list[str]:
    return re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql)


async def test_db_new_file_ends_at_the_latest_migration(db: Database, path: Path) -> None:
    assert len(migrations()) >= 1
    assert await db.schema_version() == len(migrations())
    assert user_version(path) == len(migrations())
    expected = {t for _, _, sql in migrations() for t in created_tables(sql)}
    assert expected <= tables(path)


async def test_db_uses_wal_and_foreign_keys(db: Database) -> None:
    mode = await db.fetch_one("PRAGMA journal_mode")
    assert mode is not None
    assert mode[0] == "wal"
    keys = await db.fetch_one("PRAGMA foreign_keys")
    assert keys is not None
    assert keys[0] == 1
    on_writer = await db.write(lambda tx: tx.fetch_one("PRAGMA foreign_keys"))
    assert on_writer is not None
    assert on_writer[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        await db.write(
            lambda tx: tx.execute(
                "INSERT INTO devices (id, space_id, token_hash, label, created_at, last_seen_at)"
                " VALUES ('d', 'no-such-space', 'h', 'Phone', 't', 't')"
            )
        )
    assert await db.fetch_all("SELECT * FROM devices") == []


async def test_db_writer_syncs_fully_and_scrubs_deleted_rows(db: Database) -> None:
    assert await db.write(lambda tx: tx.fetch_one("PRAGMA synchronous")) is not None
    synchronous = await db.write(lambda tx: tx.fetch_one("PRAGMA synchronous"))
    secure_delete = await db.write(lambda tx: tx.fetch_one("PRAGMA secure_delete"))
    assert synchronous is not None
    assert synchronous[0] == 2  # FULL
    assert secure_delete is not None
    assert secure_delete[0] == 1


async def test_db_new_data_dir_is_private(db: Database, path: Path) -> None:
    assert path.parent.stat().st_mode & 0o077 == 0


async def test_db_files_are_readable_by_the_owner_only(db: Database, path: Path) -> None:
    await db.write(add_space("s1"))
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert {f.name: f.stat().st_mode & 0o777 for f in files if f.exists()} == {
        f.name: 0o600 for f in files
    }


async def test_db_reopening_applies_nothing_and_keeps_data(db: Database, path: Path) -> None:
    await db.write(add_space("s1"))
    await db.close()
    schema_before = schema(path)
    again = Database(path)
    await again.open()
    try:
        assert await again.migrate() == len(migrations())
        assert [tuple(r) for r in await again.fetch_all("SELECT id FROM spaces")] == [("s1",)]
    finally:
        await again.close()
    assert schema(path) == schema_before


@pytest.mark.parametrize("number", [n for n, _, _ in migrations()])
async def test_db_failed_migration_rolls_back_to_the_one_before(path: Path, number: int) -> None:
    _, name, sql = migrations()[number - 1]
    made = created_tables(sql)
    clash = made[-1]
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {clash} (x)")
    conn.close()

    db = Database(path)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        await db.open()
    await db.close()

    assert user_version(path) == number - 1, name
    left = tables(path)
    for table in made[:-1]:
        assert table not in left, f"{name} left {table} behind"
    earlier = {t for n, _, s in migrations() if n < number for t in created_tables(s)}
    assert earlier <= left


def add_space(space_id: str) -> Callable[[Tx], int]:
    return lambda tx: tx.execute(
        "INSERT INTO spaces (id, created_at) VALUES (?, ?)", (space_id, "then")
    )


async def space_ids(db: Database) -> list[str]:
    return [r["id"] for r in await db.fetch_all("SELECT id FROM spaces ORDER BY id")]


async def test_db_writer_serialises_concurrent_writes(db: Database) -> None:
    await db.write(lambda tx: tx.execute("CREATE TABLE counter (n INTEGER NOT NULL)"))
    await db.write(lambda tx: tx.execute("INSERT INTO counter VALUES (0)"))

    def add_one(i: int) -> Callable[[Tx], None]:
        def unit(tx: Tx) -> None:
            row = tx.fetch_one("SELECT n FROM counter")
            assert row is not None
            tx.execute("UPDATE counter SET n = ?", (row["n"] + 1,))
            add_space(f"s{i:02}")(tx)

        return unit

    await asyncio.gather(*(db.write(add_one(i)) for i in range(50)))
    counter = await db.fetch_one("SELECT n FROM counter")
    assert counter is not None
    assert counter["n"] == 50
    assert len(await space_ids(db)) == 50


async def test_db_concurrent_writes_share_commits(db: Database) -> None:
    transactions: list[Tx] = []

    def add(i: int) -> Callable[[Tx], None]:
        def unit(tx: Tx) -> None:
            add_space(f"s{i:03}")(tx)
            transactions.append(tx)  # one Tx per transaction, kept alive so ids stay distinct

        return unit

    await asyncio.gather(*(db.write(add(i)) for i in range(200)))
    assert len(await space_ids(db)) == 200
    assert 1 <= len({id(tx) for tx in transactions}) < 20


async def test_db_checkpoint_gets_its_turn_during_a_long_stream_of_writes(db: Database) -> None:
    await db.write(lambda tx: tx.execute("CREATE TABLE tick (n INTEGER NOT NULL)"))
    count = 3 * DRAIN_BATCHES * MAX_BATCH  # more than the writer's thread takes in one turn
    writes = [
        asyncio.ensure_future(
            db.write(lambda tx, n=n: tx.execute("INSERT INTO tick VALUES (?)", (n,)))
        )
        for n in range(count)
    ]
    await writes[0]  # the writer's thread is now working through the queue
    assert await db.checkpoint()
    done_when_checkpointed = sum(write.done() for write in writes)
    await asyncio.gather(*writes)
    assert done_when_checkpointed < count
    row = await db.fetch_one("SELECT count(*) FROM tick")
    assert row is not None
    assert row[0] == count


async def test_db_failed_write_unit_leaves_nothing(db: Database) -> None:
    def insert_then_fail(tx: Tx) -> None:
        add_space("s1")(tx)
        raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError, match="changed my mind"):
        await db.write(insert_then_fail)
    assert await space_ids(db) == []
    await db.write(add_space("s2"))
    assert await space_ids(db) == ["s2"]


async def test_db_failing_unit_in_a_batch_leaves_the_others_committed(db: Database) -> None:
    def fail(tx: Tx) -> None:
        add_space("bad")(tx)
        raise ValueError("not this one")

    results = await asyncio.gather(
        db.write(add_space("a")),
        db.write(fail),
        db.write(add_space("b")),
        db.write(add_space("a")),  # a constraint failure inside the batch, too
        db.write(add_space("c")),
        return_exceptions=True,
    )
    assert results[0] == 1
    assert isinstance(results[1], ValueError)
    assert results[2] == 1
    assert isinstance(results[3], sqlite3.IntegrityError)
    assert results[4] == 1
    assert await space_ids(db) == ["a", "b", "c"]


class Gate:
    """Hold a write unit on the writer's thread until the test lets it go."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def unit(self, space_id: str) -> Callable[[Tx], int]:
        def held(tx: Tx) -> int:
            self.entered.set()
            assert self.release.wait(10)
            return add_space(space_id)(tx)

        return held


async def wait_for(event: threading.Event) -> None:
    assert await asyncio.to_thread(event.wait, 10)


@pytest.mark.parametrize("moment", ["queued", "running", "behind_a_running_batch"])
async def test_db_write_cancelled_at_any_point_leaves_the_writer_usable(
    db: Database, moment: str
) -> None:
    gate = Gate()
    if moment == "queued":
        task = asyncio.create_task(db.write(add_space("cancelled")))
        await asyncio.sleep(0)  # queued, not yet on the writer's thread
        task.cancel()
    elif moment == "running":
        task = asyncio.create_task(db.write(gate.unit("cancelled")))
        await wait_for(gate.entered)
        task.cancel()
        gate.release.set()
    else:
        holder = asyncio.create_task(db.write(gate.unit("holder")))
        await wait_for(gate.entered)
        task = asyncio.create_task(db.write(add_space("cancelled")))
        await asyncio.sleep(0)
        task.cancel()
        gate.release.set()
        assert await holder == 1
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await db.write(add_space("after")) == 1
    ids = await space_ids(db)
    assert "after" in ids
    # A unit already running when its caller gave up still commits whole, never half.
    assert ids.count("cancelled") == (1 if moment == "running" else 0)


async def test_db_close_waits_for_queued_writes(path: Path) -> None:
    db = Database(path)
    await db.open()
    writes = [asyncio.create_task(db.write(add_space(f"s{i}"))) for i in range(20)]
    await asyncio.sleep(0)
    await db.close()
    assert [w.result() for w in writes] == [1] * 20
    again = Database(path)
    await again.open()
    try:
        assert len(await space_ids(again)) == 20
    finally:
        await again.close()


async def test_db_slow_read_does_not_delay_a_fast_one_or_a_write(db: Database) -> None:
    gate = threading.Event()
    started = threading.Event()

    def count(reader: Reader) -> int:
        row = reader.fetch_one("SELECT count(*) AS n FROM spaces")
        assert row is not None
        return int(row["n"])

    def slow(reader: Reader) -> tuple[int, int]:
        first = count(reader)
        started.set()
        assert gate.wait(10)
        return first, count(reader)

    slow_read = asyncio.create_task(db.read(slow))
    await wait_for(started)
    # While the slow read holds its reader, a write and a fast read both finish.
    assert await db.write(add_space("s1")) == 1
    assert await space_ids(db) == ["s1"]
    assert not slow_read.done()
    gate.set()
    # The slow read saw one snapshot throughout, taken before the write.
    assert await slow_read == (0, 0)


async def test_db_reads_never_write(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.fetch_all("INSERT INTO spaces (id, created_at) VALUES ('x', 'then')")


async def test_db_ping_answers_while_open_and_not_after_close(path: Path) -> None:
    db = Database(path)
    await db.open()
    assert await db.ping() is True
    await db.close()
    await db.close()  # a second close is harmless
    with pytest.raises(RuntimeError, match="not open"):
        await db.fetch_one("SELECT 1")
