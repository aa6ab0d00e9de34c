"""Delivering through the real app's sender to the local push-service stand-in, answer by answer."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from conftest import MakeClient
from factories import make_settings, query, sign_in_new_space
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock
from support.push_service import PushService as StandIn
from support.push_service import serve_push

from server.app import FEATURES, create_app
from server.push import feature as push_feature
from server.push.repo import Subscription, SubscriptionRepo
from server.push.service import PushResult, PushService
from server.reminders import feature as reminders_feature
from server.settings import Settings

PAYLOAD = b'{"web_push":8030,"notification":{"title":"Next session at 10:00"}}'
T = TypeVar("T")
TIMEOUT = 0.5  # seconds a send may take here, so a hanging push service is given up on quickly


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, allow_local_push=True, push_hosts=("127.0.0.1",))


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Litestar:
    # Push is built by the reminders feature, which holds its sender; the loop stays idle here.
    quick = functools.partial(push_feature.build, timeout=TIMEOUT)
    with_quick_push = functools.partial(reminders_feature.build, push=quick, background=False)
    features = tuple(
        with_quick_push if build is reminders_feature.build else build for build in FEATURES
    )
    assert with_quick_push in features
    return create_app(settings, clock=clock, features=features)


@pytest.fixture
async def stand_in(clock: FakeClock) -> AsyncIterator[StandIn]:
    async with serve_push(now=clock.now) as service:
        yield service


def _push(app: Litestar) -> PushService:
    push: PushService = app.state["services"].feature("push")
    return push


async def _in_app(client: AsyncTestClient[Litestar], work: Callable[[], Awaitable[T]]) -> T:
    """Run work on the app's event loop, where its sender lives, leaving ours to the stand-in."""
    return await asyncio.to_thread(client.blocking_portal.call, work)


async def _deliver(
    client: AsyncTestClient[Litestar], app: Litestar, subscription: Subscription
) -> PushResult:
    send = functools.partial(_push(app).deliver, subscription, PAYLOAD, ttl=60, topic="t1")
    return await _in_app(client, send)


async def _subscribe(
    client: httpx.AsyncClient, app: Litestar, stand_in: StandIn, name: str
) -> Subscription:
    """Sign a new space in and subscribe its device to /push/<name> on the stand-in."""
    session = await sign_in_new_space(client)
    response = await client.put("/api/push/subscription", json=stand_in.subscribe(name).json)
    assert response.status_code == 200, response.text
    repo: SubscriptionRepo = app.state["services"].feature("push_subscriptions")
    [subscription] = await repo.for_space(session["space_id"])
    return subscription


async def test_push_delivered_payload_decrypts_with_its_headers_and_a_valid_token(
    client: AsyncTestClient[Litestar], app: Litestar, stand_in: StandIn, clock: FakeClock
) -> None:
    subscription = await _subscribe(client, app, stand_in, "phone")
    send = functools.partial(
        _push(app).deliver, subscription, PAYLOAD, ttl=300, topic="appt-2025-03-03T10"
    )
    result = await _in_app(client, send)
    assert result == PushResult("delivered", 201, None)
    assert stand_in.refused == []
    [message] = stand_in.delivered
    assert message.payload == PAYLOAD
    assert message.headers["TTL"] == "300"
    assert message.headers["Urgency"] == "high"
    assert message.headers["Topic"] == "appt-2025-03-03T10"
    assert message.claims["aud"] == stand_in.origin
    assert message.claims["exp"] == int((clock.now() + timedelta(hours=12)).timestamp())
    assert str(message.claims["sub"]).startswith("mailto:attune@")


@pytest.mark.parametrize("status", [404, 410])
async def test_push_gone_subscription_is_deleted(
    client: AsyncTestClient[Litestar],
    app: Litestar,
    stand_in: StandIn,
    settings: Settings,
    status: int,
) -> None:
    subscription = await _subscribe(client, app, stand_in, "old-phone")
    stand_in.answer("old-phone", status)
    result = await _deliver(client, app, subscription)
    assert result == PushResult("gone", status, None)
    assert query(settings, "SELECT count(*) FROM push_subscriptions") == [(0,)]
    assert (await client.get("/api/push/subscription")).json() is None
    [device] = (await client.get("/api/devices")).json()["devices"]
    assert device["reminders"] is False


async def test_push_unauthorized_deletes_nothing_and_alerts_in_the_log(
    client: AsyncTestClient[Litestar],
    app: Litestar,
    stand_in: StandIn,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    subscription = await _subscribe(client, app, stand_in, "phone")
    stand_in.answer("phone", 403)
    with caplog.at_level(logging.WARNING, logger="attune.push"):
        for _ in range(2):
            result = await _deliver(client, app, subscription)
            assert result == PushResult("unauthorized", 403, None)
    assert query(settings, "SELECT refusals, last_refusal_status FROM push_subscriptions") == [
        (2, 403)
    ]
    alerts = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(alerts) == 2
    assert "ALERT" in alerts[-1].getMessage()
    assert "127.0.0.1" in alerts[-1].getMessage()
    assert "2 times" in alerts[-1].getMessage()
    assert "/push/" not in caplog.text


async def test_push_too_large_is_logged_and_the_subscription_kept(
    client: AsyncTestClient[Litestar],
    app: Litestar,
    stand_in: StandIn,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    subscription = await _subscribe(client, app, stand_in, "phone")
    stand_in.answer("phone", 413)
    with caplog.at_level(logging.INFO, logger="attune.push"):
        result = await _deliver(client, app, subscription)
    assert result == PushResult("rejected", 413, None)
    assert query(settings, "SELECT refusals, last_refusal_status FROM push_subscriptions") == [
        (1, 413)
    ]
    assert "refused a message (413)" in caplog.text
    assert "/push/" not in caplog.text
    assert PAYLOAD.decode() not in caplog.text


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [(429, "120", 120.0), (429, None, None), (500, None, None), (503, "30", 30.0)],
)
async def test_push_busy_or_failing_service_is_retried_later(
    client: AsyncTestClient[Litestar],
    app: Litestar,
    stand_in: StandIn,
    settings: Settings,
    status: int,
    retry_after: str | None,
    expected: float | None,
) -> None:
    subscription = await _subscribe(client, app, stand_in, "phone")
    stand_in.answer("phone", status, retry_after=retry_after)
    result = await _deliver(client, app, subscription)
    assert result == PushResult("retry", status, expected)
    assert query(settings, "SELECT refusals FROM push_subscriptions") == [(0,)]


async def test_push_hanging_service_times_out_without_delaying_another(
    client: AsyncTestClient[Litestar], app: Litestar, stand_in: StandIn, make_client: MakeClient
) -> None:
    push = _push(app)
    per_origin = push.sender.per_origin
    async with serve_push(now=stand_in.now) as other_service:
        stuck = await _subscribe(client, app, stand_in, "stuck")
        stand_in.hang("stuck")
        fine = await _subscribe(make_client(), app, other_service, "fine")
        finished: list[str] = []

        async def deliver(name: str, subscription: Subscription) -> PushResult:
            result = await push.deliver(subscription, PAYLOAD, ttl=60, topic="t1")
            finished.append(name)
            return result

        # More sends to the hanging service than it may have at once, so some queue for it.
        portal = client.blocking_portal
        stuck_sends = [
            asyncio.wrap_future(portal.start_task_soon(deliver, "stuck", stuck))
            for _ in range(per_origin + 2)
        ]
        await stand_in.wait_for_requests(per_origin)
        fine_result = await _in_app(client, functools.partial(deliver, "fine", fine))
        stuck_results = await asyncio.gather(*stuck_sends)

    assert fine_result == PushResult("delivered", 201, None)
    assert finished[0] == "fine"
    assert len(stand_in.requests) == per_origin + 2
    assert {(r.outcome, r.status) for r in stuck_results} == {("retry", None)}
    assert [m.name for m in other_service.delivered] == ["fine"]


async def test_push_message_queued_behind_a_hanging_service_gives_up_after_the_slot_wait(
    client: AsyncTestClient[Litestar], app: Litestar, stand_in: StandIn
) -> None:
    push = _push(app)
    per_origin = push.sender.per_origin
    # Shorter than the send timeout: the queued messages give up first, without being sent.
    push.sender.slot_wait = TIMEOUT / 5
    stuck = await _subscribe(client, app, stand_in, "stuck")
    stand_in.hang("stuck")
    finished: list[int] = []

    async def deliver(n: int) -> PushResult:
        result = await push.deliver(stuck, PAYLOAD, ttl=60, topic="t1")
        finished.append(n)
        return result

    portal = client.blocking_portal
    sends = [asyncio.wrap_future(portal.start_task_soon(deliver, n)) for n in range(per_origin + 2)]
    results = await asyncio.gather(*sends)

    assert {(r.outcome, r.status) for r in results} == {("retry", None)}
    assert sorted(finished[:2]) == [per_origin, per_origin + 1]
    assert len(stand_in.requests) == per_origin
