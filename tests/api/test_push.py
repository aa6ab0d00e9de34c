"""The push key and each device's push subscription, through the real app and database."""

from __future__ import annotations

import base64
import stat
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import (
    count,
    join_with_code,
    new_pairing_code,
    query,
    sign_in_new_space,
    snapshot,
)
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock
from support.push_service import make_subscription

from server.app import create_app
from server.push.service import PushService
from server.push.vapid import VAPID_FILE
from server.settings import Settings

# No test here reaches DNS: each push host answers from this table.
ADDRESSES = {
    "fcm.googleapis.com": ["142.250.74.74", "2a00:1450:4001:82b::200a"],
    "updates.push.services.mozilla.com": ["10.1.2.3"],
    "web.push.apple.com": [],
}
FCM = "https://fcm.googleapis.com/fcm/send/dZ3k:APA91bsecret"


async def fake_resolve(host: str, port: int) -> list[str]:
    if host not in ADDRESSES:
        raise OSError("unknown host")
    return ADDRESSES[host]


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Litestar:
    app = create_app(settings, clock=clock)
    push: PushService = app.state["services"].feature("push")
    push.resolve = fake_resolve
    return app


def _browser(endpoint: str = FCM) -> dict[str, Any]:
    return make_subscription(endpoint).json


async def _subscribe(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await client.put("/api/push/subscription", json=body)


async def _mine(client: httpx.AsyncClient) -> Any:
    response = await client.get("/api/push/subscription")
    assert response.status_code == 200, response.text
    return response.json()


async def test_push_key_is_served_without_sign_in_and_kept_on_disk(
    client: AsyncTestClient[Litestar], settings: Settings, clock: FakeClock
) -> None:
    response = await client.get("/api/push/key")
    assert response.status_code == 200
    key = response.json()["public_key"]
    raw = base64.urlsafe_b64decode(key + "=")
    assert (len(raw), raw[0]) == (65, 0x04)
    path = settings.data_path / VAPID_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    restarted = create_app(settings, clock=clock)
    assert restarted.state["services"].feature("push").public_key().public_key == key


async def test_push_subscription_is_kept_shown_and_replaced(
    client: AsyncTestClient[Litestar], settings: Settings, clock: FakeClock
) -> None:
    await sign_in_new_space(client)
    assert await _mine(client) is None
    browser = _browser()
    response = await _subscribe(client, browser)
    assert response.status_code == 200, response.text
    first = response.json()
    assert first["endpoint"] == FCM
    assert await _mine(client) == first

    clock.advance(minutes=5)
    assert (await _subscribe(client, browser)).json() == first  # the same one again: no change
    [(first_id,)] = query(settings, "SELECT id FROM push_subscriptions")

    other = _browser(FCM + "-renewed")
    replaced = (await _subscribe(client, other)).json()
    assert replaced["endpoint"] == FCM + "-renewed"
    [(row_id, p256dh)] = query(settings, "SELECT id, p256dh FROM push_subscriptions")
    assert row_id != first_id
    assert p256dh == other["keys"]["p256dh"]


async def test_push_unsubscribe_forgets_this_device_only(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    await sign_in_new_space(client)
    stranger = make_client()
    await sign_in_new_space(stranger)
    assert (await _subscribe(client, _browser())).status_code == 200
    assert (await _subscribe(stranger, _browser(FCM + "-2"))).status_code == 200

    assert (await client.delete("/api/push/subscription")).status_code == 204
    assert (await client.delete("/api/push/subscription")).status_code == 204
    assert await _mine(client) is None
    assert (await _mine(stranger))["endpoint"] == FCM + "-2"
    assert count(settings, "push_subscriptions") == 1


async def test_push_devices_list_says_which_devices_get_reminders(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    me = await sign_in_new_space(client)
    tablet = make_client()
    await join_with_code(tablet, await new_pairing_code(client))
    await _subscribe(client, _browser())
    devices = (await client.get("/api/devices")).json()["devices"]
    assert {d["id"]: d["reminders"] for d in devices} == {
        me["device_id"]: True,
        next(d["id"] for d in devices if d["id"] != me["device_id"]): False,
    }


async def test_push_subscription_goes_with_its_device_and_its_space(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    await sign_in_new_space(client)
    tablet = make_client()
    joined = await join_with_code(tablet, await new_pairing_code(client))
    await _subscribe(client, _browser())
    await _subscribe(tablet, _browser(FCM + "-tablet"))
    assert count(settings, "push_subscriptions") == 2

    assert (await client.delete(f"/api/devices/{joined['device_id']}")).status_code == 204
    assert count(settings, "push_subscriptions") == 1
    response = await client.delete("/api/space?confirm=delete+everything")
    assert response.status_code == 204
    assert count(settings, "push_subscriptions") == 0


def _with(**changes: Any) -> dict[str, Any]:
    body = _browser()
    keys = {**body["keys"], **changes.pop("keys", {})}
    return {**body, **changes, "keys": keys}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(_with(endpoint="http://fcm.googleapis.com/x"), "endpoint", id="http"),
        pytest.param(_with(endpoint="https://fcm.googleapis.com:8443/x"), "endpoint", id="port"),
        pytest.param(_with(endpoint="https://push.example.org/x"), "endpoint", id="not-allowed"),
        pytest.param(
            _with(endpoint="https://updates.push.services.mozilla.com/wpush/v2/x"),
            "endpoint",
            id="private-address",
        ),
        pytest.param(_with(endpoint="https://web.push.apple.com/x"), "endpoint", id="no-address"),
        pytest.param(_with(endpoint=FCM + "x" * 2100), "endpoint", id="too-long"),
        pytest.param(_with(keys={"p256dh": "BAAA"}), "keys.p256dh", id="short-key"),
        pytest.param(_with(keys={"auth": "AAAA"}), "keys.auth", id="short-auth"),
        pytest.param(_with(keys={"extra": "x"}), "keys", id="unknown-key"),
        pytest.param(_with(expirationTime="soon"), "expirationTime", id="expiration-text"),
        pytest.param({"endpoint": FCM}, "keys", id="no-keys"),
        pytest.param({**_browser(), "channel": "x"}, "channel", id="unknown-field"),
    ],
)
async def test_push_subscription_that_is_not_valid_is_refused_and_nothing_kept(
    client: AsyncTestClient[Litestar], settings: Settings, body: dict[str, Any], field: str
) -> None:
    await sign_in_new_space(client)
    before = snapshot(settings)
    response = await _subscribe(client, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["field"] == field
    assert "secret" not in error["message"]
    assert snapshot(settings) == before


async def test_push_subscription_needs_a_signed_in_device(
    client: AsyncTestClient[Litestar],
) -> None:
    assert (await client.get("/api/push/subscription")).status_code == 401
    assert (await _subscribe(client, _browser())).status_code in (401, 403)
