"""Devices are listed with when they were last seen, can be renamed and signed out."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from conftest import MakeClient
from factories import join_with_code, new_pairing_code, query, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.settings import Settings


async def _devices(client: httpx.AsyncClient) -> list[dict[str, object]]:
    response = await client.get("/api/devices")
    assert response.status_code == 200
    devices: list[dict[str, object]] = response.json()["devices"]
    return devices


async def test_devices_list_shows_labels_and_times(
    client: AsyncTestClient[Litestar], clock: FakeClock
) -> None:
    me = await sign_in_new_space(client, device_label="Phone")
    [device] = await _devices(client)
    assert device == {
        "id": me["device_id"],
        "label": "Phone",
        "created_at": device["created_at"],
        "last_seen_at": device["created_at"],
        "current": True,
        "reminders": False,
    }
    assert datetime.fromisoformat(str(device["created_at"])) == clock.now()


@pytest.mark.parametrize(
    ("waited", "moves"),
    [({"minutes": 4, "seconds": 59}, False), ({"minutes": 5}, True), ({"days": 3}, True)],
)
async def test_devices_last_seen_moves_on_a_request_after_five_minutes(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    clock: FakeClock,
    waited: dict[str, int],
    moves: bool,
) -> None:
    await sign_in_new_space(client, device_label="Phone")
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(client), device_label="Laptop")
    started = clock.now()
    clock.advance(**waited)
    await laptop.get("/api/session")
    seen = {d["label"]: d["last_seen_at"] for d in await _devices(client)}
    laptop_seen = datetime.fromisoformat(str(seen["Laptop"]))
    assert laptop_seen == (clock.now() if moves else started)
    # The phone's own request to list devices counts too, by the same rule.
    assert datetime.fromisoformat(str(seen["Phone"])) == (clock.now() if moves else started)


@pytest.mark.parametrize(
    ("label", "status"),
    [("Work phone", 200), ("x" * 60, 200), ("é" * 60, 200), ("", 400), ("x" * 61, 400)],
)
async def test_devices_rename_keeps_labels_within_limits(
    client: AsyncTestClient[Litestar], settings: Settings, label: str, status: int
) -> None:
    me = await sign_in_new_space(client, device_label="Phone")
    before = snapshot(settings)
    response = await client.patch(f"/api/devices/{me['device_id']}", json={"label": label})
    assert response.status_code == status
    if status == 200:
        assert [d["label"] for d in response.json()["devices"]] == [label]
        assert query(settings, "SELECT label FROM devices") == [(label,)]
    else:
        assert response.json()["error"]["field"] == "label"
        assert snapshot(settings) == before


async def test_devices_rename_another_device_of_the_space(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    await sign_in_new_space(client, device_label="Phone")
    laptop = make_client()
    joined = await join_with_code(laptop, await new_pairing_code(client), device_label="Laptop")
    response = await client.patch(f"/api/devices/{joined['device_id']}", json={"label": "Office"})
    assert response.status_code == 200
    assert (await laptop.get("/api/session")).json()["device_label"] == "Office"


async def test_devices_sign_out_another_device_ends_its_session(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    await sign_in_new_space(client, device_label="Phone")
    laptop = make_client()
    joined = await join_with_code(laptop, await new_pairing_code(client), device_label="Laptop")
    response = await client.delete(f"/api/devices/{joined['device_id']}")
    assert response.status_code == 204
    assert "set-cookie" not in response.headers
    assert (await laptop.get("/api/session")).json()["signed_in"] is False
    assert [d["label"] for d in await _devices(client)] == ["Phone"]


async def test_devices_sign_out_self_clears_the_cookie(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    phone = await sign_in_new_space(client, device_label="Phone")
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(client), device_label="Laptop")
    response = await client.delete(f"/api/devices/{phone['device_id']}")
    assert response.status_code == 204
    cleared = response.headers["set-cookie"]
    assert cleared.startswith("attune_session=")
    assert "Max-Age=0" in cleared
    assert "attune_session" not in client.cookies
    assert (await client.get("/api/session")).json()["signed_in"] is False
    assert [d["label"] for d in await _devices(laptop)] == ["Laptop"]
    assert query(settings, "SELECT count(*) FROM spaces") == [(1,)]


@pytest.mark.parametrize(("method", "body"), [("PATCH", {"label": "Mine now"}), ("DELETE", None)])
async def test_devices_of_another_space_answer_404_and_stay(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    settings: Settings,
    method: str,
    body: dict[str, str] | None,
) -> None:
    await sign_in_new_space(client)
    stranger = make_client()
    theirs = await sign_in_new_space(stranger, device_label="Their phone")
    before = snapshot(settings)
    response = await client.request(method, f"/api/devices/{theirs['device_id']}", json=body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert snapshot(settings) == before
    assert (await stranger.get("/api/session")).json()["device_label"] == "Their phone"


@pytest.mark.parametrize(("method", "body"), [("PATCH", {"label": "X"}), ("DELETE", None)])
async def test_devices_unknown_id_answers_404(
    client: AsyncTestClient[Litestar], settings: Settings, method: str, body: object
) -> None:
    await sign_in_new_space(client)
    before = snapshot(settings)
    response = await client.request(method, "/api/devices/no-such-device", json=body)
    assert response.status_code == 404
    assert snapshot(settings) == before


async def test_devices_last_device_signing_out_deletes_the_unreachable_space(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    phone = await sign_in_new_space(client, device_label="Phone")
    other = make_client()
    await sign_in_new_space(other)
    response = await client.delete(f"/api/devices/{phone['device_id']}")
    assert response.status_code == 204
    assert query(settings, "SELECT id FROM spaces WHERE id = ?", (phone["space_id"],)) == []
    assert query(settings, "SELECT count(*) FROM spaces") == [(1,)]


async def test_devices_last_device_signing_out_keeps_a_space_with_a_recovery_code(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    phone = await sign_in_new_space(client, device_label="Phone")
    assert (await client.post("/api/recovery-code")).status_code == 201
    assert (await client.delete(f"/api/devices/{phone['device_id']}")).status_code == 204
    assert query(settings, "SELECT id FROM spaces") == [(phone["space_id"],)]
    assert query(settings, "SELECT count(*) FROM devices") == [(0,)]
