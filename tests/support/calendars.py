"""Calendar inputs made in the test: a hostile calendar, feed host names IDNA refuses."""

from __future__ import annotations

# Host names IDNA or DNS refuse: each must be a clear FeedError, never an exception from below.
BAD_HOSTS = [
    "xn--",
    "xn--zz.example",
    "xn--a-ecp.ru",  # Punycode for a character IDNA 2008 does not allow
    "xn--ab-.example",
    "a..b",
    ".",
    f"{'a' * 64}.example",
    ".".join(["a" * 60] * 5),  # 304 characters, each label short enough
    "-calendar.example",
    "calendar_feed.example",
    "%00.example",
    "*.example",
]


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
