"""The sender's pure parts: Retry-After, and what each answer means."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.push.sender import parse_retry_after
from server.push.service import outcome_of

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


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (201, "delivered"),
        (200, "delivered"),
        (202, "delivered"),
        (404, "gone"),
        (410, "gone"),
        (400, "rejected"),
        (413, "rejected"),
        (301, "rejected"),
        (401, "unauthorized"),
        (403, "unauthorized"),
        (408, "retry"),
        (429, "retry"),
        (500, "retry"),
        (503, "retry"),
        (None, "retry"),
    ],
)
def test_push_answer_is_classified_by_the_delivery_policy(status: int | None, outcome: str) -> None:
    assert outcome_of(status) == outcome
