"""Reminders through the real app, its database and the push stand-in, time moved by the test.

The reminder loop is built without its background task: each test runs a round with run_due at
the moment it chose, so nothing here waits for real time except a hanging push service. A round
runs on the app's own event loop (the test client's portal thread), where its HTTP client lives,
while the push stand-in answers on the test's.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import count, make_settings, query, sign_in_new_space
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock
from support.push_service import PushService, serve_push

from server.app import FEATURES, create_app
from server.push import feature as push_feature
from server.reminders import feature as reminders_feature
from server.reminders.loop import ReminderLoop
from server.reminders.payload import topic_for
from server.settings import Settings

PUBLIC_URL = "http://testserver.local"  # the test client's own origin
TEN = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # the clock starts at 08:55 the same Monday
PUSH_TIMEOUT = 1.0


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    return make_settings(
        tmp_path, allow_local_push=True, push_hosts=("127.0.0.1",), public_url=PUBLIC_URL
    )


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Litestar:
    """The real app; its reminder loop runs only when a test calls run_due."""
    build = partial(
        reminders_feature.build,
        push=partial(push_feature.build, timeout=PUSH_TIMEOUT),
        background=False,
    )
    features = [build if b is reminders_feature.build else b for b in FEATURES]
    return create_app(settings, clock=clock, features=features)


class Rounds:
    """Run reminder rounds on the app's event loop, from the test's."""

    def __init__(self, client: AsyncTestClient[Litestar], loop: ReminderLoop) -> None:
        self.client = client
        self.repo = loop.repo

    async def run_due(self) -> int:
        portal = self.client.blocking_portal
        loop: ReminderLoop = self.client.app.state["services"].feature("reminders")
        return await asyncio.to_thread(portal.call, loop.run_due)


@pytest.fixture
def loop(app: Litestar, client: AsyncTestClient[Litestar]) -> Rounds:
    return Rounds(client, app.state["services"].feature("reminders"))


@pytest.fixture
async def push(clock: FakeClock) -> AsyncIterator[PushService]:
    async with serve_push(now=clock.now) as service:
        yield service


async def therapist(
    client: httpx.AsyncClient, push: PushService, phone: str, **settings: Any
) -> httpx.AsyncClient:
    """Sign a new space in on client, subscribe its phone, and change settings if asked."""
    await sign_in_new_space(client)
    response = await client.put("/api/push/subscription", json=push.subscribe(phone).json)
    assert response.status_code in (200, 201), response.text
    if settings:
        response = await client.patch("/api/settings", json=settings)
        assert response.status_code == 200, response.text
    return client


def uid(name: str) -> str:
    """Return the client-made UUID a test calls name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def key(name: str) -> str:
    return f"appointment:{uid(name)}"


async def session_at(
    client: httpx.AsyncClient, ident: str, start: datetime, minutes: int = 50
) -> None:
    response = await client.put(
        f"/api/schedule/appointments/{uid(ident)}",
        json={"starts_at": start.isoformat(), "length_minutes": minutes},
    )
    assert response.status_code in (200, 201), response.text


async def at(clock: FakeClock, loop: Rounds, moment: datetime) -> int:
    """Move the clock to moment and run one round of the loop there."""
    clock.advance(seconds=(moment - clock.now()).total_seconds())
    return await loop.run_due()


def states(settings: Settings) -> list[tuple[str, str]]:
    return query(settings, "SELECT reminder_key, state FROM reminder_deliveries ORDER BY starts_at")


async def test_reminder_comes_once_at_its_due_time_with_times_only(
    client: AsyncTestClient[Litestar], push: PushService, clock: FakeClock, loop: Rounds
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "mrs-x-0930", TEN)
    await at(clock, loop, TEN - timedelta(minutes=5, seconds=1))
    assert push.requests == []
    await at(clock, loop, TEN - timedelta(minutes=5))
    await at(clock, loop, TEN - timedelta(minutes=4))
    assert push.refused == []
    [message] = push.delivered
    assert message.headers["TTL"] == "300"
    assert message.headers["Urgency"] == "high"
    assert message.headers["Topic"] == topic_for(key("mrs-x-0930"))
    check_in = f"{PUBLIC_URL}/#/check-in?from=reminder"
    assert json.loads(message.payload) == {
        "web_push": 8030,
        "notification": {
            "title": "Next session at 10:00",
            "body": "In 5 minutes. How present are you?",
            "navigate": check_in,
            "tag": topic_for(key("mrs-x-0930")),
            "actions": [
                {"action": "check-in", "title": "Check in", "navigate": check_in},
                {
                    "action": "ground",
                    "title": "Ground · 1 min",
                    "navigate": f"{PUBLIC_URL}/#/ground?then=check-in",
                },
            ],
        },
    }
    assert b"mrs-x" not in message.payload


async def test_reminder_planned_at_once_for_a_phone_that_subscribes_later(
    client: AsyncTestClient[Litestar], push: PushService, clock: FakeClock, loop: Rounds
) -> None:
    await sign_in_new_space(client)
    await session_at(client, "later-0930", TEN)
    await at(clock, loop, TEN - timedelta(minutes=30))
    # The phone subscribes after the session was planned: no scheduler tick is needed.
    response = await client.put("/api/push/subscription", json=push.subscribe("late").json)
    assert response.status_code in (200, 201), response.text
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert [m.headers["Topic"] for m in push.delivered] == [topic_for(key("later-0930"))]


async def test_reminder_shows_the_time_in_the_space_zone(
    client: AsyncTestClient[Litestar], push: PushService, clock: FakeClock, loop: Rounds
) -> None:
    me = await therapist(client, push, "phone")
    response = await me.put("/api/space/time-zone", json={"time_zone": "America/New_York"})
    assert response.status_code == 200, response.text
    await session_at(me, "s", TEN)
    await at(clock, loop, TEN - timedelta(minutes=5))
    [message] = push.delivered
    assert json.loads(message.payload)["notification"]["title"] == "Next session at 05:00"


async def test_reminder_gone_subscription_removes_it_and_its_deliveries(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await session_at(me, "b", TEN + timedelta(hours=1))
    await loop.run_due()
    assert count(settings, "reminder_deliveries") == 2
    push.answer("phone", 410)
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert push.requests == ["phone"]
    assert count(settings, "push_subscriptions") == 0
    assert count(settings, "reminder_deliveries") == 0
    await at(clock, loop, TEN + timedelta(minutes=55))
    assert push.requests == ["phone"]


async def test_reminder_refused_credentials_delete_nothing(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await session_at(me, "b", TEN + timedelta(hours=1))
    push.answer("phone", 403)
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert count(settings, "push_subscriptions") == 1
    assert states(settings) == [(key("a"), "failed"), (key("b"), "pending")]
    await at(clock, loop, TEN - timedelta(minutes=1))
    assert push.requests == ["phone"]  # a refusal is not retried


async def test_reminder_too_many_requests_is_retried_after_retry_after(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    push.answer("phone", 429, retry_after="120")
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert push.requests == ["phone"]
    push.answer("phone", 201)
    await at(clock, loop, TEN - timedelta(minutes=3, seconds=1))
    assert push.requests == ["phone"]
    await at(clock, loop, TEN - timedelta(minutes=3))
    assert push.requests == ["phone", "phone"]
    assert len(push.delivered) == 1
    assert push.delivered[0].headers["TTL"] == "180"
    assert states(settings) == [(key("a"), "sent")]


async def test_reminder_is_never_retried_after_the_session_starts(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    push.answer("phone", 429, retry_after="240")
    await at(clock, loop, TEN - timedelta(minutes=5))
    await at(clock, loop, TEN - timedelta(minutes=1))
    assert push.requests == ["phone", "phone"]
    # The next try would come four minutes later, after the start: it is given up.
    assert states(settings) == [(key("a"), "failed")]
    await at(clock, loop, TEN + timedelta(minutes=3))
    assert push.requests == ["phone", "phone"]


async def test_reminder_hanging_push_service_does_not_delay_another_space(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    slow = await therapist(client, push, "slow")
    quick = await therapist(make_client(), push, "quick")
    await session_at(slow, "a", TEN)
    await session_at(quick, "b", TEN)
    push.hang("slow")
    clock.advance(minutes=60)  # 09:55
    round_ = asyncio.create_task(loop.run_due())
    for _ in range(200):
        if push.delivered:
            break
        await asyncio.sleep(0.01)
    assert [m.name for m in push.delivered] == ["quick"]
    assert not round_.done()  # still waiting for the slow one, which is no one else's problem
    await round_  # its timeout ends it
    assert dict(states(settings)) == {key("a"): "pending", key("b"): "sent"}


async def test_reminder_skipped_when_grounded_after_it_was_planned(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await loop.run_due()
    clock.advance(minutes=55)  # 09:50
    response = await me.put(
        f"/api/exercise-logs/{uid('ex-1')}",
        json={
            "exercise_id": "box-breathing",
            "started_at": (clock.now() - timedelta(minutes=2)).isoformat(),
            "duration_seconds": 60,
            "completed": True,
        },
    )
    assert response.status_code in (200, 201), response.text
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert push.requests == []
    assert states(settings) == [(key("a"), "skipped")]


async def test_reminder_follows_schedule_changes(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await session_at(me, "b", TEN + timedelta(hours=2))
    await loop.run_due()
    assert [key for key, _ in states(settings)] == [key("a"), key("b")]
    response = await me.put(f"/api/schedule/appointments/{uid('a')}/cancel")
    assert response.status_code == 200, response.text
    response = await me.put(
        f"/api/schedule/appointments/{uid('b')}/move",
        json={"new_id": uid("c"), "starts_at": "2025-03-03T11:00:00Z", "length_minutes": 50},
    )
    assert response.status_code == 200, response.text
    await session_at(me, "d", datetime(2025, 3, 3, 11, 52, tzinfo=UTC))  # 2 minutes after c
    await loop.run_due()
    due = query(settings, "SELECT reminder_key, due_at FROM reminder_deliveries ORDER BY due_at")
    assert due == [
        (key("c"), "2025-03-03T10:55:00.000000Z"),
        (key("d"), "2025-03-03T11:50:00.000000Z"),
    ]
    await at(clock, loop, TEN + timedelta(minutes=55))
    await at(clock, loop, TEN + timedelta(minutes=110))
    titles = [json.loads(m.payload)["notification"]["title"] for m in push.delivered]
    assert titles == ["Next session at 11:00", "Next session at 11:52"]
    assert json.loads(push.delivered[1].payload)["notification"]["body"].startswith("In 2 minutes")


async def test_reminder_pause_today_stops_what_was_planned(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await loop.run_due()
    response = await me.put(f"/api/schedule/pauses/{uid('today')}", json={})
    assert response.status_code in (200, 201), response.text
    await at(clock, loop, TEN - timedelta(minutes=5))
    assert push.requests == []
    assert count(settings, "reminder_deliveries") == 0


async def test_reminder_check_in_prompt_on_a_day_without_sessions(
    client: AsyncTestClient[Litestar], push: PushService, clock: FakeClock, loop: Rounds
) -> None:
    await therapist(client, push, "phone", check_in_prompts=["17:30", "12:30"])
    await at(clock, loop, datetime(2025, 3, 3, 12, 30, tzinfo=UTC))
    [message] = push.delivered
    notification = json.loads(message.payload)["notification"]
    assert (notification["title"], notification["body"]) == (
        "Time for a check-in",
        "How present are you right now?",
    )
    assert message.headers["Topic"] == topic_for("prompt:2025-03-03T12:30")
    assert message.headers["TTL"] == "1800"


async def test_reminder_after_a_crash_only_an_expired_lease_is_claimed_again(
    client: AsyncTestClient[Litestar],
    push: PushService,
    clock: FakeClock,
    loop: Rounds,
    settings: Settings,
) -> None:
    me = await therapist(client, push, "phone")
    await session_at(me, "a", TEN)
    await session_at(me, "b", TEN + timedelta(hours=1))
    await loop.run_due()
    # A process claims both and dies before sending: the rows stay claimed under its lease.
    clock.advance(minutes=60)
    lost = await loop.repo.claim(clock.now(), timedelta(minutes=2), 10)
    assert len(lost) == 1  # only a is due
    await at(clock, loop, TEN - timedelta(minutes=4))
    assert push.requests == []  # the lease still holds
    await at(clock, loop, TEN - timedelta(minutes=3))
    assert push.requests == []  # the lease runs until 09:57 inclusive
    await at(clock, loop, TEN - timedelta(minutes=2, seconds=59))
    assert len(push.delivered) == 1
    assert push.delivered[0].headers["TTL"] == "179"
    lost = await loop.repo.claim(TEN + timedelta(minutes=55), timedelta(minutes=2), 10)
    assert len(lost) == 1  # b, claimed and lost again: its lease runs past its start
    await at(clock, loop, TEN + timedelta(minutes=61))
    assert len(push.delivered) == 1
    assert states(settings) == [(key("a"), "sent"), (key("b"), "claimed")]
