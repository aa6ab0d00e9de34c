"""Retry-After is read as seconds or an HTTP date, relative to the injected now."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.push.sender import parse_retry_after

NOW = datetime(2025, 3, 3, 8, 55, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("Mon, 03 Mar 2025 08:55:30 GMT", 30.0),
        ("Mon, 03 Mar 2025 09:55:00 GMT", 3600.0),
        ("Mon, 03 Mar 2025 08:50:00 GMT", 0.0),
        ("99999999", 86400.0),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_push_retry_after_reads_seconds_or_a_date(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds
