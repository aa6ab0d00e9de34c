"""HTTP routes for check-ins: idempotent PUT by client id, and a recent list."""

from __future__ import annotations

from datetime import datetime, timedelta

from litestar import Controller, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from server.checkins.schemas import CheckIn, CheckInIn, CheckInList
from server.checkins.service import CheckInService
from server.context import provide_device, provide_signed_in
from server.openapi import SMALL_ANSWER
from server.spaces.repo import Device
from server.validation import client_id, utc_moment


class CheckInController(Controller):
    path = "/api/check-ins"
    tags = ["practice"]
    dependencies = {
        "check_ins": provide_signed_in("check_ins"),
        "device": Provide(provide_device),
    }

    @put("/{check_in_id:str}", opt={SMALL_ANSWER: True})
    async def record(
        self,
        check_ins: NamedDependency[CheckInService],
        device: NamedDependency[Device],
        check_in_id: FromPath[str],
        data: JSONBody[CheckInIn],
    ) -> CheckIn:
        """Record a check-in under the client's id; repeating the same PUT is safe."""
        return await check_ins.record(device, client_id(check_in_id, "check_in_id"), data)

    @get("/")
    async def recent(
        self,
        check_ins: NamedDependency[CheckInService],
        device: NamedDependency[Device],
        since: FromQuery[datetime | None] = None,
        limit: int = Parameter(default=500, ge=1, le=1000),
    ) -> CheckInList:
        """List check-ins made at or after since (default: the last 31 days)."""
        if since is None:
            start = check_ins.clock.now() - timedelta(days=31)
        else:
            start = utc_moment(since, "since")
        return await check_ins.since(device, start, limit)
