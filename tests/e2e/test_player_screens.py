"""Every screen of "Ground · 1 min" passes axe in light and dark and at 200 % text, with named,
thumb-sized controls and no sideways scrolling at 200 % zoom: the exercise list, the player
running, paused and with its sound switches open, both check-ins, and the close. One page walks
through them all, so it stays quick."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from .browser import go, open_app, run_axe
from .conftest import PhoneFactory
from .test_accessibility import MIN_TARGET_PX, UNNAMED_OR_SMALL

pytestmark = pytest.mark.e2e

# A 390 px wide phone at 200 % zoom lays out like a 195 px wide one.
ZOOMED = {"width": 195, "height": 422}
PHONE_SIZE = {"width": 390, "height": 844}


def check_screen(page: Page, name: str) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        run_axe(page, f"{name} ({scheme})")
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        run_axe(page, f"{name} ({scheme}, 200 % text)")
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    page.emulate_media(color_scheme="light")

    controls = page.evaluate(UNNAMED_OR_SMALL)
    assert controls, f"no controls found on {name}"
    unnamed = [c["element"] for c in controls if not c["name"]]
    small = [c for c in controls if c["width"] < MIN_TARGET_PX or c["height"] < MIN_TARGET_PX]
    assert not unnamed, f"controls without an accessible name on {name}: {unnamed}"
    assert not small, f"controls smaller than {MIN_TARGET_PX}px on {name}: {small}"

    page.set_viewport_size(ZOOMED)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    page.set_viewport_size(PHONE_SIZE)
    assert widths[0] <= widths[1], f"{name} scrolls sideways at 200 % zoom"


def test_ground_screens_are_accessible_in_light_and_dark(new_phone: PhoneFactory) -> None:
    context = new_phone()
    # The clock runs (axe waits on timers); it only jumps ahead so Stop has something to log.
    context.clock.install(time=datetime.now(UTC))
    page, problems = open_app(context, "/#/exercises")

    def press(name: str) -> Callable[[], None]:
        return lambda: page.get_by_role("button", name=name, exact=True).click()

    def pause_after_eight_seconds() -> None:
        page.clock.fast_forward(8_000)
        press("Pause")()

    def end_then_add_a_word() -> None:
        press("End")()
        press("Add a word or a note")()

    screens: list[tuple[str, Callable[[], None], Locator]] = [
        ("exercise list", lambda: None, page.get_by_role("heading", name="To wake up a little")),
        (
            "exercise running",
            lambda: page.get_by_role("link", name="Box breathing").click(),
            page.get_by_role("button", name="Pause"),
        ),
        ("exercise paused", pause_after_eight_seconds, page.get_by_role("button", name="Resume")),
        ("sound switches", press("Sound & buzz"), page.get_by_role("button", name="Tones")),
        ("check-in after", end_then_add_a_word, page.get_by_role("button", name="calm")),
        ("ready", press("Skip"), page.get_by_role("heading", name="You're ready.")),
        (
            "check-in before",
            lambda: (
                go(page, "#/ground?exercise=five-senses", "5-4-3-2-1"),
                press("Check in first")(),
            ),
            page.get_by_role("heading", name="How are you arriving?"),
        ),
    ]
    for name, reach, landmark in screens:
        reach()
        expect(landmark).to_be_visible()
        check_screen(page, name)
    problems.assert_none()
