"""The one source of 'now', so tests can move time instead of waiting for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current time, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        """Return the wall-clock time in UTC."""
        return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    """Format an aware datetime as the sortable UTC text the database keeps."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    """Read a timestamp written by to_db."""
    # fromisoformat is C code and reads the trailing Z as UTC; strptime costs ~10x per row.
    return datetime.fromisoformat(text)
