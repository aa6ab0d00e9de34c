"""A space's settings: read with defaults, changed a few fields at a time."""

from __future__ import annotations

import msgspec

from server.clock import Clock
from server.errors import BadRequest
from server.preferences.repo import PreferencesRepo
from server.preferences.schemas import Preferences, PreferencesIn
from server.spaces.repo import Device


class PreferencesService:
    def __init__(self, repo: PreferencesRepo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    async def get(self, device: Device) -> Preferences:
        return await self.repo.get(device.space_id)

    async def change(self, device: Device, data: PreferencesIn) -> Preferences:
        """Apply the fields given and keep the rest."""
        if data.workdays is not None and len(set(data.workdays)) != len(data.workdays):
            raise BadRequest("A workday is listed twice.", code="invalid", field="workdays")
        current = await self.repo.get(device.space_id)
        changes = {
            name: getattr(data, name)
            for name in data.__struct_fields__
            if getattr(data, name) is not None
        }
        if "workdays" in changes:
            changes["workdays"] = sorted(changes["workdays"])
        wanted = msgspec.structs.replace(current, **changes)
        return await self.repo.save(device.space_id, wanted, self.clock.now())
