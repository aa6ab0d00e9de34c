"""A space's settings: read with defaults, changed a few fields at a time."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from server.clock import Clock
from server.errors import BadRequest
from server.preferences.repo import PreferencesRepo
from server.preferences.schemas import Preferences, PreferencesIn
from server.spaces.repo import Device


class PreferencesService:
    def __init__(
        self,
        repo: PreferencesRepo,
        clock: Clock,
        changed: Callable[[str], None] = lambda space_id: None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        # Tells the reminders that a space's lead, prompts or on/off switch may have changed.
        self._changed = changed

    async def get(self, device: Device) -> Preferences:
        return await self.repo.get(device.space_id)

    async def change(self, device: Device, data: PreferencesIn) -> Preferences:
        """Apply the fields given and keep the rest."""
        if data.workdays is not None and len(set(data.workdays)) != len(data.workdays):
            raise BadRequest("A workday is listed twice.", code="invalid", field="workdays")
        prompts = data.check_in_prompts
        if prompts is not None and len(set(prompts)) != len(prompts):
            raise BadRequest(
                "A prompt time is listed twice.", code="invalid", field="check_in_prompts"
            )
        current = await self.repo.get(device.space_id)
        changes = {
            name: getattr(data, name)
            for name in data.__struct_fields__
            if getattr(data, name) is not None
        }
        for name in ("workdays", "check_in_prompts"):
            if name in changes:
                changes[name] = sorted(changes[name])
        wanted = msgspec.structs.replace(current, **changes)
        saved = await self.repo.save(device.space_id, wanted, self.clock.now())
        self._changed(device.space_id)
        return saved
