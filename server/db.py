"""One SQLite file: a writer that commits concurrent write units together, a pool of readers."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiosqlite

from server.migrations import PYTHON_STEPS
from server.pool import FairPool

log = logging.getLogger("attune.db")

T = TypeVar("T")
Params = Sequence[Any]

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
DRAIN_BATCHES = 16
READERS = 4
# A batch holds the write lock until it commits; a bound keeps one burst from starving readers'
# checkpoints and keeps the first caller's wait short.
MAX_BATCH = 256


class Row(Protocol):
    """A result row, read by column name."""

    def __getitem__(self, key: str | int, /) -> Any: ...


class Tx:
    """One write unit's statements, run on the writer's thread inside the unit's savepoint."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return how many rows it changed."""
        return self._conn.execute(sql, params).rowcount

    def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement for each parameter row; return how many rows changed in all."""
        before = self._conn.total_changes
        self._conn.executemany(sql, rows)
        return self._conn.total_changes - before

    def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return _first(self._conn, sql, params)

    def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()


class Reader(Protocol):
    """What a read unit may do: queries only, all in one snapshot."""

    def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...


WriteUnit = Callable[[Tx], T]


@dataclass
class _Pending:
    unit: Callable[[Tx], Any]
    future: asyncio.Future[Any] = field(repr=False)


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


async def _connect(path: Path, *, writer: bool) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await _on_thread(conn, partial(_configure, writer=writer))
    return conn


def _configure(conn: sqlite3.Connection, *, writer: bool) -> None:
    pragmas = [f"busy_timeout = {BUSY_TIMEOUT_MS}", "foreign_keys = ON"]
    if writer:
        # Commits are batched, so paying for a full sync per batch keeps an acknowledged write
        # through a power cut; secure_delete leaves no trace of deleted rows in freed pages.
        pragmas += ["journal_mode = WAL", "synchronous = FULL", "secure_delete = ON"]
    else:
        pragmas.append("query_only = ON")
    for pragma in pragmas:
        _first(conn, f"PRAGMA {pragma}", ())


async def _on_thread(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run work on the connection's own thread in one hop, with the plain sqlite3 connection."""
    # aiosqlite runs every call through `_execute` on its thread; handing it a whole function
    # (a batch of units, or a multi-query read) costs one thread hop instead of one per statement.
    result: T = await conn._execute(lambda: work(conn._conn))  # type: ignore[no-untyped-call]
    return result


def _first(conn: sqlite3.Connection, sql: str, params: Params) -> Row | None:
    cursor = conn.execute(sql, params)
    try:
        row: Row | None = cursor.fetchone()
        return row
    finally:
        # An unfinished statement would block COMMIT ("SQL statements in progress").
        cursor.close()


def _apply_batch(conn: sqlite3.Connection, batch: list[_Pending]) -> list[tuple[bool, Any]]:
    """Run each unit in its own savepoint inside one transaction, then commit them together."""
    tx = Tx(conn)
    outcomes: list[tuple[bool, Any]] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for pending in batch:
            conn.execute("SAVEPOINT unit")
            try:
                outcomes.append((True, pending.unit(tx)))
            except Exception as error:
                conn.execute("ROLLBACK TO unit")
                outcomes.append((False, error))
            conn.execute("RELEASE unit")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    return outcomes


def _drain(
    conn: sqlite3.Connection, queue: deque[_Pending], loop: asyncio.AbstractEventLoop
) -> None:
    """Commit queued units batch after batch on the writer's thread, answering each batch."""
    # Bounded, so a checkpoint or migration queued on this thread meanwhile gets its turn even
    # under a steady stream of writes; the committer hands the rest over again.
    for _ in range(DRAIN_BATCHES):
        if not queue:
            return
        batch: list[_Pending] = []
        while queue and len(batch) < MAX_BATCH:
            pending = queue.popleft()
            # A caller cancelled while queued is skipped; one cancelled from here on commits whole.
            if not pending.future.done():
                batch.append(pending)
        if not batch:
            continue
        try:
            outcomes = _apply_batch(conn, batch)
        except Exception as error:
            # The batch failed to commit: nobody in it was saved, so every caller hears so.
            outcomes = [(False, error)] * len(batch)
        try:
            loop.call_soon_threadsafe(_settle, batch, outcomes)
        except RuntimeError:
            return  # the callers' event loop is closed: nobody is left to answer


def _settle(batch: list[_Pending], outcomes: list[tuple[bool, Any]]) -> None:
    for pending, (ok, value) in zip(batch, outcomes, strict=True):
        if pending.future.done():
            continue
        if ok:
            pending.future.set_result(value)
        else:
            pending.future.set_exception(value)


def _migrate(conn: sqlite3.Connection) -> int:
    version = _first(conn, "PRAGMA user_version", ())
    current = int(version[0]) if version is not None else 0
    for number, name, sql in migrations():
        if number <= current:
            continue
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}")
            step = PYTHON_STEPS.get(number)
            if step is not None:
                step(Tx(conn))
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        log.info("applied migration %s", name)
        current = number
    return current


def _read_in_snapshot(conn: sqlite3.Connection, unit: Callable[[Tx], T]) -> T:
    conn.execute("BEGIN")
    try:
        return unit(Tx(conn))
    finally:
        conn.execute("ROLLBACK")


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database file to target (owner-only) with SQLite's online backup."""
    # Owner-only from the first byte, like the database itself.
    os.close(os.open(target, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    original = sqlite3.connect(source)
    copy = sqlite3.connect(target)
    try:
        original.backup(copy)
    finally:
        copy.close()
        original.close()


class Database:
    """Own the SQLite file: writes are batched on one writer, reads spread over a few readers."""

    def __init__(self, path: Path, *, readers: int = READERS) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._idle: FairPool[aiosqlite.Connection] | None = None
        # Per event loop: the app has one, but tests also write from their own loop, and a
        # future may only be resolved on the loop it belongs to.
        self._pending: dict[asyncio.AbstractEventLoop, deque[_Pending]] = {}
        self._committers: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    async def open(self) -> None:
        """Create the file if needed, switch to WAL, apply pending migrations, open the readers."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        self._writer = await _connect(self.path, writer=True)
        await self.migrate()
        for _ in range(self._reader_count):
            self._readers.append(await _connect(self.path, writer=False))
        self._idle = FairPool(self._readers)

    async def close(self) -> None:
        """Finish queued writes, then close every connection; safe to call twice."""
        committer = self._committers.get(asyncio.get_running_loop())
        if committer is not None:
            await asyncio.gather(committer, return_exceptions=True)
        for conn in [*self._readers, self._writer]:
            if conn is not None:
                await conn.close()
        self._readers = []
        self._idle = None
        self._writer = None

    async def schema_version(self) -> int:
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row is not None else 0

    async def migrate(self) -> int:
        """Apply each migration newer than PRAGMA user_version, each in its own transaction."""
        return await _on_thread(self._require_writer(), _migrate)

    async def write(self, unit: WriteUnit[T]) -> T:
        """Run unit in its own savepoint; return its result once the batch holding it commits."""
        self._require_writer()
        loop = asyncio.get_running_loop()
        pending = _Pending(unit, loop.create_future())
        self._pending.setdefault(loop, deque()).append(pending)
        committer = self._committers.get(loop)
        if committer is None or committer.done():
            self._committers[loop] = loop.create_task(self._commit_pending(self._pending[loop]))
        result: T = await pending.future
        return result

    async def read(self, unit: Callable[[Reader], T]) -> T:
        """Run several queries on one reader, in one snapshot and one thread hop."""
        return await self._with_reader(lambda conn: _read_in_snapshot(conn, unit))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return await self._with_reader(lambda conn: _first(conn, sql, params))

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._with_reader(lambda conn: conn.execute(sql, params).fetchall())

    async def checkpoint(self) -> bool:
        """Copy the WAL into the main file and empty it; answer whether it fully succeeded."""
        writer = self._require_writer()
        row = await _on_thread(
            writer, lambda conn: _first(conn, "PRAGMA wal_checkpoint(TRUNCATE)", ())
        )
        return row is not None and row[0] == 0

    async def ping(self) -> bool:
        """Answer whether the database answers a trivial query."""
        try:
            return await self.fetch_one("SELECT 1") is not None
        except Exception:
            log.exception("database ping failed")
            return False

    async def _commit_pending(self, queue: deque[_Pending]) -> None:
        """Have the writer commit whatever is queued, batch after batch, until none is left."""
        loop = asyncio.get_running_loop()
        while queue:
            # The writer's thread takes each next batch itself as soon as one commits, rather
            # than waiting for this busy loop to hand it over: its commits and the loop's
            # request handling overlap instead of taking turns.
            await _on_thread(self._require_writer(), partial(_drain, queue=queue, loop=loop))

    async def _with_reader(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if self._idle is None:
            raise RuntimeError("database is not open")
        async with self._idle.lend() as conn:
            return await _on_thread(conn, work)

    def _require_writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("database is not open")
        return self._writer
