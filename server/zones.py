"""Time zones, local days and wall-clock times: the one place that converts between them."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo

import msgspec

from server.errors import BadRequest

# Every UTC offset in use lies within these; a device claiming more is mistaken.
MAX_OFFSET_MINUTES = 14 * 60

DeviceOffset = Annotated[
    int,
    msgspec.Meta(
        ge=-MAX_OFFSET_MINUTES,
        le=MAX_OFFSET_MINUTES,
        description="The device's UTC offset at that moment, in minutes east of UTC.",
    ),
]


@cache
def _known_zones() -> frozenset[str]:
    # Only names the zone database lists: a folder of it ("America"), a relative path or a name
    # with odd characters never reaches the file system.
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def zone_named(name: str, field: str = "time_zone") -> ZoneInfo:
    """Return the IANA zone called name, or refuse it with a 400."""
    if name not in _known_zones():
        raise BadRequest(
            f"{name[:64]!r} is not a time zone Attune knows; use an IANA name like Europe/London.",
            code="unknown_time_zone",
            field=field,
        )
    return ZoneInfo(name)


def fixed_offset(minutes: int) -> tzinfo:
    """Return a zone that is always minutes east of UTC."""
    return timezone(timedelta(minutes=minutes))


def local_day(moment: datetime, zone: tzinfo) -> date:
    """Return the local day an instant falls on in zone."""
    return moment.astimezone(zone).date()


def offset_minutes(moment: datetime, zone: tzinfo) -> int:
    """Return how many minutes east of UTC zone's clocks are at an instant."""
    offset = moment.astimezone(zone).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def local_to_utc(day: date, wall: time, zone: tzinfo) -> datetime:
    """Return the UTC instant a wall-clock time on a local day means in zone.

    With fold=0 zoneinfo reads an ambiguous time (autumn, clocks go back) as its first occurrence,
    and a time that does not exist (spring, clocks go forward) with the offset from before the
    change, which moves it forward by the gap: 01:30 on the London spring-forward day is 02:30 BST.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def day_bounds(first_day: date, last_day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """Return the UTC instants from the start of first_day to the end of last_day, local."""
    start = local_to_utc(first_day, time(0), zone)
    end = local_to_utc(last_day + timedelta(days=1), time(0), zone)
    return start, end


def zone_in_force(history: list[tuple[datetime, str]], moment: datetime) -> str | None:
    """Return the zone chosen most recently at or before moment, from (since, zone) pairs."""
    chosen = None
    for since, name in sorted(history):
        if since > moment:
            break
        chosen = name
    return chosen


def local_moment(
    moment: datetime, history: list[tuple[datetime, str]], device_offset: int | None
) -> tuple[date, int]:
    """Return the local day and UTC offset of an instant, as the therapist lived it.

    The space's zone in force at that instant decides; before the space ever chose a zone, the
    device's own offset at that instant (sent with the event) is the best witness, then UTC.
    """
    name = zone_in_force(history, moment)
    if name is not None:
        zone: tzinfo = zone_named(name)
    elif device_offset is not None:
        zone = fixed_offset(device_offset)
    else:
        zone = UTC
    return local_day(moment, zone), offset_minutes(moment, zone)
