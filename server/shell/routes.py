"""Serve the PWA shell: index and service worker never from an HTTP cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.file_system import BaseLocalFileSystem
from litestar.response import File
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler
from litestar.types.file_types import FileInfo

from server.shell.version import INDEX_FILE, ShellVersion

NO_CACHE = CacheControlHeader(no_cache=True)


class ShellFiles(BaseLocalFileSystem):
    """Shell files on disk, where any path the system cannot look up is simply not there."""

    async def info(self, path: Any, **kwargs: Any) -> FileInfo:
        """Describe a file, or say it is missing for NUL bytes, overlong names or no access."""
        try:
            return await super().info(path, **kwargs)
        except (OSError, ValueError):
            # Litestar turns other errors into a 500, or a 401 naming the server's path.
            raise FileNotFoundError(path) from None


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
        path="/",
        directories=[root],
        cache_control=NO_CACHE,
        name="shell",
        html_mode=False,
        file_system=ShellFiles(),
    )
    return [index, service_worker, static]
