"""What a push service's answer makes of a delivery, and what the notification says, by table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.push.service import PushResult
from server.reminders.loop import after_push, backoff, recheck
from server.reminders.payload import reminder_payload, topic_for
from server.reminders.repo import Claimed, Outcome
from server.reminders.rules import Reminder

START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
SESSION = Reminder(START - timedelta(minutes=5), "appointment:a", START, "appointment")


def claimed(attempt: int = 1, reminder: Reminder = SESSION) -> Claimed:
    return Claimed(id=1, space_id="s", subscription_id="p", reminder=reminder, attempt=attempt)


def at(minutes_before: float) -> datetime:
    return START - timedelta(minutes=minutes_before)


@pytest.mark.parametrize(
    ("result", "attempt", "now", "expected"),
    [
        (PushResult("delivered", 201), 1, at(5), Outcome("sent", 201)),
        (PushResult("gone", 410), 1, at(5), Outcome("gone", 410)),
        (PushResult("rejected", 413), 1, at(5), Outcome("failed", 413)),
        (PushResult("unauthorized", 403), 1, at(5), Outcome("failed", 403)),
        # Retry-After longer than the back-off wins; shorter, the back-off does.
        (PushResult("retry", 429, 120.0), 1, at(5), Outcome("pending", 429, at(3))),
        (PushResult("retry", 429, 1.0), 1, at(5), Outcome("pending", 429, at(5) + backoff(1))),
        (PushResult("retry", 500), 3, at(5), Outcome("pending", 500, at(5) + backoff(3))),
        (None, 2, at(5), Outcome("pending", None, at(5) + backoff(2))),
        # Never a retry that could only land once the session has started.
        (PushResult("retry", 429, 300.0), 1, at(5), Outcome("failed", 429)),
        (PushResult("retry", 503), 1, at(0.05), Outcome("failed", 503)),
    ],
)
def test_reminder_delivery_after_push(
    result: PushResult | None, attempt: int, now: datetime, expected: Outcome
) -> None:
    assert after_push(claimed(attempt), result, now) == expected


def test_reminder_delivery_backoff_doubles_up_to_five_minutes() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 7, 50)] == [5, 10, 20, 40, 300, 300]


def test_reminder_delivery_recheck_skips_what_is_no_longer_wanted_and_waits_when_later() -> None:
    now = at(5)
    assert recheck(claimed(), {("appointment:a", START): SESSION}, now) is None
    assert recheck(claimed(), {}, now) == Outcome("skipped")
    assert recheck(claimed(), None, now) == Outcome("skipped")
    later = Reminder(at(2), "appointment:a", START, "appointment")
    assert recheck(claimed(), {("appointment:a", START): later}, now) == Outcome(
        "pending", due_at=at(2), next_attempt_at=at(2)
    )


@pytest.mark.parametrize(
    ("zone", "now", "title", "body"),
    [
        ("Europe/London", at(5), "Next session at 10:00", "In 5 minutes. How present are you?"),
        ("Europe/Berlin", at(3), "Next session at 11:00", "In 3 minutes. How present are you?"),
        ("America/New_York", at(1), "Next session at 05:00", "In 1 minute. How present are you?"),
        ("Asia/Kolkata", at(0.2), "Next session at 15:30", "In 1 minute. How present are you?"),
    ],
)
def test_reminder_payload_shows_times_in_the_zone(
    zone: str, now: datetime, title: str, body: str
) -> None:
    shown = json.loads(reminder_payload(SESSION, ZoneInfo(zone), now))["notification"]
    assert (shown["title"], shown["body"]) == (title, body)
    assert shown["navigate"] == "/#/check-in?from=reminder"


def test_reminder_payload_topic_is_stable_short_and_url_safe() -> None:
    topic = topic_for("appointment:6f1c1c52-4a8e-4d57-9a43-6c1f3d0e7a21")
    assert topic == topic_for("appointment:6f1c1c52-4a8e-4d57-9a43-6c1f3d0e7a21")
    assert len(topic) == 32
    assert set(topic) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert topic != topic_for("prompt:2025-03-03T12:30")
