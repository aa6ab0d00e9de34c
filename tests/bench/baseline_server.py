"""The baseline for bench_api_load.py: a one-endpoint Litestar app served by `attune serve` itself.

Run as a script with the same ATTUNE_* variables as Attune. It swaps `create_app` for a factory
that builds this app and then runs `server.cli.main(["serve"])`, so uvicorn gets exactly the
settings Attune gets (loop, HTTP implementation, one worker, proxy headers, access log), even
when server/cli.py changes. GET /baseline answers BASELINE_BODY, encoded by msgspec.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from litestar import Litestar, get

import server.app
import server.cli

BASELINE_PATH = "/baseline"
BASELINE_BODY = {"status": "ok", "version": 1, "items": [1, 2, 3]}


@get(BASELINE_PATH)
async def baseline() -> dict[str, Any]:
    return BASELINE_BODY


def create_baseline_app(*_: Any, **__: Any) -> Litestar:
    return Litestar(route_handlers=[baseline], logging_config=None, debug=False)


if __name__ == "__main__":
    server.app.create_app = create_baseline_app  # type: ignore[assignment]
    if hasattr(server.cli, "create_app"):
        server.cli.create_app = create_baseline_app
    sys.exit(server.cli.main(["serve"]))
