"""Home leads with "Ground · 1 min" for the suggested exercise and counts today's practice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .browser import ROOT, RunningServer, open_app
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

LIBRARY = json.loads((ROOT / "pwa" / "data" / "exercises.json").read_text("utf-8"))["exercises"]
TITLES = {exercise["title"]: exercise for exercise in LIBRARY}
MIN_MAIN_BUTTON_PX = 56


def suggested_title(page: Page) -> str:
    title = page.locator(".suggestion strong")
    expect(title).not_to_be_empty()
    return title.inner_text()


def save(page: Page, what: str, body: dict[str, object]) -> None:
    """Save through the app's own practice module, as its screens do."""
    page.evaluate(
        f"(body) => import('/js/practice/store.js').then((practice) => practice.{what}(body))", body
    )


def test_home_leads_with_one_big_button_for_the_suggested_exercise(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    ground = page.get_by_role("link", name="Ground · 1 min")
    expect(ground).to_be_visible()
    first = page.locator("main a, main button").first
    assert first.inner_text() == "Ground · 1 min"
    box = ground.bounding_box()
    assert box is not None
    assert box["height"] >= MIN_MAIN_BUTTON_PX
    title = suggested_title(page)
    assert title in TITLES

    ground.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    problems.assert_none()


def test_low_energy_check_in_suggests_something_energising_and_says_why(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    save(
        page,
        "saveCheckIn",
        {"checked_in_at": datetime.now(UTC).isoformat(), "presence": 4, "energy": 1},
    )
    page.reload()
    expect(
        page.get_by_text("You said your energy was low — something to wake you up")
    ).to_be_visible()
    assert TITLES[suggested_title(page)]["effect"] == "energising"
    problems.assert_none()


def test_todays_count_follows_the_outbox_and_marks_what_waits(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    today = page.locator(".today-count")
    expect(today).to_have_text("Nothing yet today. One minute is plenty.")

    context.set_offline(True)
    started = datetime.now(UTC) - timedelta(seconds=70)
    save(
        page,
        "saveExerciseLog",
        {
            "exercise_id": "box-breathing",
            "started_at": started.isoformat(),
            "duration_seconds": 60,
            "completed": True,
        },
    )
    expect(today).to_contain_text("1 exercise today")
    expect(today.locator(".pending")).to_have_text("1 waiting to sync")

    context.set_offline(False)
    expect(today.locator(".pending")).to_have_count(0)
    expect(today).to_have_text("1 exercise today")
    problems.assert_none()


def test_manifest_shortcut_opens_the_suggested_exercise(
    new_phone: PhoneFactory, live_server: RunningServer
) -> None:
    context = new_phone()
    page, problems = open_app(context)
    manifest = page.request.get(f"{live_server.base_url}/manifest.webmanifest").json()
    [shortcut] = [s for s in manifest["shortcuts"] if s["name"] == "Ground · 1 min"]
    assert shortcut["url"] == "/#/ground"
    for icon in shortcut["icons"]:
        assert page.request.get(f"{live_server.base_url}{icon['src']}").ok
    title = suggested_title(page)

    opened, more_problems = open_app(context, shortcut["url"])
    expect(opened.get_by_role("heading", level=1, name=title)).to_be_visible()
    opened.get_by_role("button", name="Skip").click()
    first_step = TITLES[title]["steps"][0]["text"]
    expect(opened.locator("main [aria-live='polite']")).to_have_text(first_step)
    expect(opened.get_by_role("button", name="Pause")).to_be_visible()
    problems.assert_none()
    more_problems.assert_none()
