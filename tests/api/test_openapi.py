"""The OpenAPI document describes every API route as it really behaves."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from factories import make_settings, sign_in_new_space
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.app import create_app


def api_operations(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    """Return (path as OpenAPI writes it, method, handler) for every /api route of the app."""
    found = []
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for handler in route.route_handlers:
            # Litestar adds an OPTIONS handler per path itself, outside the schema.
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                for method in handler.http_methods:
                    found.append((path, method.lower(), handler))
    return found


@pytest.fixture
async def spec(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved: dict[str, Any] = spec
    for part in ref.removeprefix("#/").split("/"):
        resolved = resolved[part]
    return resolved


async def test_openapi_lists_every_api_route(app: Litestar, spec: dict[str, Any]) -> None:
    expected = {(path, method) for path, method, _ in api_operations(app)}
    assert len(expected) >= 12
    documented = {
        (path, method)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert documented == expected


async def test_openapi_describes_request_bodies(app: Litestar, spec: dict[str, Any]) -> None:
    for path, method, handler in api_operations(app):
        operation = spec["paths"][path][method]
        takes_body = "data" in handler.parsed_fn_signature.parameters
        assert ("requestBody" in operation) == takes_body, (method, path)
        if takes_body:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            body = _resolve(spec, schema)
            assert body["type"] == "object", (method, path)
            assert body["properties"], (method, path)


async def test_openapi_describes_each_success_response(app: Litestar, spec: dict[str, Any]) -> None:
    for path, method, handler in api_operations(app):
        responses = spec["paths"][path][method]["responses"]
        status = str(handler.status_code)
        assert status in responses, (method, path, sorted(responses))
        if status == "204":
            assert "content" not in responses[status], (method, path)
            continue
        content = responses[status]["content"]
        if "application/json" not in content:
            # A download (the CSV zip) is described by its media type.
            assert list(content) == [str(handler.media_type)], (method, path, list(content))
            continue
        schema = content["application/json"]["schema"]
        # An answer of one of several shapes (the session, signed in or not) describes each.
        for shape in schema.get("oneOf", [schema]):
            if shape == {"type": "null"}:
                continue
            assert _resolve(spec, shape).get("properties"), (method, path)


async def test_openapi_status_codes_match_what_the_api_answers(
    client: AsyncTestClient[Litestar], spec: dict[str, Any]
) -> None:
    created = await client.post("/api/spaces", json={})
    client.headers["X-CSRF-Token"] = created.json()["csrf_token"]
    device = created.json()["device_id"]
    answers = {
        ("/api/spaces", "post"): created.status_code,
        ("/api/recovery-code", "post"): (await client.post("/api/recovery-code")).status_code,
        ("/api/recovery-code", "delete"): (await client.delete("/api/recovery-code")).status_code,
        ("/api/devices/{device_id}", "delete"): (
            await client.delete(f"/api/devices/{device}")
        ).status_code,
    }
    await client.post("/api/spaces", json={})
    client.headers["X-CSRF-Token"] = (await client.get("/api/session")).json()["csrf_token"]
    answers[("/api/space", "delete")] = (
        await client.delete("/api/space?confirm=delete+everything")
    ).status_code
    for (path, method), status in answers.items():
        assert str(status) in spec["paths"][path][method]["responses"], (method, path, status)


def _error_schema_of(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return _resolve(spec, response["content"]["application/json"]["schema"])


async def test_openapi_error_answers_all_have_the_one_error_shape(spec: dict[str, Any]) -> None:
    error_body = spec["components"]["schemas"]["ErrorBody"]
    detail = _resolve(spec, error_body["properties"]["error"])
    assert error_body["required"] == ["error"]
    assert set(detail["required"]) == {"code", "message", "field"}
    checked = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                assert _error_schema_of(spec, response) == error_body, (method, path, status)
                checked += 1
    assert checked >= 60
    # Litestar's own error schema ({"status_code", "detail", "extra"}) appears nowhere.
    assert '"status_code"' not in json.dumps(spec)


async def test_openapi_every_operation_with_input_documents_a_400(
    app: Litestar, spec: dict[str, Any]
) -> None:
    for path, method, handler in api_operations(app):
        operation = spec["paths"][path][method]
        if operation.get("parameters") or "requestBody" in operation:
            assert "400" in operation["responses"], (method, path)
        if "device" in handler.parsed_fn_signature.parameters:
            assert "401" in operation["responses"], (method, path)
        if method != "get":
            assert "403" in operation["responses"], (method, path)


@pytest.fixture
def limited_app(tmp_path: Path, clock: FakeClock) -> Litestar:
    return create_app(make_settings(tmp_path, spaces_per_hour_per_address=1), clock=clock)


async def test_openapi_documents_each_error_the_api_really_answers(
    limited_app: Litestar, clock: FakeClock
) -> None:
    async with AsyncTestClient(limited_app) as client:
        spec = (await client.get("/schema/openapi.json")).json()
        unsigned = await client.get("/api/devices")
        await sign_in_new_space(client)
        check_in = f"/api/check-ins/{uuid.uuid4()}"
        body = {"checked_in_at": clock.now().isoformat(), "presence": 3, "energy": 3}
        await client.put(check_in, json=body)
        answers = {
            ("/api/devices", "get"): unsigned,
            ("/api/check-ins/{check_in_id}", "put"): await client.put(
                check_in, json={**body, "energy": 4}
            ),
            ("/api/devices/{device_id}", "delete"): await client.delete("/api/devices/nope"),
            ("/api/devices/{device_id}", "patch"): await client.patch(
                "/api/devices/nope", json={"label": "x" * 70_000}
            ),
            ("/api/schedule", "get"): await client.get("/api/schedule?from=soon"),
            ("/api/pairing-codes/claim", "post"): await client.post(
                "/api/pairing-codes/claim", json={"code": "ABCD-EFGH"}
            ),
        }
        client.headers.pop("X-CSRF-Token")
        answers[("/api/recovery-code", "post")] = await client.post("/api/recovery-code")
        client.cookies.clear()
        # The first space used this address's one creation for the hour.
        answers[("/api/spaces", "post")] = await client.post("/api/spaces", json={})
    statuses = {key: response.status_code for key, response in answers.items()}
    assert set(statuses.values()) == {400, 401, 403, 404, 409, 413, 429}, statuses
    for (path, method), response in answers.items():
        assert str(response.status_code) in spec["paths"][path][method]["responses"], (
            method,
            path,
            response.status_code,
        )
        assert set(response.json()["error"]) == {"code", "message", "field"}
