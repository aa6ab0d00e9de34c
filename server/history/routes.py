"""HTTP route for the history: one answer for a date range."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from server.context import provide_device, provide_signed_in
from server.history.schemas import History
from server.history.service import HistoryService
from server.schedule.service import local_date
from server.spaces.repo import Device


class HistoryController(Controller):
    path = "/api/history"
    tags = ["history"]
    dependencies = {
        "history": provide_signed_in("history"),
        "device": Provide(provide_device),
    }

    @get("/")
    async def read(
        self,
        history: NamedDependency[HistoryService],
        device: NamedDependency[Device],
        first_day: Annotated[
            str | None,
            QueryParameter(name="from", description="First local day, YYYY-MM-DD."),
        ] = None,
        last_day: Annotated[
            str | None,
            QueryParameter(name="to", description="Last local day, YYYY-MM-DD; today."),
        ] = None,
    ) -> History:
        """Return the history from..to (local days; default the last 12 weeks)."""
        return await history.history(
            device, local_date(first_day, "from"), local_date(last_day, "to")
        )
