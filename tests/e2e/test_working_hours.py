"""Working hours set up in a few taps, the eight weeks they make, and the week's row menus."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from server.schedule.template import working_hours_slots

from .browser import OFFLINE_RACE, go, open_app, run_axe
from .conftest import PhoneFactory
from .test_accessibility import MIN_TARGET_PX, UNNAMED_OR_SMALL
from .test_schedule import day_label, monday_of, server_schedule, session_row, shown_appointments

pytestmark = pytest.mark.e2e

BERLIN = ZoneInfo("Europe/Berlin")
WEEKS = 8
HOURS = [f"{hour:02}:00" for hour in range(9, 17)]
# ICU's English (UK) short month names, as the week card shows them.
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


class Hand:
    """Taps, clicks and fills on the page, counted: the setup must take few of them."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, locator: Locator) -> None:
        self.count += 1
        locator.click()

    def fill(self, locator: Locator, value: str) -> None:
        self.count += 1
        locator.fill(value)


def berlin_phone(new_phone: PhoneFactory, **options: Any) -> tuple[Page, Any, date]:
    context = new_phone(timezone_id="Europe/Berlin", locale="en-GB", **options)
    page, problems = open_app(context)
    return page, problems, datetime.now(BERLIN).date()


def put_hours(page: Page, **changes: Any) -> None:
    """Set Mon–Fri 09:00–17:00 in 50-minute sessions straight through the API."""
    csrf = page.request.get("/api/session").json()["csrf_token"]
    body = {
        "weekdays": [0, 1, 2, 3, 4],
        "first_start": "09:00",
        "last_end": "17:00",
        "length_minutes": 50,
        "break_minutes": 10,
        **changes,
    }
    response = page.request.put(
        "/api/schedule/working-hours", data=body, headers={"X-CSRF-Token": csrf}
    )
    assert response.ok, response.text()


def week_range(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.day}–{sunday.day} {MONTHS[sunday.month - 1]}"
    return f"{monday.day} {MONTHS[monday.month - 1]}–{sunday.day} {MONTHS[sunday.month - 1]}"


def heading(day: date, today: date) -> str:
    return f"Tomorrow, {day_label(day)}" if day == today + timedelta(days=1) else day_label(day)


def local_sessions(schedule: dict[str, Any]) -> list[tuple[date, str, int]]:
    """(local day, start, minutes) of every scheduled appointment, in Berlin."""
    found = []
    for a in schedule["appointments"]:
        starts = datetime.fromisoformat(a["starts_at"]).astimezone(BERLIN)
        ends = datetime.fromisoformat(a["ends_at"]).astimezone(BERLIN)
        if a["status"] == "scheduled":
            found.append((starts.date(), f"{starts:%H:%M}", int((ends - starts).seconds / 60)))
    return found


def test_working_hours_set_up_in_at_most_10_interactions_make_the_week_in_the_spaces_zone(
    new_phone: PhoneFactory,
) -> None:
    page, problems, today = berlin_phone(new_phone)
    hand = Hand()
    hand.tap(page.get_by_role("link", name="Schedule"))
    expect(page.get_by_role("heading", level=1, name="Schedule")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Save working hours"))
    # Mon–Fri are chosen already; each value is typed as a person would.
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri"]:
        expect(form.get_by_role("checkbox", name=day)).to_be_checked()
    expect(form.get_by_role("checkbox", name="Sat")).not_to_be_checked()
    hand.fill(form.get_by_label("First session starts"), "09:00")
    hand.fill(form.get_by_label("Last session ends by"), "17:00")
    hand.fill(form.get_by_label("Session length (min)"), "50")
    hand.fill(form.get_by_label("Break after each (min)"), "10")
    # What it makes is said before it is saved.
    expect(form.get_by_text("8 sessions a day, 40 a week")).to_be_visible()
    expect(form.get_by_text(" · ".join(HOURS))).to_be_visible()
    hand.tap(form.get_by_role("button", name="Save working hours"))
    expect(page.get_by_text("Mon–Fri · 09:00–17:00")).to_be_visible()
    assert hand.count <= 10, f"the setup took {hand.count} interactions"

    # The eight weeks, read back from the server, are the template in Europe/Berlin.
    monday = monday_of(today)
    last_sunday = monday + timedelta(days=7 * WEEKS - 1)
    held = server_schedule(page, f"?from={today}&to={last_sunday}")
    assert held["time_zone"] == "Europe/Berlin"
    now = datetime.now(UTC)
    expected = [
        (day, start, 50)
        for offset in range((last_sunday - today).days + 1)
        if (day := today + timedelta(days=offset)).weekday() < 5
        for start in HOURS
        if datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=BERLIN) >= now
    ]
    assert local_sessions(held) == expected
    # And the week on screen is the week on the server, row for row.
    next_week = monday + timedelta(days=7)
    page.get_by_role("button", name="Next week").click()
    expect(page.locator(".week-label")).to_contain_text(week_range(next_week))
    shown = shown_appointments(page)
    assert shown == [
        (heading(next_week + timedelta(days=d), today), f"{start} · 50 min", [])
        for d in range(5)
        for start in HOURS
    ]
    assert len(shown) == 40
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)
    problems.assert_none()


def test_each_of_the_eight_weeks_is_reachable_and_this_week_one_tap_away(
    new_phone: PhoneFactory,
) -> None:
    page, problems, today = berlin_phone(new_phone)
    put_hours(page)
    go(page, "#/schedule", "Schedule")
    label = page.locator(".week-label")
    previous = page.get_by_role("button", name="Previous week")
    following = page.get_by_role("button", name="Next week")
    expect(label).to_have_text(f"This week{week_range(monday_of(today))}")
    expect(previous).to_be_disabled()
    names = ["This week", "Next week"] + [f"In {n} weeks" for n in range(2, WEEKS)]
    for index, name in enumerate(names):
        monday = monday_of(today) + timedelta(days=7 * index)
        expect(label).to_have_text(f"{name}{week_range(monday)}")
        if index:
            # A whole week of sessions: Monday 09:00 to Friday 16:00.
            expect(page.locator(".session")).to_have_count(40)
            expect(page.locator(".day-name").first).to_contain_text(day_label(monday))
        if index < WEEKS - 1:
            following.click()
    expect(following).to_be_disabled()
    page.get_by_role("button", name="Back to this week").click()
    expect(label).to_have_text(f"This week{week_range(monday_of(today))}")
    expect(page.get_by_role("button", name="Back to this week")).to_have_count(0)
    problems.assert_none()


def test_move_and_cancel_through_the_rows_menu(new_phone: PhoneFactory) -> None:
    page, problems, today = berlin_phone(new_phone)
    put_hours(page)
    go(page, "#/schedule", "Schedule")
    page.get_by_role("button", name="Next week").click()
    monday = monday_of(today) + timedelta(days=7)
    tuesday = monday + timedelta(days=1)
    # One button per row, none of them "Move" or "Cancel" until the row is opened.
    expect(page.locator(".session")).to_have_count(40)
    expect(page.locator(".session button")).to_have_count(40)
    expect(page.get_by_role("button", name="Cancel this session")).to_have_count(0)

    session_row(page, monday, "10:00").get_by_role("button").click()
    sheet = page.get_by_role("dialog", name="10:00–10:50")
    expect(sheet).to_contain_text(day_label(monday))
    sheet.get_by_role("button", name="Move to another time").click()
    sheet.get_by_label("New date").fill(f"{tuesday}")
    sheet.get_by_label("New time").fill("17:30")
    sheet.get_by_role("button", name="Move session").click()
    expect(sheet).to_have_count(0)
    moved = session_row(page, monday, "10:00")
    expect(moved).to_contain_text(f"Moved to {day_label(tuesday)}, 17:30")
    # Focus comes back to the week, where the person was.
    focus = "() => document.activeElement.closest('[aria-labelledby=schedule-week]') !== null"
    assert page.evaluate(focus)

    session_row(page, monday, "11:00").get_by_role("button").click()
    sheet = page.get_by_role("dialog", name="11:00–11:50")
    sheet.get_by_role("button", name="Cancel this session").click()
    expect(sheet.get_by_text(f"Cancel the 11:00 session on {day_label(monday)}?")).to_be_visible()
    sheet.get_by_role("button", name="Yes, cancel it").click()
    expect(sheet).to_have_count(0)
    expect(session_row(page, monday, "11:00").get_by_text("Cancelled")).to_be_visible()
    expect(session_row(page, tuesday, "17:30")).to_be_visible()

    # Escape closes a sheet and changes nothing.
    session_row(page, monday, "12:00").get_by_role("button").click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)

    held = server_schedule(page, f"?from={monday}&to={monday + timedelta(days=6)}")
    statuses = {
        (datetime.fromisoformat(a["starts_at"]).astimezone(BERLIN).strftime("%a %H:%M")): a[
            "status"
        ]
        for a in held["appointments"]
    }
    assert statuses["Mon 10:00"] == "moved"
    assert statuses["Mon 11:00"] == "cancelled"
    assert statuses["Mon 12:00"] == "scheduled"
    assert statuses["Tue 17:30"] == "scheduled"
    problems.assert_none()


def test_pause_today_queued_offline_pauses_the_day_it_was_tapped_on(
    new_phone: PhoneFactory,
) -> None:
    # The phone's day D is the server's yesterday: tapped on D, synced on D + 1.
    context = new_phone(timezone_id="Europe/Berlin", locale="en-GB")
    tapped = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    context.clock.install(time=tapped)
    day = tapped.astimezone(BERLIN).date()
    page, problems = open_app(context, "/#/schedule")
    expect(page.get_by_role("button", name="Pause today")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    problems.allowed += (OFFLINE_RACE,)
    context.set_offline(True)
    page.get_by_role("button", name="Pause today").click()
    paused = page.locator(".pause-today")
    expect(paused).to_contain_text("Paused today.")
    expect(paused.get_by_text("Waiting to sync")).to_be_visible()
    context.clock.fast_forward("24:00:00")
    context.set_offline(False)
    # On D + 1 the server has it, for D: today (D + 1) is not paused.
    expect(page.get_by_text("Waiting to sync")).to_have_count(0, timeout=30_000)
    held = server_schedule(page, f"?from={day}&to={day + timedelta(days=1)}")
    assert [(p["first_day"], p["last_day"]) for p in held["pauses"]] == [(f"{day}", f"{day}")]
    assert held["paused_today"] is False
    problems.assert_none()


def test_working_hours_saved_offline_show_at_once_as_waiting_and_reach_the_server(
    new_phone: PhoneFactory,
) -> None:
    page, problems, _ = berlin_phone(new_phone)
    go(page, "#/schedule", "Schedule")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    problems.allowed += (OFFLINE_RACE,)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save working hours").click()
    card = page.locator("section", has=page.locator("#schedule-hours"))
    expect(card).to_contain_text("Mon–Fri · 09:00–17:00")
    expect(card.get_by_text("Waiting to sync")).to_be_visible()
    page.get_by_role("button", name="Next week").click()
    expect(page.locator(".session")).to_have_count(40)
    expect(page.locator(".session .badge-pending")).to_have_count(40)
    # Until the server has made them, these sessions have no ids to move or cancel by.
    expect(page.locator(".session button")).to_have_count(0)
    assert server_schedule(page)["slots"] == []

    page.context.set_offline(False)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0, timeout=30_000)
    expect(page.locator(".session button")).to_have_count(40)
    assert len(server_schedule(page)["slots"]) == 40
    problems.assert_none()


def open_week_with_a_sheet(page: Page) -> None:
    """Working hours set, next week on screen with a cancelled session and a sheet open."""
    put_hours(page)
    go(page, "#/schedule", "Schedule")
    page.get_by_role("button", name="Next week").click()
    page.locator(".session button").nth(1).click()
    page.get_by_role("button", name="Cancel this session").click()
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text("Cancelled")).to_be_visible()
    page.get_by_role("button", name="Change working hours").click()
    page.get_by_role("button", name="Plan days off").click()
    page.locator(".session button").first.click()
    expect(page.get_by_role("dialog")).to_be_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_week_hours_and_sheet_have_no_axe_violations(
    new_phone: PhoneFactory, color_scheme: str
) -> None:
    page, problems, _ = berlin_phone(new_phone, color_scheme=color_scheme)
    open_week_with_a_sheet(page)
    run_axe(page, f"the week with a session's sheet open ({color_scheme})")
    page.get_by_role("button", name="Move to another time").click()
    run_axe(page, f"a session's move form ({color_scheme})")
    page.keyboard.press("Escape")
    run_axe(page, f"the week, working hours and days off forms ({color_scheme})")
    controls = page.evaluate(UNNAMED_OR_SMALL)
    small = [c for c in controls if c["width"] < MIN_TARGET_PX or c["height"] < MIN_TARGET_PX]
    assert not [c for c in controls if not c["name"]]
    assert not small, f"controls smaller than {MIN_TARGET_PX}px: {small}"
    problems.assert_none()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_week_and_sheet_read_at_200_percent_text(
    new_phone: PhoneFactory, color_scheme: str
) -> None:
    # A 390 px wide phone at 200 % lays out like a 195 px wide one.
    page, problems, _ = berlin_phone(
        new_phone,
        color_scheme=color_scheme,
        viewport={"width": 195, "height": 422},
        device_scale_factor=4,
    )
    open_week_with_a_sheet(page)
    run_axe(page, f"the week at 200 % ({color_scheme})")
    sheet = page.get_by_role("dialog")
    for name in ["Move to another time", "Cancel this session", "Close"]:
        sheet.get_by_role("button", name=name).scroll_into_view_if_needed()
        expect(sheet.get_by_role("button", name=name)).to_be_in_viewport()
    page.keyboard.press("Escape")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
            .map((el) => el.outerHTML.slice(0, 100))"""
    )
    assert not overflow, f"schedule content beyond the right edge at 200 %: {overflow}"
    problems.assert_none()


HOURS_TABLE = [
    ("09:00", "17:00", 50, 10),
    ("09:00", "16:49", 50, 10),
    ("08:30", "12:00", 45, 15),
    ("14:00", "16:00", 60, 0),
    ("23:00", "23:59", 50, 10),
    ("09:00", "09:40", 50, 10),
    ("07:05", "21:10", 55, 5),
]


def test_the_count_before_saving_is_what_the_server_makes(new_phone: PhoneFactory) -> None:
    page, _ = open_app(new_phone())
    for first, last, length, gap in HOURS_TABLE:
        server = working_hours_slots(
            [0, 2, 4], time.fromisoformat(first), time.fromisoformat(last), length, gap
        )
        shown = page.evaluate(
            """(hours) => import("/js/schedule/hours.js").then((h) => h.slotsFor(hours))""",
            {
                "weekdays": [4, 0, 2],
                "first_start": first,
                "last_end": last,
                "length_minutes": length,
                "break_minutes": gap,
            },
        )
        assert shown == [
            {"weekday": s.weekday, "start": f"{s.start:%H:%M}", "length_minutes": length}
            for s in server
        ], (first, last, length, gap)
        # The form opened again on that pattern shows the same hours back, or its own words.
        back = page.evaluate(
            """(slots) => import("/js/schedule/hours.js").then((h) => h.hoursFromSlots(slots))""",
            shown,
        )
        if shown:
            assert back["regular"] is True
            assert back["hours"]["first_start"] == first
