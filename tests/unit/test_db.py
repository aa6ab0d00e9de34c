"""The SQLite file: migrations tracked by user_version, WAL, foreign keys, one writer."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.db import Database, migrations


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
    async with db.write() as conn:
        on_writer = await conn.execute_fetchall("PRAGMA foreign_keys")
        assert next(iter(on_writer))[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        async with db.write() as conn:
            await conn.execute(
                "INSERT INTO devices (id, space_id, token_hash, label, created_at, last_seen_at)"
                " VALUES ('d', 'no-such-space', 'h', 'Phone', 't', 't')"
            )
    assert await db.fetch_all("SELECT * FROM devices") == []


async def test_db_new_data_dir_is_private(db: Database, path: Path) -> None:
    assert path.parent.stat().st_mode & 0o077 == 0


async def test_db_files_are_readable_by_the_owner_only(db: Database, path: Path) -> None:
    async with db.write() as conn:
        await conn.execute("INSERT INTO spaces (id, created_at) VALUES ('s1', 'then')")
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert {f.name: f.stat().st_mode & 0o777 for f in files if f.exists()} == {
        f.name: 0o600 for f in files
    }


async def test_db_reopening_applies_nothing_and_keeps_data(db: Database, path: Path) -> None:
    async with db.write() as conn:
        await conn.execute("INSERT INTO spaces (id, created_at) VALUES ('s1', 'then')")
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


async def test_db_writer_serialises_concurrent_writes(db: Database) -> None:
    async with db.write() as conn:
        await conn.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        await conn.execute("INSERT INTO counter VALUES (0)")

    async def add_one(i: int) -> None:
        async with db.write() as conn:
            rows = await conn.execute_fetchall("SELECT n FROM counter")
            current = next(iter(rows))[0]
            await asyncio.sleep(0)  # let the others try to cut in
            await conn.execute("UPDATE counter SET n = ?", (current + 1,))
            await conn.execute(
                "INSERT INTO spaces (id, created_at) VALUES (?, ?)", (f"s{i}", "then")
            )

    await asyncio.gather(*(add_one(i) for i in range(50)))
    counter = await db.fetch_one("SELECT n FROM counter")
    assert counter is not None
    assert counter[0] == 50
    spaces = await db.fetch_one("SELECT count(*) FROM spaces")
    assert spaces is not None
    assert spaces[0] == 50


async def test_db_failed_write_block_leaves_nothing(db: Database) -> None:
    async def insert_then_fail() -> None:
        async with db.write() as conn:
            await conn.execute("INSERT INTO spaces (id, created_at) VALUES ('s1', 'then')")
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError, match="changed my mind"):
        await insert_then_fail()
    assert await db.fetch_all("SELECT * FROM spaces") == []
    async with db.write() as conn:
        await conn.execute("INSERT INTO spaces (id, created_at) VALUES ('s2', 'then')")
    assert [tuple(r) for r in await db.fetch_all("SELECT id FROM spaces")] == [("s2",)]


async def test_db_ping_answers_while_open_and_not_after_close(path: Path) -> None:
    db = Database(path)
    await db.open()
    assert await db.ping() is True
    await db.close()
    await db.close()  # a second close is harmless
    with pytest.raises(RuntimeError, match="not open"):
        await db.fetch_one("SELECT 1")
