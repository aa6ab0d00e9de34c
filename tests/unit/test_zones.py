"""Local days as the therapist lived them: zone in force, device offset, DST, folder names."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.errors import BadRequest
from server.zones import local_moment, zone_in_force, zone_named


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


LONDON = [(utc("2024-01-01T00:00"), "Europe/London")]
MOVED_TO_NEW_YORK = [*LONDON, (utc("2025-06-10T12:00"), "America/New_York")]


@pytest.mark.parametrize(
    ("moment", "history", "device_offset", "day", "offset"),
    [
        # 23:50 and 00:10 local on either side of midnight in London summer time (UTC+1).
        ("2025-06-02T22:50", LONDON, None, date(2025, 6, 2), 60),
        ("2025-06-02T23:10", LONDON, None, date(2025, 6, 3), 60),
        # The same instants in winter (UTC+0).
        ("2025-01-06T23:50", LONDON, None, date(2025, 1, 6), 0),
        ("2025-01-07T00:10", LONDON, None, date(2025, 1, 7), 0),
        # DST days: London springs forward at 01:00 UTC on 30 March, falls back on 26 October.
        ("2025-03-30T00:59", LONDON, None, date(2025, 3, 30), 0),
        ("2025-03-30T01:00", LONDON, None, date(2025, 3, 30), 60),
        ("2025-10-25T23:10", LONDON, None, date(2025, 10, 26), 60),
        ("2025-10-26T23:10", LONDON, None, date(2025, 10, 26), 0),
        # A zone change: before it the old zone decides, after it the new one, for good.
        ("2025-06-10T03:30", MOVED_TO_NEW_YORK, None, date(2025, 6, 10), 60),
        ("2025-06-11T03:30", MOVED_TO_NEW_YORK, None, date(2025, 6, 10), -240),
        # Before any zone was chosen, the device's own offset is the witness; then UTC.
        ("2025-06-02T23:10", [], -300, date(2025, 6, 2), -300),
        ("2025-06-02T23:10", [], 600, date(2025, 6, 3), 600),
        ("2025-06-02T23:10", [], None, date(2025, 6, 2), 0),
        # A chosen zone wins over the device (a therapist travelling keeps their days).
        ("2025-06-02T23:10", LONDON, -300, date(2025, 6, 3), 60),
    ],
)
def test_local_moment_table(
    moment: str,
    history: list[tuple[datetime, str]],
    device_offset: int | None,
    day: date,
    offset: int,
) -> None:
    assert local_moment(utc(moment), history, device_offset) == (day, offset)


def test_zone_in_force_takes_the_latest_choice_not_after_the_moment() -> None:
    assert zone_in_force(MOVED_TO_NEW_YORK, utc("2025-06-10T11:59")) == "Europe/London"
    assert zone_in_force(MOVED_TO_NEW_YORK, utc("2025-06-10T12:00")) == "America/New_York"
    assert zone_in_force(LONDON, utc("2023-12-31T23:59")) is None


@pytest.mark.parametrize(
    "name",
    ["America", "Europe", "Etc", "right", "posix/../Europe", "../etc/passwd", "Europe/", "", "\0"],
)
def test_zone_named_refuses_folders_and_paths(name: str) -> None:
    with pytest.raises(BadRequest) as refused:
        zone_named(name)
    assert refused.value.code == "unknown_time_zone"


def test_zone_named_accepts_real_zones() -> None:
    assert zone_named("Europe/London").key == "Europe/London"
    assert zone_named("UTC").key == "UTC"
