"""The check-ins feature: presence and energy, with feeling words and a note."""

from __future__ import annotations

from server.checkins.repo import CheckInRepo
from server.checkins.routes import CheckInController
from server.checkins.service import CheckInService
from server.context import Core, Feature


def build(core: Core) -> Feature:
    """Build the check-in service and its routes."""
    check_ins = CheckInService(CheckInRepo(core.db), core.clock, core.library)
    return Feature(services={"check_ins": check_ins}, routes=[CheckInController])
