"""Requests and responses for calendar sources."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Keyword = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class FeedIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Subscribe to a calendar's secret feed URL (https, port 443)."""

    url: Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]
    keyword: Keyword | None = None


class Calendar(msgspec.Struct, kw_only=True):
    """A calendar source; a feed's URL is only ever shown masked."""

    id: str
    kind: Literal["file", "feed"]
    keyword: str | None
    url: str | None
    last_refresh_at: datetime | None
    last_error: str | None
    appointment_count: int
    created_at: datetime


class CalendarList(msgspec.Struct, kw_only=True):
    calendars: list[Calendar]
