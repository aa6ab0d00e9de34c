"""Checks shared by every offline-first write: timestamps and retry fingerprints."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

import msgspec

from server.errors import BadRequest, Conflict

T = TypeVar("T")
SaveOnce = Callable[[str, T, str], Awaitable[tuple[T, str]]]

# Phones' clocks drift; a little future is a clock, a lot is a mistake.
ALLOWED_CLOCK_SKEW = timedelta(minutes=2)
OLDEST_ACCEPTED = timedelta(days=400)
# Far inside datetime's range, so converting to UTC or adding days and weeks never overflows.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)

AwareDatetime = Annotated[
    datetime,
    msgspec.Meta(tz=True, description="A moment with its UTC offset, between 1970 and 9000."),
]


def utc_moment(moment: datetime, field: str) -> datetime:
    """Return moment in UTC, or refuse a naive moment or one outside 1970..9000 with a 400."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise BadRequest(f"{field} needs a UTC offset, like 2025-03-03T09:00:00Z.", field=field)
    # Comparing aware datetimes subtracts offsets without building a new datetime: no overflow.
    if not EARLIEST <= moment < LATEST:
        raise BadRequest(
            f"{field} must lie between 1970 and 9000.", code="out_of_range", field=field
        )
    return moment.astimezone(UTC)


class TimesInRange(msgspec.Struct):
    """A request body whose datetimes are refused, as it is read, when outside 1970..9000."""

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if isinstance(value, datetime):
                utc_moment(value, name)


def check_moment(moment: datetime, now: datetime, field: str) -> None:
    """Refuse a time in the future (beyond clock skew) or implausibly far in the past."""
    if moment > now + ALLOWED_CLOCK_SKEW:
        raise BadRequest(f"{field} is in the future.", code="in_future", field=field)
    if moment < now - OLDEST_ACCEPTED:
        raise BadRequest(f"{field} is more than 400 days ago.", code="too_old", field=field)


def fingerprint(body: msgspec.Struct) -> str:
    """Digest a request body so the same content always gives the same fingerprint."""
    return hashlib.sha256(msgspec.json.encode(body)).hexdigest()


def client_id(value: str, field: str = "id") -> str:
    """Return a client-generated id in canonical form, or refuse it with a 400."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise BadRequest(f"{field} must be a UUID made by the client.", field=field) from None


async def store_once(save_once: SaveOnce[T], space_id: str, record: T, body: msgspec.Struct) -> T:
    """Store a client-identified record once: a retry gets what is stored, a clash a 409."""
    expected = fingerprint(body)
    stored, stored_fingerprint = await save_once(space_id, record, expected)
    if stored_fingerprint != expected:
        raise Conflict(
            "This was already saved with different details, so this copy was not saved.",
            code="id_conflict",
        )
    return stored
