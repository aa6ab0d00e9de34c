"""One tap to the minute: from Today, "Ground · 1 min" has the exercise running at once, full
screen; at its end a buzz (and a tone when tones are on), then two taps and Save. A check-in
before is offered, never required."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .browser import ProblemLog, open_app, wait_until
from .conftest import PhoneFactory
from .test_player import RECORD_VIBRATIONS, step_line

pytestmark = pytest.mark.e2e

END_PATTERN = [300, 250, 200, 250, 120]
PHONE_WIDTH, PHONE_HEIGHT = 390, 844
CLOSING_NOTE_HZ = 349.23

# Keeps every oscillator the page makes, to see which tones it played (none are heard here).
RECORD_TONES = """
window.tones = [];
const makeOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  const oscillator = makeOscillator.call(this);
  window.tones.push(oscillator);
  return oscillator;
};
"""


def signed_in_phone(new_phone: PhoneFactory) -> BrowserContext:
    """A phone whose space already exists, its clock ours to move (from the real time)."""
    context = new_phone()
    context.add_init_script(RECORD_VIBRATIONS + RECORD_TONES)
    first, _ = open_app(context)
    first.close()
    context.clock.install(time=datetime.now(UTC))
    return context


def tap_ground(context: BrowserContext) -> tuple[Page, ProblemLog]:
    """Cold open of Today, then the one tap on "Ground · 1 min"."""
    page, problems = open_app(context)
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))
    page.get_by_role("link", name="Ground · 1 min").tap()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(20)
    return page, problems


def from_server(page: Page, what: str) -> list[dict[str, Any]]:
    page.clock.resume()
    page.evaluate("() => import('/js/core/outbox.js').then((o) => o.syncNow())")
    wait_until(
        page,
        "async () => !(await import('/js/core/outbox.js').then((o) => o.pending())).length",
        "the outbox to empty",
    )
    result: list[dict[str, Any]] = page.evaluate(
        "(what) => fetch(`/api/${what}/`, {cache: 'no-store'}).then((r) => r.json())", what
    )[what.replace("-", "_")]
    return result


def vibrations(page: Page) -> list[Any]:
    result: list[Any] = page.evaluate("() => window.vibrations")
    return result


def closing_notes(page: Page) -> int:
    count: int = page.evaluate(
        "(hz) => window.tones.filter((o) => Math.abs(o.frequency.value - hz) < 0.01).length",
        CLOSING_NOTE_HZ,
    )
    return count


def test_one_tap_runs_the_minute_then_two_taps_and_save_check_in(new_phone: PhoneFactory) -> None:
    page, problems = tap_ground(signed_in_phone(new_phone))
    # Running at once, full screen, the navigation hidden, one line of guidance.
    expect(step_line(page)).not_to_be_empty()
    expect(page.locator("body")).to_have_attribute("data-immersive", "true")
    expect(page.get_by_role("button", name="End")).to_be_visible()
    expect(page.get_by_role("button", name="Check in first")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)

    page.clock.run_for(60_000)
    # The end, felt with eyes closed (a buzz, though step buzzes are off) and seen.
    expect(page.get_by_role("heading", level=1, name="One minute, done.")).to_be_focused()
    assert vibrations(page)[-1] == END_PATTERN
    assert closing_notes(page) == 0, "a closing tone with tones off"

    page.get_by_role("radio", name="4 mostly here").tap()
    page.get_by_role("radio", name="2 low").tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_role("heading", name="You're ready.")).to_be_visible()
    expect(page.locator("body")).not_to_have_attribute("data-immersive", "true")

    [log] = from_server(page, "exercise-logs")
    assert (log["completed"], log["duration_seconds"]) == (True, 60)
    [check_in] = from_server(page, "check-ins")
    assert (check_in["presence"], check_in["energy"]) == (4, 2)
    assert (check_in["moment"], check_in["exercise_log_id"]) == ("after", log["id"])
    assert (check_in["feelings"], check_in["note"]) == ([], None)
    problems.assert_none()


def test_skip_after_the_minute_records_no_check_in(new_phone: PhoneFactory) -> None:
    page, problems = tap_ground(signed_in_phone(new_phone))
    page.clock.run_for(60_000)
    page.get_by_role("button", name="Skip").tap()
    expect(page.get_by_role("heading", name="You're ready.")).to_be_visible()
    assert len(from_server(page, "exercise-logs")) == 1
    assert from_server(page, "check-ins") == []
    problems.assert_none()


def test_check_in_first_is_offered_and_the_minute_starts_again_after_it(
    new_phone: PhoneFactory,
) -> None:
    page, problems = tap_ground(signed_in_phone(new_phone))
    first_line = step_line(page).inner_text()
    page.clock.run_for(4_000)
    page.get_by_role("button", name="Check in first").tap()
    expect(page.get_by_role("heading", level=1, name="How are you arriving?")).to_be_focused()
    page.get_by_role("radio", name="2 distracted").tap()
    page.get_by_role("radio", name="3 steady").tap()
    page.get_by_role("button", name="Save", exact=True).tap()

    # From the beginning: the 4 s before the check-in were no practice and are not logged.
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(20)
    expect(step_line(page)).to_have_text(first_line)
    expect(page.locator(".player-remaining")).to_have_text("1:00")
    expect(page.get_by_role("button", name="Check in first")).to_be_visible()
    page.clock.run_for(10_000)
    expect(page.get_by_role("button", name="Check in first")).to_be_hidden()
    page.clock.run_for(50_000)
    page.get_by_role("button", name="Skip").tap()

    [log] = from_server(page, "exercise-logs")
    assert (log["completed"], log["duration_seconds"]) == (True, 60)
    [before] = from_server(page, "check-ins")
    assert (before["moment"], before["exercise_log_id"]) == ("before", log["id"])
    assert (before["presence"], before["energy"]) == (2, 3)
    problems.assert_none()


def test_closing_tone_plays_only_with_tones_on_and_end_early_has_no_end_cue(
    new_phone: PhoneFactory,
) -> None:
    page, problems = tap_ground(signed_in_phone(new_phone))
    page.get_by_role("button", name="Sound & buzz").tap()
    page.get_by_role("button", name="Tones", exact=True).tap()
    page.clock.run_for(60_000)
    expect(page.get_by_role("heading", level=1, name="One minute, done.")).to_be_visible()
    assert closing_notes(page) == 1
    assert vibrations(page)[-1] == END_PATTERN

    # Ending early is a choice already made: no closing buzz or tone.
    page.evaluate("() => { location.hash = '#/ground'; }")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(5_000)
    heard = len(vibrations(page))
    page.get_by_role("button", name="End").tap()
    expect(page.get_by_role("heading", name="Stopped early. It still counts.")).to_be_visible()
    assert END_PATTERN not in vibrations(page)[heard:]
    assert closing_notes(page) == 1
    problems.assert_none()


def test_at_200_percent_text_the_longest_line_and_pause_fit_without_scrolling(
    new_phone: PhoneFactory,
) -> None:
    context = signed_in_phone(new_phone)
    page, problems = open_app(context)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    longest = page.evaluate(
        """async () => {
            const { guidanceLines } = await import('/js/practice/guidance.js');
            const { exercises } = await (await fetch('/data/exercises.json')).json();
            let best = null;
            for (const exercise of exercises) {
                let start = 0;
                guidanceLines(exercise.steps).forEach((lines, i) => {
                    for (const line of lines) {
                        if (!best || line.text.length > best.text.length) {
                            best = { id: exercise.id, text: line.text, at: start + line.fromMs };
                        }
                    }
                    start += exercise.steps[i].seconds * 1000;
                });
            }
            return best;
        }"""
    )
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))
    page.evaluate("(id) => { location.hash = `#/ground?exercise=${id}`; }", longest["id"])
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(longest["at"] + 100)
    expect(step_line(page)).to_have_text(longest["text"])
    for name, element in (
        ("guidance", step_line(page)),
        ("Pause", page.get_by_role("button", name="Pause")),
    ):
        box = element.bounding_box()
        assert box is not None
        assert box["y"] >= 0, f"{name} is above the screen: {box}"
        assert box["y"] + box["height"] <= PHONE_HEIGHT, f"{name} is below the screen: {box}"
        assert box["x"] + box["width"] <= PHONE_WIDTH, f"{name} is off the side: {box}"
    assert page.evaluate("() => document.querySelector('.player').scrollTop") == 0
    problems.assert_none()
