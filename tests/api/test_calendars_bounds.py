"""Calendar work is bounded: a hostile file is stopped at the CPU cap, imports are rate-limited."""

from __future__ import annotations

import multiprocessing
import threading
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx
import pytest
from factories import make_settings, sign_in_new_space
from litestar import Litestar
from litestar.testing import AsyncTestClient, transport
from support.calendars import hostile_calendar
from support.clock import FakeClock
from support.feed_server import SAMPLE_ICS, FeedServer

from api.test_calendars import PRIVATE
from api.test_calendars_feeds import calendars, feed, subscribe, tick
from server.app import FEATURES, create_app
from server.calendars import feature as calendar_feature
from server.settings import Settings

__all__ = ["feed"]  # the feed server fixture, shared with the feed tests
TEST_CPU_SECONDS = 1


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, allow_local_feeds=True)


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Litestar:
    """The real app, its calendar reading capped at one second of CPU."""
    capped = partial(calendar_feature.build, cpu_seconds=TEST_CPU_SECONDS)
    features = [capped if build is calendar_feature.build else build for build in FEATURES]
    return create_app(settings, clock=clock, features=features)


@pytest.fixture
async def me(client: AsyncTestClient[Litestar]) -> AsyncTestClient[Litestar]:
    await sign_in_new_space(client)
    return client


class _Blocking(httpx.BaseTransport):
    """Send a request to the running app from another thread, while this one sends others."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self._transport = transport.TestClientTransport(client=client)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport.handle_request(request)


async def test_calendar_hostile_upload_is_refused_while_health_still_answers(
    me: AsyncTestClient[Litestar],
) -> None:
    finished: list[str] = []
    uploaded: list[httpx.Response] = []
    body = hostile_calendar()

    def upload() -> None:
        with httpx.Client(
            base_url=str(me.base_url),
            transport=_Blocking(me),
            cookies=me.cookies,
            headers=me.headers,
        ) as browser:
            uploaded.append(browser.put(f"/api/calendars/{uuid.uuid4()}/file", content=body))
        finished.append("upload")

    worker = threading.Thread(target=upload)
    worker.start()
    try:
        # Ask for health only once the upload's calendar is being read in its child process.
        while not multiprocessing.active_children():
            assert worker.is_alive(), "the upload ended before its calendar was read"
            worker.join(timeout=0.01)
        health = await me.get("/api/health")
        finished.append("health")
    finally:
        worker.join()
    assert health.status_code == 200, health.text
    # The child reads for its whole second of CPU; health answered while it did.
    assert finished == ["health", "upload"]
    response = uploaded[0]
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "calendar_too_complex"
    assert "takes too long to read" in error["message"]
    assert (await me.get("/api/calendars")).json() == {"calendars": []}


async def test_calendar_feed_that_turns_hostile_records_the_error(
    me: AsyncTestClient[Litestar], feed: FeedServer, app: Litestar, clock: FakeClock
) -> None:
    assert (await subscribe(me, feed.url)).status_code == 200
    feed.set_body(hostile_calendar())
    summary = await tick(app, clock, minutes=20)
    assert summary["calendar_feeds"] == {"imported": 0, "not_modified": 0, "failed": 1}
    [listed] = await calendars(me)
    assert "takes too long to read" in listed["last_error"]
    assert listed["appointment_count"] == 4  # what the feed gave before is kept
    feed.set_body(SAMPLE_ICS + b"\r\n")
    await tick(app, clock, minutes=20)
    assert (await calendars(me))[0]["last_error"] is None


async def test_calendar_subscribing_to_a_hostile_feed_is_refused(
    me: AsyncTestClient[Litestar], feed: FeedServer
) -> None:
    feed.set_body(hostile_calendar())
    response = await subscribe(me, feed.url)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "calendar_too_complex"


async def test_calendar_imports_are_rate_limited_per_space(
    me: AsyncTestClient[Litestar], make_client: Callable[..., httpx.AsyncClient]
) -> None:
    for _ in range(calendar_feature.IMPORTS_PER_HOUR):
        response = await me.put(f"/api/calendars/{uuid.uuid4()}/file", content=PRIVATE)
        assert response.status_code == 200, response.text
    refused = await me.put(f"/api/calendars/{uuid.uuid4()}/file", content=PRIVATE)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "in this space" in refused.json()["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    spec = (await me.get("/schema/openapi.json")).json()
    for path in ("/api/calendars/{calendar_id}/file", "/api/calendars/{calendar_id}/feed"):
        assert "429" in spec["paths"][path]["put"]["responses"], path
    # Another space on the same network has its own allowance.
    other = make_client()
    await sign_in_new_space(other)
    assert (
        await other.put(f"/api/calendars/{uuid.uuid4()}/file", content=PRIVATE)
    ).status_code == 200
