"""Which spaces' reminders need planning again: told by the features that change them."""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

from server.context import Core
from server.db import Database


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


# One Changes per app. Features are built from the core alone, in any order; the app's database
# is the one object each app has exactly one of, so it names the app here.
_BY_APP: WeakKeyDictionary[Database, Changes] = WeakKeyDictionary()


def changes_for(core: Core) -> Changes:
    """Return the change list of the app built on core, shared by every feature of it."""
    found = _BY_APP.get(core.db)
    if found is None:
        found = _BY_APP[core.db] = Changes()
    return found
