"""`attune backup PATH` writes a consistent copy of the live database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from server.cli import main
from server.db import Database, migrations


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    for name in ("ATTUNE_HOST", "ATTUNE_PORT", "ATTUNE_PUBLIC_URL", "ATTUNE_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ATTUNE_DATA_DIR", str(data))
    return data


async def _database_with_spaces(data_dir: Path, ids: list[str]) -> Database:
    db = Database(data_dir / "attune.sqlite3")
    await db.open()
    await db.write(
        lambda tx: tx.execute_many(
            "INSERT INTO spaces (id, created_at) VALUES (?, ?)",
            [(space_id, "2025-03-03") for space_id in ids],
        )
    )
    return db


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_cli_backup_copies_the_data_while_the_server_holds_it_open(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = await _database_with_spaces(data_dir, ["alpha", "beta"])
    try:
        # The new rows are still in the write-ahead log, not yet in the main file.
        assert (data_dir / "attune.sqlite3-wal").stat().st_size > 0
        target = tmp_path / "backups" / "attune-2025-03-03.sqlite3"
        assert main(["backup", str(target)]) == 0
    finally:
        await db.close()
    assert _read(target, "SELECT id FROM spaces ORDER BY id") == [("alpha",), ("beta",)]
    assert _read(target, "PRAGMA user_version") == [(len(migrations()),)]
    assert _read(target, "PRAGMA integrity_check") == [("ok",)]
    assert target.stat().st_mode & 0o777 == 0o600
    assert str(target) in capsys.readouterr().out


async def test_cli_backup_refuses_to_overwrite(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = await _database_with_spaces(data_dir, ["alpha"])
    await db.close()
    target = tmp_path / "existing.sqlite3"
    target.write_bytes(b"yesterday's backup")
    assert main(["backup", str(target)]) == 1
    assert target.read_bytes() == b"yesterday's backup"
    assert "already exists" in capsys.readouterr().err


def test_cli_backup_without_a_database_says_so(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.sqlite3"
    assert main(["backup", str(target)]) == 1
    assert not target.exists()
    assert "no database" in capsys.readouterr().err


def test_cli_bad_setting_exits_2_naming_the_variable(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ATTUNE_PORT", "eighty")
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 2
    assert "ATTUNE_PORT" in capsys.readouterr().err
