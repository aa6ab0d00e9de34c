"""A clock that only moves when a test moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2025, 3, 3, 8, 55, tzinfo=UTC)


class FakeClock:
    """Stand in for server.clock.SystemClock: `now()` is fixed until `advance()`."""

    def __init__(self, start: datetime = START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move time forward by timedelta(**delta) and return the new now."""
        step = timedelta(**delta)
        if step < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += step
        return self._now
