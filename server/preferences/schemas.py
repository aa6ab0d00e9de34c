"""What the therapist chose for their space: reminders, workdays and streaks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

# 0 = Monday … 6 = Sunday, as in the weekly template.
Weekday = Annotated[int, msgspec.Meta(ge=0, le=6)]
LeadMinutes = Annotated[
    int, msgspec.Meta(ge=1, le=30, description="Minutes before a session the reminder comes.")
]
MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)
MAX_PROMPTS = 4
WallTime = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="A local time of day, HH:MM.",
        examples=["12:30"],
    ),
]


class Preferences(msgspec.Struct, kw_only=True):
    """The space's settings; a space that never changed one has the defaults."""

    reminders_on: bool = True
    reminder_lead_minutes: int = 5
    # Days that count as workdays when there is no schedule to say so.
    workdays: list[int] = msgspec.field(default_factory=lambda: list(MONDAY_TO_FRIDAY))
    hide_streaks: bool = False
    # Local times for a push that prompts a check-in on workdays without sessions.
    check_in_prompts: list[str] = msgspec.field(default_factory=list)
    updated_at: datetime | None = None


class PreferencesIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A change to some settings; a field left out keeps its value."""

    reminders_on: bool | None = None
    reminder_lead_minutes: LeadMinutes | None = None
    workdays: Annotated[list[Weekday], msgspec.Meta(max_length=7)] | None = None
    hide_streaks: bool | None = None
    check_in_prompts: Annotated[list[WallTime], msgspec.Meta(max_length=MAX_PROMPTS)] | None = None
