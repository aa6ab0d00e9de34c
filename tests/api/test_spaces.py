"""A first visit makes a private space and a device session kept in a safe cookie."""

from __future__ import annotations

from http.cookies import SimpleCookie
from pathlib import Path

import httpx
from conftest import MakeClient
from factories import (
    count,
    join_with_code,
    make_settings,
    new_pairing_code,
    query,
    sign_in_new_space,
)
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.app import create_app
from server.settings import Settings

SESSION = "attune_session"


def session_cookie(response: httpx.Response) -> SimpleCookie:
    headers = [v for v in response.headers.get_list("set-cookie") if v.startswith(f"{SESSION}=")]
    assert len(headers) == 1, headers
    cookie = SimpleCookie()
    cookie.load(headers[0])
    return cookie


async def test_spaces_first_visit_creates_a_space_and_signs_in(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    response = await client.post("/api/spaces", json={})
    assert response.status_code == 201
    created = response.json()
    assert created["has_recovery_code"] is False
    assert created["time_zone"] == "UTC"
    assert created["csrf_token"]
    session = await client.get("/api/session")
    assert session.status_code == 200
    assert session.json() == created
    assert query(settings, "SELECT id FROM spaces") == [(created["space_id"],)]
    assert query(settings, "SELECT id, space_id FROM devices") == [
        (created["device_id"], created["space_id"])
    ]


async def test_spaces_second_create_with_cookie_returns_the_same_space(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    first = await client.post("/api/spaces", json={})
    again = await client.post("/api/spaces", json={"device_label": "Work phone"})
    assert again.status_code == 200
    assert again.json()["space_id"] == first.json()["space_id"]
    assert again.json()["device_id"] == first.json()["device_id"]
    assert "set-cookie" not in again.headers
    assert (count(settings, "spaces"), count(settings, "devices")) == (1, 1)


async def test_spaces_two_browsers_get_two_private_spaces(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    mine = await sign_in_new_space(client)
    theirs = await sign_in_new_space(make_client())
    assert mine["space_id"] != theirs["space_id"]
    assert mine["csrf_token"] != theirs["csrf_token"]
    assert count(settings, "spaces") == 2


async def test_spaces_device_label_defaults_to_the_browser_name(
    make_client: MakeClient,
) -> None:
    iphone = make_client(
        headers={
            "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"
            " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
        }
    )
    assert (await sign_in_new_space(iphone))["device_label"] == "Safari on iPhone"
    named = await sign_in_new_space(make_client(), device_label="Office laptop")
    assert named["device_label"] == "Office laptop"


async def test_session_without_cookie_says_signed_out_without_an_error(
    client: AsyncTestClient[Litestar],
) -> None:
    # A first visit asks before it has a space: a 200, so the console stays quiet.
    response = await client.get("/api/session")
    assert response.status_code == 200
    assert response.json() == {"signed_in": False, "space_exists": None}
    assert "set-cookie" not in response.headers
    # Every other signed-in endpoint still refuses a browser without a session.
    assert (await client.get("/api/devices")).status_code == 401


async def test_session_with_a_made_up_cookie_says_signed_out(make_client: MakeClient) -> None:
    stranger = make_client(cookies={SESSION: "x" * 43})
    assert (await stranger.get("/api/session")).json()["signed_in"] is False
    assert (await stranger.get("/api/devices")).status_code == 401


async def test_session_signed_out_says_whether_the_known_space_still_exists(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    mine = await sign_in_new_space(client)
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(client))
    await client.delete(f"/api/devices/{mine['device_id']}")
    signed_out = await client.get(f"/api/session?known_space={mine['space_id']}")
    assert signed_out.json() == {"signed_in": False, "space_exists": True}

    await laptop.delete("/api/space?confirm=delete+everything")
    gone = await laptop.get(f"/api/session?known_space={mine['space_id']}")
    assert gone.json() == {"signed_in": False, "space_exists": False}
    # Signed in, the question is not answered: the session says it all.
    other = await sign_in_new_space(make_client())
    assert other["signed_in"] is True


async def test_session_cookie_is_httponly_strict_and_not_secure_over_http(
    client: AsyncTestClient[Litestar],
) -> None:
    cookie = session_cookie(await client.post("/api/spaces", json={}))[SESSION]
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"]
    assert int(cookie["max-age"]) > 30 * 24 * 3600
    # 256 bits of randomness, URL-safe base64.
    assert len(cookie.value) >= 43


async def test_session_cookie_is_secure_with_an_https_public_url(
    tmp_path: Path, clock: FakeClock
) -> None:
    app = create_app(make_settings(tmp_path, public_url="https://attune.example"), clock=clock)
    async with AsyncTestClient(app, base_url="https://attune.example") as client:
        response = await client.post("/api/spaces", json={})
        assert response.status_code == 201
        cookie = session_cookie(response)[SESSION]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"].lower() == "strict"
        assert (await client.get("/api/session")).status_code == 200


async def test_session_token_is_stored_only_as_a_hash(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    response = await client.post("/api/spaces", json={})
    token = session_cookie(response)[SESSION].value
    await client.post("/api/pairing-codes", headers={"X-CSRF-Token": response.json()["csrf_token"]})
    files = [settings.database_path, Path(f"{settings.database_path}-wal")]
    stored = b"".join(p.read_bytes() for p in files if p.exists())
    assert stored, "the database file should exist and hold the new space"
    assert response.json()["space_id"].encode() in stored
    assert token.encode() not in stored
    assert response.json()["csrf_token"].encode() not in stored
