""" "What now": the suggestion is a pure function of the library, the last check-in and history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .browser import PHONE, ROOT, RunningServer, open_app

pytestmark = pytest.mark.e2e

LIBRARY = json.loads((ROOT / "pwa" / "data" / "exercises.json").read_text("utf-8"))["exercises"]
EFFECT = {exercise["id"]: exercise["effect"] for exercise in LIBRARY}
IDS = [exercise["id"] for exercise in LIBRARY]
NOW = datetime(2026, 3, 4, 10, 50, tzinfo=UTC)


def check_in(presence: int, energy: int, minutes_ago: int = 10) -> dict[str, Any]:
    moment = NOW - timedelta(minutes=minutes_ago)
    return {"presence": presence, "energy": energy, "checked_in_at": moment.isoformat()}


@pytest.fixture(scope="module")
def page(browser: Browser, live_server: RunningServer) -> Iterator[Page]:
    context = browser.new_context(**PHONE, base_url=live_server.base_url)
    page, _ = open_app(context)
    # A suggestion must never depend on chance: any use of Math.random fails the call.
    page.evaluate("() => { Math.random = () => { throw new Error('Math.random used'); }; }")
    yield page
    context.close()


def suggest(
    page: Page,
    last_check_in: dict[str, Any] | None = None,
    recent: list[str] | None = None,
    now: datetime = NOW,
) -> tuple[str, str]:
    result = page.evaluate(
        """async (args) => {
            const { suggestExercise } = await import('/js/practice/suggest.js');
            const { exercise, reason } = suggestExercise(args);
            return [exercise.id, reason];
        }""",
        {
            "exercises": LIBRARY,
            "lastCheckIn": last_check_in,
            "recentExerciseIds": recent or [],
            "now": now.isoformat(),
        },
    )
    return result[0], result[1]


@pytest.mark.parametrize(
    ("last_check_in", "recent", "effect", "reason", "expected_id"),
    [
        # Low energy: something energising; of the two, never the one just done.
        (check_in(4, 1), [], "energising", "energy", None),
        (check_in(4, 2), ["colour-hunt"], "energising", "energy", "stretch-and-wake"),
        (check_in(3, 1), ["stretch-and-wake"], "energising", "energy", "colour-hunt"),
        # Both done lately: the one done longer ago.
        (
            check_in(5, 2),
            ["colour-hunt", "box-breathing", "stretch-and-wake"],
            "energising",
            "energy",
            "stretch-and-wake",
        ),
        # Scattered: something grounding, not the one just done.
        (check_in(1, 4), [], "grounding", "presence", None),
        (check_in(2, 5), ["feet-on-the-floor"], "grounding", "presence", None),
        # Scattered and depleted: landing comes first.
        (check_in(1, 1), [], "grounding", "presence", None),
        (check_in(2, 2), ["five-senses"], "grounding", "presence", None),
        # A steady check-in asks for nothing in particular: variety.
        (check_in(4, 4), ["box-breathing"], None, "variety", None),
        # Hours-old low energy says little about now.
        (check_in(4, 1, minutes_ago=5 * 60), ["box-breathing"], None, "variety", None),
        # No history at all.
        (None, [], None, "first", None),
    ],
)
def test_suggestion_follows_the_last_check_in(
    page: Page,
    last_check_in: dict[str, Any] | None,
    recent: list[str],
    effect: str | None,
    reason: str,
    expected_id: str | None,
) -> None:
    exercise_id, why = suggest(page, last_check_in, recent)
    assert why == reason
    if effect:
        assert EFFECT[exercise_id] == effect
    if expected_id:
        assert exercise_id == expected_id
    if recent:
        assert exercise_id != recent[0]


@pytest.mark.parametrize("last_done", IDS)
def test_suggestion_is_never_the_exercise_just_done(page: Page, last_done: str) -> None:
    for check in (None, check_in(4, 1), check_in(1, 4), check_in(1, 1)):
        assert suggest(page, check, [last_done])[0] != last_done


def test_suggestion_prefers_what_was_not_done_lately(page: Page) -> None:
    left_out = "walking-side-by-side"
    recent = [exercise_id for exercise_id in IDS if exercise_id != left_out]
    assert suggest(page, None, recent) == (left_out, "variety")
    # Everything done lately: the one done longest ago.
    everything = [*recent, left_out]
    assert suggest(page, None, everything)[0] == left_out
    assert suggest(page, None, list(reversed(everything)))[0] == everything[0]


def test_suggestion_is_the_same_for_the_same_moment_and_varies_by_day(page: Page) -> None:
    recent = ["box-breathing"]
    assert suggest(page, None, recent) == suggest(page, None, recent)
    week = {suggest(page, None, recent, NOW + timedelta(days=day))[0] for day in range(7)}
    assert len(week) > 1, "the same exercise every day of the week"
