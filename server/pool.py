"""A pool that lends its items strictly in the order they were asked for."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class FairPool(Generic[T]):
    """Lend items first come, first served.

    asyncio.Queue lets a newcomer take an item that was just put back while the waiter it woke
    is still on its way, and that waiter then queues again at the back: under steady load a few
    requests waited seconds for a reader. Here a returned item goes straight to the oldest waiter.
    """

    def __init__(self, items: Iterable[T]) -> None:
        self._idle: deque[T] = deque(items)
        self._waiters: deque[asyncio.Future[T]] = deque()

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[T]:
        """Lend one item for the block, after everyone who asked before."""
        item = await self._take()
        try:
            yield item
        finally:
            self._give(item)

    async def _take(self) -> T:
        if self._idle and not self._waiters:
            return self._idle.popleft()
        waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._give(waiter.result())  # handed over just as we were cancelled: pass it on
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def _give(self, item: T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        self._idle.append(item)
