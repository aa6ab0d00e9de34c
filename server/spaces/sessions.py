"""Signed-in devices kept for a few seconds, so most requests need no database trip to sign in."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from server.clock import Clock
from server.spaces.repo import Device, Space

T = TypeVar("T")

# Short enough that another process's sign-out takes effect within seconds; this process forgets
# a device the moment it signs out, is renamed or its space is deleted.
SESSION_CACHE_SECONDS = 5
SESSION_CACHE_SIZE = 10_000


class SessionCache:
    """Devices by token hash, each kept until a few seconds after it was read."""

    def __init__(
        self,
        clock: Clock,
        *,
        seconds: float = SESSION_CACHE_SECONDS,
        size: int = SESSION_CACHE_SIZE,
    ) -> None:
        self._clock = clock
        self._lifetime = timedelta(seconds=seconds)
        self._size = size
        self._entries: dict[str, tuple[Device, datetime]] = {}
        self._spaces: dict[str, tuple[Space, datetime]] = {}
        # Counts forgettings: a lookup that began before one may hold what was just forgotten.
        self.generation = 0

    def get(self, token_hash: str) -> Device | None:
        """Return the cached device for this token hash while it is fresh."""
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        device, expires_at = entry
        if self._clock.now() >= expires_at:
            del self._entries[token_hash]
            return None
        return device

    def space(self, space_id: str) -> Space | None:
        """Return the cached space while it is fresh."""
        entry = self._spaces.get(space_id)
        if entry is None:
            return None
        if self._clock.now() >= entry[1]:
            del self._spaces[space_id]
            return None
        return entry[0]

    def put_space(self, space: Space, read_in: int) -> None:
        """Keep a space read from the database in generation read_in, unless forgotten since."""
        if read_in != self.generation:
            return
        if len(self._spaces) >= self._size:
            del self._spaces[next(iter(self._spaces))]
        self._spaces[space.id] = (space, self._clock.now() + self._lifetime)

    def space_changed(self, space_id: str) -> None:
        """Drop a space whose time zone or recovery code just changed."""
        self.generation += 1
        self._spaces.pop(space_id, None)

    def put(self, device: Device, read_in: int | None = None) -> None:
        """Keep a device read from the database in generation read_in, unless forgotten since."""
        if read_in is not None and read_in != self.generation:
            return
        self._entries.pop(device.token_hash, None)
        if len(self._entries) >= self._size:
            # Dicts keep insertion order, so the first entry is the oldest.
            del self._entries[next(iter(self._entries))]
        self._entries[device.token_hash] = (device, self._clock.now() + self._lifetime)

    def forget_device(self, device_id: str) -> None:
        """Drop a device that was signed out or changed."""
        self._forget(lambda device: device.id == device_id)

    def forget_space(self, space_id: str) -> None:
        """Drop a deleted space and every device of it."""
        self.space_changed(space_id)
        self._forget(lambda device: device.space_id == space_id)

    def _forget(self, matches: Callable[[Device], bool]) -> None:
        self.generation += 1
        for token_hash in [h for h, (d, _) in self._entries.items() if matches(d)]:
            del self._entries[token_hash]


class OneLookup:
    """Share one database lookup among everyone asking for the same key at the same time."""

    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[Any]] = {}

    async def get(self, key: str, lookup: Callable[[], Awaitable[T]]) -> T:
        """Return lookup()'s answer, joining a lookup for key that is already under way."""
        # When a cached session expires under load, every request of that device misses at
        # once; one read answers them all instead of a queue of identical reads.
        running = self._running.get(key)
        if running is not None:
            answer: T = await asyncio.shield(running)
            return answer
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            result = await lookup()
        except BaseException as error:
            if not future.done():
                future.set_exception(error)
                future.exception()  # retrieved here, so an unwatched failure is not logged
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._running[key]
