"""Which spaces' plans changed: told by the features that change them, read by the reminders."""

from __future__ import annotations

import asyncio


class Changes:
    """Spaces whose schedule, settings or devices changed since the reminder loop last looked."""

    def __init__(self) -> None:
        self._spaces: set[str] = set()
        self.wake = asyncio.Event()

    def notify(self, space_id: str) -> None:
        """Note that a space changed and wake the loop; safe to call from any handler."""
        self._spaces.add(space_id)
        self.wake.set()

    def take(self) -> set[str]:
        """Return the spaces noted so far and forget them."""
        taken, self._spaces = self._spaces, set()
        return taken
