"""Fixed-window counters per client address, in memory, with an injected clock."""

from __future__ import annotations

import math
from datetime import timedelta

from server.clock import Clock
from server.errors import TooManyRequests


class RateLimiter:
    """Allow `limit` events per `window` for each key; refuse the rest with a 429."""

    def __init__(
        self,
        clock: Clock,
        *,
        limit: int,
        window: timedelta,
        what: str,
        source: str = "from this network",
    ) -> None:
        self._clock = clock
        self._source = source
        self._limit = limit
        self._window = window.total_seconds()
        self._what = what
        self._hits: dict[str, list[float]] = {}

    def check(self, key: str) -> None:
        """Raise TooManyRequests when key has used up its window; otherwise do nothing."""
        now = self._clock.now().timestamp()
        recent = [t for t in self._hits.get(key, []) if now - t < self._window]
        self._hits[key] = recent
        if len(recent) >= self._limit:
            retry_after = max(1, math.ceil(self._window - (now - recent[0])))
            raise TooManyRequests(
                f"Too many {self._what} {self._source}. Try again in {retry_after} seconds.",
                retry_after=retry_after,
            )

    def hit(self, key: str) -> None:
        """Count one event for key."""
        self.check(key)
        self._hits.setdefault(key, []).append(self._clock.now().timestamp())
        if len(self._hits) > 10_000:
            self._forget_idle()

    def _forget_idle(self) -> None:
        now = self._clock.now().timestamp()
        for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= self._window]:
            del self._hits[key]
