"""The settings feature: what the therapist chose for reminders, workdays and streaks."""

from __future__ import annotations

from server.context import Core, Feature
from server.preferences.repo import PreferencesRepo
from server.preferences.routes import PreferencesController
from server.preferences.service import PreferencesService


def build(core: Core) -> Feature:
    """Build the settings service and its routes."""
    preferences = PreferencesService(
        PreferencesRepo(core.db), core.clock, changed=core.changes.notify
    )
    return Feature(services={"preferences": preferences}, routes=[PreferencesController])
