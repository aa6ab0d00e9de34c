"""Schemathesis drives every operation of the app's own OpenAPI document against the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from factories import make_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from litestar import Litestar
from litestar.testing import TestClient
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from support.clock import FakeClock

from server.app import create_app
from server.context import CSRF_HEADER, SESSION_COOKIE

# Enough to reach each operation's validation and its handler; the file runs in ~15 s on 2 cores.
EXAMPLES_PER_MODE = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=EXAMPLES_PER_MODE,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api(tmp_path: Path, clock: FakeClock) -> Iterator[TestClient[Litestar]]:
    """The real app, lifespan running, with rate limits out of the way of many sign-ins."""
    settings = make_settings(
        tmp_path, spaces_per_hour_per_address=10_000, pairing_attempts_per_10min=10_000
    )
    with TestClient(create_app(settings, clock=clock)) as client:
        yield client


def _sign_in(api: TestClient[Litestar]) -> dict[str, str]:
    """Create a space; return the headers that sign every later request in to it."""
    response = api.post("/api/spaces", json={})
    assert response.status_code == 201, response.text
    token = response.cookies[SESSION_COOKIE]
    api.cookies.clear()
    return {"cookie": f"{SESSION_COOKIE}={token}", CSRF_HEADER: response.json()["csrf_token"]}


def _send(api: TestClient[Litestar], case: Case, session: dict[str, str]) -> httpx.Response:
    """Send a generated case through the test client, signed in, keeping no cookie it sets."""
    kwargs = case.as_transport_kwargs(base_url=str(api.base_url), headers=session)
    body: dict[str, Any] = {}
    if "json" in kwargs:
        body["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        body["content"] = kwargs["data"]
    response = api.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        **body,
    )
    # A generated POST /api/spaces signs the client in elsewhere; the next case must not follow.
    api.cookies.clear()
    return response


def _fuzz(api: TestClient[Litestar], operation: APIOperation, mode: GenerationMode) -> str | None:
    """Run one operation's generated cases in one mode; return the failure, if any."""
    session = _sign_in(api)

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case) -> None:
        case.validate_response(_send(api, case, session), checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no body, free-text ids): no negative case.
        return None if mode is GenerationMode.NEGATIVE else f"{operation.label}: no cases"
    except Exception as exc:  # every operation's failure is reported together, below
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def test_schemathesis_every_operation_answers_as_documented(api: TestClient[Litestar]) -> None:
    spec = api.get("/schema/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 29
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (failure := _fuzz(api, operation, mode))
    ]
    assert not failures, "\n\n".join(failures)
