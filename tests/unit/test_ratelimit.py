"""Fixed-window rate limits per address, on a clock the test moves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.clock import FakeClock

from server.errors import TooManyRequests
from server.ratelimit import RateLimiter


def limiter(clock: FakeClock, limit: int = 3, minutes: int = 10) -> RateLimiter:
    return RateLimiter(clock, limit=limit, window=timedelta(minutes=minutes), what="code attempts")


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_rate_limiter_allows_limit_hits_then_refuses(limit: int) -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=limit)
    for _ in range(limit):
        limits.hit("203.0.113.7")
    with pytest.raises(TooManyRequests) as refused:
        limits.hit("203.0.113.7")
    assert refused.value.retry_after == 600
    assert refused.value.status_code == 429
    assert "code attempts" in refused.value.message
    assert "600 seconds" in refused.value.message


def test_rate_limiter_keeps_addresses_apart() -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=1)
    limits.hit("203.0.113.7")
    limits.hit("198.51.100.2")
    with pytest.raises(TooManyRequests):
        limits.hit("203.0.113.7")


def test_rate_limiter_check_does_not_count() -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=1)
    for _ in range(5):
        limits.check("203.0.113.7")
    limits.hit("203.0.113.7")
    with pytest.raises(TooManyRequests):
        limits.check("203.0.113.7")


def test_rate_limiter_refused_attempts_do_not_extend_the_window() -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=2)
    limits.hit("a")
    limits.hit("a")
    for _ in range(5):
        clock.advance(minutes=1)
        with pytest.raises(TooManyRequests):
            limits.hit("a")
    clock.advance(minutes=5)
    limits.hit("a")


@pytest.mark.parametrize(
    ("waited", "allowed", "retry_after"),
    [
        (timedelta(0), False, 600),
        (timedelta(minutes=4), False, 360),
        (timedelta(minutes=9, seconds=59), False, 1),
        (timedelta(minutes=9, seconds=59, milliseconds=500), False, 1),
        (timedelta(minutes=10), True, None),
        (timedelta(hours=3), True, None),
    ],
)
def test_rate_limiter_window_ends_after_its_length(
    waited: timedelta, allowed: bool, retry_after: int | None
) -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=1)
    limits.hit("a")
    clock.advance(seconds=waited.total_seconds())
    if allowed:
        limits.hit("a")
        return
    with pytest.raises(TooManyRequests) as refused:
        limits.hit("a")
    assert refused.value.retry_after == retry_after


def test_rate_limiter_window_slides_hit_by_hit() -> None:
    clock = FakeClock()
    limits = limiter(clock, limit=2)
    limits.hit("a")
    clock.advance(minutes=6)
    limits.hit("a")
    clock.advance(minutes=4)
    limits.hit("a")  # the first hit has left the window
    with pytest.raises(TooManyRequests) as refused:
        limits.hit("a")
    assert refused.value.retry_after == 360  # when the hit at minute 6 leaves
