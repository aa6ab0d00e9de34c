"""The player's timing is a pure function of steps, start, pauses and now: a table in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .browser import PHONE, RunningServer, open_app

pytestmark = pytest.mark.e2e

STEPS = [{"seconds": 10}, {"seconds": 20}, {"seconds": 30}]
# performance.now() rarely starts at a round number.
START = 1234.5


@pytest.fixture(scope="module")
def page(browser: Browser, live_server: RunningServer) -> Iterator[Page]:
    context = browser.new_context(**PHONE, base_url=live_server.base_url)
    page, _ = open_app(context)
    yield page
    context.close()


def state_at(page: Page, now_ms: float, pauses: list[dict[str, Any]] | None = None) -> Any:
    return page.evaluate(
        "async (args) => (await import('/js/practice/player-clock.js')).playerState(args)",
        {"steps": STEPS, "startedAt": START, "pauses": pauses or [], "now": START + now_ms},
    )


@pytest.mark.parametrize(
    ("at_ms", "step", "step_elapsed_ms", "remaining", "done"),
    [
        (0, 0, 0, 60, False),
        (9_999, 0, 9_999, 51, False),
        (10_000, 1, 0, 50, False),
        (15_000, 1, 5_000, 45, False),
        (30_000, 2, 0, 30, False),
        (45_000, 2, 15_000, 15, False),
        (59_000, 2, 29_000, 1, False),
        (59_999, 2, 29_999, 1, False),
        (60_000, 2, 30_000, 0, True),
        # Long after the end (a phone left in a drawer): still the end, never past it.
        (600_000, 2, 30_000, 0, True),
        # A clock read just before the start counts as the start.
        (-50, 0, 0, 60, False),
    ],
)
def test_player_clock_finds_the_step_for_the_elapsed_time(
    page: Page, at_ms: int, step: int, step_elapsed_ms: int, remaining: int, done: bool
) -> None:
    state = state_at(page, at_ms)
    assert (state["stepIndex"], state["stepElapsedMs"], state["remaining"], state["done"]) == (
        step,
        step_elapsed_ms,
        remaining,
        done,
    )


@pytest.mark.parametrize(
    ("at_ms", "pauses", "elapsed_ms", "step"),
    [
        # Paused 10 s → 40 s: at 45 s only 15 s count.
        (45_000, [(10_000, 40_000)], 15_000, 1),
        # Still paused since 20 s: time stands still however long it lasts.
        (500_000, [(20_000, None)], 20_000, 1),
        # Two pauses add up.
        (50_000, [(5_000, 10_000), (20_000, 30_000)], 35_000, 2),
        # A pause that has not started yet by now counts nothing.
        (8_000, [(9_000, None)], 8_000, 0),
        # Paused for longer than the exercise: the run is not over.
        (200_000, [(30_000, 190_000)], 40_000, 2),
    ],
)
def test_player_clock_leaves_paused_time_out(
    page: Page,
    at_ms: int,
    pauses: list[tuple[int, int | None]],
    elapsed_ms: int,
    step: int,
) -> None:
    spans = [
        {"from": START + start, "to": None if end is None else START + end} for start, end in pauses
    ]
    state = state_at(page, at_ms, spans)
    assert (state["elapsedMs"], state["stepIndex"], state["done"]) == (elapsed_ms, step, False)


@pytest.mark.parametrize(
    ("elapsed_ms", "logged"), [(0, 0), (999, 0), (1_000, 1), (20_000, 20), (20_999, 20)]
)
def test_player_clock_logs_whole_seconds_practised(
    page: Page, elapsed_ms: int, logged: int
) -> None:
    seconds = page.evaluate(
        "async (elapsedMs) => "
        "(await import('/js/practice/player-clock.js')).practisedSeconds({elapsedMs})",
        elapsed_ms,
    )
    assert seconds == logged
