"""The exercise player on Playwright's clock: lines on time, pause, end, cues, reduced motion."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import ROOT, ProblemLog, open_app, wait_until
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

LIBRARY = {
    exercise["id"]: exercise
    for exercise in json.loads((ROOT / "pwa" / "data" / "exercises.json").read_text("utf-8"))[
        "exercises"
    ]
}
# Line boundaries of 5-4-3-2-1 fall on none of 0/8/15/30/45/59 s, so each check is unambiguous.
SENSES = LIBRARY["five-senses"]

# Records what the live region says, in order (what a screen reader would be told).
RECORD_ANNOUNCEMENTS = """
window.announced = [];
addEventListener("DOMContentLoaded", () => {
  new MutationObserver((records) => {
    const regions = new Set(records.map((record) => {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      return node?.closest('main [aria-live="polite"]');
    }).filter(Boolean));
    for (const region of regions) if (region.textContent) window.announced.push(region.textContent);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});
"""

# Wraps the browser's vibrate to see which patterns the page asks for.
RECORD_VIBRATIONS = """
window.vibrations = [];
const vibrate = navigator.vibrate?.bind(navigator);
navigator.vibrate = (pattern) => {
  window.vibrations.push(pattern);
  return vibrate ? vibrate(pattern) : true;
};
"""


def guidance(page: Page, exercise: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The exercise's lines of guidance, step by step, as the player derives them."""
    result: list[list[dict[str, Any]]] = page.evaluate(
        "async (steps) => (await import('/js/practice/guidance.js')).guidanceLines(steps)",
        exercise["steps"],
    )
    return result


def every_line(page: Page, exercise: dict[str, Any]) -> list[str]:
    return [line["text"] for lines in guidance(page, exercise) for line in lines]


def line_at(page: Page, exercise: dict[str, Any], seconds: float) -> str:
    """The line that owns this moment; a line starts the instant the one before it ends."""
    start = 0.0
    for step, lines in zip(exercise["steps"], guidance(page, exercise), strict=True):
        if seconds < start + step["seconds"]:
            shown = [line for line in lines if line["fromMs"] <= (seconds - start) * 1000]
            return str(shown[-1]["text"])
        start += step["seconds"]
    return str(guidance(page, exercise)[-1][-1]["text"])


def start_exercise(
    new_phone: PhoneFactory, exercise_id: str, init_script: str = "", **phone: Any
) -> tuple[Page, ProblemLog]:
    """Open Today, stop the browser clock, then follow a link to the exercise: it starts at once."""
    context = new_phone(**phone)
    context.add_init_script(RECORD_ANNOUNCEMENTS + init_script)
    # The server checks logged times against the real clock, so the page starts from it too.
    context.clock.install(time=datetime.now(UTC))
    page, problems = open_app(context)
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))
    page.evaluate("(id) => { location.hash = `#/ground?exercise=${id}`; }", exercise_id)
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    # One frame on: the first line is written once the screen shows, so it is read out too.
    page.clock.run_for(20)
    expect(step_line(page)).to_have_text(every_line(page, LIBRARY[exercise_id])[0])
    # Focus moves to the exercise's title, the heading of the screen now showing.
    expect(page.get_by_role("heading", level=1, name=LIBRARY[exercise_id]["title"])).to_be_focused()
    return page, problems


def step_line(page: Page) -> Any:
    return page.locator("main [aria-live='polite']")


def left(page: Page) -> Any:
    return page.locator(".player-remaining")


def announced(page: Page) -> list[str]:
    result: list[str] = page.evaluate("() => window.announced")
    return result


def server_logs(page: Page) -> list[dict[str, Any]]:
    # The outbox retries on timers: let the clock run again before waiting on the server.
    page.clock.resume()
    wait_until(
        page,
        "async () => (await (await fetch('/api/exercise-logs/')).json()).exercise_logs.length",
        "the exercise log to reach the server",
    )
    body = page.evaluate("() => fetch('/api/exercise-logs/').then((r) => r.json())")
    logs: list[dict[str, Any]] = body["exercise_logs"]
    return logs


def test_player_shows_each_step_on_time_and_ends_at_60_seconds(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "five-senses", timezone_id="Pacific/Chatham")
    expect(left(page)).to_have_text("1:00")
    elapsed = 0
    for seconds, countdown in [(8, "0:52"), (15, "0:45"), (30, "0:30"), (45, "0:15"), (59, "0:01")]:
        page.clock.run_for((seconds - elapsed) * 1000)
        elapsed = seconds
        expect(step_line(page)).to_have_text(line_at(page, SENSES, seconds))
        expect(left(page)).to_have_text(countdown)

    page.clock.run_for(1000)
    expect(page.get_by_role("heading", level=1, name="One minute, done.")).to_be_focused()
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    # Every line was read out once, in order, and nothing else.
    assert announced(page) == every_line(page, SENSES)
    [log] = server_logs(page)
    assert (log["exercise_id"], log["completed"], log["duration_seconds"]) == (
        "five-senses",
        True,
        60,
    )
    # The run is kept on the phone's local day, with the phone's own offset (+12:45 or +13:45).
    local = page.evaluate(
        """(iso) => { const d = new Date(iso);
          return [-d.getTimezoneOffset(), d.toLocaleDateString("en-CA")]; }""",
        log["started_at"],
    )
    assert [log["utc_offset_minutes"], log["local_day"]] == local
    assert log["utc_offset_minutes"] in (765, 825)
    problems.assert_none()


def set_visibility(page: Page, state: str) -> None:
    """Headless Chromium never hides a tab, so tell the page the way a browser would."""
    page.evaluate(
        """(state) => {
            const define = (name, value) =>
                Object.defineProperty(document, name, { configurable: true, get: () => value });
            define("visibilityState", state);
            define("hidden", state === "hidden");
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def test_player_shows_the_right_step_after_the_tab_sleeps(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "five-senses")
    page.clock.run_for(10_000)
    before = line_at(page, SENSES, 10)
    expect(step_line(page)).to_have_text(before)

    set_visibility(page, "hidden")
    # 40 s pass at once: timers that were due fire late, and only once.
    page.clock.fast_forward(40_000)
    set_visibility(page, "visible")

    now_showing = line_at(page, SENSES, 50)
    expect(step_line(page)).to_have_text(now_showing)
    expect(left(page)).to_have_text("0:10")
    # Read out: each line up to the sleep, then the line shown now; not a burst of stale ones.
    heard = announced(page)
    lines = every_line(page, SENSES)
    assert heard == [*lines[: lines.index(before) + 1], now_showing]
    problems.assert_none()


def test_end_at_20_seconds_logs_a_partial_run_of_20_seconds(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "box-breathing")
    page.clock.run_for(20_000)
    page.get_by_role("button", name="End").click()
    expect(page.get_by_role("heading", name="Stopped early. It still counts.")).to_be_focused()
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    [log] = server_logs(page)
    assert (log["exercise_id"], log["completed"], log["duration_seconds"]) == (
        "box-breathing",
        False,
        20,
    )

    page.get_by_label("4 mostly here").check()
    page.get_by_label("2 low").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="You're ready.")).to_be_visible()
    wait_until(
        page,
        "async () => (await (await fetch('/api/check-ins/')).json()).check_ins.length",
        "the check-in to reach the server",
    )
    check_ins = page.evaluate("() => fetch('/api/check-ins/').then((r) => r.json())")["check_ins"]
    assert [(c["moment"], c["exercise_log_id"]) for c in check_ins] == [("after", log["id"])]
    problems.assert_none()


def test_an_end_within_the_first_second_logs_nothing(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "box-breathing")
    page.clock.run_for(900)
    page.get_by_role("button", name="End").click()
    expect(page).to_have_url(re.compile(r"#/$"))
    expect(page.locator("body")).not_to_have_attribute("data-immersive", "true")
    page.clock.resume()
    pending = page.evaluate("() => import('/js/core/outbox.js').then((o) => o.pending())")
    assert pending == []
    body = page.evaluate("() => fetch('/api/exercise-logs/').then((r) => r.json())")
    assert body["exercise_logs"] == []
    problems.assert_none()


def test_pause_leaves_the_paused_time_out(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "five-senses")
    page.clock.run_for(10_000)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.clock.run_for(30_000)
    expect(step_line(page)).to_have_text(line_at(page, SENSES, 10))
    expect(left(page)).to_have_text("0:50")

    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(5_000)
    expect(step_line(page)).to_have_text(line_at(page, SENSES, 15))
    expect(left(page)).to_have_text("0:45")
    problems.assert_none()


def breath_motion(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
            const circle = document.querySelector(".breath-circle");
            return {
                animations: document.getAnimations().length,
                duration: getComputedStyle(circle).transitionDuration,
            };
        }"""
    )
    return result


def test_breath_shape_moves_only_without_reduced_motion(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "box-breathing")
    # 6 s in, box breathing's first breath in begins (4 s): with reduced motion, nothing moves.
    page.emulate_media(reduced_motion="reduce")
    page.clock.run_for(6_500)
    expect(page.locator(".breath-word")).to_have_text("Breathe in")
    assert breath_motion(page) == {"animations": 0, "duration": "0s"}

    # At 14 s the breath out begins: without reduced motion the shape shrinks over its 4 s.
    page.emulate_media(reduced_motion="no-preference")
    page.clock.run_for(8_000)
    expect(page.locator(".breath-word")).to_have_text("Breathe out")
    motion = breath_motion(page)
    assert motion["animations"] >= 1
    assert motion["duration"] == "4s"
    problems.assert_none()


def test_buzz_and_tones_are_remembered_and_buzz_differs_for_in_and_out(
    new_phone: PhoneFactory,
) -> None:
    page, problems = start_exercise(new_phone, "box-breathing", RECORD_VIBRATIONS)
    # Tucked away: the switches open from one small button.
    sound = page.get_by_role("button", name="Sound & buzz")
    expect(sound).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("button", name="Buzz", exact=True)).to_be_hidden()
    sound.click()
    expect(sound).to_have_attribute("aria-expanded", "true")
    buzz = page.get_by_role("button", name="Buzz", exact=True)
    tones = page.get_by_role("button", name="Tones", exact=True)
    expect(buzz).to_have_attribute("aria-pressed", "false")
    expect(tones).to_have_attribute("aria-pressed", "false")
    buzz.click()
    tones.click()
    expect(buzz).to_have_attribute("aria-pressed", "true")
    page.clock.run_for(6_000)
    breathe_in = page.evaluate("() => window.vibrations.slice()")
    page.clock.run_for(8_000)
    expect(page.locator(".breath-word")).to_have_text("Breathe out")
    after_out = page.evaluate("() => window.vibrations.slice()")
    pattern_in, pattern_out = breathe_in[-1], after_out[-1]
    assert pattern_in != pattern_out, "breathing in and out buzz the same way"
    assert len(pattern_in) != len(pattern_out)

    page.reload()
    page.get_by_role("button", name="Sound & buzz").click()
    expect(page.get_by_role("button", name="Buzz", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="Tones", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    problems.assert_none()


def test_reloading_mid_run_keeps_the_minutes_done_as_a_partial(new_phone: PhoneFactory) -> None:
    page, problems = start_exercise(new_phone, "five-senses")
    page.clock.run_for(25_000)
    page.reload()
    # The route starts the minute again; the 25 s done before the reload are a partial run.
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    [log] = server_logs(page)
    assert (log["completed"], log["duration_seconds"]) == (False, 25)
    problems.assert_none()
