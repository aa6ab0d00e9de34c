"""Build settings, shells, spaces and signed-in clients for tests, each with overrides."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx

from server.settings import Settings, packaged_pwa_dir, settings_from_env

SW_SOURCE = """\
const SHELL = /*SHELL*/{"version": "dev", "files": []}/*END*/;
self.addEventListener("install", () => {});
"""
INDEX_HTML = (
    '<!doctype html><html lang="en"><title>Attune</title>'
    '<script type="module" src="/js/main.js"></script></html>\n'
)
CSS = "body { margin: 0; }\n" * 80


def make_shell(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write a small app shell under root, with the real data files the server reads at start."""
    shutil.copytree(packaged_pwa_dir() / "data", root / "data", dirs_exist_ok=True)
    contents = {
        "index.html": INDEX_HTML,
        "sw.js": SW_SOURCE,
        "css/app.css": CSS,
        "js/main.js": "export const ready = true;\n",
        **(files or {}),
    }
    for name, text in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for one test: data under tmp_path, the real app shell, no ATTUNE_* variables."""
    overrides.setdefault("data_dir", str(tmp_path / "data"))
    return settings_from_env({}, **overrides)


async def sign_in_new_space(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    """Create a space from this client; afterwards it sends its cookie and CSRF token."""
    response = await client.post("/api/spaces", json=body)
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = session["csrf_token"]
    return session


async def new_pairing_code(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/pairing-codes")
    assert response.status_code == 201, response.text
    return str(response.json()["code"])


async def join_with_code(
    client: httpx.AsyncClient, code: str, path: str = "/api/pairing-codes/claim", **body: Any
) -> dict[str, Any]:
    """Claim a pairing (or recovery) code; afterwards this client is signed in to that space."""
    response = await client.post(path, json={"code": code, **body})
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = session["csrf_token"]
    return session


def query(settings: Settings, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Read the real database file directly, the way an operator would with sqlite3."""
    conn = sqlite3.connect(f"file:{settings.database_path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def count(settings: Settings, table: str) -> int:
    return int(query(settings, f"SELECT count(*) FROM {table}")[0][0])  # noqa: S608


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for checking that a refused request changed nothing."""
    tables = [
        row[0] for row in query(settings, "SELECT name FROM sqlite_master WHERE type='table'")
    ]
    return {t: sorted(query(settings, f"SELECT * FROM {t}"), key=repr) for t in tables}  # noqa: S608
