"""`attune serve`, `attune backup PATH`, `attune rebuild-totals`: parse, build settings, run."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from server.db import Database, copy_database
from server.settings import Settings, SettingsError, settings_from_env

# A request allocates a few hundred objects. At the default threshold (700) the collector runs
# every couple of requests, scanning and promoting the state of every request still in flight,
# and each pause lands on all the requests waiting in that batch.
YOUNG_COLLECTION_THRESHOLD = 20_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="attune", description="Attune server.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the app and its API")
    serve.add_argument("--host", help="address to listen on (ATTUNE_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (ATTUNE_PORT, default 8000)")
    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("path", type=Path, help="file to write; must not exist yet")
    commands.add_parser(
        "rebuild-totals", help="recount the history's daily totals from the practice records"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the attune command line and return its exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = settings_from_env(
            host=getattr(args, "host", None), port=getattr(args, "port", None)
        )
    except SettingsError as exc:
        print(f"attune: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    if args.command == "backup":
        return backup(settings, args.path)
    if args.command == "rebuild-totals":
        return asyncio.run(rebuild_totals(settings))
    return serve(settings)


def serve(settings: Settings) -> int:
    """Serve until interrupted."""
    import uvicorn

    from server.app import create_app

    app = create_app(settings)
    # What the app holds for its whole life is never garbage: keep the collector off it.
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)
    print(f"Attune on http://{settings.host}:{settings.port} (data in {settings.data_path})")
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        access_log=False,
        log_level=settings.log_level.lower(),
    )
    return 0


def backup(settings: Settings, target: Path) -> int:
    """Copy the live database to target with SQLite's online backup; writers may keep going."""
    source_path = settings.database_path
    if not source_path.exists():
        print(f"attune: no database at {source_path}", file=sys.stderr)
        return 1
    if target.exists():
        print(f"attune: {target} already exists; choose a new file", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(source_path, target)
    print(f"Backed up {source_path} to {target}")
    return 0


async def rebuild_totals(settings: Settings) -> int:
    """Recount every space's daily totals from the raw practice rows, in one transaction."""
    from server.history.repo import rebuild_totals as recount

    if not settings.database_path.exists():
        print(f"attune: no database at {settings.database_path}", file=sys.stderr)
        return 1
    db = Database(settings.database_path)
    await db.open()
    try:
        await db.write(recount)
        row = await db.fetch_one("SELECT count(*) AS days FROM daily_practice")
    finally:
        await db.close()
    print(f"Recounted the daily totals: {row['days'] if row else 0} days with practice")
    return 0
