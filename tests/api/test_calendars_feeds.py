"""Calendar feeds against a local feed server: fetched at once, refreshed every 15 minutes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from factories import make_settings, query, sign_in_new_space, snapshot
from litestar import Litestar
from support.calendars import BAD_HOSTS
from support.clock import FakeClock
from support.feed_server import SAMPLE_ICS, SECRET_PATH, FeedServer, serve_feed

from api.test_calendars import PRIVATE, SECRETS, assert_nothing_private, upload, utc
from server.settings import Settings

SECRET_PARTS = ["feed-7f3a9c2e", "s3cr3t-t0ken-d0-not-log", SECRET_PATH]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, allow_local_feeds=True)


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


@contextmanager
def feed_server(**options: Any) -> Iterator[FeedServer]:
    """Serve a feed from its own thread: the test client blocks this loop while the app runs."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(serve_feed(**options)) as server,
    ):
        yield server


@pytest.fixture
def feed() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


async def subscribe(
    client: httpx.AsyncClient, url: str, calendar_id: str | None = None, **body: Any
) -> httpx.Response:
    return await client.put(
        f"/api/calendars/{calendar_id or uuid.uuid4()}/feed", json={"url": url, **body}
    )


async def tick(app: Litestar, clock: FakeClock, **delta: float) -> dict[str, object]:
    summary: dict[str, object] = await app.state["services"].scheduler.tick(clock.advance(**delta))
    return summary


async def calendars(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = (await client.get("/api/calendars")).json()["calendars"]
    return listed


async def test_feed_subscription_fetches_at_once_and_shows_the_url_masked(
    me: httpx.AsyncClient, feed: FeedServer, settings: Settings
) -> None:
    calendar_id = str(uuid.uuid4())
    response = await subscribe(me, feed.url, calendar_id)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": calendar_id,
        "kind": "feed",
        "keyword": None,
        "url": "http://127.0.0.1/…",
        "last_refresh_at": utc("2025-03-03T08:55"),
        "last_error": None,
        "appointment_count": 4,
        "created_at": utc("2025-03-03T08:55"),
    }
    assert len(feed.requests) == 1
    assert await calendars(me) == [response.json()]
    schedule = (
        await me.get("/api/schedule", params={"from": "2025-03-10", "to": "2025-03-10"})
    ).json()
    assert [a["starts_at"] for a in schedule["appointments"]] == [utc("2025-03-10T09:00")]
    [(sealed,)] = query(settings, "SELECT feed_url_sealed FROM calendar_sources")
    assert b"127.0.0.1" not in sealed
    assert SECRET_PATH.encode() not in sealed


async def test_feed_same_subscription_twice_is_one_and_other_content_a_409(
    me: httpx.AsyncClient, feed: FeedServer, settings: Settings
) -> None:
    calendar_id = str(uuid.uuid4())
    first = await subscribe(me, feed.url, calendar_id)
    again = await subscribe(me, feed.url, calendar_id)
    assert again.json() == first.json()
    assert len(feed.requests) == 1
    before = snapshot(settings)
    other = await subscribe(me, feed.url + "&other=1", calendar_id)
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "id_conflict"
    keyword = await subscribe(me, feed.url, calendar_id, keyword="therapy")
    assert keyword.status_code == 409
    as_file = await upload(me, calendar_id, SAMPLE_ICS)
    assert as_file.status_code == 409
    assert snapshot(settings) == before


async def test_feed_refreshes_every_15_minutes_with_conditional_requests(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, feed: FeedServer
) -> None:
    await subscribe(me, feed.url)
    await tick(app, clock, minutes=14)
    assert len(feed.requests) == 1

    summary = await tick(app, clock, minutes=1)
    assert summary["calendar_feeds"] == {"imported": 0, "not_modified": 1, "failed": 0}
    assert len(feed.requests) == 2
    assert feed.requests[-1].headers["If-None-Match"] == feed.etag
    assert feed.requests[-1].headers["If-Modified-Since"] == feed.last_modified
    [shown] = await calendars(me)
    assert shown["last_refresh_at"] == utc("2025-03-03T09:10")

    await tick(app, clock, minutes=5)
    assert len(feed.requests) == 2
    feed.set_body(SAMPLE_ICS.replace(b"T090000Z", b"T110000Z").replace(b"T095000Z", b"T115000Z"))
    summary = await tick(app, clock, minutes=10)
    assert summary["calendar_feeds"] == {"imported": 1, "not_modified": 0, "failed": 0}
    schedule = (
        await me.get("/api/schedule", params={"from": "2025-03-10", "to": "2025-03-10"})
    ).json()
    assert [a["starts_at"] for a in schedule["appointments"]] == [utc("2025-03-10T11:00")]
    [shown] = await calendars(me)
    assert shown["appointment_count"] == 4


async def test_feed_is_fetched_in_full_once_a_day_so_the_window_rolls_on(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, feed: FeedServer
) -> None:
    weekly = SAMPLE_ICS.replace(b"COUNT=4", b"COUNT=20")
    feed.set_body(weekly)
    await subscribe(me, feed.url)
    assert (await calendars(me))[0]["appointment_count"] == 7  # 10 March to 21 April
    for _ in range(4 * 24 - 1):
        await tick(app, clock, minutes=15)
    assert all("If-None-Match" in r.headers for r in feed.requests[1:])
    await tick(app, clock, minutes=15)
    assert "If-None-Match" not in feed.requests[-1].headers
    assert (await calendars(me))[0]["appointment_count"] == 8  # now up to 28 April


async def test_feed_error_is_shown_and_other_feeds_still_refresh(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, feed: FeedServer
) -> None:
    with feed_server(path="/second.ics") as healthy:
        broken_id = str(uuid.uuid4())
        await subscribe(me, feed.url, broken_id)
        await subscribe(me, healthy.url)
        feed.respond_with(500)
        summary = await tick(app, clock, minutes=15)
        assert summary["calendar_feeds"] == {"imported": 0, "not_modified": 1, "failed": 1}
        assert len(healthy.requests) == 2
        shown = {c["id"]: c for c in await calendars(me)}
        assert shown[broken_id]["last_error"]
        assert "500" in shown[broken_id]["last_error"]
        assert shown[broken_id]["last_refresh_at"] == utc("2025-03-03T08:55")
        assert shown[broken_id]["appointment_count"] == 4  # the last good import stays

        feed.reset()
        await tick(app, clock, minutes=15)
        shown = {c["id"]: c for c in await calendars(me)}
        assert shown[broken_id]["last_error"] is None
        assert shown[broken_id]["last_refresh_at"] == utc("2025-03-03T09:25")


async def test_feed_with_a_broken_calendar_records_the_error(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, feed: FeedServer
) -> None:
    calendar_id = str(uuid.uuid4())
    await subscribe(me, feed.url, calendar_id)
    feed.set_body(b"<html>Sign in to see this calendar</html>")
    summary = await tick(app, clock, minutes=15)
    assert summary["calendar_feeds"] == {"imported": 0, "not_modified": 0, "failed": 1}
    [shown] = await calendars(me)
    assert shown["last_error"]
    assert shown["appointment_count"] == 4


@pytest.mark.parametrize(
    ("trouble", "words"),
    [
        (lambda feed: feed.respond_with(404), "404"),
        (lambda feed: feed.redirect_to("http://169.254.169.254/latest/meta-data/"), "redirect"),
        (lambda feed: feed.set_body(b"not a calendar"), "calendar"),
    ],
)
async def test_feed_that_fails_at_once_is_refused_and_not_stored(
    me: httpx.AsyncClient,
    feed: FeedServer,
    settings: Settings,
    trouble: Any,
    words: str,
) -> None:
    trouble(feed)
    before = snapshot(settings)
    response = await subscribe(me, feed.url)
    assert response.status_code == 400, response.text
    assert words in response.json()["error"]["message"]
    assert "feed-7f3a9c2e" not in response.text
    assert snapshot(settings) == before


@pytest.mark.parametrize("host", BAD_HOSTS)
async def test_feed_with_a_host_name_idna_refuses_is_a_400(
    me: httpx.AsyncClient, settings: Settings, host: str
) -> None:
    before = snapshot(settings)
    response = await subscribe(me, f"https://{host}{SECRET_PATH}")
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("feed_refused", "url")
    assert "host name that is not valid" in error["message"]
    assert snapshot(settings) == before


async def test_feed_deleted_stops_refreshing_and_drops_future_appointments(
    me: httpx.AsyncClient, app: Litestar, clock: FakeClock, feed: FeedServer, settings: Settings
) -> None:
    calendar_id = str(uuid.uuid4())
    await subscribe(me, feed.url, calendar_id)
    assert (await me.delete(f"/api/calendars/{calendar_id}")).status_code == 204
    await tick(app, clock, minutes=15)
    assert len(feed.requests) == 1
    assert query(settings, "SELECT count(*) FROM appointments") == [(0,)]


async def test_feed_keeps_no_calendar_text_and_no_url(
    me: httpx.AsyncClient,
    app: Litestar,
    clock: FakeClock,
    feed: FeedServer,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    feed.set_body(PRIVATE)
    response = await subscribe(me, feed.url)
    assert response.status_code == 200, response.text
    assert response.json()["appointment_count"] == 3
    await upload(me, str(uuid.uuid4()), PRIVATE)
    await tick(app, clock, minutes=15)
    feed.set_body(PRIVATE.replace(b"COUNT=3", b"COUNT=2"))
    await tick(app, clock, minutes=15)
    feed.respond_with(500)
    await tick(app, clock, minutes=15)
    assert len(feed.requests) == 4
    listed = (await me.get("/api/calendars")).text
    for part in SECRET_PARTS:
        assert part not in listed
    assert_nothing_private(settings, caplog, SECRETS + SECRET_PARTS)
