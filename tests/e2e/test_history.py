"""History: the figures the server computes for a seeded space, in words as well as pictures;
streaks hidden everywhere when asked; everything downloaded and moved in; offline from a copy."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .browser import go, open_app, run_axe, wait_for_controller
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

# Days before today with one exercise, and which of them had a check-in before and after.
PRACTISED_DAYS_AGO = (1, 2, 4, 8, 9, 16, 23)
PAIRED_DAYS_AGO = (1, 8, 16)


class Seeder:
    """Writes through the API as a signed-in phone of one space, times in the recent past."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        session = context.request.post("/api/spaces", data={}).json()
        self.headers = {"X-CSRF-Token": session["csrf_token"]}
        self.now = datetime.now(UTC)
        self.check_in_ids: list[str] = []

    def put(self, path: str, body: dict[str, Any]) -> None:
        response = self.context.request.put(path, data=body, headers=self.headers)
        assert response.ok, (path, response.status, response.text())

    def exercise(self, started: datetime, completed: bool = True) -> str:
        log_id = str(uuid.uuid4())
        body = {
            "exercise_id": "box-breathing",
            "started_at": started.isoformat(),
            "duration_seconds": 60 if completed else 20,
            "completed": completed,
        }
        self.put(f"/api/exercise-logs/{log_id}", body)
        return log_id

    def check_in(
        self, at: datetime, presence: int, energy: int, log_id: str | None = None, moment: str = ""
    ) -> None:
        check_in_id = str(uuid.uuid4())
        body: dict[str, Any] = {"checked_in_at": at.isoformat(), "presence": presence}
        body["energy"] = energy
        if log_id:
            body |= {"exercise_log_id": log_id, "moment": moment}
        self.put(f"/api/check-ins/{check_in_id}", body)
        self.check_in_ids.append(check_in_id)

    def paired(self, started: datetime) -> None:
        """An exercise with a check-in just before (2, 2) and just after (4, 3)."""
        log_id = self.exercise(started)
        self.check_in(started - timedelta(seconds=30), 2, 2, log_id, "before")
        self.check_in(started + timedelta(seconds=70), 4, 3, log_id, "after")

    def appointment(self, starts: datetime, minutes: int = 50) -> None:
        body = {"starts_at": starts.isoformat(), "length_minutes": minutes}
        self.put(f"/api/schedule/appointments/{uuid.uuid4()}", body)


def a_lived_in_history(context: BrowserContext) -> Seeder:
    """A space with a few weeks of practice, check-in pairs, and a grounded session today."""
    seed = Seeder(context)
    now = seed.now
    for days_ago in PRACTISED_DAYS_AGO:
        started = now - timedelta(days=days_ago)
        if days_ago in PAIRED_DAYS_AGO:
            seed.paired(started)
        else:
            seed.exercise(started)
    seed.exercise(now - timedelta(days=3), completed=False)
    seed.check_in(now - timedelta(days=5), 3, 4)
    # Today: a session that began 20 minutes ago, grounded by an exercise just before it.
    seed.appointment(now - timedelta(minutes=20))
    seed.paired(now - timedelta(minutes=30))
    return seed


def history_of(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.request.get("/api/history").json()
    return result


def day_words(day: str) -> str:
    """Mon 3 Mar, as the page writes a day."""
    d = date.fromisoformat(day)
    return f"{d:%a} {d.day} {d:%b}"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def expected_headline(history: dict[str, Any]) -> str:
    rate = history["grounded"]["this_week"]
    sessions = plural(rate["sessions"], "session", "sessions")
    return f"Grounded before {rate['grounded']} of {sessions} this week"


def open_history(context: BrowserContext) -> tuple[Page, Any]:
    page, problems = open_app(context)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1, name="History")).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    return page, problems


def test_history_shows_the_figures_the_server_computes(new_phone: PhoneFactory) -> None:
    context = new_phone()
    a_lived_in_history(context)
    page, problems = open_history(context)
    history = history_of(page)
    assert history["grounded"]["this_week"]["sessions"] >= 1

    this_week = page.get_by_role("region", name="This week")
    expect(this_week.locator(".headline-figure")).to_have_text(expected_headline(history))
    last = history["grounded"]["last_week"]
    if last["sessions"]:
        expect(this_week.locator(".headline-last")).to_contain_text(
            f"{last['grounded']} of {last['sessions']}"
        )

    streak = page.get_by_role("region", name="Workday streak")
    assert history["streak"] is not None
    expect(streak.locator(".streak-current strong")).to_have_text(str(history["streak"]["current"]))
    expect(streak.locator(".streak-longest strong")).to_have_text(str(history["streak"]["longest"]))

    lift = history["lift"]
    assert lift["pairs"] == len(PAIRED_DAYS_AGO) + 1
    change = f"+{lift['presence']:.1f}"
    expect(page.get_by_role("region", name="Before and after")).to_contain_text(
        f"After an exercise you feel {change} more present on average"
    )

    heatmap = page.get_by_role("region", name="Practice")
    practised = [day["day"] for day in history["days"]]
    expect(heatmap.locator("rect[data-practice]")).to_have_count(len(practised))
    assert sorted(
        heatmap.locator("rect[data-practice]").evaluate_all(
            "cells => cells.map((cell) => cell.dataset.day)"
        )
    ) == sorted(practised)
    expect(heatmap.locator(".heatmap-summary")).to_contain_text(
        f"Practice on {plural(len(practised), 'day', 'days')}"
    )
    problems.assert_none()


def test_the_heatmap_has_a_text_equivalent_of_the_practised_days(new_phone: PhoneFactory) -> None:
    context = new_phone()
    a_lived_in_history(context)
    page, problems = open_history(context)
    history = history_of(page)
    heatmap = page.get_by_role("region", name="Practice")
    expect(heatmap.locator("svg")).to_have_attribute("aria-hidden", "true")
    heatmap.get_by_text("The days in words").click()
    items = heatmap.locator(".in-words li")
    words = items.all_inner_texts()
    for day in history["days"]:
        line = f"{day_words(day['day'])}: "
        assert any(text.startswith(line) for text in words), (line, words)
    partial = next(d for d in history["days"] if d["partial"])
    expect(items.filter(has_text=day_words(partial["day"]))).to_contain_text("1 stopped early")
    # The weeks of presence and energy, in words too.
    trends = page.get_by_role("region", name="Presence and energy")
    trends.get_by_text("The weeks in words").click()
    measured = [week for week in history["weeks"] if week["check_ins"]]
    expect(trends.locator(".in-words li")).to_have_count(len(measured))
    problems.assert_none()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_history_passes_axe(new_phone: PhoneFactory, scheme: str) -> None:
    context = new_phone(color_scheme=scheme)
    a_lived_in_history(context)
    page, problems = open_history(context)
    for summary in page.locator("main details summary").all():
        summary.click()
    run_axe(page, f"History ({scheme})")
    # 200 % text: nothing runs off the side of the phone.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    run_axe(page, f"History at 200 % text ({scheme})")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    problems.assert_none()


def test_history_without_sessions_counts_exercises_honestly(new_phone: PhoneFactory) -> None:
    context = new_phone()
    seed = Seeder(context)
    seed.exercise(seed.now - timedelta(minutes=10))
    page, problems = open_history(context)
    expect(page.locator(".headline-figure")).to_have_text(re.compile(r"^\d+ exercises? this week$"))
    expect(page.locator("main")).not_to_contain_text("Grounded before")
    problems.assert_none()


def test_the_gentle_note_when_energy_is_lower_than_usual(new_phone: PhoneFactory) -> None:
    context = new_phone()
    seed = Seeder(context)
    for days_ago in range(20, 80, 5):
        seed.check_in(seed.now - timedelta(days=days_ago), 4, 5)
    for days_ago in (1, 3, 6, 9):
        seed.check_in(seed.now - timedelta(days=days_ago), 3, 2)
    page, problems = open_history(context)
    assert history_of(page)["low_energy"] is True
    note = page.get_by_role("region", name="A gentle note")
    expect(note).to_contain_text("rest")
    expect(note).to_contain_text("supervisor")
    expect(note).to_contain_text("a day off")
    problems.assert_none()


def test_hiding_streaks_in_settings_hides_them_everywhere(new_phone: PhoneFactory) -> None:
    context = new_phone()
    a_lived_in_history(context)
    page, problems = open_history(context)
    expect(page.get_by_role("region", name="Workday streak")).to_be_visible()

    go(page, "#/settings", "Settings")
    data = page.get_by_role("region", name="Your data")
    with page.expect_response("**/api/settings") as answer:
        data.get_by_role("switch", name="Hide streaks").check()
    assert answer.value.json()["hide_streaks"] is True

    go(page, "#/history", "History")
    expect(page.get_by_role("region", name="Practice")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(re.compile("streak|grace", re.IGNORECASE))
    go(page, "#/", "Today")
    expect(page.locator("main")).not_to_contain_text(re.compile("streak", re.IGNORECASE))
    page.reload()
    go(page, "#/settings", "Settings")
    expect(page.get_by_role("switch", name="Hide streaks")).to_be_checked()
    problems.assert_none()


def test_workdays_are_chosen_in_settings_without_a_schedule(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    workdays = page.get_by_role("group", name="Workdays")
    expect(workdays.get_by_role("checkbox", name="Sat")).not_to_be_checked()
    with page.expect_response("**/api/settings") as answer:
        workdays.get_by_role("checkbox", name="Sat").check()
    assert answer.value.json()["workdays"] == [0, 1, 2, 3, 4, 5]
    problems.assert_none()


def test_everything_downloads_as_json_and_csv(new_phone: PhoneFactory) -> None:
    context = new_phone()
    seed = a_lived_in_history(context)
    page, problems = open_app(context)
    go(page, "#/settings", "Settings")
    data = page.get_by_role("region", name="Your data")
    with page.expect_download() as downloading:
        data.get_by_role("link", name="Download everything (JSON)").click()
    exported = json.loads(Path(downloading.value.path()).read_text("utf-8"))
    assert exported["format"] == "attune-export"
    assert sorted(c["id"] for c in exported["check_ins"]) == sorted(seed.check_in_ids)

    with page.expect_download() as downloading:
        data.get_by_role("link", name="Download as spreadsheet files (CSV)").click()
    with zipfile.ZipFile(io.BytesIO(Path(downloading.value.path()).read_bytes())) as archive:
        names = archive.namelist()
        assert any("check" in name for name in names), names
    problems.assert_none()


def test_an_export_moves_into_an_empty_space_and_never_into_a_full_one(
    new_phone: PhoneFactory, tmp_path: Path
) -> None:
    context = new_phone()
    seed = a_lived_in_history(context)
    exported = context.request.get("/api/export").body()
    export_file = tmp_path / "attune-export.json"
    export_file.write_bytes(exported)

    page, problems = open_app(context)
    # Chromium logs the refusal as a console error; it is the answer this test expects.
    problems.allowed = (("status of 409", "/api/import"),)
    go(page, "#/settings", "Settings")
    page.get_by_label("JSON export file").set_input_files(export_file)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-error")).to_have_text(
        re.compile("already holds practice or a schedule")
    )

    fresh = new_phone()
    other, other_problems = open_app(fresh)
    go(other, "#/settings", "Settings")
    other.get_by_label("JSON export file").set_input_files(export_file)
    other.get_by_role("button", name="Import").click()
    check_ins = plural(len(seed.check_in_ids), "check-in", "check-ins")
    expect(other.locator(".toast", has_text="Brought in")).to_contain_text(check_ins)
    moved = other.request.get("/api/export").json()
    assert sorted(c["id"] for c in moved["check_ins"]) == sorted(seed.check_in_ids)
    problems.assert_none()
    other_problems.assert_none()


def test_history_opens_offline_from_the_stored_copy_and_says_so(new_phone: PhoneFactory) -> None:
    context = new_phone()
    a_lived_in_history(context)
    page, problems = open_history(context)
    wait_for_controller(page)
    expect(page.get_by_text("Ready to work offline")).to_be_visible()
    history = history_of(page)
    expect(page.locator(".history-range")).not_to_contain_text("stored")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="History")).to_be_visible()
    expect(page.locator(".history-range")).to_contain_text("this phone's stored copy")
    expect(page.locator(".headline-figure")).to_have_text(expected_headline(history))
    expect(page.locator(".offline-note")).to_contain_text("Offline · showing what this phone knew")
    context.set_offline(False)
    problems.assert_none()


GRACE_HISTORY = {
    "first_day": "2025-02-17",
    "last_day": "2025-03-12",
    "today": "2025-03-12",
    "time_zone": "Europe/London",
    "grounded": {
        "this_week": {"grounded": 0, "sessions": 0},
        "last_week": {"grounded": 3, "sessions": 10},
    },
    "streak": {"current": 6, "longest": 9, "grace_days": ["2025-03-04", "2025-03-11"]},
    "days": [{"day": "2025-03-10", "completed": 2, "partial": 0, "check_ins": 0}],
    "weeks": [
        {"week_of": "2025-03-10", "exercises": 2, "check_ins": 0, "presence": None, "energy": None}
    ],
    "lift": {"pairs": 2, "presence": 0.5, "energy": 0.0},
    "low_energy": False,
}


def test_grace_is_shown_as_grace_and_figures_are_never_made_up(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    parts = page.evaluate(
        """async (history) => {
            const streak = await import('/js/history/streak.js');
            const heatmap = await import('/js/history/heatmap.js');
            const headline = await import('/js/history/headline.js');
            const lift = await import('/js/history/lift.js');
            const map = heatmap.heatmap(history);
            return {
                streak: streak.streakSection(history).textContent,
                grace: [...map.querySelectorAll('rect.grace')].map((r) => r.dataset.day),
                words: [...map.querySelectorAll('li')].map((li) => li.textContent),
                headline: headline.headline(history).textContent,
                lift: lift.liftSection(history).textContent,
            };
        }""",
        GRACE_HISTORY,
    )
    assert "A day of grace keeps your streak: Tue 11 Mar is forgiven." in parts["streak"]
    assert "6 days in a row" in parts["streak"]
    assert parts["grace"] == ["2025-03-04", "2025-03-11"]
    assert parts["words"] == [
        "Tue 4 Mar: a day of grace",
        "Mon 10 Mar: 2 exercises",
        "Tue 11 Mar: a day of grace",
    ]
    # No sessions this week: it counts exercises, and says why.
    assert parts["headline"].startswith("2 exercises this week")
    assert "No sessions so far this week" in parts["headline"]
    assert "Grounded before 3 of 10" in parts["headline"]
    # Two pairs are too few for an average.
    assert "(2 so far)" in parts["lift"]
    assert "more present" not in parts["lift"]
    problems.assert_none()
