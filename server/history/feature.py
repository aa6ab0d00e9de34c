"""The history feature: grounded-before rates, a kind streak, the heatmap and trends."""

from __future__ import annotations

from server.context import Core, Feature
from server.history.repo import HistoryRepo
from server.history.routes import HistoryController
from server.history.service import HistoryService


def build(core: Core) -> Feature:
    """Build the history service and its route."""
    history = HistoryService(HistoryRepo(core.db), core.clock)
    return Feature(services={"history": history}, routes=[HistoryController])
