"""The space's settings: defaults, partial changes, shared by its devices, bad input refused."""

from __future__ import annotations

import httpx
import pytest
from conftest import MakeClient
from factories import join_with_code, new_pairing_code, sign_in_new_space, snapshot

from server.settings import Settings

DEFAULTS = {
    "reminders_on": True,
    "reminder_lead_minutes": 5,
    "workdays": [0, 1, 2, 3, 4],
    "hide_streaks": False,
    "check_in_prompts": [],
}


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


def chosen(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if k != "updated_at"}


async def test_settings_start_with_the_defaults(me: httpx.AsyncClient) -> None:
    response = await me.get("/api/settings")
    assert response.status_code == 200
    assert chosen(response.json()) == DEFAULTS


async def test_settings_change_only_what_is_sent_and_every_device_sees_it(
    me: httpx.AsyncClient, make_client: MakeClient
) -> None:
    laptop = make_client()
    await join_with_code(laptop, await new_pairing_code(me))
    response = await me.patch("/api/settings", json={"reminder_lead_minutes": 10})
    assert response.status_code == 200
    assert chosen(response.json()) == {**DEFAULTS, "reminder_lead_minutes": 10}
    response = await laptop.patch(
        "/api/settings", json={"workdays": [3, 0, 1], "hide_streaks": True}
    )
    assert response.status_code == 200
    expected = {
        **DEFAULTS,
        "reminder_lead_minutes": 10,
        "workdays": [0, 1, 3],
        "hide_streaks": True,
    }
    assert chosen((await me.get("/api/settings")).json()) == expected
    # The same change again is harmless.
    again = await laptop.patch("/api/settings", json={"workdays": [3, 0, 1], "hide_streaks": True})
    assert chosen(again.json()) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reminder_lead_minutes": 0}, "reminder_lead_minutes"),
        ({"reminder_lead_minutes": 31}, "reminder_lead_minutes"),
        ({"workdays": [7]}, "workdays[0]"),
        ({"workdays": [1, 1]}, "workdays"),
        ({"reminders_on": "yes"}, "reminders_on"),
        ({"colour": "blue"}, "colour"),
    ],
)
async def test_settings_bad_input_is_refused_and_changes_nothing(
    me: httpx.AsyncClient, settings: Settings, body: dict[str, object], field: str
) -> None:
    await me.patch("/api/settings", json={"reminder_lead_minutes": 7})
    before = snapshot(settings)
    response = await me.patch("/api/settings", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert snapshot(settings) == before


async def test_settings_need_a_session_and_its_csrf_token(
    client: httpx.AsyncClient, make_client: MakeClient
) -> None:
    assert (await client.get("/api/settings")).status_code == 401
    await sign_in_new_space(client)
    stranger = make_client(cookies=client.cookies)
    response = await stranger.patch("/api/settings", json={"hide_streaks": True})
    assert response.status_code == 403
