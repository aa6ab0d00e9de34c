"""The readers' pool: first come, first served, and nothing lost to a cancelled borrower."""

from __future__ import annotations

import asyncio
import contextlib

from server.pool import FairPool


async def borrow(pool: FairPool[str], name: str, seen: list[str]) -> None:
    async with pool.lend() as item:
        seen.append(f"{name}:{item}")


async def held(pool: FairPool[str]) -> contextlib.AbstractAsyncContextManager[str]:
    """Borrow the pool's one item and keep it until the returned lease is exited."""
    lease = pool.lend()
    await lease.__aenter__()
    return lease


async def test_pool_returned_item_goes_to_the_waiter_not_a_newcomer() -> None:
    pool = FairPool(["reader"])
    seen: list[str] = []
    holding = await held(pool)
    waiter = asyncio.create_task(borrow(pool, "waiter", seen))
    await asyncio.sleep(0)  # one turn: the waiter is now queued for the reader
    await holding.__aexit__(None, None, None)
    # Asked in the same turn the reader came back, before the waiter could resume.
    newcomer = asyncio.create_task(borrow(pool, "newcomer", seen))
    await asyncio.gather(waiter, newcomer)
    assert seen == ["waiter:reader", "newcomer:reader"]


async def test_pool_item_handed_to_a_cancelled_waiter_passes_to_the_next() -> None:
    pool = FairPool(["reader"])
    seen: list[str] = []
    holding = await held(pool)
    handed = asyncio.create_task(borrow(pool, "handed", seen))
    leaves = asyncio.create_task(borrow(pool, "leaves", seen))
    patient = asyncio.create_task(borrow(pool, "patient", seen))
    await asyncio.sleep(0)
    leaves.cancel()  # still waiting: simply leaves the line
    await holding.__aexit__(None, None, None)  # hands the reader to "handed"
    handed.cancel()  # before it could use it
    for task in (handed, leaves):
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await patient
    assert seen == ["patient:reader"]
    async with pool.lend() as item:
        assert item == "reader"
