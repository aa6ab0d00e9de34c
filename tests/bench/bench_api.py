"""Benchmark the API in process: sign-in lookups and space creation on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from litestar.testing import AsyncTestClient

from server.app import create_app
from server.settings import settings_from_env

REQUESTS = 2000
SPACES = 300


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_from_env(
            {}, data_dir=str(Path(tmp) / "data"), spaces_per_hour_per_address=SPACES * 2
        )
        app = create_app(settings)
        async with AsyncTestClient(app) as client:
            started = time.perf_counter()
            for _ in range(SPACES):
                client.cookies.clear()
                response = await client.post("/api/spaces", json={})
                assert response.status_code == 201
            creation_seconds = time.perf_counter() - started

            latencies = []
            for _ in range(REQUESTS):
                t0 = time.perf_counter()
                response = await client.get("/api/session")
                latencies.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "name": "api_session_lookup",
                "requests": REQUESTS,
                "p50_ms": round(statistics.median(latencies), 3),
                "p95_ms": round(_percentile(latencies, 0.95), 3),
                "requests_per_second": round(REQUESTS / (sum(latencies) / 1000), 1),
                "peak_rss_mib": round(peak_kib / 1024, 1),
            }
        )
    )
    print(
        json.dumps(
            {
                "name": "api_space_creation",
                "spaces": SPACES,
                "spaces_per_second": round(SPACES / creation_seconds, 1),
                "mean_ms": round(creation_seconds * 1000 / SPACES, 3),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
