"""Deleting a space is one confirmed action that ends every device's session."""

from __future__ import annotations

import pytest
from conftest import MakeClient
from factories import count, join_with_code, new_pairing_code, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient

from server.settings import Settings


@pytest.mark.parametrize(
    "query", ["", "?confirm=", "?confirm=yes", "?confirm=delete", "?confirm=Delete+Everything"]
)
async def test_delete_space_without_confirmation_deletes_nothing(
    client: AsyncTestClient[Litestar], settings: Settings, query: str
) -> None:
    await sign_in_new_space(client)
    before = snapshot(settings)
    response = await client.delete(f"/api/space{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "confirmation_required"
    assert error["field"] == "confirm"
    assert "confirm=delete+everything" in error["message"]
    assert snapshot(settings) == before
    assert (await client.get("/api/session")).status_code == 200


async def test_delete_space_confirmed_removes_it_for_every_device(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    mine = await sign_in_new_space(client)
    await client.post("/api/recovery-code")
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(client))
    await new_pairing_code(client)
    bystander = make_client()
    theirs = await sign_in_new_space(bystander)
    assert (count(settings, "devices"), count(settings, "pairing_codes")) == (3, 1)

    response = await client.delete("/api/space?confirm=delete+everything")
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert (await client.get("/api/session")).json()["signed_in"] is False
    assert (await laptop.get("/api/session")).json()["signed_in"] is False
    after = snapshot(settings)
    assert [row[0] for row in after["spaces"]] == [theirs["space_id"]]
    assert [row[1] for row in after["devices"]] == [theirs["space_id"]]
    assert after["pairing_codes"] == []
    assert mine["space_id"] not in repr(after)
    assert (await bystander.get("/api/session")).status_code == 200


async def test_delete_space_then_a_new_visit_starts_afresh(
    client: AsyncTestClient[Litestar],
) -> None:
    old = await sign_in_new_space(client)
    await client.delete("/api/space?confirm=delete+everything")
    new = await sign_in_new_space(client)
    assert new["space_id"] != old["space_id"]
