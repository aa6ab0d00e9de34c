"""Serve the PWA shell: index and service worker never from an HTTP cache."""

from __future__ import annotations

from pathlib import Path

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.response import File
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from server.shell.version import INDEX_FILE, ShellVersion

NO_CACHE = CacheControlHeader(no_cache=True)


def shell_routes(root: Path) -> list[ControllerRouterHandler]:
    """Return the handlers for /, /sw.js and every other shell file under root."""
    versions = ShellVersion(root)

    @get("/", include_in_schema=False, cache_control=NO_CACHE)
    async def index() -> File:
        return File(root / INDEX_FILE, content_disposition_type="inline", media_type="text/html")

    @get("/sw.js", include_in_schema=False, cache_control=NO_CACHE)
    async def service_worker() -> Response[str]:
        return Response(
            versions.service_worker(),
            media_type="text/javascript",
            headers={"Service-Worker-Allowed": "/"},
        )

    static = create_static_files_router(
        path="/", directories=[root], cache_control=NO_CACHE, name="shell", html_mode=False
    )
    return [index, service_worker, static]
