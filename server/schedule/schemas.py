"""Requests and responses for the schedule."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from server.validation import AwareDatetime, TimesInRange

Minutes = Annotated[int, msgspec.Meta(ge=10, le=240, description="Length in minutes, 10–240.")]
WallTime = Annotated[
    str,
    msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="Local time, HH:MM."),
]
Weekday = Annotated[int, msgspec.Meta(ge=0, le=6, description="0 = Monday … 6 = Sunday.")]
Source = Literal["template", "manual", "calendar"]
Status = Literal["scheduled", "cancelled", "moved"]


class Strict(TimesInRange, forbid_unknown_fields=True, kw_only=True):
    """A request body: unknown fields are refused, not ignored."""


class SlotIn(Strict):
    """A weekly session: the same weekday and local start time every week."""

    weekday: Weekday
    start: WallTime
    length_minutes: Minutes


class AppointmentIn(Strict):
    """A one-off appointment added by hand."""

    starts_at: AwareDatetime
    length_minutes: Minutes


class MoveIn(Strict):
    """Move an appointment: new_id (made by the client) names the appointment at the new time."""

    new_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    starts_at: AwareDatetime
    length_minutes: Minutes


class PauseIn(Strict):
    """Pause reminders for local days first_day..last_day; no days at all means today."""

    first_day: date | None = None
    last_day: date | None = None


class TimeZoneIn(Strict):
    time_zone: Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["Europe/London"])]


class Slot(msgspec.Struct, kw_only=True):
    id: str
    weekday: int
    start: str
    length_minutes: int


class Appointment(msgspec.Struct, kw_only=True):
    id: str
    source: Source
    source_id: str | None
    starts_at: datetime
    ends_at: datetime
    status: Status
    replaced_by: str | None


class Pause(msgspec.Struct, kw_only=True):
    id: str
    first_day: date
    last_day: date


class Schedule(msgspec.Struct, kw_only=True, rename={"first_day": "from", "last_day": "to"}):
    """The schedule between two local days, with what the home screen needs next."""

    time_zone: str
    today: date
    first_day: date
    last_day: date
    appointments: list[Appointment]
    slots: list[Slot]
    pauses: list[Pause]
    next_appointment: Appointment | None
    paused_today: bool


class TimeZone(msgspec.Struct, kw_only=True):
    time_zone: str


class WorkingHoursIn(Strict):
    """Working hours: sessions of one length with a break after each, on the chosen weekdays."""

    weekdays: Annotated[
        list[Weekday],
        msgspec.Meta(min_length=1, max_length=7, examples=[[0, 1, 2, 3, 4]]),
    ]
    first_start: WallTime
    last_end: WallTime
    length_minutes: Minutes
    break_minutes: Annotated[
        int, msgspec.Meta(ge=0, le=120, description="Minutes between sessions, 0–120.")
    ]


class WeeklyTemplate(msgspec.Struct, kw_only=True):
    """The weekly slots now in force."""

    slots: list[Slot]
