"""Exercise logs: validated, idempotent by client id, scoped to the caller's space."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import msgspec

from server.clock import Clock
from server.errors import BadRequest
from server.exercises.repo import ExerciseLogRepo
from server.exercises.schemas import ExerciseLog, ExerciseLogIn, ExerciseLogList
from server.library import EXERCISE_SECONDS, Library
from server.spaces.repo import Device
from server.validation import check_moment, store_once


class ExerciseLogService:
    def __init__(self, repo: ExerciseLogRepo, clock: Clock, library: Library) -> None:
        self.repo = repo
        self.clock = clock
        self.library = library

    async def record(self, device: Device, log_id: str, data: ExerciseLogIn) -> ExerciseLog:
        """Store a log once; a retry gets the same answer, a different body under its id a 409."""
        data = msgspec.structs.replace(data, started_at=data.started_at.astimezone(UTC))
        self._validate(data, self.clock.now())
        log = ExerciseLog(
            id=log_id,
            exercise_id=data.exercise_id,
            started_at=data.started_at,
            duration_seconds=data.duration_seconds,
            completed=data.completed,
            recorded_at=self.clock.now(),
        )
        save_once = partial(self.repo.save_once, device_offset=data.utc_offset_minutes)
        return await store_once(save_once, device.space_id, log, data)

    async def since(self, device: Device, since: datetime, limit: int) -> ExerciseLogList:
        logs = await self.repo.since(device.space_id, since, limit)
        return ExerciseLogList(exercise_logs=logs)

    def _validate(self, data: ExerciseLogIn, now: datetime) -> None:
        if data.exercise_id not in self.library.exercises:
            raise BadRequest(
                f"There is no exercise called {data.exercise_id!r}.",
                code="unknown_exercise",
                field="exercise_id",
            )
        if data.completed and data.duration_seconds != EXERCISE_SECONDS:
            raise BadRequest(
                f"A completed exercise lasts {EXERCISE_SECONDS} seconds.",
                code="invalid",
                field="duration_seconds",
            )
        if not data.completed and data.duration_seconds >= EXERCISE_SECONDS:
            raise BadRequest(
                "A partial exercise lasts less than 60 seconds.",
                code="invalid",
                field="duration_seconds",
            )
        # The run must have ended by now: its start plus its duration, not just its start.
        check_moment(data.started_at + timedelta(seconds=data.duration_seconds), now, "started_at")
