"""Every screen passes axe in light and dark, and every control is named and thumb-sized."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .browser import WRONG_CODE, go, open_app, run_axe, wait_for_offline_ready
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

MIN_TARGET_PX = 44

# Each state a person can reach: a name and how to get there from home.
STATES: dict[str, Callable[[Page], None]] = {}


def state(name: str) -> Callable[[Callable[[Page], None]], Callable[[Page], None]]:
    def register(reach: Callable[[Page], None]) -> Callable[[Page], None]:
        STATES[name] = reach
        return reach

    return register


@state("today")
def _today(page: Page) -> None:
    go(page, "#/", "Today")
    expect(page.get_by_role("region", name="Welcome to Attune")).to_be_visible()


@state("today showing a stored copy")
def _today_stored_copy(page: Page) -> None:
    go(page, "#/", "Today")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate(
        "() => dispatchEvent(new CustomEvent('attune:stored-copy', "
        "{detail: {storedAt: Date.now() - 600000}}))"
    )
    expect(page.locator(".offline-note")).to_contain_text("showing what this phone knew")


@state("settings")
def _settings(page: Page) -> None:
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)


@state("renaming a device")
def _renaming(page: Page) -> None:
    go(page, "#/settings", "Settings")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_label("New name for")).to_be_focused()


@state("pairing code")
def _pairing(page: Page) -> None:
    go(page, "#/pair", "Pair a device")
    expect(page.locator(".pairing-code")).to_be_visible()


@state("join with an error")
def _join_error(page: Page) -> None:
    go(page, "#/join", "Join a space")
    wait_for_offline_ready(page)
    page.get_by_label("Pairing code", exact=True).fill("ABCD-EFGH")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_text("That code did not work.")).to_be_visible()


@state("recovery code shown once")
def _recovery(page: Page) -> None:
    go(page, "#/settings", "Settings")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Make a recovery code").click()
    expect(page.locator(".recovery-code")).to_be_visible()


@state("confirming delete")
def _confirm_delete(page: Page) -> None:
    go(page, "#/settings", "Settings")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_text("to delete everything.")).to_be_visible()


@state("space deleted")
def _deleted(page: Page) -> None:
    go(page, "#/settings", "Settings")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_label("to confirm").fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()


@state("update ready toast")
def _update_toast(page: Page) -> None:
    go(page, "#/", "Today")
    page.evaluate(
        "() => import('/js/core/toast.js').then(t => t.showToast('Update ready', "
        "{actions: [{label: 'Reload', primary: true}, {label: 'Not now'}]}))"
    )
    expect(page.get_by_role("button", name="Reload")).to_be_visible()


@state("check-in")
def _check_in(page: Page) -> None:
    go(page, "#/check-in", "Check in")
    wait_for_offline_ready(page)
    page.get_by_role("radio", name="3 partly here").check()
    page.get_by_role("button", name="Add a word or a note").click()
    page.get_by_role("button", name="calm").click()
    expect(page.get_by_role("button", name="calm")).to_have_attribute("aria-pressed", "true")


@state("check-in saved")
def _check_in_saved(page: Page) -> None:
    _check_in(page)
    page.get_by_role("radio", name="4 good").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_visible()
    expect(page.locator(".check-in-row")).to_have_count(1)


UNNAMED_OR_SMALL = """
() => {
  const selector = [
    "a[href]", "button", "input", "select", "textarea", "summary",
    "[tabindex]:not([tabindex='-1'])",
  ].join(", ");
  const nameOf = (el) => {
    const labelled = el.getAttribute("aria-labelledby");
    if (labelled) {
      return labelled.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" ");
    }
    const labels = el.labels ? [...el.labels].map((label) => label.textContent).join(" ") : "";
    const images = [...el.querySelectorAll("img[alt]")].map((img) => img.alt).join(" ");
    return [el.getAttribute("aria-label"), labels, el.textContent, images, el.title]
      .filter(Boolean).join(" ").trim();
  };
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map((el) => {
      const box = el.getBoundingClientRect();
      return {
        element: el.outerHTML.slice(0, 120),
        name: nameOf(el),
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
      };
    });
}
"""


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(STATES))
def test_screen_has_no_axe_violations(
    new_phone: PhoneFactory, color_scheme: str, name: str
) -> None:
    page, problems = open_app(new_phone(color_scheme=color_scheme))
    problems.allowed += (WRONG_CODE,)
    STATES[name](page)
    run_axe(page, f"{name} ({color_scheme})")
    problems.assert_none()


@pytest.mark.parametrize("name", list(STATES))
def test_every_control_is_named_and_at_least_44px(new_phone: PhoneFactory, name: str) -> None:
    page, _ = open_app(new_phone())
    STATES[name](page)
    controls = page.evaluate(UNNAMED_OR_SMALL)
    assert controls, "no controls found"
    unnamed = [c["element"] for c in controls if not c["name"]]
    small = [c for c in controls if c["width"] < MIN_TARGET_PX or c["height"] < MIN_TARGET_PX]
    assert not unnamed, f"controls without an accessible name on {name}: {unnamed}"
    assert not small, f"controls smaller than {MIN_TARGET_PX}px on {name}: {small}"


@pytest.mark.parametrize("name", list(STATES))
def test_screen_reads_at_200_percent_zoom_without_sideways_scrolling(
    new_phone: PhoneFactory, name: str
) -> None:
    # A 390 px wide phone at 200 % zoom lays out like a 195 px wide one.
    page, _ = open_app(new_phone(viewport={"width": 195, "height": 422}, device_scale_factor=4))
    STATES[name](page)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > innerWidth + 1
                && getComputedStyle(el).position !== "fixed"
                && !el.classList.contains("skip-link"))
            .map((el) => el.outerHTML.slice(0, 100))"""
    )
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{name} scrolls sideways at 200 % zoom: {overflow}"
    assert not overflow, f"{name} has content beyond the right edge at 200 % zoom: {overflow}"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["today", "today showing a stored copy", "settings"])
def test_screen_at_200_percent_text_passes_axe_and_fits_the_width(
    new_phone: PhoneFactory, color_scheme: str, name: str
) -> None:
    page, problems = open_app(new_phone(color_scheme=color_scheme))
    # Text twice as large (the browser's text size, not zoom): the layout must follow.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    STATES[name](page)
    run_axe(page, f"{name} at 200 % text ({color_scheme})")
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{name} scrolls sideways at 200 % text"
    problems.assert_none()
