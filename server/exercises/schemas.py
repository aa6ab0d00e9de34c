"""Requests and responses for exercise logs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from server.library import EXERCISE_SECONDS
from server.validation import AwareDatetime, TimesInRange
from server.zones import DeviceOffset


class ExerciseLogIn(TimesInRange, forbid_unknown_fields=True, kw_only=True):
    """One run of an exercise: complete (60 s) or stopped early (partial)."""

    exercise_id: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    started_at: AwareDatetime
    duration_seconds: Annotated[int, msgspec.Meta(ge=1, le=EXERCISE_SECONDS)]
    completed: bool
    utc_offset_minutes: DeviceOffset | None = None


class ExerciseLog(msgspec.Struct, kw_only=True):
    id: str
    exercise_id: str
    started_at: datetime
    duration_seconds: int
    completed: bool
    recorded_at: datetime
    # Set when stored: the local day it happened on, in the space's zone in force then.
    local_day: date | None = None
    utc_offset_minutes: int | None = None


class ExerciseLogList(msgspec.Struct, kw_only=True):
    exercise_logs: list[ExerciseLog]
