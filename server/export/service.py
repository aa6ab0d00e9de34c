"""Export a space as JSON or CSV, and import a JSON export into an empty space."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec

from server.clock import Clock, to_db
from server.errors import BadRequest, Conflict, Unauthorized
from server.export.repo import ExportRepo
from server.export.schemas import (
    AppointmentRecord,
    CheckInRecord,
    ExerciseRecord,
    Imported,
    PauseRecord,
    SettingsRecord,
    SpaceExport,
    WeeklySession,
)
from server.library import Library
from server.spaces.repo import Device
from server.validation import utc_moment
from server.zones import zone_named

# The CSV files in the zip: one per kind of record, each with a header row.
CSV_PARTS: dict[str, type[msgspec.Struct]] = {
    "exercise_logs": ExerciseRecord,
    "check_ins": CheckInRecord,
    "appointments": AppointmentRecord,
    "weekly_sessions": WeeklySession,
    "pauses": PauseRecord,
}


class ExportService:
    def __init__(self, repo: ExportRepo, clock: Clock, library: Library) -> None:
        self.repo = repo
        self.clock = clock
        self.library = library

    async def export(self, device: Device) -> SpaceExport:
        """Gather everything the space holds, in a stable order."""
        found = await self.repo.export(device.space_id)
        if found is None:
            raise Unauthorized("This browser's space no longer exists.")
        return found

    async def export_csv(self, device: Device) -> bytes:
        """Return a zip of CSV files, one per kind of record plus the settings."""
        data = await self.export(device)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, kind in CSV_PARTS.items():
                archive.writestr(f"{part}.csv", _csv(kind, getattr(data, part)))
            archive.writestr("settings.csv", _csv(SettingsRecord, [data.settings]))
        return buffer.getvalue()

    async def import_into(self, device: Device, data: SpaceExport) -> Imported:
        """Bring a JSON export into this space, which must hold no practice or schedule yet."""
        self._check(data)
        if not await self.repo.import_into(device.space_id, data, to_db(self.clock.now())):
            raise Conflict(
                "This space already holds practice or a schedule; import into a new, empty space.",
                code="space_not_empty",
            )
        return Imported(
            exercise_logs=len(data.exercise_logs),
            check_ins=len(data.check_ins),
            weekly_sessions=len(data.weekly_sessions),
            appointments=len(data.appointments),
            pauses=len(data.pauses),
        )

    def _check(self, data: SpaceExport) -> None:
        zone_named(data.time_zone)
        for choice in data.time_zones:
            zone_named(choice.time_zone, "time_zones")
        for part in CSV_PARTS:
            _unique(getattr(data, part), part)
        known = set(self.library.exercises)
        words = set(self.library.words.feelings)
        for log in data.exercise_logs:
            if log.exercise_id not in known:
                raise BadRequest(f"Unknown exercise {log.exercise_id!r}.", field="exercise_logs")
        for check_in in data.check_ins:
            if not set(check_in.feelings) <= words:
                raise BadRequest("A check-in has an unknown feeling word.", field="check_ins")
        for appointment in data.appointments:
            if appointment.ends_at <= appointment.starts_at:
                raise BadRequest("An appointment ends before it starts.", field="appointments")
            if (appointment.status == "moved") != (appointment.replaced_by is not None):
                raise BadRequest(
                    "A moved appointment names what replaced it, and only it does.",
                    field="appointments",
                )
        for pause in data.pauses:
            if pause.last_day < pause.first_day:
                raise BadRequest("A pause ends before it begins.", field="pauses")
        for name, moment in _moments(data):
            utc_moment(moment, name)


def _unique(records: Sequence[msgspec.Struct], part: str) -> None:
    ids = [getattr(r, "id") for r in records]  # noqa: B009 - every part has an id
    if len(set(ids)) != len(ids):
        raise BadRequest(f"An id appears twice in {part}.", field=part)


def _moments(data: SpaceExport) -> Iterable[tuple[str, datetime]]:
    for choice in data.time_zones:
        yield "time_zones", choice.since
    for log in data.exercise_logs:
        yield "exercise_logs", log.started_at
        yield "exercise_logs", log.recorded_at
    for check_in in data.check_ins:
        yield "check_ins", check_in.checked_in_at
        yield "check_ins", check_in.recorded_at
    for appointment in data.appointments:
        yield "appointments", appointment.starts_at
        yield "appointments", appointment.ends_at


def _csv(kind: type[msgspec.Struct], records: Sequence[msgspec.Struct]) -> str:
    """Write records as CSV: a header of field names, then one row per record."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(kind.__struct_fields__)
    for record in records:
        row = msgspec.to_builtins(record)
        writer.writerow([_cell(row.get(name)) for name in kind.__struct_fields__])
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    # Spreadsheet apps run a cell that starts with = + - @ as a formula: keep notes as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value
