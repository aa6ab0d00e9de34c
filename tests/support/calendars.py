"""Calendars made in the test: a hostile one whose expansion would take hours."""

from __future__ import annotations


def hostile_calendar(events: int = 2000, rules: int = 3) -> bytes:
    """Return events that each repeat daily under several RRULEs from 1700 (≈1 s CPU apiece)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Attune tests//hostile//EN"]
    for number in range(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:hostile-{number}@attune.test",
            "DTSTAMP:20250301T000000Z",
            "DTSTART:17000101T090000Z",
            "DTEND:17000101T095000Z",
            *(f"RRULE:FREQ=DAILY;BYHOUR={9 + rule}" for rule in range(rules)),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()
