"""One SQLite file: a read connection, one writer behind a lock, numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger("attune.db")

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000


def migrations() -> list[tuple[int, str, str]]:
    """Return (number, name, sql) for every packaged migration, in order."""
    found = []
    for entry in resources.files("server.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, … without gaps: {numbers}")
    return found


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class Database:
    """Own the SQLite file: every write goes through `write()`, one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = asyncio.Lock()
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None

    async def open(self) -> None:
        """Create the file if needed, switch to WAL and apply pending migrations."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        self._writer = await _connect(self.path)
        await self._writer.execute("PRAGMA journal_mode = WAL")
        await self.migrate()
        self._reader = await _connect(self.path)

    async def close(self) -> None:
        """Close both connections; safe to call twice."""
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    async def schema_version(self) -> int:
        row = await self._require(self._writer).execute_fetchall("PRAGMA user_version")
        return int(next(iter(row))[0])

    async def migrate(self) -> int:
        """Apply each migration newer than PRAGMA user_version, each in its own transaction."""
        writer = self._require(self._writer)
        async with self._lock:
            current = await self.schema_version()
            for number, name, sql in migrations():
                if number <= current:
                    continue
                try:
                    await writer.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                    )
                except Exception:
                    if writer.in_transaction:
                        await writer.rollback()
                    raise
                log.info("applied migration %s", name)
                current = number
            return current

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a block as one BEGIN IMMEDIATE transaction on the single writer."""
        writer = self._require(self._writer)
        async with self._lock:
            await writer.execute("BEGIN IMMEDIATE")
            try:
                yield writer
            except BaseException:
                await writer.rollback()
                raise
            await writer.commit()

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with self._require(self._reader).execute(sql, params) as cursor:
            row: aiosqlite.Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Iterable[aiosqlite.Row]:
        return await self._require(self._reader).execute_fetchall(sql, params)

    async def ping(self) -> bool:
        """Answer whether the database answers a trivial query."""
        try:
            return await self.fetch_one("SELECT 1") is not None
        except Exception:
            log.exception("database ping failed")
            return False

    @staticmethod
    def _require(conn: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if conn is None:
            raise RuntimeError("database is not open")
        return conn
