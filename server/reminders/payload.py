"""The notification a reminder shows: Declarative Web Push JSON with times only, never a name."""

from __future__ import annotations

import base64
import hashlib
import math
from datetime import datetime, tzinfo

import msgspec

from server.reminders.rules import Reminder

# RFC 8030 Declarative Web Push: Safari 18.4+ shows this without running the service worker,
# which shows the same notification everywhere else.
DECLARATIVE_WEB_PUSH = 8030
CHECK_IN = "/#/check-in?from=reminder"
GROUND = "/#/ground?then=check-in"


def topic_for(key: str) -> str:
    """Return the push Topic of a reminder: 32 base64url characters, the same for every send."""
    # A push service replaces an undelivered message with the same topic, and the browser a
    # shown notification with the same tag: a repeat after a crash never shows twice.
    digest = hashlib.sha256(key.encode("utf-8")).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _in_minutes(starts_at: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((starts_at - now).total_seconds() / 60 - 0.5))
    return "In 1 minute." if minutes == 1 else f"In {minutes} minutes."


def reminder_payload(
    reminder: Reminder, zone: tzinfo, now: datetime, public_url: str = ""
) -> bytes:
    """Return the push message for a reminder sent at now, its times shown in zone."""
    base = public_url.rstrip("/")
    if reminder.kind == "prompt":
        title, body = "Time for a check-in", "How present are you right now?"
    else:
        wall = reminder.starts_at.astimezone(zone).strftime("%H:%M")
        title = f"Next session at {wall}"
        body = f"{_in_minutes(reminder.starts_at, now)} How present are you?"
    notification = {
        "title": title,
        "body": body,
        "navigate": base + CHECK_IN,
        "tag": topic_for(reminder.key),
        "actions": [
            {"action": "check-in", "title": "Check in", "navigate": base + CHECK_IN},
            {"action": "ground", "title": "Ground · 1 min", "navigate": base + GROUND},
        ],
    }
    return msgspec.json.encode({"web_push": DECLARATIVE_WEB_PUSH, "notification": notification})
