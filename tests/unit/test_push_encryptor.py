"""Push messages are encrypted in batches in a worker process, and survive the worker dying."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, TypeVar

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.push.encryptor import BatchEncryptor, process_pool
from server.push.sender import encrypt


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser() -> tuple[ec.EllipticCurvePrivateKey, str, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return key, b64(public), os.urandom(16)


def decrypt(body: bytes, key: ec.EllipticCurvePrivateKey, auth: bytes) -> bytes:
    return bytes(http_ece.decrypt(body, private_key=key, auth_secret=auth, version="aes128gcm"))


class Counting(Executor):
    """A thread pool that counts how many jobs it was given."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.jobs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        self.jobs += 1
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


P = TypeVar("P", bound=Executor)


def recording(make: Callable[[], P]) -> tuple[list[P], Callable[[], Executor]]:
    """A pool factory for BatchEncryptor that keeps every pool it makes, in order."""
    made: list[P] = []

    def make_pool() -> Executor:
        made.append(make())
        return made[-1]

    return made, make_pool


async def test_messages_asked_for_together_are_encrypted_in_one_batch() -> None:
    counting = Counting()
    encryptor = BatchEncryptor(encrypt, lambda: counting, max_batch=8)
    phones = [browser() for _ in range(20)]
    try:
        bodies = await asyncio.gather(
            *(encryptor.encrypt(f"m{i}".encode(), p, b64(a)) for i, (_, p, a) in enumerate(phones))
        )
    finally:
        encryptor.close()
    assert [decrypt(b, k, a) for b, (k, _, a) in zip(bodies, phones, strict=True)] == [
        f"m{i}".encode() for i in range(20)
    ]
    assert counting.jobs == 3  # 20 messages in batches of at most 8


async def test_the_worker_process_encrypts_and_a_dead_worker_is_replaced() -> None:
    pools, make_pool = recording(process_pool)
    encryptor = BatchEncryptor(encrypt, make_pool)
    key, p256dh, auth = browser()
    try:
        first = await encryptor.encrypt(b"first", p256dh, b64(auth))
        for pid in list(pools[0]._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        second = await encryptor.encrypt(b"second", p256dh, b64(auth))
    finally:
        encryptor.close()
    assert decrypt(first, key, auth) == b"first"
    assert decrypt(second, key, auth) == b"second"
    assert len(pools) == 2


async def test_warming_starts_the_worker_once_before_the_first_message() -> None:
    pools, make_pool = recording(Counting)
    encryptor = BatchEncryptor(encrypt, make_pool)
    key, p256dh, auth = browser()
    try:
        encryptor.warm()
        encryptor.warm()  # a second call while it starts changes nothing
        await asyncio.sleep(0)  # one turn of the loop: the warming task starts the worker
        assert len(pools) == 1
        body = await encryptor.encrypt(b"due", p256dh, b64(auth))
        encryptor.warm()  # already running: nothing more to start
    finally:
        encryptor.close()
    assert decrypt(body, key, auth) == b"due"
    assert len(pools) == 1
    assert pools[0].jobs == 2  # the empty warm-up batch, then the message


async def test_closing_before_the_worker_warmed_up_starts_none(caplog: Any) -> None:
    pools, make_pool = recording(Counting)
    encryptor = BatchEncryptor(encrypt, make_pool)
    encryptor.warm()
    encryptor.close()
    await asyncio.sleep(0)
    assert pools == []  # no worker left running after close
    assert "did not start" not in caplog.text
