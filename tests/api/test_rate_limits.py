"""Space creation and code claims are rate-limited per address, on the injected clock."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from conftest import MakeClient
from factories import count, make_settings, new_pairing_code, sign_in_new_space, snapshot
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, spaces_per_hour_per_address=3, pairing_attempts_per_10min=4)


def assert_rate_limited(response: httpx.Response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == str(retry_after)
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert f"{retry_after} seconds" in error["message"]
    assert error["field"] is None


async def test_rate_limit_space_creation_beyond_the_hourly_limit(
    make_client: MakeClient, clock: FakeClock, settings: Settings
) -> None:
    for _ in range(3):
        await sign_in_new_space(make_client())
        clock.advance(minutes=10)
    before = snapshot(settings)
    refused = await make_client().post("/api/spaces", json={})
    assert_rate_limited(refused, retry_after=30 * 60)
    assert "set-cookie" not in refused.headers
    assert snapshot(settings) == before
    clock.advance(minutes=29, seconds=59)
    assert (await make_client().post("/api/spaces", json={})).status_code == 429
    clock.advance(seconds=1)
    assert (await make_client().post("/api/spaces", json={})).status_code == 201
    assert count(settings, "spaces") == 4


async def test_rate_limit_does_not_count_returning_browsers(
    client: AsyncTestClient[Litestar], make_client: MakeClient
) -> None:
    await sign_in_new_space(client)
    for _ in range(10):
        assert (await client.post("/api/spaces", json={})).status_code == 200
    await sign_in_new_space(make_client())


@pytest.mark.parametrize("path", ["/api/pairing-codes/claim", "/api/recovery-code/claim"])
async def test_rate_limit_code_claims_refuse_even_a_correct_code(
    client: AsyncTestClient[Litestar],
    make_client: MakeClient,
    clock: FakeClock,
    settings: Settings,
    path: str,
) -> None:
    first = await sign_in_new_space(client)
    guesser = make_client()
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD"):
        wrong = await guesser.post(path, json={"code": guess})
        assert wrong.status_code == 404
    code = (
        await new_pairing_code(client)
        if "pairing" in path
        else (await client.post("/api/recovery-code")).json()["code"]
    )
    before = snapshot(settings)
    refused = await make_client().post(path, json={"code": code})
    assert_rate_limited(refused, retry_after=600)
    assert snapshot(settings) == before
    clock.advance(minutes=9, seconds=59)
    assert (await make_client().post(path, json={"code": code})).status_code == 429
    clock.advance(seconds=1)
    if "pairing" in path:
        code = await new_pairing_code(client)  # the first one has expired meanwhile
    allowed = await make_client().post(path, json={"code": code})
    assert allowed.status_code == 200
    assert allowed.json()["space_id"] == first["space_id"]
