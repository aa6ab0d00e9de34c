"""Fixtures: a fake clock, settings on a tmp data dir, the real app, and clients for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from factories import make_settings
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.testing.transport import TestClientTransport
from support.clock import FakeClock

from server.app import create_app
from server.settings import Settings

MakeClient = Callable[..., httpx.AsyncClient]


class SameApp(httpx.AsyncBaseTransport):
    """Send requests to the app a running AsyncTestClient serves, through its event loop."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self._transport = TestClientTransport(client=client)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._transport.handle_async_request(request)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Litestar:
    return create_app(settings, clock=clock)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A browser on the app; entering it runs the app's lifespan (database open, migrated)."""
    async with AsyncTestClient(app) as browser:
        yield browser


@pytest.fixture
async def make_client(client: AsyncTestClient[Litestar]) -> AsyncIterator[MakeClient]:
    """Make another browser on the same running app, with its own cookie jar."""
    opened: list[httpx.AsyncClient] = []

    def another(**options: Any) -> httpx.AsyncClient:
        options.setdefault("headers", {"user-agent": "testclient"})
        browser = httpx.AsyncClient(
            base_url=client.base_url,
            transport=SameApp(client),
            **options,
        )
        opened.append(browser)
        return browser

    yield another
    for browser in opened:
        await browser.aclose()
