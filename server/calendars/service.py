"""Calendar import: uploaded files and secret feed URLs, turned into appointment times only."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag

from server.calendars.bounded import CPU_SECONDS, CalendarTooComplex, parse_bounded
from server.calendars.feeds import FeedError, check_feed_url, fetch_feed
from server.calendars.ics import CalendarError
from server.calendars.repo import CalendarRepo, CalendarSource, ImportedEvent
from server.calendars.schemas import Calendar, CalendarList, FeedIn
from server.clock import Clock
from server.errors import BadRequest, Conflict, NotFound
from server.keys import derive, seal, unseal
from server.ratelimit import RateLimiter
from server.schedule.service import HORIZON
from server.schedule.template import calendar_appointment_id
from server.spaces.repo import Device

log = logging.getLogger("attune.calendars")

FILE_LIMIT = 2 * 1024 * 1024
REFRESH_EVERY = timedelta(minutes=15)
# A feed that keeps answering 304 is still fetched in full once a day, so that recurring events
# keep reaching HORIZON ahead as the days go by.
FULL_IMPORT_EVERY = timedelta(days=1)
FEEDS_AT_ONCE = 4
# Each parse is a child process using up to a whole core; two leave room for everything else.
PARSES_AT_ONCE = 2
_SEAL_PURPOSE = "calendar-feed-url"


def mask(url: str) -> str:
    """Show a feed URL as scheme and host only: the path is the secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…"


class CalendarService:
    def __init__(
        self,
        repo: CalendarRepo,
        clock: Clock,
        secret: bytes,
        *,
        imports: RateLimiter,
        allow_local_feeds: bool = False,
        cpu_seconds: int = CPU_SECONDS,
        schedule_changed: Callable[[str], None] = lambda space_id: None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self._secret = secret
        self._imports = imports
        self._allow_local = allow_local_feeds
        self._cpu_seconds = cpu_seconds
        self._parsing = asyncio.Semaphore(PARSES_AT_ONCE)
        # Tells the reminders that a space's imported sessions changed, to plan them again.
        self._schedule_changed = schedule_changed

    async def calendars(self, device: Device) -> CalendarList:
        rows = await self.repo.sources(device.space_id, self.clock.now())
        return CalendarList(calendars=[_calendar(source, count) for source, count in rows])

    async def upload(
        self, device: Device, calendar_id: str, data: bytes, keyword: str | None
    ) -> Calendar:
        """Import a calendar file; uploading under the same id again replaces its future."""
        existing = await self.repo.source(device.space_id, calendar_id)
        if existing is not None and existing.kind != "file":
            raise Conflict("This id belongs to a calendar feed.", code="id_conflict")
        if not data.strip():
            raise BadRequest("The calendar file is empty.", code="invalid_calendar")
        # Counted before reading: a file that is refused still cost the server its reading.
        self._imports.hit(device.space_id)
        now = self.clock.now()
        zone = await self.repo.time_zone(device.space_id)
        events = await self._events(data, calendar_id, keyword, zone)
        source = CalendarSource(
            space_id=device.space_id,
            id=calendar_id,
            kind="file",
            keyword=keyword,
            created_at=now,
            last_refresh_at=now,
            imported_at=now,
        )
        await self.repo.save_source(source, events, now)
        self._schedule_changed(device.space_id)
        log.info("calendar file imported: %d appointments ahead", len(events))
        return await self._shown(device, calendar_id)

    async def subscribe(self, device: Device, calendar_id: str, data: FeedIn) -> Calendar:
        """Subscribe to a feed: checked, fetched and imported at once, then kept fresh."""
        fingerprint = derive(self._secret, "calendar-feed", f"{data.url}\n{data.keyword or ''}")
        existing = await self.repo.source(device.space_id, calendar_id)
        if existing is not None:
            if existing.fingerprint != fingerprint:
                raise Conflict(
                    "A calendar with this id already exists with different content.",
                    code="id_conflict",
                )
            return await self._shown(device, calendar_id)
        try:
            check_feed_url(data.url, allow_local=self._allow_local)
            self._imports.hit(device.space_id)
            response = await fetch_feed(data.url, allow_local=self._allow_local)
        except FeedError as exc:
            raise BadRequest(str(exc), code="feed_refused", field="url") from None
        now = self.clock.now()
        zone = await self.repo.time_zone(device.space_id)
        events = await self._events(response.body, calendar_id, data.keyword, zone)
        context = f"{device.space_id}:{calendar_id}"
        source = CalendarSource(
            space_id=device.space_id,
            id=calendar_id,
            kind="feed",
            keyword=data.keyword,
            created_at=now,
            feed_url_sealed=seal(self._secret, _SEAL_PURPOSE, data.url, context),
            feed_url_masked=mask(data.url),
            fingerprint=fingerprint,
            etag=response.etag,
            last_modified=response.last_modified,
            last_refresh_at=now,
            next_refresh_at=now + REFRESH_EVERY,
            imported_at=now,
        )
        await self.repo.save_source(source, events, now)
        self._schedule_changed(device.space_id)
        log.info("calendar feed subscribed: %d appointments ahead", len(events))
        return await self._shown(device, calendar_id)

    async def delete(self, device: Device, calendar_id: str) -> None:
        if not await self.repo.delete_source(device.space_id, calendar_id, self.clock.now()):
            raise NotFound("No such calendar in this space.")
        self._schedule_changed(device.space_id)

    async def refresh_due(self, now: datetime) -> dict[str, int]:
        """Fetch every feed that is due, a few at a time; one failing never stops the others."""
        due = await self.repo.due_feeds(now)
        gate = asyncio.Semaphore(FEEDS_AT_ONCE)

        async def one(source: CalendarSource) -> str:
            async with gate:
                return await self._refresh(source, now)

        outcomes = await asyncio.gather(*(one(s) for s in due))
        return {name: outcomes.count(name) for name in ("imported", "not_modified", "failed")}

    async def _refresh(self, source: CalendarSource, now: datetime) -> str:
        next_at = now + REFRESH_EVERY
        try:
            url = self._feed_url(source)
            conditional = (
                source.imported_at is not None and now - source.imported_at < FULL_IMPORT_EVERY
            )
            response = await fetch_feed(
                url,
                etag=source.etag if conditional else None,
                last_modified=source.last_modified if conditional else None,
                allow_local=self._allow_local,
            )
            events = None
            if not response.not_modified:
                events = await self._events(
                    response.body, source.id, source.keyword, source.time_zone, now
                )
            await self.repo.refreshed(
                source,
                events,
                etag=response.etag or source.etag,
                last_modified=response.last_modified or source.last_modified,
                now=now,
                next_refresh_at=next_at,
            )
            if events is None:
                return "not_modified"
            self._schedule_changed(source.space_id)
            return "imported"
        except (FeedError, CalendarError, BadRequest) as exc:
            error = str(exc)[:300]
            log.warning("calendar feed %s refresh failed: %s", source.id, error)
        except Exception as exc:
            # The message of an unexpected error might quote the URL: log its type only.
            error = "The feed could not be refreshed because of an unexpected error."
            log.error("calendar feed %s refresh failed with %s", source.id, type(exc).__name__)
        await self.repo.refresh_failed(source, error, next_at)
        return "failed"

    def _feed_url(self, source: CalendarSource) -> str:
        assert source.feed_url_sealed is not None  # a feed always has one (CHECK constraint)
        try:
            return unseal(
                self._secret,
                _SEAL_PURPOSE,
                source.feed_url_sealed,
                f"{source.space_id}:{source.id}",
            )
        except InvalidTag:
            raise FeedError(
                "The feed address can no longer be read (the server key changed);"
                " subscribe to it again."
            ) from None

    async def _events(
        self,
        data: bytes,
        calendar_id: str,
        keyword: str | None,
        zone: str,
        now: datetime | None = None,
    ) -> list[ImportedEvent]:
        now = now or self.clock.now()
        try:
            async with self._parsing:
                parsed = await parse_bounded(
                    data,
                    window_start=now,
                    window_end=now + HORIZON,
                    keyword=keyword,
                    default_tz=zone,
                    cpu_seconds=self._cpu_seconds,
                )
        except CalendarTooComplex as exc:
            raise BadRequest(str(exc), code="calendar_too_complex") from None
        except CalendarError as exc:
            raise BadRequest(str(exc), code="invalid_calendar") from None
        # An event without length (no DTEND, or DTEND = DTSTART) marks a moment, not a session.
        return [
            ImportedEvent(calendar_appointment_id(calendar_id, e.key), e.starts_at, e.ends_at)
            for e in parsed
            if e.ends_at > e.starts_at
        ]

    async def _shown(self, device: Device, calendar_id: str) -> Calendar:
        for source, count in await self.repo.sources(device.space_id, self.clock.now()):
            if source.id == calendar_id:
                return _calendar(source, count)
        raise NotFound("No such calendar in this space.")


def _calendar(source: CalendarSource, count: int) -> Calendar:
    return Calendar(
        id=source.id,
        kind="feed" if source.kind == "feed" else "file",
        keyword=source.keyword,
        url=source.feed_url_masked,
        last_refresh_at=source.last_refresh_at,
        last_error=source.last_error,
        appointment_count=count,
        created_at=source.created_at,
    )
