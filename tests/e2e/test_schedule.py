"""The schedule in the browser: template, cancel, pause, import, countdown, offline edits."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .browser import go, open_app, run_axe, wait_for_controller, wait_until
from .conftest import PhoneFactory
from .test_accessibility import MIN_TARGET_PX, UNNAMED_OR_SMALL

pytestmark = pytest.mark.e2e

# Zones whose working hours, between them, cover every hour of the day in UTC.
ZONES = [
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/Chicago",
    "America/Sao_Paulo",
    "Atlantic/Azores",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Athens",
    "Asia/Dubai",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]
# Never written anywhere the schedule shows: only times are kept.
SECRET_TITLE = "Zephyrine Quillfeather intake"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def working_hours_zone(now: datetime) -> ZoneInfo:
    """A zone where it is now mid-morning to mid-afternoon, so today has room for sessions."""
    for name in ZONES:
        local = now.astimezone(ZoneInfo(name))
        if 9 <= local.hour < 16:
            return ZoneInfo(name)
    raise AssertionError(f"no zone in working hours at {now}")


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B}"


def schedule_phone(new_phone: PhoneFactory) -> tuple[BrowserContext, datetime, ZoneInfo]:
    """A phone in a zone in working hours, its clock at the start of the current real minute."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    zone = working_hours_zone(now)
    context = new_phone(timezone_id=zone.key, locale="en-GB")
    context.clock.install(time=now)
    return context, now, zone


def server_schedule(page: Page, query: str = "") -> dict[str, Any]:
    response = page.request.get(f"/api/schedule{query}")
    assert response.ok, response.text()
    result: dict[str, Any] = response.json()
    return result


def put_slot(page: Page, weekday: int, start: str) -> None:
    """Add a weekly session straight through the API, as another device would."""
    csrf = page.request.get("/api/session").json()["csrf_token"]
    response = page.request.put(
        f"/api/schedule/slots/{uuid.uuid4()}",
        data={"weekday": weekday, "start": start, "length_minutes": 50},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.ok, response.text()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def show_week_of(page: Page, day: date, today: date) -> None:
    """Step the week card from this week to the week that holds day."""
    page.get_by_role("button", name="Back to this week").or_(
        page.get_by_role("button", name="Next week")
    ).first.wait_for()
    if page.get_by_role("button", name="Back to this week").count():
        page.get_by_role("button", name="Back to this week").click()
    for _ in range((monday_of(day) - monday_of(today)).days // 7):
        page.get_by_role("button", name="Next week").click()


def session_row(page: Page, day: date, start: str) -> Locator:
    """The row of the session at start (HH:MM) on day, in the week on screen."""
    return (
        page.locator(".day", has_text=day_label(day))
        .locator(".session")
        .filter(has=page.locator(".session-time", has_text=start))
    )


def shown_appointments(page: Page) -> list[tuple[str, str, list[str]]]:
    """(day heading, "09:00 · 50 min", badges) for every session row of the week on screen."""
    rows: list[list[Any]] = page.evaluate(
        """() => [...document.querySelectorAll(".day")].flatMap((day) =>
            [...day.querySelectorAll(".session")].map((row) => [
              day.querySelector(".day-name").textContent,
              row.querySelector(".session-time").textContent + " " +
                row.querySelector(".session-length").textContent,
              [...row.querySelectorAll(".badge")].map((badge) => badge.textContent),
            ]))"""
    )
    return [(heading, times, badges) for heading, times, badges in rows]


def expected_appointments(
    schedule: dict[str, Any], zone: ZoneInfo, first: date, last: date
) -> list[tuple[str, str, list[str]]]:
    """What the week card should show of the server's appointments on days first..last."""
    today = date.fromisoformat(schedule["today"])
    badges = {"cancelled": ["Cancelled"], "moved": ["Moved"], "scheduled": []}
    expected = []
    for appointment in schedule["appointments"]:
        starts = datetime.fromisoformat(appointment["starts_at"]).astimezone(zone)
        ends = datetime.fromisoformat(appointment["ends_at"]).astimezone(zone)
        day = starts.date()
        if not first <= day <= last:
            continue
        heading = day_label(day)
        if day == today:
            heading = f"Today, {heading}"
        elif day == today + timedelta(days=1):
            heading = f"Tomorrow, {heading}"
        calendar = ["From your calendar"] if appointment["source"] == "calendar" else []
        minutes = (ends - starts).seconds // 60
        expected.append(
            (heading, f"{starts:%H:%M} · {minutes} min", badges[appointment["status"]] + calendar)
        )
    return expected


def write_calendar(path: Path, starts: datetime) -> Path:
    stamp = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Attune browser tests//EN",
        "BEGIN:VEVENT",
        "UID:browser-import-1@attune.test",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART:{starts.astimezone(UTC):{stamp}}",
        f"DTEND:{(starts + timedelta(minutes=45)).astimezone(UTC):{stamp}}",
        f"SUMMARY:{SECRET_TITLE}",
        "LOCATION:Room Quillfeather",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_schedule_template_cancel_pause_and_import_match_the_server(
    new_phone: PhoneFactory, tmp_path: Path
) -> None:
    context, now, zone = schedule_phone(new_phone)
    page, problems = open_app(context, "/#/schedule")
    expect(page.get_by_role("heading", level=1, name="Schedule")).to_be_visible()
    # A new space takes this browser's zone quietly.
    readable_zone = zone.key.replace("_", " ")
    expect(page.get_by_text(f"Times here are in {readable_zone}.")).to_be_visible()
    assert server_schedule(page)["time_zone"] == zone.key

    local_now = now.astimezone(zone)
    today = local_now.date()
    tomorrow = today + timedelta(days=1)
    soon = local_now + timedelta(minutes=7)
    put_slot(page, today.weekday(), f"{soon:%H:%M}")
    put_slot(page, tomorrow.weekday(), "09:00")
    page.reload()
    next_line = page.locator(".next-session-time")
    expect(next_line).to_have_text(f"Next session {soon:%H:%M} · in 7 min")
    context.clock.fast_forward("02:00")
    expect(next_line).to_have_text(f"Next session {soon:%H:%M} · in 5 min")

    # One button per row opens the session's sheet; cancelling asks once.
    show_week_of(page, tomorrow, today)
    session_row(page, tomorrow, "09:00").get_by_role("button").click()
    page.get_by_role("button", name="Cancel this session").click()
    page.get_by_role("button", name="Yes, cancel it").click()
    cancelled = session_row(page, tomorrow, "09:00")
    expect(cancelled.get_by_text("Cancelled")).to_be_visible()
    expect(cancelled.get_by_role("button")).to_have_count(0)
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)

    page.get_by_role("button", name="Pause today").click()
    expect(page.get_by_text("Paused today.")).to_be_visible()
    expect(page.locator(".next-session-paused")).to_have_text("Paused today")

    in_two_days = today + timedelta(days=2)
    calendar = write_calendar(
        tmp_path / "calendar.ics",
        datetime.combine(in_two_days, datetime.min.time().replace(hour=15), zone),
    )
    page.get_by_label("Calendar file (.ics)").set_input_files(calendar)
    page.get_by_role("button", name="Import file").click()
    expect(page.locator(".calendar", has_text="Calendar file")).to_contain_text("1 coming session")
    show_week_of(page, in_two_days, today)
    expect(page.get_by_text("From your calendar", exact=True)).to_be_visible()
    # A newer copy of the same file replaces its sessions rather than adding them again; its
    # button is named by what it says.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Replace with a newer copy").click()
    chooser.value.set_files(calendar)
    expect(page.get_by_text("Calendar replaced: 1 coming session.")).to_be_visible()
    expect(page.get_by_text("From your calendar", exact=True)).to_have_count(1)

    held = server_schedule(page)
    assert held["paused_today"] is True
    assert [a["status"] for a in held["appointments"]].count("cancelled") == 1
    expect(page.get_by_text("Waiting to sync")).to_have_count(0)
    next_sunday = monday_of(today) + timedelta(days=13)
    both_weeks = server_schedule(page, f"?from={today}&to={next_sunday}")
    show_week_of(page, today, today)
    this_week = shown_appointments(page)
    page.get_by_role("button", name="Next week").click()
    shown = this_week + shown_appointments(page)
    assert shown == expected_appointments(both_weeks, zone, today, next_sunday)
    for word in SECRET_TITLE.split():
        assert word not in page.content()
    problems.assert_none()


def open_offline_ready(context: BrowserContext, route: str, heading: str) -> Page:
    """Open route and wait until the worker keeps the session and the schedule for offline."""
    page, _ = open_app(context, route)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    wait_for_controller(page)
    wait_until(
        page,
        "async () => ['attune:session', 'attune:schedule'].every((k) => localStorage.getItem(k))",
        "the session and the schedule to be kept for offline use",
    )
    return page


def test_countdown_and_a_cancel_made_offline_survive_a_reload_and_reach_the_server(
    new_phone: PhoneFactory,
) -> None:
    context, now, zone = schedule_phone(new_phone)
    page = open_offline_ready(context, "/#/schedule", "Schedule")
    local_now = now.astimezone(zone)
    soon = local_now + timedelta(minutes=7)
    later = local_now + timedelta(minutes=120)
    put_slot(page, local_now.weekday(), f"{soon:%H:%M}")
    put_slot(page, later.weekday(), f"{later:%H:%M}")
    page.reload()
    next_line = page.locator(".next-session-time")
    expect(next_line).to_have_text(f"Next session {soon:%H:%M} · in 7 min")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Schedule")).to_be_visible()
    expect(page.locator("#schedule-offline")).to_be_visible()
    context.clock.fast_forward("02:00")
    expect(next_line).to_have_text(f"Next session {soon:%H:%M} · in 5 min")

    row = session_row(page, soon.date(), f"{soon:%H:%M}")
    row.get_by_role("button").click()
    page.get_by_role("button", name="Cancel this session").click()
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(row.get_by_text("Cancelled")).to_be_visible()
    expect(row.get_by_text("Waiting to sync")).to_be_visible()
    # The cancelled session no longer counts: the next one is the later one.
    expect(next_line).to_contain_text(f"Next session {later:%H:%M}")
    page.reload()
    expect(row.get_by_text("Waiting to sync")).to_be_visible()
    statuses = {a["starts_at"]: a["status"] for a in server_schedule(page)["appointments"]}
    assert "cancelled" not in statuses.values()

    context.set_offline(False)
    # A first try that still meets no network waits out the outbox's backoff (2 s, 4 s, …).
    expect(row.get_by_text("Waiting to sync")).to_have_count(0, timeout=30_000)
    expect(row.get_by_text("Cancelled")).to_be_visible()
    statuses = {a["status"] for a in server_schedule(page)["appointments"]}
    assert "cancelled" in statuses


def open_schedule_forms(page: Page) -> None:
    """The schedule with working hours open, an import error, and a session's move form."""
    go(page, "#/schedule", "Schedule")
    # An empty schedule opens on its working hours.
    expect(page.get_by_role("button", name="Save working hours")).to_be_visible()
    page.get_by_label("Secret calendar address").fill("http://calendar.example/secret")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("The address must start with https://")).to_be_visible()
    page.get_by_role("button", name="Add a one-off session").click()
    sheet = page.get_by_role("dialog", name="One-off session")
    tomorrow = page.evaluate("() => new Date(Date.now() + 86400000).toISOString().slice(0, 10)")
    sheet.get_by_label("Date").fill(tomorrow)
    sheet.get_by_label("Starts at").fill("10:00")
    sheet.get_by_role("button", name="Add session").click()
    expect(sheet).to_have_count(0)
    if (
        page.get_by_role("button", name="Next week").is_enabled()
        and not page.locator(".session-time", has_text="10:00").count()
    ):
        page.get_by_role("button", name="Next week").click()
    page.locator(".session", has_text="10:00").get_by_role("button").click()
    page.get_by_role("button", name="Move to another time").click()
    expect(page.get_by_label("New date")).to_be_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_schedule_screen_has_no_axe_violations(new_phone: PhoneFactory, color_scheme: str) -> None:
    page, problems = open_app(new_phone(color_scheme=color_scheme, locale="en-GB"))
    open_schedule_forms(page)
    run_axe(page, f"schedule with its forms ({color_scheme})")
    problems.assert_none()


def test_every_schedule_control_is_named_and_at_least_44px(new_phone: PhoneFactory) -> None:
    page, _ = open_app(new_phone(locale="en-GB"))
    open_schedule_forms(page)
    controls = page.evaluate(UNNAMED_OR_SMALL)
    unnamed = [c["element"] for c in controls if not c["name"]]
    small = [c for c in controls if c["width"] < MIN_TARGET_PX or c["height"] < MIN_TARGET_PX]
    assert not unnamed, f"controls without an accessible name: {unnamed}"
    assert not small, f"controls smaller than {MIN_TARGET_PX}px: {small}"


def test_schedule_reads_at_200_percent_zoom_without_sideways_scrolling(
    new_phone: PhoneFactory,
) -> None:
    # A 390 px wide phone at 200 % zoom lays out like a 195 px wide one.
    context = new_phone(
        viewport={"width": 195, "height": 422}, device_scale_factor=4, locale="en-GB"
    )
    page, _ = open_app(context)
    open_schedule_forms(page)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
            .map((el) => el.outerHTML.slice(0, 100))"""
    )
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"the schedule scrolls sideways at 200 % zoom: {overflow}"
    assert not overflow, f"schedule content beyond the right edge at 200 % zoom: {overflow}"


ZONE_TABLE = [
    ("Europe/London", "2025-03-03", "10:00"),
    ("Europe/London", "2025-03-30", "01:30"),  # does not exist: clocks go forward
    ("Europe/London", "2025-10-26", "01:30"),  # happens twice: clocks go back
    ("America/New_York", "2025-03-09", "02:30"),
    ("America/New_York", "2025-11-02", "01:30"),
    ("Australia/Lord_Howe", "2025-04-06", "01:45"),
    ("Asia/Kolkata", "2025-06-01", "23:59"),
    ("Pacific/Chatham", "2025-09-28", "02:50"),
]


def test_schedule_times_mean_what_the_server_means_across_daylight_saving(
    new_phone: PhoneFactory,
) -> None:
    page, _ = open_app(new_phone())
    for zone_name, day, wall in ZONE_TABLE:
        zone = ZoneInfo(zone_name)
        local = datetime.fromisoformat(f"{day}T{wall}").replace(tzinfo=zone)
        expected = local.astimezone(UTC)
        shown = page.evaluate(
            """([day, wall, zone]) => import("/js/schedule/time.js").then((t) => {
                const instant = t.zonedInstant(day, wall, zone);
                return [new Date(instant).toISOString(), t.localDay(instant, zone)];
            })""",
            [day, wall, zone_name],
        )
        assert shown[0] == expected.strftime("%Y-%m-%dT%H:%M:%S.000Z"), (zone_name, day, wall)
        assert shown[1] == expected.astimezone(zone).date().isoformat(), (zone_name, day, wall)


def test_home_counts_down_to_the_next_session_online_and_offline(
    new_phone: PhoneFactory,
) -> None:
    context, now, zone = schedule_phone(new_phone)
    page = open_offline_ready(context, "/", "Today")
    # No schedule, no line; the first answer also sets the space's zone from this browser.
    expect(page.locator(".next-up")).to_be_hidden()
    line = page.locator(".next-up-time")
    soon = now.astimezone(zone) + timedelta(minutes=7)
    put_slot(page, soon.weekday(), f"{soon:%H:%M}")

    page.reload()
    expect(line).to_have_text(f"{soon:%H:%M} · in 7 min")
    context.clock.fast_forward("02:00")
    expect(line).to_have_text(f"{soon:%H:%M} · in 5 min")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    # Absolute times from here: the page clock starts afresh with each load.
    context.clock.pause_at(soon - timedelta(seconds=45))
    context.clock.fast_forward("00:20")
    expect(line).to_have_text(f"{soon:%H:%M} · starting now")
    context.clock.fast_forward("01:00")
    until = soon + timedelta(minutes=50)
    expect(line).to_have_text(f"{soon:%H:%M} · in session until {until:%H:%M}")
    context.set_offline(False)
