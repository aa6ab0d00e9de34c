"""Everything a space holds, as one document that exports and imports exactly (never feed URLs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

FORMAT: Literal["attune-export"] = "attune-export"
VERSION: Literal[1] = 1

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Rating = Annotated[int, msgspec.Meta(ge=1, le=5)]
Offset = Annotated[int, msgspec.Meta(ge=-14 * 60, le=14 * 60)]
WallTime = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Record(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A part of the export; unknown fields are refused so a typo never passes silently."""


class ZoneChoice(Record):
    since: datetime
    time_zone: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class SettingsRecord(Record):
    reminders_on: bool
    reminder_lead_minutes: Annotated[int, msgspec.Meta(ge=1, le=30)]
    workdays: Annotated[list[Annotated[int, msgspec.Meta(ge=0, le=6)]], msgspec.Meta(max_length=7)]
    hide_streaks: bool
    check_in_prompts: Annotated[list[WallTime], msgspec.Meta(max_length=4)]


class ExerciseRecord(Record):
    id: Id
    exercise_id: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    started_at: datetime
    duration_seconds: Annotated[int, msgspec.Meta(ge=1, le=60)]
    completed: bool
    recorded_at: datetime
    local_day: date
    utc_offset_minutes: Offset


class CheckInRecord(Record):
    id: Id
    checked_in_at: datetime
    presence: Rating
    energy: Rating
    feelings: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=40)]], msgspec.Meta(max_length=12)
    ]
    note: Annotated[str, msgspec.Meta(max_length=500)] | None
    exercise_log_id: Id | None
    moment: Literal["before", "after"] | None
    recorded_at: datetime
    local_day: date
    utc_offset_minutes: Offset


class WeeklySession(Record):
    id: Id
    weekday: Annotated[int, msgspec.Meta(ge=0, le=6)]
    start: WallTime
    length_minutes: Annotated[int, msgspec.Meta(ge=10, le=240)]


class AppointmentRecord(Record):
    id: Id
    source: Literal["template", "manual", "calendar"]
    source_id: Id | None
    starts_at: datetime
    ends_at: datetime
    status: Literal["scheduled", "cancelled", "moved"]
    replaced_by: Id | None
    local_day: date


class PauseRecord(Record):
    id: Id
    first_day: date
    last_day: date


class SpaceExport(Record):
    """One space's data. Calendar feed addresses are never part of it (they are secrets)."""

    format: Literal["attune-export"]
    version: Literal[1]
    time_zone: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    time_zones: list[ZoneChoice]
    settings: SettingsRecord
    exercise_logs: list[ExerciseRecord]
    check_ins: list[CheckInRecord]
    weekly_sessions: list[WeeklySession]
    appointments: list[AppointmentRecord]
    pauses: list[PauseRecord]


class Imported(msgspec.Struct, kw_only=True):
    """How many records of each kind an import brought in."""

    exercise_logs: int
    check_ins: int
    weekly_sessions: int
    appointments: int
    pauses: int
