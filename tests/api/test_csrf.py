"""Cookie-authenticated writes need the session's CSRF token; cross-site writes are refused."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MakeClient
from factories import new_pairing_code, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient

from server.settings import Settings

# Each write a signed-in browser can make, with a body that would succeed.
WRITES: list[tuple[str, str, Any]] = [
    ("POST", "/api/pairing-codes", None),
    ("POST", "/api/recovery-code", None),
    ("DELETE", "/api/recovery-code", None),
    ("PATCH", "/api/devices/{device_id}", {"label": "Renamed"}),
    ("DELETE", "/api/devices/{device_id}", None),
    ("DELETE", "/api/space?confirm=delete+everything", None),
]
WRITE_IDS = [f"{m} {p.split('?')[0]}" for m, p, _ in WRITES]


def _without_token(client: AsyncTestClient[Litestar]) -> None:
    client.headers.pop("X-CSRF-Token", None)


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
@pytest.mark.parametrize("token", [None, "", "0" * 64, "wrong-token"])
async def test_csrf_write_without_the_right_token_is_refused(
    client: AsyncTestClient[Litestar],
    settings: Settings,
    method: str,
    path: str,
    body: Any,
    token: str | None,
) -> None:
    session = await sign_in_new_space(client)
    _without_token(client)
    before = snapshot(settings)
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = await client.request(method, path.format(**session), json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf"
    assert snapshot(settings) == before


async def test_csrf_token_of_another_session_is_refused(
    client: AsyncTestClient[Litestar], make_client: MakeClient, settings: Settings
) -> None:
    await sign_in_new_space(client)
    other = await sign_in_new_space(make_client())
    before = snapshot(settings)
    response = await client.post(
        "/api/pairing-codes", headers={"X-CSRF-Token": other["csrf_token"]}
    )
    assert response.status_code == 403
    assert snapshot(settings) == before


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
async def test_csrf_write_with_the_token_succeeds(
    client: AsyncTestClient[Litestar], method: str, path: str, body: Any
) -> None:
    session = await sign_in_new_space(client)
    response = await client.request(method, path.format(**session), json=body)
    assert response.status_code in {200, 201, 204}, response.text


async def test_csrf_reads_need_no_token(client: AsyncTestClient[Litestar]) -> None:
    await sign_in_new_space(client)
    _without_token(client)
    assert (await client.get("/api/session")).status_code == 200
    assert (await client.get("/api/devices")).status_code == 200


CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "http://testserver.local.evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
async def test_csrf_cross_site_write_is_refused_even_with_the_token(
    client: AsyncTestClient[Litestar],
    settings: Settings,
    headers: dict[str, str],
    method: str,
    path: str,
    body: Any,
) -> None:
    session = await sign_in_new_space(client)
    before = snapshot(settings)
    response = await client.request(method, path.format(**session), json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_site"
    assert snapshot(settings) == before


@pytest.mark.parametrize("headers", CROSS_SITE)
async def test_csrf_cross_site_cannot_create_a_space(
    client: AsyncTestClient[Litestar], settings: Settings, headers: dict[str, str]
) -> None:
    response = await client.post("/api/spaces", json={}, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_site"
    assert "set-cookie" not in response.headers
    assert snapshot(settings)["spaces"] == []


@pytest.mark.parametrize("headers", CROSS_SITE)
@pytest.mark.parametrize("path", ["/api/pairing-codes/claim", "/api/recovery-code/claim"])
async def test_csrf_cross_site_cannot_claim_a_code(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    settings: Settings,
    headers: dict[str, str],
    path: str,
) -> None:
    await sign_in_new_space(client)
    code = (
        await new_pairing_code(client)
        if "pairing" in path
        else (await client.post("/api/recovery-code")).json()["code"]
    )
    before = snapshot(settings)
    response = await make_client().post(path, json={"code": code}, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_site"
    assert snapshot(settings) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver.local"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {},
    ],
)
async def test_csrf_same_origin_writes_are_allowed(
    client: AsyncTestClient[Litestar], headers: dict[str, str]
) -> None:
    assert (await client.post("/api/spaces", json={}, headers=headers)).status_code == 201
    client.headers["X-CSRF-Token"] = (await client.get("/api/session")).json()["csrf_token"]
    assert (await client.post("/api/pairing-codes", headers=headers)).status_code == 201
