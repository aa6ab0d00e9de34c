"""SQL for a space's settings."""

from __future__ import annotations

from datetime import datetime

from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.preferences.schemas import Preferences

_COLUMNS = (
    "reminders_on, reminder_lead_minutes, workdays, hide_streaks, check_in_prompts, updated_at"
)


def days_to_mask(days: list[int]) -> int:
    """Return the bit mask of weekdays (Monday = 1 … Sunday = 64)."""
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> list[int]:
    """Return the weekdays (0 = Monday) a bit mask holds, in order."""
    return [day for day in range(7) if mask & (1 << day)]


def prompts_from_db(text: str) -> list[str]:
    """Read the comma-separated 'HH:MM' times kept for check-in prompts."""
    return [wall for wall in text.split(",") if wall]


def _preferences(row: Row) -> Preferences:
    return Preferences(
        reminders_on=bool(row["reminders_on"]),
        reminder_lead_minutes=row["reminder_lead_minutes"],
        workdays=mask_to_days(row["workdays"]),
        hide_streaks=bool(row["hide_streaks"]),
        check_in_prompts=prompts_from_db(row["check_in_prompts"]),
        updated_at=from_db(row["updated_at"]),
    )


class PreferencesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, space_id: str) -> Preferences:
        row = await self.db.fetch_one(
            f"SELECT {_COLUMNS} FROM space_settings WHERE space_id = ?", (space_id,)
        )
        return Preferences() if row is None else _preferences(row)

    async def save(self, space_id: str, preferences: Preferences, now: datetime) -> Preferences:
        """Store the whole set of settings for a space."""

        def save(tx: Tx) -> None:
            tx.execute(
                f"INSERT INTO space_settings (space_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (space_id) DO UPDATE SET reminders_on = excluded.reminders_on,"
                " reminder_lead_minutes = excluded.reminder_lead_minutes,"
                " workdays = excluded.workdays, hide_streaks = excluded.hide_streaks,"
                " check_in_prompts = excluded.check_in_prompts,"
                " updated_at = excluded.updated_at",
                (
                    space_id,
                    int(preferences.reminders_on),
                    preferences.reminder_lead_minutes,
                    days_to_mask(preferences.workdays),
                    int(preferences.hide_streaks),
                    ",".join(preferences.check_in_prompts),
                    to_db(now),
                ),
            )

        await self.db.write(save)
        return await self.get(space_id)
