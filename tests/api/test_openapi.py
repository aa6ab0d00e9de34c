"""The OpenAPI document describes every API route as it really behaves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import AsyncTestClient


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
            for content in responses[status].get("content", {}).values():
                assert content["schema"] == {"type": "null"}, (method, path)
            continue
        schema = responses[status]["content"]["application/json"]["schema"]
        assert _resolve(spec, schema).get("properties"), (method, path)


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
