"""HTTP routes for the space's settings."""

from __future__ import annotations

from litestar import Controller, get, patch
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from server.context import provide_device, provide_signed_in
from server.preferences.schemas import Preferences, PreferencesIn
from server.preferences.service import PreferencesService
from server.spaces.repo import Device


class PreferencesController(Controller):
    path = "/api/settings"
    tags = ["settings"]
    dependencies = {
        "preferences": provide_signed_in("preferences"),
        "device": Provide(provide_device),
    }

    @get("/")
    async def read(
        self, preferences: NamedDependency[PreferencesService], device: NamedDependency[Device]
    ) -> Preferences:
        """Return the space's settings, defaults included."""
        return await preferences.get(device)

    @patch("/")
    async def change(
        self,
        preferences: NamedDependency[PreferencesService],
        device: NamedDependency[Device],
        data: JSONBody[PreferencesIn],
    ) -> Preferences:
        """Change the settings given; the others keep their values."""
        return await preferences.change(device, data)
