"""Human-typable codes and device labels: pure functions, no I/O."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: a code read aloud or typed on a phone keyboard should not be ambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PAIRING_LENGTH = 8
RECOVERY_LENGTH = 20


def new_code(length: int) -> str:
    """Return a random code of length characters, grouped by four with dashes."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


def normalise_code(typed: str) -> str:
    """Return a typed code without spaces or dashes, upper-cased, for comparison."""
    return re.sub(r"[\s\-]", "", typed).upper()


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "Mac"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """Name a device the way its owner would recognise it, e.g. "Chrome on Android"."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "Browser")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return f"{browser} on {system}" if system else browser
