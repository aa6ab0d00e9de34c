"""HTTP routes for the schedule and the space's time zone."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from server.context import provide_device, provide_signed_in
from server.schedule.schemas import (
    Appointment,
    AppointmentIn,
    MoveIn,
    Pause,
    PauseIn,
    Schedule,
    Slot,
    SlotIn,
    TimeZone,
    TimeZoneIn,
    WeeklyTemplate,
    WorkingHoursIn,
)
from server.schedule.service import ScheduleService, local_date
from server.spaces.repo import Device
from server.validation import client_id


class ScheduleController(Controller):
    path = "/api"
    tags = ["schedule"]
    dependencies = {
        "schedule": provide_signed_in("schedule"),
        "device": Provide(provide_device),
    }

    @get("/schedule")
    async def read(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        first_day: Annotated[
            str | None,
            QueryParameter(name="from", description="First local day, YYYY-MM-DD; today."),
        ] = None,
        last_day: Annotated[
            str | None,
            QueryParameter(name="to", description="Last local day, YYYY-MM-DD; from + 7 days."),
        ] = None,
    ) -> Schedule:
        """Return the appointments, weekly slots and pauses between two local days."""
        return await schedule.schedule(
            device, local_date(first_day, "from"), local_date(last_day, "to")
        )

    @put("/schedule/slots/{slot_id:str}")
    async def put_slot(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        slot_id: FromPath[str],
        data: JSONBody[SlotIn],
    ) -> Slot:
        """Create or change a weekly slot; its future scheduled appointments follow it."""
        return await schedule.put_slot(device, client_id(slot_id, "slot_id"), data)

    @delete("/schedule/slots/{slot_id:str}")
    async def delete_slot(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        slot_id: FromPath[str],
    ) -> None:
        """Delete a weekly slot and its future scheduled appointments."""
        await schedule.delete_slot(device, client_id(slot_id, "slot_id"))

    @put("/schedule/working-hours")
    async def put_working_hours(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        data: JSONBody[WorkingHoursIn],
    ) -> WeeklyTemplate:
        """Replace the weekly slots with working hours; one-off and calendar sessions stay."""
        return await schedule.put_working_hours(device, data)

    @put("/schedule/appointments/{appointment_id:str}")
    async def add_appointment(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        appointment_id: FromPath[str],
        data: JSONBody[AppointmentIn],
    ) -> Appointment:
        """Add a one-off appointment under the client's id; repeating the same PUT is safe."""
        return await schedule.add_appointment(
            device, client_id(appointment_id, "appointment_id"), data
        )

    @put("/schedule/appointments/{appointment_id:str}/move")
    async def move(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        appointment_id: FromPath[str],
        data: JSONBody[MoveIn],
    ) -> Appointment:
        """Move an appointment to a new time; returns the new appointment (new_id)."""
        data.new_id = client_id(data.new_id, "new_id")
        return await schedule.move(device, client_id(appointment_id, "appointment_id"), data)

    @put("/schedule/appointments/{appointment_id:str}/cancel")
    async def cancel(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        appointment_id: FromPath[str],
    ) -> Appointment:
        """Cancel an appointment, e.g. one week of a weekly slot; repeating it is safe."""
        return await schedule.cancel(device, client_id(appointment_id, "appointment_id"))

    @put("/schedule/pauses/{pause_id:str}")
    async def put_pause(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        pause_id: FromPath[str],
        data: JSONBody[PauseIn],
    ) -> Pause:
        """Pause reminders from first_day to last_day (local, inclusive); {} pauses today."""
        return await schedule.put_pause(device, client_id(pause_id, "pause_id"), data)

    @delete("/schedule/pauses/{pause_id:str}")
    async def delete_pause(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        pause_id: FromPath[str],
    ) -> None:
        """End a pause early, or remove a planned one."""
        await schedule.delete_pause(device, client_id(pause_id, "pause_id"))

    @put("/space/time-zone")
    async def set_time_zone(
        self,
        schedule: NamedDependency[ScheduleService],
        device: NamedDependency[Device],
        data: JSONBody[TimeZoneIn],
    ) -> TimeZone:
        """Set the space's IANA time zone; weekly slots keep their local times in it."""
        return await schedule.set_time_zone(device, data.time_zone)
