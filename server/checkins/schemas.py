"""Requests and responses for check-ins."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from server.validation import AwareDatetime, TimesInRange
from server.zones import DeviceOffset

Rating = Annotated[int, msgspec.Meta(ge=1, le=5)]
NOTE_LIMIT = 500


class CheckInIn(TimesInRange, forbid_unknown_fields=True, kw_only=True):
    """Presence and energy 1–5, optional feeling words and note, optionally tied to an exercise."""

    checked_in_at: AwareDatetime
    presence: Rating
    energy: Rating
    feelings: Annotated[list[str], msgspec.Meta(max_length=12)] = []
    note: Annotated[str, msgspec.Meta(max_length=NOTE_LIMIT)] | None = None
    exercise_log_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    moment: Literal["before", "after"] | None = None
    utc_offset_minutes: DeviceOffset | None = None


class CheckIn(msgspec.Struct, kw_only=True):
    id: str
    checked_in_at: datetime
    presence: int
    energy: int
    feelings: list[str]
    note: str | None
    exercise_log_id: str | None
    moment: Literal["before", "after"] | None
    recorded_at: datetime
    # Set when stored: the local day it happened on, in the space's zone in force then.
    local_day: date | None = None
    utc_offset_minutes: int | None = None


class CheckInList(msgspec.Struct, kw_only=True):
    check_ins: list[CheckIn]
