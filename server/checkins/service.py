"""Check-ins: validated against the check-in words, idempotent by client id."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import msgspec

from server.checkins.repo import CheckInRepo
from server.checkins.schemas import CheckIn, CheckInIn, CheckInList
from server.clock import Clock
from server.errors import BadRequest
from server.library import Library
from server.spaces.repo import Device
from server.validation import check_moment, store_once


class CheckInService:
    def __init__(self, repo: CheckInRepo, clock: Clock, library: Library) -> None:
        self.repo = repo
        self.clock = clock
        self.library = library

    async def record(self, device: Device, check_in_id: str, data: CheckInIn) -> CheckIn:
        """Store a check-in once; a retry gets the same answer, a different body a 409."""
        data = msgspec.structs.replace(
            data,
            checked_in_at=data.checked_in_at.astimezone(UTC),
            note=data.note.strip() or None if data.note is not None else None,
        )
        self._validate(data, self.clock.now())
        check_in = CheckIn(
            id=check_in_id,
            checked_in_at=data.checked_in_at,
            presence=data.presence,
            energy=data.energy,
            feelings=data.feelings,
            note=data.note,
            exercise_log_id=data.exercise_log_id,
            moment=data.moment,
            recorded_at=self.clock.now(),
        )
        save_once = partial(self.repo.save_once, device_offset=data.utc_offset_minutes)
        return await store_once(save_once, device.space_id, check_in, data)

    async def since(self, device: Device, since: datetime, limit: int) -> CheckInList:
        return CheckInList(check_ins=await self.repo.since(device.space_id, since, limit))

    def _validate(self, data: CheckInIn, now: datetime) -> None:
        check_moment(data.checked_in_at, now, "checked_in_at")
        known = set(self.library.words.feelings)
        unknown = [word for word in data.feelings if word not in known]
        if unknown:
            raise BadRequest(
                f"Unknown feeling word {unknown[0]!r}; choose from: {', '.join(sorted(known))}.",
                code="unknown_feeling",
                field="feelings",
            )
        if len(set(data.feelings)) != len(data.feelings):
            raise BadRequest("A feeling word is listed twice.", code="invalid", field="feelings")
        if data.moment is not None and data.exercise_log_id is None:
            raise BadRequest(
                "A check-in before or after an exercise needs that exercise's exercise_log_id.",
                code="invalid",
                field="exercise_log_id",
            )
