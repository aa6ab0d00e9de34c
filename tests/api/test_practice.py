"""Exercise logs and check-ins: validation, idempotent PUT, 409 on clashes, space scoping."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import MakeClient
from factories import make_settings, make_shell, sign_in_new_space, snapshot
from litestar import Litestar
from support.clock import FakeClock

from server.app import create_app
from server.library import LibraryError
from server.settings import Settings


def _log(clock: FakeClock, **overrides: Any) -> dict[str, Any]:
    body = {
        "exercise_id": "box-breathing",
        "started_at": (clock.now() - timedelta(seconds=60)).isoformat(),
        "duration_seconds": 60,
        "completed": True,
    }
    return {**body, **overrides}


def _check_in(clock: FakeClock, **overrides: Any) -> dict[str, Any]:
    body = {"checked_in_at": clock.now().isoformat(), "presence": 4, "energy": 2}
    return {**body, **overrides}


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


async def test_exercise_log_same_put_twice_gives_same_result(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    log_id, body = str(uuid.uuid4()), _log(clock)
    first = await me.put(f"/api/exercise-logs/{log_id}", json=body)
    clock.advance(seconds=30)
    second = await me.put(f"/api/exercise-logs/{log_id}", json=body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    listed = (await me.get("/api/exercise-logs")).json()["exercise_logs"]
    assert [item["id"] for item in listed] == [log_id]


async def test_exercise_log_same_id_other_content_is_a_409(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    log_id = str(uuid.uuid4())
    assert (await me.put(f"/api/exercise-logs/{log_id}", json=_log(clock))).status_code == 200
    before = snapshot(settings)
    clash = await me.put(
        f"/api/exercise-logs/{log_id}", json=_log(clock, exercise_id="five-senses")
    )
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "id_conflict"
    assert snapshot(settings) == before


async def test_exercise_log_same_instant_in_another_offset_is_the_same_content(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    log_id = str(uuid.uuid4())
    started = clock.now() - timedelta(seconds=60)
    utc = await me.put(f"/api/exercise-logs/{log_id}", json=_log(clock))
    paris = started.astimezone(datetime.fromisoformat("2025-03-03T10:00:00+01:00").tzinfo)
    again = await me.put(
        f"/api/exercise-logs/{log_id}", json=_log(clock, started_at=paris.isoformat())
    )
    assert again.status_code == 200
    assert again.json() == utc.json()


async def test_partial_exercise_is_kept_with_its_duration(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    log_id = str(uuid.uuid4())
    body = _log(
        clock,
        started_at=(clock.now() - timedelta(seconds=20)).isoformat(),
        duration_seconds=20,
        completed=False,
    )
    stored = await me.put(f"/api/exercise-logs/{log_id}", json=body)
    assert stored.status_code == 200
    assert stored.json()["completed"] is False
    assert stored.json()["duration_seconds"] == 20


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"exercise_id": "juggling"}, "exercise_id", "unknown_exercise"),
        ({"exercise_id": ""}, "exercise_id", "invalid"),
        ({"duration_seconds": 0}, "duration_seconds", "invalid"),
        ({"duration_seconds": 61}, "duration_seconds", "invalid"),
        ({"duration_seconds": 30}, "duration_seconds", "invalid"),
        ({"duration_seconds": 60, "completed": False}, "duration_seconds", "invalid"),
        ({"duration_seconds": "sixty"}, "duration_seconds", "invalid"),
        ({"started_at": "2025-03-03T08:50:00"}, "started_at", "invalid"),
        ({"started_at": "yesterday"}, "started_at", "invalid"),
        ({"started_at": "2025-03-03T09:10:00+00:00"}, "started_at", "in_future"),
        ({"started_at": "2023-01-01T09:00:00+00:00"}, "started_at", "too_old"),
        ({"mood": "good"}, "mood", "invalid"),
    ],
)
async def test_exercise_log_bad_input_is_refused_and_nothing_written(
    me: httpx.AsyncClient,
    clock: FakeClock,
    settings: Settings,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    before = snapshot(settings)
    response = await me.put(f"/api/exercise-logs/{uuid.uuid4()}", json=_log(clock, **overrides))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]
    assert snapshot(settings) == before


async def test_exercise_log_within_clock_skew_is_accepted(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    phone_ahead = clock.now() + timedelta(seconds=90) - timedelta(seconds=60)
    response = await me.put(
        f"/api/exercise-logs/{uuid.uuid4()}", json=_log(clock, started_at=phone_ahead.isoformat())
    )
    assert response.status_code == 200, response.text


async def test_exercise_log_id_must_be_a_uuid(me: httpx.AsyncClient, clock: FakeClock) -> None:
    response = await me.put("/api/exercise-logs/not-a-uuid", json=_log(clock))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "log_id"


async def test_check_in_same_put_twice_gives_same_result(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    check_in_id = str(uuid.uuid4())
    body = _check_in(clock, feelings=["tired", "hopeful"], note="  Long morning.  ")
    first = await me.put(f"/api/check-ins/{check_in_id}", json=body)
    clock.advance(minutes=3)
    second = await me.put(f"/api/check-ins/{check_in_id}", json=body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["note"] == "Long morning."
    assert len((await me.get("/api/check-ins")).json()["check_ins"]) == 1


async def test_check_in_same_id_other_content_is_a_409(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    check_in_id = str(uuid.uuid4())
    assert (await me.put(f"/api/check-ins/{check_in_id}", json=_check_in(clock))).status_code == 200
    before = snapshot(settings)
    clash = await me.put(f"/api/check-ins/{check_in_id}", json=_check_in(clock, energy=5))
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "id_conflict"
    assert snapshot(settings) == before


async def test_check_in_linked_before_and_after_an_exercise(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    log_id = str(uuid.uuid4())
    before = _check_in(clock, presence=2, energy=2, exercise_log_id=log_id, moment="before")
    assert (await me.put(f"/api/check-ins/{uuid.uuid4()}", json=before)).status_code == 200
    clock.advance(seconds=61)
    assert (await me.put(f"/api/exercise-logs/{log_id}", json=_log(clock))).status_code == 200
    after = _check_in(clock, presence=4, energy=3, exercise_log_id=log_id, moment="after")
    assert (await me.put(f"/api/check-ins/{uuid.uuid4()}", json=after)).status_code == 200
    listed = (await me.get("/api/check-ins")).json()["check_ins"]
    assert [(c["moment"], c["exercise_log_id"]) for c in listed] == [
        ("after", log_id),
        ("before", log_id),
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"presence": 0}, "presence", "invalid"),
        ({"presence": 6}, "presence", "invalid"),
        ({"energy": 0}, "energy", "invalid"),
        ({"energy": 6}, "energy", "invalid"),
        ({"energy": 2.5}, "energy", "invalid"),
        ({"feelings": ["grumpy"]}, "feelings", "unknown_feeling"),
        ({"feelings": ["calm", "calm"]}, "feelings", "invalid"),
        ({"feelings": "calm"}, "feelings", "invalid"),
        ({"note": "x" * 501}, "note", "invalid"),
        ({"moment": "during", "exercise_log_id": "x"}, "moment", "invalid"),
        ({"moment": "after"}, "exercise_log_id", "invalid"),
        ({"checked_in_at": "2025-03-03T09:30:00+00:00"}, "checked_in_at", "in_future"),
        ({"checked_in_at": "2025-03-03T08:55:00"}, "checked_in_at", "invalid"),
        ({"score": 3}, "score", "invalid"),
    ],
)
async def test_check_in_bad_input_is_refused_and_nothing_written(
    me: httpx.AsyncClient,
    clock: FakeClock,
    settings: Settings,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    before = snapshot(settings)
    response = await me.put(f"/api/check-ins/{uuid.uuid4()}", json=_check_in(clock, **overrides))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert snapshot(settings) == before


async def test_check_in_note_of_500_characters_is_kept(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    note = "é" * 500
    response = await me.put(f"/api/check-ins/{uuid.uuid4()}", json=_check_in(clock, note=note))
    assert response.status_code == 200
    assert response.json()["note"] == note


async def test_practice_needs_the_csrf_token(
    me: httpx.AsyncClient, clock: FakeClock, settings: Settings
) -> None:
    before = snapshot(settings)
    del me.headers["X-CSRF-Token"]
    response = await me.put(f"/api/check-ins/{uuid.uuid4()}", json=_check_in(clock))
    assert response.status_code == 403
    assert snapshot(settings) == before


async def test_practice_of_another_space_is_invisible_and_its_ids_do_not_clash(
    me: httpx.AsyncClient, make_client: MakeClient, clock: FakeClock
) -> None:
    shared_id = str(uuid.uuid4())
    assert (await me.put(f"/api/check-ins/{shared_id}", json=_check_in(clock))).status_code == 200
    stranger = make_client()
    await sign_in_new_space(stranger)
    assert (await stranger.get("/api/check-ins")).json() == {"check_ins": []}
    theirs = await stranger.put(f"/api/check-ins/{shared_id}", json=_check_in(clock, energy=5))
    assert theirs.status_code == 200
    mine = (await me.get("/api/check-ins")).json()["check_ins"]
    assert [c["energy"] for c in mine] == [2]


async def test_practice_lists_only_since_the_given_time(
    me: httpx.AsyncClient, clock: FakeClock
) -> None:
    old_id, new_id = str(uuid.uuid4()), str(uuid.uuid4())
    assert (await me.put(f"/api/exercise-logs/{old_id}", json=_log(clock))).status_code == 200
    cutoff = clock.advance(hours=2)
    clock.advance(minutes=1)
    assert (await me.put(f"/api/exercise-logs/{new_id}", json=_log(clock))).status_code == 200
    listed = await me.get("/api/exercise-logs", params={"since": cutoff.isoformat()})
    assert [item["id"] for item in listed.json()["exercise_logs"]] == [new_id]


async def test_app_refuses_to_start_with_a_broken_library(tmp_path: Path) -> None:
    shell = make_shell(tmp_path / "shell")
    (shell / "data" / "exercises.json").write_text('{"version": 1, "exercises": []}')
    with pytest.raises(LibraryError):
        create_app(make_settings(tmp_path, pwa_dir=str(shell)))


def test_app_with_a_good_shell_starts(tmp_path: Path) -> None:
    shell = make_shell(tmp_path / "shell")
    assert isinstance(create_app(make_settings(tmp_path, pwa_dir=str(shell))), Litestar)
