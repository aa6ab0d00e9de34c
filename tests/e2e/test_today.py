"""Today leads with the next session, then one big "Ground · 1 min" and why, then the day."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import OFFLINE_RACE, ROOT, RunningServer, open_app, wait_for_controller
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

LIBRARY = json.loads((ROOT / "pwa" / "data" / "exercises.json").read_text("utf-8"))["exercises"]
TITLES = {exercise["title"]: exercise for exercise in LIBRARY}
MIN_MAIN_BUTTON_PX = 56
LARGE_TEXT_PX = 26


def suggested_title(page: Page) -> str:
    title = page.locator(".suggestion strong")
    expect(title).not_to_be_empty()
    return title.inner_text()


def save(page: Page, what: str, body: dict[str, object]) -> None:
    """Save through the app's own practice module, as its screens do."""
    page.evaluate(
        f"(body) => import('/js/practice/store.js').then((practice) => practice.{what}(body))", body
    )


def add_appointment(page: Page, starts_at: datetime, minutes: int = 50) -> None:
    csrf = page.request.get("/api/session").json()["csrf_token"]
    response = page.request.put(
        f"/api/schedule/appointments/{uuid.uuid4()}",
        data={"starts_at": starts_at.isoformat(), "length_minutes": minutes},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.ok, response.text()


def font_px(page: Page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))


def test_today_without_a_schedule_leads_with_one_big_button(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    ground = page.get_by_role("link", name="Ground · 1 min")
    expect(ground).to_be_visible()
    # No schedule: no next session, no "no sessions" line either; the button comes first.
    expect(page.locator(".next-up")).to_be_hidden()
    expect(page.locator("main")).not_to_contain_text("session")
    first = page.locator("main a, main button").first
    assert first.inner_text() == "Ground · 1 min"
    box = ground.bounding_box()
    assert box is not None
    assert box["height"] >= MIN_MAIN_BUTTON_PX
    title = suggested_title(page)
    assert title in TITLES
    expect(page.locator(".suggestion-why")).not_to_be_empty()

    ground.click()
    assert page.evaluate("() => location.hash") == f"#/ground?exercise={TITLES[title]['id']}"
    problems.assert_none()


def test_today_leads_with_the_next_session_large(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    add_appointment(page, datetime.now(UTC) + timedelta(minutes=30))
    page.reload()
    next_up = page.get_by_role("region", name="Next session")
    expect(next_up).to_be_visible()
    expect(next_up.locator(".next-up-time")).to_contain_text(re.compile(r"· in (29|30) min$"))
    assert font_px(page, ".next-up-time") >= LARGE_TEXT_PX
    # Above the button, and nothing to tap before it.
    order = page.evaluate(
        """() => [...document.querySelectorAll("main .next-up, main .primary-action")]
            .map((el) => el.className)"""
    )
    assert order[0] == "next-up"
    assert page.locator("main a, main button").first.inner_text() == "Ground · 1 min"
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


def test_todays_line_follows_the_outbox_and_marks_what_waits(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    today = page.locator(".today-count")
    expect(today).to_have_text("Nothing yet today. One minute is plenty.")
    wait_for_controller(page)

    problems.allowed += (OFFLINE_RACE,)
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


def test_welcome_stays_until_put_away_then_is_gone_for_good(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    welcome = page.get_by_role("region", name="Welcome to Attune")
    expect(welcome).to_contain_text("private space")
    page.reload()
    expect(welcome).to_be_visible()
    welcome.get_by_role("button", name="Got it").click()
    expect(welcome).to_have_count(0)
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_focused()
    page.reload()
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    expect(welcome).to_have_count(0)
    problems.assert_none()


def test_welcome_is_gone_after_the_first_exercise(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    expect(page.get_by_role("region", name="Welcome to Attune")).to_be_visible()
    save(
        page,
        "saveExerciseLog",
        {
            "exercise_id": "box-breathing",
            "started_at": (datetime.now(UTC) - timedelta(seconds=70)).isoformat(),
            "duration_seconds": 60,
            "completed": True,
        },
    )
    page.reload()
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    expect(page.get_by_role("region", name="Welcome to Attune")).to_have_count(0)
    problems.assert_none()


MINUTE = 60_000
NOON = int(datetime(2025, 3, 4, 12, 0, tzinfo=UTC).timestamp() * 1000)


def session(starts: int, minutes: int = 50, status: str = "scheduled") -> dict[str, Any]:
    return {
        "starts_at": datetime.fromtimestamp(starts / 1000, UTC).isoformat(),
        "ends_at": datetime.fromtimestamp((starts + minutes * MINUTE) / 1000, UTC).isoformat(),
        "status": status,
    }


def run(minutes_before_noon: int, seconds: int = 60, completed: bool = True) -> dict[str, Any]:
    started = NOON - minutes_before_noon * MINUTE
    return {
        "started_at": datetime.fromtimestamp(started / 1000, UTC).isoformat(),
        "duration_seconds": seconds,
        "completed": completed,
    }


@pytest.mark.parametrize(
    ("sessions", "runs", "now_after_noon", "expected"),
    [
        # Grounded when finished between the previous session's end and 5 min after the start.
        ([session(NOON)], [run(10)], 0, [1, 1]),
        ([session(NOON)], [run(-3)], 10, [1, 1]),
        ([session(NOON)], [run(-6)], 10, [0, 1]),
        # At most an hour before, and never before the previous session ended.
        ([session(NOON)], [run(62)], 0, [0, 1]),
        ([session(NOON - 60 * MINUTE), session(NOON)], [run(8)], 0, [1, 2]),
        ([session(NOON - 60 * MINUTE), session(NOON)], [run(30)], 0, [0, 2]),
        ([session(NOON - 55 * MINUTE), session(NOON)], [run(8)], 0, [0, 2]),
        # Stopped early does not count; sessions not begun yet or cancelled are not counted.
        ([session(NOON)], [run(10, completed=False)], 0, [0, 1]),
        ([session(NOON), session(NOON + 60 * MINUTE)], [run(10)], 5, [1, 1]),
        ([session(NOON, status="cancelled")], [run(10)], 0, [0, 0]),
    ],
)
def test_grounded_before_counts_by_the_rule(
    new_phone: PhoneFactory,
    sessions: list[dict[str, Any]],
    runs: list[dict[str, Any]],
    now_after_noon: int,
    expected: list[int],
) -> None:
    page, _ = open_app(new_phone())
    result = page.evaluate(
        """async ([appointments, exerciseLogs, now]) => {
            const { groundedBefore } = await import("/js/today/lines.js");
            const schedule = { time_zone: "UTC", appointments };
            const { grounded, started } = groundedBefore({ schedule, exerciseLogs, now });
            return [grounded, started];
        }""",
        [sessions, runs, NOON + now_after_noon * MINUTE],
    )
    assert result == expected


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

    opened = context.new_page()
    opened.goto(shortcut["url"])
    expect(opened.locator("main")).to_contain_text(title)
    problems.assert_none()
