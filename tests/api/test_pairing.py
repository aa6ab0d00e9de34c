"""A second device joins with a one-time code that lives for ten minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from conftest import MakeClient
from factories import count, join_with_code, new_pairing_code, query, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.settings import Settings


async def test_pairing_joined_device_sees_the_same_space_and_both_are_listed(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    first = await sign_in_new_space(client, device_label="Phone")
    code = await new_pairing_code(client)
    laptop = make_client()
    joined = await join_with_code(laptop, code, device_label="Laptop")
    assert joined["space_id"] == first["space_id"]
    assert joined["device_id"] != first["device_id"]
    assert (await laptop.get("/api/session")).json()["space_id"] == first["space_id"]
    for browser, me in ((client, first), (laptop, joined)):
        listed = (await browser.get("/api/devices")).json()["devices"]
        assert {d["label"] for d in listed} == {"Phone", "Laptop"}
        assert [d["id"] for d in listed if d["current"]] == [me["device_id"]]


async def test_pairing_code_works_only_once(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    await sign_in_new_space(client)
    code = await new_pairing_code(client)
    await join_with_code(make_client(), code)
    before = snapshot(settings)
    again = await make_client().post("/api/pairing-codes/claim", json={"code": code})
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "invalid_code"
    assert "set-cookie" not in again.headers
    assert snapshot(settings) == before


@pytest.mark.parametrize(
    "retype",
    [str.lower, lambda code: code.replace("-", " "), lambda code: f"  {code}  "],
    ids=["lower case", "spaces for dashes", "padded"],
)
async def test_pairing_code_accepts_how_people_type_it(
    client: AsyncTestClient[Litestar], make_client: MakeClient, retype: Callable[[str], str]
) -> None:
    first = await sign_in_new_space(client)
    code = await new_pairing_code(client)
    joined = await join_with_code(make_client(), retype(code))
    assert joined["space_id"] == first["space_id"]


@pytest.mark.parametrize(
    ("waited", "works"),
    [({"minutes": 9, "seconds": 59}, True), ({"minutes": 10}, False), ({"hours": 2}, False)],
)
async def test_pairing_code_expires_after_ten_minutes(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    clock: FakeClock,
    settings: Settings,
    waited: dict[str, int],
    works: bool,
) -> None:
    first = await sign_in_new_space(client)
    made = (await client.post("/api/pairing-codes")).json()
    assert datetime.fromisoformat(made["expires_at"]) == clock.now() + timedelta(minutes=10)
    clock.advance(**waited)
    response = await make_client().post("/api/pairing-codes/claim", json={"code": made["code"]})
    if works:
        assert response.status_code == 200
        assert response.json()["space_id"] == first["space_id"]
        assert count(settings, "devices") == 2
    else:
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "invalid_code"
        assert count(settings, "devices") == 1


async def test_pairing_new_code_replaces_the_old_one(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    first = await sign_in_new_space(client)
    old = await new_pairing_code(client)
    new = await new_pairing_code(client)
    assert old != new
    assert count(settings, "pairing_codes") == 1
    refused = await make_client().post("/api/pairing-codes/claim", json={"code": old})
    assert refused.status_code == 404
    joined = await join_with_code(make_client(), new)
    assert joined["space_id"] == first["space_id"]
    assert count(settings, "pairing_codes") == 0


async def test_pairing_code_of_one_space_never_opens_another(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    mine = await sign_in_new_space(client)
    other = make_client()
    theirs = await sign_in_new_space(other)
    my_code = await new_pairing_code(client)
    their_code = await new_pairing_code(other)
    assert (await join_with_code(make_client(), my_code))["space_id"] == mine["space_id"]
    assert (await join_with_code(make_client(), their_code))["space_id"] == theirs["space_id"]


async def test_pairing_code_needs_a_signed_in_device(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post("/api/pairing-codes")
    assert response.status_code == 401


async def test_pairing_code_is_stored_only_as_a_hash(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await sign_in_new_space(client)
    code = await new_pairing_code(client)
    stored = query(settings, "SELECT code_hash FROM pairing_codes")[0][0]
    assert code.replace("-", "") not in stored
    assert code not in stored


async def test_pairing_browser_with_its_own_empty_space_leaves_it_on_joining(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    first = await sign_in_new_space(client)
    code = await new_pairing_code(client)
    laptop = make_client()
    own = await sign_in_new_space(laptop)
    assert count(settings, "spaces") == 2
    joined = await join_with_code(laptop, code)
    assert joined["space_id"] == first["space_id"]
    assert query(settings, "SELECT id FROM spaces") == [(first["space_id"],)]
    assert query(
        settings, "SELECT count(*) FROM devices WHERE space_id = ?", (own["space_id"],)
    ) == [(0,)]
    assert count(settings, "devices") == 2


async def test_pairing_browser_keeps_its_old_space_when_a_recovery_code_could_reach_it(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    first = await sign_in_new_space(client)
    code = await new_pairing_code(client)
    laptop = make_client()
    own = await sign_in_new_space(laptop)
    recovery = (await laptop.post("/api/recovery-code")).json()["code"]
    await join_with_code(laptop, code)
    assert {row[0] for row in query(settings, "SELECT id FROM spaces")} == {
        first["space_id"],
        own["space_id"],
    }
    restored = await join_with_code(make_client(), recovery, path="/api/recovery-code/claim")
    assert restored["space_id"] == own["space_id"]


async def test_pairing_browser_leaving_a_shared_space_keeps_it_for_the_others(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    home = await sign_in_new_space(client)
    tablet = make_client()
    await join_with_code(tablet, await new_pairing_code(client))
    other = make_client()
    elsewhere = await sign_in_new_space(other)
    await join_with_code(tablet, await new_pairing_code(other))
    assert (await client.get("/api/session")).json()["space_id"] == home["space_id"]
    assert [d["current"] for d in (await client.get("/api/devices")).json()["devices"]] == [True]
    assert (await tablet.get("/api/session")).json()["space_id"] == elsewhere["space_id"]
    assert count(settings, "spaces") == 2


@pytest.mark.parametrize("path", ["/api/pairing-codes/claim", "/api/recovery-code/claim"])
async def test_pairing_wrong_code_keeps_the_browser_in_its_own_space(
    client: AsyncTestClient[Litestar], settings: Settings, path: str
) -> None:
    mine = await sign_in_new_space(client)
    before = snapshot(settings)
    response = await client.post(path, json={"code": "WXYZ-WXYZ"})
    assert response.status_code == 404
    assert "set-cookie" not in response.headers
    assert snapshot(settings) == before
    assert (await client.get("/api/session")).json()["space_id"] == mine["space_id"]
