"""Signing in is cached for seconds, yet a sign-out or deletion here takes effect at once."""

from __future__ import annotations

import sqlite3
import uuid

import httpx
from conftest import MakeClient
from factories import join_with_code, new_pairing_code, sign_in_new_space
from support.clock import FakeClock

from server.settings import Settings

NOTE = "a private note that must vanish with the space"


async def test_a_device_signed_out_elsewhere_in_this_process_is_refused_at_once(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    await sign_in_new_space(client)
    laptop = make_client()
    joined = await join_with_code(laptop, await new_pairing_code(client))
    assert (await laptop.get("/api/session")).status_code == 200  # now cached
    response = await client.delete(f"/api/devices/{joined['device_id']}")
    assert response.status_code == 204
    assert (await laptop.get("/api/session")).json()["signed_in"] is False


async def test_signing_out_oneself_and_deleting_the_space_take_effect_at_once(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    mine = await sign_in_new_space(client)
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(client))
    assert (await laptop.get("/api/session")).status_code == 200
    response = await client.delete(f"/api/devices/{mine['device_id']}")
    assert response.status_code == 204
    assert (await client.get("/api/session")).json()["signed_in"] is False
    await laptop.delete("/api/space?confirm=delete+everything")
    assert (await laptop.get("/api/session")).json()["signed_in"] is False


async def test_a_renamed_device_is_seen_renamed_at_once(
    client: httpx.AsyncClient,
) -> None:
    mine = await sign_in_new_space(client)
    response = await client.patch(
        f"/api/devices/{mine['device_id']}", json={"label": "Consulting room"}
    )
    assert response.status_code in (200, 204), response.text
    assert (await client.get("/api/session")).json()["device_label"] == "Consulting room"


async def test_sign_in_skips_the_database_for_a_few_seconds_only(
    client: httpx.AsyncClient, settings: Settings, clock: FakeClock
) -> None:
    mine = await sign_in_new_space(client)
    assert (await client.get("/api/session")).status_code == 200
    # Another process signs this device out, behind this process's back.
    conn = sqlite3.connect(settings.database_path)
    with conn:
        conn.execute("DELETE FROM devices WHERE id = ?", (mine["device_id"],))
    conn.close()
    assert (await client.get("/api/exercise-logs")).status_code == 200  # from the cache
    clock.advance(seconds=6)
    assert (await client.get("/api/exercise-logs")).status_code == 401


def database_bytes(settings: Settings) -> bytes:
    path = settings.database_path
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


async def test_a_deleted_space_leaves_nothing_in_any_database_file(
    client: httpx.AsyncClient, make_client: MakeClient, settings: Settings, clock: FakeClock
) -> None:
    mine = await sign_in_new_space(client)
    other = make_client()
    await sign_in_new_space(other)
    await client.put("/api/space/time-zone", json={"time_zone": "Europe/Paris"})
    await client.patch("/api/settings", json={"hide_streaks": True})
    for _ in range(20):
        body = {
            "checked_in_at": clock.now().isoformat(),
            "presence": 4,
            "energy": 2,
            "note": NOTE,
        }
        response = await client.put(f"/api/check-ins/{uuid.uuid4()}", json=body)
        assert response.status_code == 200
    # The other space keeps writing, so the deleted rows' pages are reused and logged.
    await other.put(
        f"/api/check-ins/{uuid.uuid4()}",
        json={"checked_in_at": clock.now().isoformat(), "presence": 3, "energy": 3},
    )
    assert NOTE.encode() in database_bytes(settings)
    response = await client.delete("/api/space?confirm=delete+everything")
    assert response.status_code == 204
    left = database_bytes(settings)
    assert NOTE.encode() not in left
    assert mine["space_id"].encode() not in left
    assert mine["device_id"].encode() not in left


async def test_the_session_shows_a_new_zone_and_recovery_code_at_once(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_new_space(client)
    before = (await client.get("/api/session")).json()  # now cached
    assert (before["time_zone"], before["has_recovery_code"]) == ("UTC", False)
    await client.put("/api/space/time-zone", json={"time_zone": "Europe/Oslo"})
    assert (await client.get("/api/session")).json()["time_zone"] == "Europe/Oslo"
    await client.post("/api/recovery-code")
    assert (await client.get("/api/session")).json()["has_recovery_code"] is True
    await client.delete("/api/recovery-code")
    assert (await client.get("/api/session")).json()["has_recovery_code"] is False
