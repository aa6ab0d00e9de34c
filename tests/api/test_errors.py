"""Every failure answers {"error": {"code", "message", "field"}} with the right status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from factories import sign_in_new_space, snapshot
from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from server.errors import EXCEPTION_HANDLERS, Conflict, NotFound, PayloadTooLarge
from server.settings import Settings


def error_of(response: httpx.Response) -> dict[str, Any]:
    """Return the error detail after checking the body has exactly the documented shape."""
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"code", "message", "field"}
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)
    assert error["message"]
    assert error["field"] is None or isinstance(error["field"], str)
    return error


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "field"),
    [
        ("GET", "/api/no-such-thing", None, 404, "not_found", None),
        ("POST", "/api/no-such-thing", {}, 404, "not_found", None),
        ("PUT", "/api/spaces", {}, 405, "method_not_allowed", None),
        ("GET", "/api/recovery-code", None, 405, "method_not_allowed", None),
        ("GET", "/api/devices", None, 401, "no_session", None),
        ("POST", "/api/spaces", {"email": "me@example.com"}, 400, "invalid", "email"),
        ("POST", "/api/spaces", {"device_label": 7}, 400, "invalid", "device_label"),
        ("POST", "/api/spaces", {"device_label": "x" * 61}, 400, "invalid", "device_label"),
        ("POST", "/api/spaces", {"device_label": ""}, 400, "invalid", "device_label"),
        ("POST", "/api/spaces", [], 400, "invalid", None),
        ("POST", "/api/pairing-codes/claim", {}, 400, "invalid", "code"),
        ("POST", "/api/pairing-codes/claim", {"code": "AB"}, 400, "invalid", "code"),
        ("POST", "/api/pairing-codes/claim", {"code": "ABCD-EFGH"}, 404, "invalid_code", None),
        ("POST", "/api/recovery-code/claim", {"code": "ABCD-EFGH"}, 404, "invalid_code", None),
    ],
)
async def test_error_shape_for_each_kind_of_refusal(
    client: AsyncTestClient[Litestar],
    settings: Settings,
    method: str,
    path: str,
    body: Any,
    status: int,
    code: str,
    field: str | None,
) -> None:
    before = snapshot(settings)
    response = await client.request(method, path, json=body)
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code
    assert error["field"] == field
    assert snapshot(settings) == before
    if status == 405:
        assert "POST" in response.headers["allow"] or "DELETE" in response.headers["allow"]


async def test_error_validation_message_says_what_is_wrong(
    client: AsyncTestClient[Litestar],
) -> None:
    unknown = error_of(await client.post("/api/spaces", json={"email": "me@example.com"}))
    too_long = error_of(await client.post("/api/spaces", json={"device_label": "x" * 61}))
    wrong_type = error_of(await client.post("/api/spaces", json={"device_label": 7}))
    assert "unknown field" in unknown["message"]
    assert "60" in too_long["message"]
    assert "str" in wrong_type["message"]


async def test_error_malformed_json_is_refused_with_the_shape(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    response = await client.post(
        "/api/spaces", content=b'{"device_label": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"
    assert snapshot(settings)["spaces"] == []


async def test_error_body_over_64_kib_is_refused_unread(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await sign_in_new_space(client)
    before = snapshot(settings)
    response = await client.patch("/api/devices/whatever", json={"label": "x" * (64 * 1024 + 1)})
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert snapshot(settings) == before


async def test_error_body_just_under_the_limit_reaches_validation(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.post("/api/spaces", json={"device_label": "x" * (60 * 1024)})
    # Past the size check, the label's own limit answers.
    assert response.status_code == 400
    assert error_of(response)["field"] == "device_label"


@get("/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("database password is hunter2")


@get("/gone", sync_to_thread=False)
def gone() -> None:
    raise NotFound("No such exercise.", field="exercise_id")


@get("/clash", sync_to_thread=False)
def clash() -> None:
    raise Conflict("That check-in was already saved with other values.")


@get("/huge", sync_to_thread=False)
def huge() -> None:
    raise PayloadTooLarge("Calendar files can be at most 2 MB.", field="file")


@pytest.mark.parametrize(
    ("path", "status", "code", "field", "message"),
    [
        ("/boom", 500, "internal", None, "Something went wrong on our side."),
        ("/gone", 404, "not_found", "exercise_id", "No such exercise."),
        ("/clash", 409, "conflict", None, "That check-in was already saved with other values."),
        ("/huge", 413, "too_large", "file", "Calendar files can be at most 2 MB."),
    ],
)
async def test_error_handlers_render_app_errors_and_hide_crashes(
    path: str, status: int, code: str, field: str | None, message: str
) -> None:
    throwaway = Litestar(
        route_handlers=[boom, gone, clash, huge],
        exception_handlers=EXCEPTION_HANDLERS,
        debug=False,
        logging_config=None,
    )
    async with AsyncTestClient(throwaway) as client:
        response = await client.get(path)
    assert response.status_code == status
    error = error_of(response)
    assert (error["code"], error["field"], error["message"]) == (code, field, message)
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
