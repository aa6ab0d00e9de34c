"""Feed URLs are sealed with AES-GCM under the data directory's secret, bound to their row."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from server.calendars.service import mask
from server.keys import seal, unseal

SECRET = bytes(range(32))
URL = "https://calendar.example.org/private/abc123/basic.ics?token=xyz"


def test_sealed_url_opens_only_with_the_same_secret_purpose_and_row() -> None:
    sealed = seal(SECRET, "calendar-feed-url", URL, "space:calendar")
    assert b"calendar.example.org" not in sealed
    assert b"abc123" not in sealed
    assert unseal(SECRET, "calendar-feed-url", sealed, "space:calendar") == URL
    for secret, purpose, context in [
        (bytes(32), "calendar-feed-url", "space:calendar"),
        (SECRET, "push", "space:calendar"),
        (SECRET, "calendar-feed-url", "space:other-calendar"),
    ]:
        with pytest.raises(InvalidTag):
            unseal(secret, purpose, sealed, context)


def test_sealing_twice_gives_different_ciphertexts() -> None:
    assert seal(SECRET, "p", URL, "c") != seal(SECRET, "p", URL, "c")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (URL, "https://calendar.example.org/…"),
        ("webcal://p01-caldav.icloud.com/published/2/SECRET", "webcal://p01-caldav.icloud.com/…"),
        (
            "https://Calendar.Google.com:443/calendar/ical/x%40y/private-z/basic.ics",
            "https://calendar.google.com/…",
        ),
    ],
)
def test_mask_shows_scheme_and_host_only(url: str, shown: str) -> None:
    assert mask(url) == shown
