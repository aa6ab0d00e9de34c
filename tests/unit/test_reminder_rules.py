"""When reminders are due, by table: gaps, grounding, pauses, cancels, moves, DST, prompts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.reminders.rules import (
    Reminder,
    ReminderSettings,
    Session,
    SpacePlan,
    reminders_due,
)

LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2025, 3, 3)  # GMT in London, so local times read as UTC here


def utc(text: str) -> datetime:
    """Read 'HH:MM' on MONDAY, or a full 'YYYY-MM-DDTHH:MM', as UTC."""
    if len(text) == 5:
        text = f"{MONDAY.isoformat()}T{text}"
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def session(ident: str, start: str, end: str, status: str = "scheduled") -> Session:
    return Session(ident, utc(start), utc(end), status)


def due(plan: SpacePlan, now: str = "06:00", hours: int = 24) -> list[tuple[str, str]]:
    """Return (key, due time in UTC) for each reminder due between now and some hours later."""
    start = utc(now)
    found = reminders_due(plan, start, start + timedelta(hours=hours))
    return [(r.key, r.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")) for r in found]


def day(hhmm: str, on: date = MONDAY) -> str:
    return f"{on.isoformat()}T{hhmm}"


NINE = session("nine", "09:00", "09:50")
TEN = session("ten", "10:00", "10:50")


@pytest.mark.parametrize(
    ("case", "plan", "expected"),
    [
        (
            "normal gap: lead minutes before",
            SpacePlan(LONDON, sessions=[NINE, TEN]),
            [("appointment:nine", day("08:55")), ("appointment:ten", day("09:55"))],
        ),
        (
            "gap shorter than the lead: at the previous session's end",
            SpacePlan(LONDON, sessions=[session("a", "09:00", "09:57"), TEN]),
            [("appointment:a", day("08:55")), ("appointment:ten", day("09:57"))],
        ),
        (
            "lead of 30 minutes over a 10-minute gap",
            SpacePlan(
                LONDON,
                ReminderSettings(lead_minutes=30),
                sessions=[NINE, TEN],
            ),
            [("appointment:nine", day("08:30")), ("appointment:ten", day("09:50"))],
        ),
        (
            "back to back: none for the second",
            SpacePlan(LONDON, sessions=[session("a", "09:00", "10:00"), TEN]),
            [("appointment:a", day("08:55"))],
        ),
        (
            "overlapping the previous one: none",
            SpacePlan(LONDON, sessions=[session("a", "09:00", "10:15"), TEN]),
            [("appointment:a", day("08:55"))],
        ),
        (
            "a long earlier session overlapping the lead, a short one between: its end wins",
            SpacePlan(
                LONDON,
                sessions=[
                    session("long", "08:00", "09:58"),
                    session("short", "09:00", "09:20"),
                    TEN,
                ],
            ),
            [("appointment:long", day("07:55")), ("appointment:ten", day("09:58"))],
        ),
        (
            "already grounded since the previous session ended: none",
            SpacePlan(LONDON, sessions=[NINE, TEN], completed_exercises=[utc("09:53")]),
            [("appointment:nine", day("08:55"))],
        ),
        (
            "an exercise during the previous session does not count",
            SpacePlan(LONDON, sessions=[NINE, TEN], completed_exercises=[utc("09:45")]),
            [("appointment:nine", day("08:55")), ("appointment:ten", day("09:55"))],
        ),
        (
            "first session of the day, grounded within the hour before: none",
            SpacePlan(LONDON, sessions=[NINE], completed_exercises=[utc("08:10")]),
            [],
        ),
        (
            "first session of the day, grounded long before: reminded",
            SpacePlan(LONDON, sessions=[NINE], completed_exercises=[utc("07:30")]),
            [("appointment:nine", day("08:55"))],
        ),
        (
            "paused today",
            SpacePlan(LONDON, sessions=[NINE, TEN], pauses=[(MONDAY, MONDAY)]),
            [],
        ),
        (
            "holiday range covering the day",
            SpacePlan(LONDON, sessions=[NINE, TEN], pauses=[(date(2025, 2, 28), date(2025, 3, 9))]),
            [],
        ),
        (
            "holiday that ended the day before",
            SpacePlan(LONDON, sessions=[NINE], pauses=[(date(2025, 2, 24), date(2025, 3, 2))]),
            [("appointment:nine", day("08:55"))],
        ),
        (
            "cancelled: none, and it no longer counts as the previous session",
            SpacePlan(LONDON, sessions=[session("nine", "09:00", "09:58", "cancelled"), TEN]),
            [("appointment:ten", day("09:55"))],
        ),
        (
            "moved: none for the old time, one for the new",
            SpacePlan(
                LONDON,
                sessions=[
                    session("nine", "09:00", "09:50", "moved"),
                    session("new", "11:00", "11:50"),
                ],
            ),
            [("appointment:new", day("10:55"))],
        ),
        (
            "reminders off",
            SpacePlan(LONDON, ReminderSettings(reminders_on=False), sessions=[NINE]),
            [],
        ),
        (
            "a double-booked start gets one reminder",
            SpacePlan(LONDON, sessions=[NINE, session("also-nine", "09:00", "09:30")]),
            [("appointment:also-nine", day("08:55"))],
        ),
    ],
)
def test_reminder_rules_for_sessions(
    case: str, plan: SpacePlan, expected: list[tuple[str, str]]
) -> None:
    assert due(plan) == expected, case


@pytest.mark.parametrize(
    ("case", "sessions", "lead", "expected"),
    [
        (
            # London springs forward at 01:00 UTC: 02:00 BST is 01:00 UTC, five real minutes
            # earlier is 00:55 UTC (00:55 GMT on the wall).
            "spring forward: the lead is real minutes",
            [session("a", "2025-03-30T01:00", "2025-03-30T01:50")],
            5,
            [("appointment:a", "2025-03-30T00:55")],
        ),
        (
            # London falls back at 01:00 UTC: a 01:05 GMT session, ten minutes before is
            # 00:55 UTC, which the wall shows as 01:55 BST: later on the clock, earlier in time.
            "fall back: due before the start though the wall clock reads later",
            [session("a", "2025-10-26T01:05", "2025-10-26T01:50")],
            10,
            [("appointment:a", "2025-10-26T00:55")],
        ),
        (
            "fall back: the gap between sessions is measured in real time",
            [
                session("a", "2025-10-26T00:10", "2025-10-26T00:58"),
                session("b", "2025-10-26T01:00", "2025-10-26T01:50"),
            ],
            5,
            [("appointment:a", "2025-10-26T00:05"), ("appointment:b", "2025-10-26T00:58")],
        ),
    ],
)
def test_reminder_rules_on_dst_days(
    case: str, sessions: list[Session], lead: int, expected: list[tuple[str, str]]
) -> None:
    plan = SpacePlan(LONDON, ReminderSettings(lead_minutes=lead), sessions=sessions)
    assert due(plan, now="2025-03-29T12:00", hours=24 * 240) == expected, case


def test_reminder_rules_pause_on_a_dst_day_is_the_local_day() -> None:
    # 23:30 UTC on 29 March is still the 29th in London (GMT); on the 30th it is 00:30 BST.
    late = session("late", "2025-03-29T23:30", "2025-03-30T00:20")
    plan = SpacePlan(LONDON, sessions=[late], pauses=[(date(2025, 3, 30), date(2025, 3, 30))])
    assert due(plan, now="2025-03-29T12:00") == [("appointment:late", "2025-03-29T23:25")]
    summer = session("summer", "2025-03-30T23:30", "2025-03-31T00:20")
    plan = SpacePlan(LONDON, sessions=[summer], pauses=[(date(2025, 3, 31), date(2025, 3, 31))])
    assert due(plan, now="2025-03-30T12:00") == []


def test_reminder_rules_follow_a_zone_change() -> None:
    # 23:30 UTC on Monday is Monday evening in London and early Tuesday in Berlin: a pause on
    # Tuesday silences it only once the space has moved to Berlin.
    late = session("late", "23:30", "2025-03-04T00:20")
    plan = SpacePlan(LONDON, sessions=[late], pauses=[(date(2025, 3, 4), date(2025, 3, 4))])
    assert due(plan) == [("appointment:late", day("23:25"))]
    assert due(replace(plan, zone=BERLIN)) == []


def test_reminder_rules_prompt_times_follow_a_zone_change() -> None:
    settings = ReminderSettings(prompts=("12:30",))
    assert due(SpacePlan(LONDON, settings), hours=12) == [("prompt:2025-03-03T12:30", day("12:30"))]
    assert due(SpacePlan(NEW_YORK, settings), hours=12) == [
        ("prompt:2025-03-03T12:30", day("17:30"))
    ]


PROMPTS = ReminderSettings(prompts=("12:30", "17:30"))


@pytest.mark.parametrize(
    ("case", "plan", "now", "expected"),
    [
        (
            "a workday without sessions: each chosen time, keyed by local day and time",
            SpacePlan(LONDON, PROMPTS),
            "06:00",
            [("prompt:2025-03-03T12:30", day("12:30")), ("prompt:2025-03-03T17:30", day("17:30"))],
        ),
        (
            "a day with a session: the session's reminder instead",
            SpacePlan(LONDON, PROMPTS, sessions=[NINE]),
            "06:00",
            [("appointment:nine", day("08:55"))],
        ),
        (
            "a day whose only session was cancelled has no sessions",
            SpacePlan(LONDON, PROMPTS, sessions=[session("nine", "09:00", "09:50", "cancelled")]),
            "06:00",
            [("prompt:2025-03-03T12:30", day("12:30")), ("prompt:2025-03-03T17:30", day("17:30"))],
        ),
        (
            "not a workday",
            SpacePlan(LONDON, replace(PROMPTS, workdays=frozenset({1, 2, 3}))),
            "06:00",
            [],
        ),
        (
            "paused today",
            SpacePlan(LONDON, PROMPTS, pauses=[(MONDAY, MONDAY)]),
            "06:00",
            [],
        ),
        (
            "a prompt stays worth sending for half an hour, then is gone",
            SpacePlan(LONDON, PROMPTS),
            "12:45",
            [("prompt:2025-03-03T12:30", day("12:30")), ("prompt:2025-03-03T17:30", day("17:30"))],
        ),
        (
            "a prompt half an hour old is gone",
            SpacePlan(LONDON, PROMPTS),
            "13:00",
            [("prompt:2025-03-03T17:30", day("17:30"))],
        ),
        (
            "no prompts chosen",
            SpacePlan(LONDON),
            "06:00",
            [],
        ),
    ],
)
def test_reminder_rules_for_check_in_prompts(
    case: str, plan: SpacePlan, now: str, expected: list[tuple[str, str]]
) -> None:
    assert due(plan, now=now, hours=12) == expected, case


def test_reminder_rules_prompts_on_the_next_workdays_too() -> None:
    # From Friday 7 March 18:00 (its prompts are over) to Tuesday 06:00: none on the weekend.
    found = due(SpacePlan(LONDON, PROMPTS), now="2025-03-07T18:00", hours=24 * 3 + 12)
    assert [key for key, _ in found] == ["prompt:2025-03-10T12:30", "prompt:2025-03-10T17:30"]


def test_reminder_rules_keep_a_reminder_whose_due_time_passed_until_the_start() -> None:
    plan = SpacePlan(LONDON, sessions=[NINE])
    [late] = reminders_due(plan, utc("08:58"), utc("12:00"))
    assert late == Reminder(utc("08:55"), "appointment:nine", utc("09:00"), "appointment")
    assert late.expires_at == utc("09:00")
    assert reminders_due(plan, utc("09:00"), utc("12:00")) == []


def test_reminder_rules_only_what_falls_due_before_until() -> None:
    plan = SpacePlan(LONDON, sessions=[NINE, TEN])
    assert [r.key for r in reminders_due(plan, utc("06:00"), utc("09:55"))] == ["appointment:nine"]
