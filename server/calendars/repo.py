"""SQL for calendar sources and the appointments imported from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.spaces.repo import zone_history
from server.zones import local_moment

_COLUMNS = (
    "c.space_id, c.id, c.kind, c.keyword, c.feed_url_sealed, c.feed_url_masked, c.fingerprint,"
    " c.etag, c.last_modified, c.last_refresh_at, c.last_error, c.next_refresh_at,"
    " c.imported_at, c.created_at, s.time_zone"
)
_FROM = "calendar_sources c JOIN spaces s ON s.id = c.space_id"
# Like every repo.py (see pyproject), queries splice in only these constants, never input.


@dataclass(frozen=True)
class CalendarSource:
    """A calendar file or feed as stored; the feed URL only sealed."""

    space_id: str
    id: str
    kind: str
    keyword: str | None
    created_at: datetime
    time_zone: str = "UTC"
    feed_url_sealed: bytes | None = None
    feed_url_masked: str | None = None
    fingerprint: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_refresh_at: datetime | None = None
    last_error: str | None = None
    next_refresh_at: datetime | None = None
    imported_at: datetime | None = None


@dataclass(frozen=True)
class ImportedEvent:
    """One appointment a calendar gives: its deterministic id and UTC times."""

    id: str
    starts_at: datetime
    ends_at: datetime


def _when(text: str | None) -> datetime | None:
    return None if text is None else from_db(text)


def _when_db(moment: datetime | None) -> str | None:
    return None if moment is None else to_db(moment)


def _source(row: Row) -> CalendarSource:
    return CalendarSource(
        space_id=row["space_id"],
        id=row["id"],
        kind=row["kind"],
        keyword=row["keyword"],
        created_at=from_db(row["created_at"]),
        time_zone=row["time_zone"],
        feed_url_sealed=row["feed_url_sealed"],
        feed_url_masked=row["feed_url_masked"],
        fingerprint=row["fingerprint"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_refresh_at=_when(row["last_refresh_at"]),
        last_error=row["last_error"],
        next_refresh_at=_when(row["next_refresh_at"]),
        imported_at=_when(row["imported_at"]),
    )


class CalendarRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def time_zone(self, space_id: str) -> str:
        row = await self.db.fetch_one("SELECT time_zone FROM spaces WHERE id = ?", (space_id,))
        return "UTC" if row is None else str(row["time_zone"])

    async def source(self, space_id: str, calendar_id: str) -> CalendarSource | None:
        row = await self.db.fetch_one(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE c.space_id = ? AND c.id = ?",
            (space_id, calendar_id),
        )
        return None if row is None else _source(row)

    async def sources(self, space_id: str, now: datetime) -> list[tuple[CalendarSource, int]]:
        """List a space's calendars, each with how many scheduled appointments lie ahead."""
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM appointments a"
            " WHERE a.space_id = c.space_id AND a.source = 'calendar' AND a.source_id = c.id"
            " AND a.status = 'scheduled' AND a.starts_at >= ?) AS upcoming"
            f" FROM {_FROM} WHERE c.space_id = ? ORDER BY c.created_at, c.id",
            (to_db(now), space_id),
        )
        return [(_source(r), int(r["upcoming"])) for r in rows]

    async def due_feeds(self, now: datetime) -> list[CalendarSource]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE c.kind = 'feed'"
            " AND (c.next_refresh_at IS NULL OR c.next_refresh_at <= ?)"
            " ORDER BY c.next_refresh_at, c.space_id, c.id",
            (to_db(now),),
        )
        return [_source(r) for r in rows]

    async def save_source(
        self, source: CalendarSource, events: Sequence[ImportedEvent], now: datetime
    ) -> None:
        """Create or replace a source and, in the same transaction, its future appointments."""

        def save(tx: Tx) -> None:
            tx.execute(
                "INSERT INTO calendar_sources (space_id, id, kind, keyword, feed_url_sealed,"
                " feed_url_masked, fingerprint, etag, last_modified, last_refresh_at, last_error,"
                " next_refresh_at, imported_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (space_id, id) DO UPDATE SET keyword = excluded.keyword,"
                " last_refresh_at = excluded.last_refresh_at, last_error = NULL,"
                " imported_at = excluded.imported_at",
                (
                    source.space_id,
                    source.id,
                    source.kind,
                    source.keyword,
                    source.feed_url_sealed,
                    source.feed_url_masked,
                    source.fingerprint,
                    source.etag,
                    source.last_modified,
                    _when_db(source.last_refresh_at),
                    source.last_error,
                    _when_db(source.next_refresh_at),
                    _when_db(source.imported_at),
                    to_db(source.created_at),
                ),
            )
            _replace_future(tx, source.space_id, source.id, events, now)

        await self.db.write(save)

    async def refreshed(
        self,
        source: CalendarSource,
        events: Sequence[ImportedEvent] | None,
        *,
        etag: str | None,
        last_modified: str | None,
        now: datetime,
        next_refresh_at: datetime,
    ) -> bool:
        """Record a successful fetch (events None: not modified); False if the source is gone."""

        def record(tx: Tx) -> bool:
            changed = tx.execute(
                "UPDATE calendar_sources SET etag = ?, last_modified = ?, last_refresh_at = ?,"
                " last_error = NULL, next_refresh_at = ?, imported_at = COALESCE(?, imported_at)"
                " WHERE space_id = ? AND id = ?",
                (
                    etag,
                    last_modified,
                    to_db(now),
                    to_db(next_refresh_at),
                    None if events is None else to_db(now),
                    source.space_id,
                    source.id,
                ),
            )
            if changed != 1:
                return False
            if events is not None:
                _replace_future(tx, source.space_id, source.id, events, now)
            return True

        return await self.db.write(record)

    async def refresh_failed(
        self, source: CalendarSource, error: str, next_refresh_at: datetime
    ) -> None:
        await self.db.write(
            lambda tx: tx.execute(
                "UPDATE calendar_sources SET last_error = ?, next_refresh_at = ?"
                " WHERE space_id = ? AND id = ?",
                (error, to_db(next_refresh_at), source.space_id, source.id),
            )
        )

    async def delete_source(self, space_id: str, calendar_id: str, now: datetime) -> bool:
        """Delete a source and its future appointments; past ones stay for the history."""

        def delete(tx: Tx) -> bool:
            deleted = tx.execute(
                "DELETE FROM calendar_sources WHERE space_id = ? AND id = ?",
                (space_id, calendar_id),
            )
            if deleted != 1:
                return False
            tx.execute(
                "DELETE FROM appointments WHERE space_id = ? AND source = 'calendar'"
                " AND source_id = ? AND starts_at >= ?",
                (space_id, calendar_id, to_db(now)),
            )
            return True

        return await self.db.write(delete)


def _replace_future(
    tx: Tx,
    space_id: str,
    calendar_id: str,
    events: Sequence[ImportedEvent],
    now: datetime,
) -> None:
    """Make a source's future appointments exactly events, keeping cancelled or moved ones."""
    present = {
        str(row["id"])
        for row in tx.fetch_all(
            "SELECT id FROM appointments WHERE space_id = ? AND source = 'calendar'"
            " AND source_id = ? AND starts_at >= ?",
            (space_id, calendar_id, to_db(now)),
        )
    }
    future = [e for e in events if e.starts_at >= now]
    gone = present - {e.id for e in future}
    tx.execute_many(
        "DELETE FROM appointments WHERE space_id = ? AND id = ?",
        [(space_id, appointment_id) for appointment_id in sorted(gone)],
    )
    history = zone_history(tx, space_id)
    # A user's cancel or move of an imported appointment survives re-import; so does the past.
    tx.execute_many(
        "INSERT INTO appointments (space_id, id, source, source_id, starts_at, ends_at,"
        " local_day, created_at, updated_at) VALUES (?, ?, 'calendar', ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (space_id, id) DO UPDATE SET"
        " starts_at = excluded.starts_at, ends_at = excluded.ends_at,"
        " local_day = excluded.local_day, updated_at = excluded.updated_at"
        " WHERE appointments.status = 'scheduled' AND appointments.source = 'calendar'"
        " AND appointments.source_id = excluded.source_id AND appointments.starts_at >= ?"
        " AND (appointments.starts_at <> excluded.starts_at"
        " OR appointments.ends_at <> excluded.ends_at)",
        [
            (
                space_id,
                e.id,
                calendar_id,
                to_db(e.starts_at),
                to_db(e.ends_at),
                local_moment(e.starts_at, history, None)[0].isoformat(),
                to_db(now),
                to_db(now),
                to_db(now),
            )
            for e in future
        ],
    )
