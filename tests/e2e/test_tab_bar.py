"""The tab bar: Today, Schedule, History and Settings at the bottom, in reach of a thumb."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import go, open_app
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

MIN_TARGET_PX = 44
VIEWPORT_HEIGHT = 844


def test_tab_bar_is_at_the_bottom_named_and_thumb_sized(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    tabs = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(tabs).to_have_text(["Today", "Schedule", "History", "Settings"])
    for tab in tabs.all():
        box = tab.bounding_box()
        assert box is not None
        assert box["width"] >= MIN_TARGET_PX, box
        assert box["height"] >= MIN_TARGET_PX, box
        # The lower part of the screen, where a thumb reaches.
        assert box["y"] + box["height"] <= VIEWPORT_HEIGHT
        assert box["y"] >= VIEWPORT_HEIGHT * 0.85, box
    page.keyboard.press("Tab")
    for _ in range(20):
        if page.evaluate("() => document.activeElement.closest('.tab-bar') !== null"):
            break
        page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused tab shows where focus is"
    problems.assert_none()


def test_the_current_tab_is_marked(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    nav = page.get_by_role("navigation", name="Main")
    current = nav.locator("[aria-current='page']")
    expect(current).to_have_text("Today")
    nav.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    expect(current).to_have_text("Settings")
    # Pairing and joining live under Settings.
    go(page, "#/pair", "Pair a device")
    expect(current).to_have_text("Settings")
    nav.get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", level=1, name="Schedule")).to_be_visible()
    expect(current).to_have_text("Schedule")
    expect(current).to_have_count(1)
    problems.assert_none()


def test_the_player_hides_the_tab_bar_and_leaving_it_shows_it_again(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    nav = page.get_by_role("navigation", name="Main")
    page.get_by_role("link", name="Ground · 1 min").click()
    expect(page.locator("body")).to_have_attribute("data-immersive", "true")
    expect(nav).to_be_hidden()
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    expect(nav).to_be_visible()
    problems.assert_none()
