"""Read an iCalendar file into appointment times, keeping no calendar text at all."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar
from icalendar.cal.component import Component

# Floating times are wall-clock times, so the library compares them with the window's UTC wall
# clock; a day either side covers every UTC offset (-12 h … +14 h) before the exact cut.
_MARGIN = timedelta(days=1)
# Occurrences the library may expand per kept event: skipped ones (all-day, cancelled, outside
# the window) still cost time, and a tiny file must not keep the server busy for minutes.
_EXPANSION_FACTOR = 10
# No calendar app writes an appointment that repeats more often than daily, and dateutil expands
# a rule from its first start: an hourly one from 1970 costs seconds, a minutely one minutes.
_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
_MAX_PER_DAY = 24
# A broken value in one of these would change which times are imported, so it fails the file.
_TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)
_INVALID = "This file is not a valid iCalendar file"


class CalendarError(ValueError):
    """The calendar cannot be read; the message says what is wrong, for a 400."""


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One occurrence of a timed event: a hashed identity and its UTC times, nothing else."""

    key: str
    starts_at: datetime
    ends_at: datetime


def parse_calendar(
    data: bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    keyword: str | None = None,
    default_tz: str = "UTC",
    max_events: int = 5000,
) -> list[CalendarEvent]:
    """Expand every timed event starting in [window_start, window_end) into UTC start/end pairs."""
    # CPU-bound without limit on a hostile file: callers run it through bounded.parse_bounded.
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("window_start and window_end must be timezone-aware")
    zone = _zone(default_tz, ZoneInfo("UTC"))
    try:
        calendar = _read(data)
        _check_time_properties(calendar)
        _drop_unusable_events(calendar, zone)
        calendar, floating_zone = _standardise_zones(calendar, zone)
        return _expand(
            calendar,
            floating_zone=floating_zone,
            window=(window_start.astimezone(UTC), window_end.astimezone(UTC)),
            keyword=keyword.strip().casefold() if keyword else "",
            max_events=max_events,
        )
    except CalendarError:
        raise
    except Exception as error:
        # The libraries raise many types on odd input and quote the calendar in their messages;
        # the caller needs one type, and the text must not reach a log (hence `from None`).
        raise CalendarError(
            f"{_INVALID}: its events could not be read ({type(error).__name__})."
        ) from None


def _read(data: bytes) -> Calendar:
    """Parse the bytes into one VCALENDAR, or say in plain words why not."""
    if b"BEGIN:VCALENDAR" not in data.upper():
        raise CalendarError("The file has no calendar (BEGIN:VCALENDAR) in it.")
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise CalendarError(f"{_INVALID}: {_describe(error)}.") from None
    if calendar.name != "VCALENDAR":
        raise CalendarError("The file has no calendar (BEGIN:VCALENDAR) in it.")
    return calendar


def _describe(error: ValueError) -> str:
    """Name what the parser disliked without repeating the calendar text it quotes."""
    message = str(error)
    if message.startswith("Found no components"):
        return "the calendar is empty or does not end with END:VCALENDAR"
    if message.startswith("Found multiple components"):
        return "it holds more than one calendar"
    if message.startswith("Content line could not be parsed"):
        return "a line could not be read"
    return "it could not be read"


def _check_time_properties(calendar: Calendar) -> None:
    """Refuse a calendar where an event's times cannot be read, naming the event and property."""
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        if "DTSTART" not in event:
            raise CalendarError(f"{_INVALID}: event {number} has no readable start (DTSTART).")
        for name, _ in event.errors:
            if name in _TIME_PROPERTIES:
                raise CalendarError(f"{_INVALID}: event {number} has an unreadable {name} value.")


def _drop_unusable_events(calendar: Calendar, zone: tzinfo) -> None:
    """Remove events that end before they start or repeat many times a day."""
    calendar.subcomponents = [
        component
        for component in calendar.subcomponents
        if component.name != "VEVENT"
        or not (_ends_before_start(component, zone) or _repeats_too_often(component))
    ]


def _ends_before_start(event: Component, zone: tzinfo) -> bool:
    """Say whether DTEND (or DTSTART + DURATION) lies before DTSTART."""
    # The library silently swaps such an event's start and end; we skip it instead.
    start, end, duration = (_value(event, name) for name in ("DTSTART", "DTEND", "DURATION"))
    if end is None:
        return isinstance(duration, timedelta) and duration < timedelta(0)
    if isinstance(start, datetime) and isinstance(end, datetime):
        return _aware(end, zone) < _aware(start, zone)
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        return bool(end < start)
    return False


def _repeats_too_often(event: Component) -> bool:
    """Say whether an RRULE repeats more often than daily or more than 24 times a day."""
    rules: Any = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        if any(str(freq).upper() in _SUB_DAILY for freq in rule.get("FREQ", [])):
            return True
        per_day = 1
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            per_day *= max(1, len(rule.get(part, [])))
        if per_day > _MAX_PER_DAY:
            return True
    return False


def _standardise_zones(calendar: Calendar, zone: tzinfo) -> tuple[Calendar, tzinfo]:
    """Apply X-WR-TIMEZONE the way Google means it; return the zone for floating times."""
    name = calendar.get("X-WR-TIMEZONE")
    if name is None:
        return calendar, zone
    calendar_zone = _zone(str(name), zone)
    # Explicit zone: to_standard would otherwise look the name up itself and fail on a bad one.
    return x_wr_timezone.to_standard(calendar, timezone=calendar_zone), calendar_zone


def _expand(
    calendar: Calendar,
    *,
    floating_zone: tzinfo,
    window: tuple[datetime, datetime],
    keyword: str,
    max_events: int,
) -> list[CalendarEvent]:
    """Turn every occurrence in the window into a CalendarEvent, de-duplicated by key."""
    window_start, window_end = window
    found: dict[str, CalendarEvent] = {}
    expanded = 0
    for occurrence in _occurrences(calendar, window_start - _MARGIN, window_end + _MARGIN):
        expanded += 1
        if expanded > max_events * _EXPANSION_FACTOR:
            raise _too_many(max_events)
        event = _to_event(occurrence, floating_zone, keyword)
        if event is None or not window_start <= event.starts_at < window_end:
            continue
        found.setdefault(event.key, event)
        if len(found) > max_events:
            raise _too_many(max_events)
    return sorted(found.values(), key=lambda event: (event.starts_at, event.ends_at, event.key))


def _occurrences(calendar: Calendar, start: datetime, end: datetime) -> Iterator[Any]:
    """Yield the library's occurrences lazily, series by series, skipping broken series."""
    # CalendarQuery, not recurring_ical_events.of(): X-WR-TIMEZONE is already applied, and of()
    # would look its name up again and fail on an unknown one.
    query = recurring_ical_events.CalendarQuery(calendar, skip_bad_series=True)
    skipped = tuple(query.suppressed_errors)
    for series in query.series:
        try:
            yield from series.between(start, end)
        except skipped:
            continue


def _to_event(occurrence: Any, floating_zone: tzinfo, keyword: str) -> CalendarEvent | None:
    """Keep a timed, busy, not cancelled occurrence's times and hashed identity, or None."""
    if not isinstance(occurrence.start, datetime):
        return None
    component = occurrence.as_component(False)
    if _word(component, "TRANSP") == "TRANSPARENT" or _word(component, "STATUS") == "CANCELLED":
        return None
    if keyword and not any(keyword in text.casefold() for text in _texts(component)):
        return None
    starts_at = _aware(occurrence.start, floating_zone).astimezone(UTC)
    length = _series_length(occurrence, floating_zone)
    if length is not None:
        nominal, exact = length
        # Aware + timedelta is wall-clock arithmetic: whole days stay nominal, the rest is exact.
        wall_end = _aware(occurrence.start, floating_zone) + nominal
        ends_at = wall_end.astimezone(UTC) + exact
    else:
        end = occurrence.end if isinstance(occurrence.end, datetime) else occurrence.start
        ends_at = _aware(end, floating_zone).astimezone(UTC)
    if ends_at < starts_at:
        return None
    return CalendarEvent(_key(component, floating_zone), starts_at, ends_at)


def _series_length(occurrence: Any, floating_zone: tzinfo) -> tuple[timedelta, timedelta] | None:
    """Return the (nominal days, exact time) each instance of its component lasts, or None."""
    # RFC 5545 §3.8.5.3: DTEND gives every instance the master's exact duration, DURATION its
    # nominal days plus exact hours. The library adds the wall-clock length to each start, so an
    # instance spanning a DST change would gain or lose an hour. The occurrence's own component
    # (the master, or an override) is only reachable through the library's private adapter.
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    if not isinstance(component, Component) or _has_periods(component):
        return None
    start, end, duration = (_value(component, name) for name in ("DTSTART", "DTEND", "DURATION"))
    if not isinstance(start, datetime):
        return None
    if isinstance(end, datetime):
        exact = _aware(end, floating_zone).astimezone(UTC) - _aware(
            start, floating_zone
        ).astimezone(UTC)
        return timedelta(0), exact
    if isinstance(duration, timedelta):
        return timedelta(days=duration.days), duration - timedelta(days=duration.days)
    return None


def _has_periods(component: Component) -> bool:
    """Say whether an RDATE gives an instance its own end (a PERIOD value)."""
    rdates: Any = component.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
        if any(isinstance(getattr(v, "dt", None), tuple) for v in getattr(rdate, "dts", [])):
            return True
    return False


def _key(component: Component, floating_zone: tzinfo) -> str:
    """Hash UID and original start (RECURRENCE-ID) so a moved occurrence keeps its key."""
    original = _value(component, "RECURRENCE-ID")
    if isinstance(original, datetime):
        original = _aware(original, floating_zone).astimezone(UTC)
    identity = f"{component.get('UID', '')}\n{original.isoformat()}"
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()


def _value(component: Component, name: str) -> Any:
    """Return a time property's Python value (date, datetime or timedelta), or None."""
    # Any: icalendar types every property as one wide union, but these always carry .dt.
    prop: Any = component.get(name)
    return None if prop is None or isinstance(prop, list) else prop.dt


def _word(component: Component, name: str) -> str:
    """Return a one-word property such as STATUS, upper-cased, or ''."""
    value = component.get(name)
    return str(value).strip().upper() if value is not None and not isinstance(value, list) else ""


def _texts(component: Component) -> Iterator[str]:
    """Yield SUMMARY, DESCRIPTION and each CATEGORIES entry, for the keyword filter only."""
    for name in ("SUMMARY", "DESCRIPTION", "CATEGORIES"):
        value: Any = component.get(name)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if hasattr(item, "cats"):
                yield from (str(category) for category in item.cats)
            else:
                yield str(item)


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    """Give a floating time the zone it is meant in; leave an aware one alone."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _zone(name: str, fallback: tzinfo) -> tzinfo:
    """Return the IANA zone called name, or fallback when there is no such zone."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return fallback


def _too_many(max_events: int) -> CalendarError:
    return CalendarError(
        f"The calendar has too many events in the window (more than {max_events}). "
        "Use a keyword filter or a calendar with fewer events."
    )
