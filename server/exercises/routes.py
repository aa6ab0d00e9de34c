"""HTTP routes for exercise logs: idempotent PUT by client id, and a recent list."""

from __future__ import annotations

from datetime import datetime, timedelta

from litestar import Controller, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from server.context import provide_device, provide_signed_in
from server.exercises.schemas import ExerciseLog, ExerciseLogIn, ExerciseLogList
from server.exercises.service import ExerciseLogService
from server.openapi import SMALL_ANSWER
from server.spaces.repo import Device
from server.validation import client_id, utc_moment


class ExerciseLogController(Controller):
    path = "/api/exercise-logs"
    tags = ["practice"]
    dependencies = {
        "logs": provide_signed_in("exercise_logs"),
        "device": Provide(provide_device),
    }

    @put("/{log_id:str}", opt={SMALL_ANSWER: True})
    async def record(
        self,
        logs: NamedDependency[ExerciseLogService],
        device: NamedDependency[Device],
        log_id: FromPath[str],
        data: JSONBody[ExerciseLogIn],
    ) -> ExerciseLog:
        """Record one exercise run under the client's id; repeating the same PUT is safe."""
        return await logs.record(device, client_id(log_id, "log_id"), data)

    @get("/")
    async def recent(
        self,
        logs: NamedDependency[ExerciseLogService],
        device: NamedDependency[Device],
        since: FromQuery[datetime | None] = None,
        limit: int = Parameter(default=500, ge=1, le=1000),
    ) -> ExerciseLogList:
        """List exercise runs that started at or after since (default: the last 31 days)."""
        if since is None:
            start = logs.clock.now() - timedelta(days=31)
        else:
            start = utc_moment(since, "since")
        return await logs.since(device, start, limit)
