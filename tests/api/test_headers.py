"""Security headers on every response, HSTS only over https, and gzip for larger text."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from factories import make_settings
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.clock import FakeClock

from server.app import create_app

PATHS = [
    ("GET", "/"),
    ("GET", "/sw.js"),
    ("GET", "/manifest.webmanifest"),
    ("GET", "/api/health"),
    ("GET", "/api/session"),
    ("POST", "/api/spaces"),
    ("GET", "/api/no-such-thing"),
    ("PUT", "/api/spaces"),
    ("GET", "/schema/openapi.json"),
]


def assert_security_headers(response: httpx.Response) -> None:
    csp = response.headers["content-security-policy"]
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";")}
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_headers_secure_every_response(
    client: AsyncTestClient[Litestar], method: str, path: str
) -> None:
    response = await client.request(method, path, json={} if method != "GET" else None)
    assert_security_headers(response)
    assert "strict-transport-security" not in response.headers


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_headers_include_hsts_when_served_over_https(
    tmp_path: Path, clock: FakeClock, method: str, path: str
) -> None:
    app = create_app(make_settings(tmp_path, public_url="https://attune.example"), clock=clock)
    async with AsyncTestClient(app, base_url="https://attune.example") as client:
        response = await client.request(method, path, json={} if method != "GET" else None)
    assert_security_headers(response)
    assert response.headers["strict-transport-security"].startswith("max-age=")
    max_age = int(response.headers["strict-transport-security"].split("=")[1].split(";")[0])
    assert max_age >= 180 * 24 * 3600


async def test_headers_shell_index_has_no_inline_script(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # The CSP refuses inline script, so every script the shell has must come from a file.
    for tag in re.findall(r"<script\b[^>]*>", response.text, flags=re.IGNORECASE):
        assert "src=" in tag, tag


async def test_headers_gzip_larger_text_when_asked(client: AsyncTestClient[Litestar]) -> None:
    plain = await client.get("/schema/openapi.json", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(plain.content) > 500
    zipped = await client.get("/schema/openapi.json", headers={"accept-encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decoded it: the same document
    assert_security_headers(zipped)


async def test_headers_small_responses_stay_uncompressed(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/api/health", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
