"""The export feature: everything a space holds, out as JSON or CSV, and in again as JSON."""

from __future__ import annotations

from server.context import Core, Feature
from server.export.repo import ExportRepo
from server.export.routes import ExportController
from server.export.service import ExportService


def build(core: Core) -> Feature:
    """Build the export service and its routes."""
    exports = ExportService(ExportRepo(core.db), core.clock, core.library)
    return Feature(services={"exports": exports}, routes=[ExportController])
