"""Encrypt push messages in batches in a worker process, so a burst leaves the app its core."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger("attune.push")

Message = tuple[bytes, str, str]  # payload, the browser's p256dh key, its auth secret
# Enough to amortise one trip to the worker, small enough that the first sends start at once.
MAX_BATCH = 32
Encrypt = Callable[[bytes, str, str], bytes]


def encrypt_all(encrypt: Encrypt, messages: Sequence[Message]) -> list[bytes]:
    """Encrypt each message in turn (runs in the worker process)."""
    return [encrypt(payload, p256dh, auth) for payload, p256dh, auth in messages]


def process_pool() -> Executor:
    """Return one worker process, forked from a clean server rather than the running app."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))


class BatchEncryptor:
    """Collect the messages asked for in one turn of the event loop and encrypt them together."""

    def __init__(
        self,
        encrypt: Encrypt,
        make_pool: Callable[[], Executor] = process_pool,
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._encrypt = encrypt
        self._make_pool = make_pool
        self._max_batch = max_batch
        self._pool: Executor | None = None
        self._waiting: list[tuple[Message, asyncio.Future[bytes]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._warming: asyncio.Task[list[bytes]] | None = None

    def warm(self) -> None:
        """Start the worker process now, in the background, unless it is running already."""
        # Starting it and loading its imports takes ~150 ms: paid before a burst, not in it.
        if self._pool is None and self._warming is None:
            self._warming = asyncio.get_running_loop().create_task(self._in_pool([]))
            self._warming.add_done_callback(self._warmed)

    def _warmed(self, task: asyncio.Task[list[bytes]]) -> None:
        self._warming = None
        if not task.cancelled() and task.exception() is not None:
            log.warning("the push encryption worker did not start: %s", task.exception())

    async def encrypt(self, payload: bytes, p256dh: str, auth: str) -> bytes:
        """Return payload encrypted for one browser, batched with others asked for meanwhile."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[bytes] = loop.create_future()
        self._waiting.append(((payload, p256dh, auth), done))
        if self._flusher is None or self._flusher.done():
            # The task starts on the loop's next turn: every message asked for in this turn
            # (a claimed batch of reminders) goes to the worker together.
            self._flusher = loop.create_task(self._flush())
        return await done

    def close(self) -> None:
        """Stop the worker process; safe to call twice."""
        if self._warming is not None:
            self._warming.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def _flush(self) -> None:
        # Two batches in flight: the worker starts the next while this one's answer travels back.
        running: set[asyncio.Task[None]] = set()
        while self._waiting or running:
            while self._waiting and len(running) < 2:
                batch = self._waiting[: self._max_batch]
                del self._waiting[: self._max_batch]
                running.add(asyncio.create_task(self._run(batch)))
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)

    async def _run(self, batch: list[tuple[Message, asyncio.Future[bytes]]]) -> None:
        messages = [message for message, _ in batch]
        try:
            bodies = await self._in_pool(messages)
        except Exception as error:
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            return
        for (_, done), body in zip(batch, bodies, strict=True):
            if not done.done():
                done.set_result(body)

    async def _in_pool(self, messages: list[Message]) -> list[bytes]:
        if self._pool is None:
            self._pool = self._make_pool()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, encrypt_all, self._encrypt, messages)
        except BrokenProcessPool:
            # The worker died (killed, out of memory): start another and try this batch once more.
            log.warning("the push encryption worker stopped; starting another")
            self._pool = self._make_pool()
            return await loop.run_in_executor(self._pool, encrypt_all, self._encrypt, messages)
