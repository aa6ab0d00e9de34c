"""HTTP routes to take everything out of a space, and to bring it into a new one."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from server.context import provide_device, provide_signed_in
from server.export.schemas import Imported, SpaceExport
from server.export.service import ExportService
from server.openapi import EXTRA_ERRORS
from server.spaces.repo import Device

# Five years of practice and schedule is a few megabytes of JSON.
IMPORT_LIMIT = 32 * 1024 * 1024


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


class ExportController(Controller):
    path = "/api"
    tags = ["export"]
    dependencies = {
        "exports": provide_signed_in("exports"),
        "device": Provide(provide_device),
    }

    @get("/export")
    async def export_json(
        self, exports: NamedDependency[ExportService], device: NamedDependency[Device]
    ) -> Response[SpaceExport]:
        """Download everything in this space as one JSON document (never feed addresses)."""
        data = await exports.export(device)
        return Response(data, headers=_attachment("attune-export.json"))

    @get("/export/csv", media_type="application/zip")
    async def export_csv(
        self, exports: NamedDependency[ExportService], device: NamedDependency[Device]
    ) -> Response[bytes]:
        """Download everything as CSV files (one per kind of record) in a zip."""
        content = await exports.export_csv(device)
        return Response(
            content, media_type="application/zip", headers=_attachment("attune-export.zip")
        )

    @post(
        "/import",
        status_code=200,
        request_max_body_size=IMPORT_LIMIT,
        opt={EXTRA_ERRORS: (409,)},
    )
    async def import_export(
        self,
        exports: NamedDependency[ExportService],
        device: NamedDependency[Device],
        data: JSONBody[SpaceExport],
    ) -> Imported:
        """Bring a JSON export into this space; it must not hold practice or a schedule yet."""
        return await exports.import_into(device, data)
