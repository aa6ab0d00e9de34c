"""HTTP routes for calendar sources: uploaded .ics files and subscribed feeds."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from server.calendars.schemas import Calendar, CalendarList, FeedIn
from server.calendars.service import FILE_LIMIT, CalendarService
from server.context import provide_device, provide_signed_in
from server.openapi import EXTRA_ERRORS
from server.spaces.repo import Device
from server.validation import client_id


class CalendarController(Controller):
    path = "/api/calendars"
    tags = ["schedule"]
    dependencies = {
        "calendars": provide_signed_in("calendars"),
        "device": Provide(provide_device),
    }

    @get("/")
    async def list_calendars(
        self, calendars: NamedDependency[CalendarService], device: NamedDependency[Device]
    ) -> CalendarList:
        """List calendar files and feeds, feed addresses masked, with their last refresh."""
        return await calendars.calendars(device)

    @put(
        "/{calendar_id:str}/file",
        request_max_body_size=FILE_LIMIT,
        opt={EXTRA_ERRORS: (429,)},
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        calendars: NamedDependency[CalendarService],
        device: NamedDependency[Device],
        calendar_id: FromPath[str],
        keyword: Annotated[
            str | None,
            QueryParameter(
                description="Import only events whose title holds this word.", max_length=100
            ),
        ] = None,
    ) -> Calendar:
        """Import an .ics file (the body, ≤ 2 MB); uploading again replaces its future times."""
        body = await request.body()
        return await calendars.upload(
            device, client_id(calendar_id, "calendar_id"), body, keyword or None
        )

    @put("/{calendar_id:str}/feed", opt={EXTRA_ERRORS: (429,)})
    async def subscribe(
        self,
        calendars: NamedDependency[CalendarService],
        device: NamedDependency[Device],
        calendar_id: FromPath[str],
        data: JSONBody[FeedIn],
    ) -> Calendar:
        """Subscribe to a secret calendar feed URL; it is refreshed every 15 minutes."""
        return await calendars.subscribe(device, client_id(calendar_id, "calendar_id"), data)

    @delete("/{calendar_id:str}")
    async def delete_calendar(
        self,
        calendars: NamedDependency[CalendarService],
        device: NamedDependency[Device],
        calendar_id: FromPath[str],
    ) -> None:
        """Remove a calendar and its future appointments; past ones stay for the history."""
        await calendars.delete(device, client_id(calendar_id, "calendar_id"))
