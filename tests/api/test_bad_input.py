"""No input reaches a 500: odd bodies, datetimes and paths get a clean 4xx and change nothing."""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from factories import sign_in_new_space, snapshot
from litestar import Litestar, get
from litestar.params import FromPath
from litestar.testing import AsyncTestClient

from api.test_errors import error_of
from server.errors import EXCEPTION_HANDLERS
from server.settings import Settings

JSON = {"content-type": "application/json"}
EDGE_MOMENTS = [
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59.999999-00:01",
    "9999-12-31T23:59:59Z",
    "1969-12-31T23:59:59Z",
]


@pytest.fixture
async def me(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in_new_space(client)
    return client


def _new_id() -> str:
    return str(uuid.uuid4())


def _bodies_with(moment: str) -> list[tuple[str, dict[str, Any], str]]:
    """Return (path, body, field) for every write that takes a datetime."""
    return [
        (
            f"/api/exercise-logs/{_new_id()}",
            {
                "exercise_id": "box-breathing",
                "started_at": moment,
                "duration_seconds": 60,
                "completed": True,
            },
            "started_at",
        ),
        (
            f"/api/check-ins/{_new_id()}",
            {"checked_in_at": moment, "presence": 3, "energy": 3},
            "checked_in_at",
        ),
        (
            f"/api/schedule/appointments/{_new_id()}",
            {"starts_at": moment, "length_minutes": 50},
            "starts_at",
        ),
        (
            f"/api/schedule/appointments/{_new_id()}/move",
            {"new_id": _new_id(), "starts_at": moment, "length_minutes": 50},
            "starts_at",
        ),
    ]


@pytest.mark.parametrize("moment", EDGE_MOMENTS)
async def test_bad_input_edge_datetimes_in_bodies_are_a_400_naming_the_field(
    me: httpx.AsyncClient, settings: Settings, moment: str
) -> None:
    before = snapshot(settings)
    for path, body, field in _bodies_with(moment):
        response = await me.put(path, json=body)
        assert response.status_code == 400, (path, response.text)
        error = error_of(response)
        assert error["field"] == field, path
        assert error["code"] == "out_of_range", path
    assert snapshot(settings) == before


@pytest.mark.parametrize("moment", EDGE_MOMENTS)
@pytest.mark.parametrize("path", ["/api/exercise-logs", "/api/check-ins"])
async def test_bad_input_edge_datetimes_in_since_are_a_400(
    me: httpx.AsyncClient, path: str, moment: str
) -> None:
    response = await me.get(path, params={"since": moment})
    assert response.status_code == 400, response.text
    assert error_of(response)["field"] == "since"


@pytest.mark.parametrize("path", ["/api/exercise-logs", "/api/check-ins"])
async def test_bad_input_since_without_an_offset_is_a_400(me: httpx.AsyncClient, path: str) -> None:
    response = await me.get(path, params={"since": "2025-03-01T00:00:00"})
    assert response.status_code == 400, response.text
    assert error_of(response)["field"] == "since"


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31", "9999-12-31", "9000-01-01"])
@pytest.mark.parametrize("field", ["from", "to"])
async def test_bad_input_edge_days_in_schedule_ranges_are_a_400(
    me: httpx.AsyncClient, field: str, day: str
) -> None:
    response = await me.get("/api/schedule", params={field: day})
    assert response.status_code == 400, response.text
    assert error_of(response)["field"] == field


async def test_bad_input_ordinary_since_still_lists(me: httpx.AsyncClient) -> None:
    response = await me.get("/api/check-ins", params={"since": "2025-03-01T00:00:00+14:00"})
    assert response.status_code == 200
    assert response.json() == {"check_ins": []}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/spaces", b'{"device_label": "\xff\xfe"}'),
        (f"/api/check-ins/{uuid.UUID(int=1)}", b'{"note": "caf\xe9"}'),
        (f"/api/check-ins/{uuid.UUID(int=2)}", b"\xc3\x28"),
        # Nested far past any real request, yet inside the 64 KiB limit.
        (
            f"/api/check-ins/{uuid.UUID(int=3)}",
            b'{"feelings":' + b"[" * 30_000 + b"]" * 30_000 + b"}",
        ),
        ("/api/spaces", b"[" * 30_000 + b"]" * 30_000),
    ],
    ids=["not-utf8", "latin1-in-a-string", "bad-first-byte", "deep-field", "deep-body"],
)
async def test_bad_input_unreadable_json_is_a_400(
    me: httpx.AsyncClient, settings: Settings, path: str, body: bytes
) -> None:
    before = snapshot(settings)
    response = await me.request(
        "POST" if path == "/api/spaces" else "PUT", path, content=body, headers=JSON
    )
    assert response.status_code == 400, response.text
    assert error_of(response)["code"] == "bad_request"
    assert snapshot(settings) == before


async def test_bad_input_100k_nested_arrays_are_refused_unread(
    me: httpx.AsyncClient, settings: Settings
) -> None:
    before = snapshot(settings)
    body = b"[" * 100_000 + b"]" * 100_000
    response = await me.put(f"/api/check-ins/{_new_id()}", content=body, headers=JSON)
    assert response.status_code in {400, 413}
    error_of(response)
    assert snapshot(settings) == before


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/js/%00.js",
        "/js/%0a.js",
        "/%0d%0a",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/js/..%2f..%2f..%2fpyproject.toml",
        "/" + "a" * 5000,
        "/js/" + "deep/" * 2000 + "x.js",
    ],
    ids=[
        "nul",
        "nul-in-js",
        "newline",
        "crlf",
        "dotdot-slash",
        "dotdot",
        "up-to-repo",
        "long",
        "deep",
    ],
)
async def test_bad_input_odd_static_paths_are_a_404_naming_no_path(
    client: httpx.AsyncClient, settings: Settings, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 404, response.text
    error = error_of(response)
    assert error["code"] == "not_found"
    for leak in (str(settings.shell_dir), "/etc", "passwd", "pyproject", "deep/", "aaaa"):
        assert leak not in error["message"]


@get("/boom/{anything:str}", sync_to_thread=False)
def boom(anything: FromPath[str]) -> None:
    raise RuntimeError("a bug")


FORGED = "2025-03-03 08:55:00,000 ERROR attune.errors admin signed in"


async def test_bad_input_paths_are_escaped_in_the_error_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    throwaway = Litestar(
        route_handlers=[boom], exception_handlers=EXCEPTION_HANDLERS, logging_config=None
    )
    async with AsyncTestClient(throwaway) as client:
        response = await client.get("/boom/x%0d%0a" + quote(FORGED) + "%00")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "attune.errors"]
    message = record.getMessage()
    assert "\n" not in message
    assert "\r" not in message
    assert "\x00" not in message
    assert "/boom/x\\r\\n2025-03-03" in message


async def test_bad_input_odd_paths_on_the_app_log_no_line_of_their_own(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for path in ("/%00%0d%0a", "/js/%0d%0a" + quote(FORGED) + ".js", "/api/x%0d%0a"):
        assert (await client.get(path)).status_code == 404
    for record in caplog.records:
        assert "\n" not in record.getMessage()
