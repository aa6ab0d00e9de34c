"""Serve Attune for a test that sends reminders to the local push stand-in.

    python tests/support/reminder_server.py     # ATTUNE_* variables as for `attune serve`

The server never reads allow_local_push from the environment (an operator must not be able to
switch SSRF protection off); this launcher, for tests only, builds Settings with it and the
stand-in's host, and calls the same serve function `attune serve` does. ATTUNE_TEST_LEASE_SECONDS
shortens the reminder lease, so a restart test waits seconds, not minutes, for a dead server's
claims to run out.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server import cli
from server.reminders import loop
from server.settings import settings_from_env


def main() -> int:
    lease = os.environ.get("ATTUNE_TEST_LEASE_SECONDS")
    if lease:
        loop.LEASE = timedelta(seconds=float(lease))
    settings = settings_from_env(allow_local_push=True, push_hosts=("127.0.0.1",))
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    return cli.serve(settings)


if __name__ == "__main__":
    raise SystemExit(main())
