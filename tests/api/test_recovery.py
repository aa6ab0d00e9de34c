"""An optional recovery code, shown once, restores access to a space on a new device."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeClient
from factories import count, join_with_code, query, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.settings import Settings

CLAIM = "/api/recovery-code/claim"


async def test_recovery_code_is_shown_once_and_only_flagged_afterwards(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await sign_in_new_space(client)
    made = await client.post("/api/recovery-code")
    assert made.status_code == 201
    code = made.json()["code"]
    assert len(code.replace("-", "")) == 20
    session = await client.get("/api/session")
    assert session.json()["has_recovery_code"] is True
    assert code not in session.text
    read_back = await client.get("/api/recovery-code")
    assert read_back.status_code == 405
    assert code not in read_back.text
    assert code not in (await client.get("/api/devices")).text
    stored = b"".join(
        p.read_bytes()
        for p in (settings.database_path, Path(f"{settings.database_path}-wal"))
        if p.exists()
    )
    assert code.replace("-", "").encode() not in stored
    assert code.encode() not in stored


async def test_recovery_code_restores_the_space_on_a_fresh_browser(
    client: AsyncTestClient[Litestar], make_client: MakeClient, clock: FakeClock
) -> None:
    first = await sign_in_new_space(client)
    code = (await client.post("/api/recovery-code")).json()["code"]
    clock.advance(days=90)
    new_phone = make_client()
    restored = await join_with_code(new_phone, code.lower(), path=CLAIM, device_label="New phone")
    assert restored["space_id"] == first["space_id"]
    assert restored["has_recovery_code"] is True
    labels = {d["label"] for d in (await new_phone.get("/api/devices")).json()["devices"]}
    assert "New phone" in labels
    assert len(labels) == 2


async def test_recovery_code_keeps_working_after_use(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    first = await sign_in_new_space(client)
    code = (await client.post("/api/recovery-code")).json()["code"]
    await join_with_code(make_client(), code, path=CLAIM)
    again = await join_with_code(make_client(), code, path=CLAIM)
    assert again["space_id"] == first["space_id"]


async def test_recovery_new_code_invalidates_the_old(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    first = await sign_in_new_space(client)
    old = (await client.post("/api/recovery-code")).json()["code"]
    new = (await client.post("/api/recovery-code")).json()["code"]
    assert old != new
    before = snapshot(settings)
    refused = await make_client().post(CLAIM, json={"code": old})
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "invalid_code"
    assert snapshot(settings) == before
    assert (await join_with_code(make_client(), new, path=CLAIM))["space_id"] == first["space_id"]


async def test_recovery_code_delete_stops_it_working(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    await sign_in_new_space(client)
    code = (await client.post("/api/recovery-code")).json()["code"]
    removed = await client.delete("/api/recovery-code")
    assert removed.status_code == 204
    assert (await client.get("/api/session")).json()["has_recovery_code"] is False
    assert query(settings, "SELECT recovery_hash, recovery_created_at FROM spaces") == [
        (None, None)
    ]
    refused = await make_client().post(CLAIM, json={"code": code})
    assert refused.status_code == 404
    assert count(settings, "devices") == 1


async def test_recovery_code_moves_a_signed_in_browser_out_of_its_empty_space(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    first = await sign_in_new_space(client)
    code = (await client.post("/api/recovery-code")).json()["code"]
    other = make_client()
    await sign_in_new_space(other)
    restored = await join_with_code(other, code, path=CLAIM)
    assert restored["space_id"] == first["space_id"]
    assert query(settings, "SELECT id FROM spaces") == [(first["space_id"],)]
