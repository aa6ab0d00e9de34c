"""SQL for reminder deliveries, and the reads the reminder rules need about a space."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from server.clock import from_db, to_db
from server.db import Database, Reader, Row, Tx
from server.preferences.repo import mask_to_days, prompts_from_db
from server.push.repo import SUBSCRIPTION_COLUMNS, Subscription, subscription_from
from server.reminders.rules import (
    GROUNDED_WINDOW,
    Reminder,
    ReminderSettings,
    Session,
    SpacePlan,
)
from server.zones import zone_named

T = TypeVar("T")
# Sessions that began up to a day before the window can still overlap its first reminder.
LOOKBACK = timedelta(days=1)
_RETURNED = (
    "id, space_id, subscription_id, reminder_key, kind, starts_at, expires_at, due_at, attempts"
)


@dataclass(frozen=True)
class Claimed:
    """A delivery this process holds: the attempt number fences a late answer after its lease."""

    id: int
    space_id: str
    subscription_id: str
    reminder: Reminder
    attempt: int


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed delivery."""

    state: str  # sent | failed | gone | skipped | pending (retry or not due yet)
    status: int | None = None
    next_attempt_at: datetime | None = None
    due_at: datetime | None = None


def _claimed(row: Row) -> Claimed:
    return Claimed(
        id=row["id"],
        space_id=row["space_id"],
        subscription_id=row["subscription_id"],
        reminder=Reminder(
            due_at=from_db(row["due_at"]),
            key=row["reminder_key"],
            starts_at=from_db(row["starts_at"]),
            kind=row["kind"],
        ),
        attempt=row["attempts"],
    )


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def plans(
        self, space_ids: Sequence[str], now: datetime, until: datetime
    ) -> dict[str, SpacePlan]:
        """Read what the rules need about each space, all in one snapshot."""
        if not space_ids:
            return {}
        return await self.db.read(lambda r: _read_plans(r, list(space_ids), now, until))

    async def subscriptions_of(self, space_ids: Sequence[str]) -> dict[str, list[str]]:
        """Return each space's push subscription ids."""
        rows = await self.db.fetch_all(
            "SELECT id, space_id FROM push_subscriptions"
            f" WHERE space_id IN ({_marks(len(space_ids))}) ORDER BY id",
            list(space_ids),
        )
        found: dict[str, list[str]] = {space_id: [] for space_id in space_ids}
        for row in rows:
            found[row["space_id"]].append(row["id"])
        return found

    async def subscriptions(self, ids: Sequence[str]) -> dict[str, Subscription]:
        """Return the subscriptions still there among ids, in one query for a whole batch."""
        # The deliveries already hang off push_subscriptions by foreign key; one read per batch
        # here instead of one per message keeps a burst of reminders cheap.
        if not ids:
            return {}
        rows = await self.db.fetch_all(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM push_subscriptions"
            f" WHERE id IN ({_marks(len(ids))})",
            list(ids),
        )
        return {row["id"]: subscription_from(row) for row in rows}

    async def spaces_subscribed_since(self, moment: datetime) -> list[str]:
        """Return spaces with a subscription made or renewed at or after moment."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT space_id FROM push_subscriptions WHERE updated_at >= ?",
            (to_db(moment),),
        )
        return sorted(str(r["space_id"]) for r in rows)

    async def spaces_with_subscriptions(self) -> list[str]:
        rows = await self.db.fetch_all(
            "SELECT DISTINCT space_id FROM push_subscriptions ORDER BY space_id"
        )
        return [str(r["space_id"]) for r in rows]

    async def replace_pending(
        self,
        wanted: dict[str, list[Reminder]],
        subscriptions: dict[str, list[str]],
        now: datetime,
    ) -> int:
        """Make each space's waiting deliveries exactly wanted x its subscriptions.

        Only pending and skipped rows change: a claimed row is being sent and a sent, failed or
        gone one is history, so a plan can never send anything twice.
        """
        return await self.db.write(lambda tx: _replace_pending(tx, wanted, subscriptions, now))

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
        """Claim up to limit due deliveries, and expired leases still worth sending, at once.

        One conditional write: two processes can never both hold a row. On PostgreSQL the inner
        SELECT takes FOR UPDATE SKIP LOCKED, so several servers share the work unchanged.
        """
        rows = await self.db.write(
            lambda tx: tx.fetch_all(
                "UPDATE reminder_deliveries SET state = 'claimed', lease_until = ?,"
                " attempts = attempts + 1, updated_at = ? WHERE id IN ("
                " SELECT id FROM reminder_deliveries"
                " WHERE (state = 'pending' AND next_attempt_at <= ?)"
                " OR (state = 'claimed' AND lease_until < ? AND expires_at > ?)"
                " ORDER BY next_attempt_at LIMIT ?)"
                f" RETURNING {_RETURNED}",
                (to_db(now + lease), to_db(now), to_db(now), to_db(now), to_db(now), limit),
            )
        )
        return sorted((_claimed(r) for r in rows), key=lambda c: (c.reminder.due_at, c.id))

    async def record(self, results: Sequence[tuple[Claimed, Outcome]], now: datetime) -> int:
        """Store what became of claimed deliveries, except those whose lease passed to another.

        One write for a whole set of answers: a burst of reminders costs a write per batch, not
        per message. Return how many were stored.
        """
        rows = [
            (
                outcome.state,
                outcome.status,
                None if outcome.next_attempt_at is None else to_db(outcome.next_attempt_at),
                None if outcome.due_at is None else to_db(outcome.due_at),
                to_db(now),
                claimed.id,
                claimed.attempt,
            )
            for claimed, outcome in results
        ]
        return await self.db.write(
            lambda tx: tx.execute_many(
                "UPDATE reminder_deliveries SET state = ?, lease_until = NULL, last_status = ?,"
                " next_attempt_at = COALESCE(?, next_attempt_at), due_at = COALESCE(?, due_at),"
                " updated_at = ? WHERE id = ? AND state = 'claimed' AND attempts = ?",
                rows,
            )
        )

    async def next_wake(self, now: datetime) -> datetime | None:
        """Return when the next delivery falls due or a lease worth taking over runs out."""

        def earliest(r: Reader) -> datetime | None:
            due = r.fetch_one(
                "SELECT min(next_attempt_at) AS at FROM reminder_deliveries WHERE state = 'pending'"
            )
            lease = r.fetch_one(
                "SELECT min(lease_until) AS at FROM reminder_deliveries"
                " WHERE state = 'claimed' AND expires_at > ?",
                (to_db(now),),
            )
            times = [from_db(row["at"]) for row in (due, lease) if row and row["at"]]
            return min(times) if times else None

        return await self.db.read(earliest)

    async def purge(self, before: datetime) -> int:
        """Forget deliveries whose reminder was over before a moment."""
        return await self.db.write(
            lambda tx: tx.execute(
                "DELETE FROM reminder_deliveries WHERE expires_at < ? AND state <> 'claimed'",
                (to_db(before),),
            )
        )


def _read_plans(
    r: Reader, space_ids: list[str], now: datetime, until: datetime
) -> dict[str, SpacePlan]:
    marks = _marks(len(space_ids))
    zones = {
        row["id"]: zone_named(row["time_zone"])
        for row in r.fetch_all(f"SELECT id, time_zone FROM spaces WHERE id IN ({marks})", space_ids)
    }
    settings = {
        row["space_id"]: ReminderSettings(
            reminders_on=bool(row["reminders_on"]),
            lead_minutes=row["reminder_lead_minutes"],
            prompts=tuple(prompts_from_db(row["check_in_prompts"])),
            workdays=frozenset(mask_to_days(row["workdays"])),
        )
        for row in r.fetch_all(
            "SELECT space_id, reminders_on, reminder_lead_minutes, check_in_prompts, workdays"
            f" FROM space_settings WHERE space_id IN ({marks})",
            space_ids,
        )
    }
    # Whole local days up to until's, for "a day without sessions"; zones are at most a day off.
    sessions = _by_space(
        r.fetch_all(
            "SELECT space_id, id, starts_at, ends_at, status FROM appointments"
            f" WHERE space_id IN ({marks}) AND starts_at >= ? AND starts_at < ?",
            [*space_ids, to_db(now - LOOKBACK), to_db(until + timedelta(days=2))],
        ),
        lambda row: Session(
            row["id"], from_db(row["starts_at"]), from_db(row["ends_at"]), row["status"]
        ),
    )
    yesterday = (now - LOOKBACK).date()
    pauses = _by_space(
        r.fetch_all(
            "SELECT space_id, first_day, last_day FROM schedule_pauses"
            f" WHERE space_id IN ({marks}) AND last_day >= ?",
            [*space_ids, yesterday.isoformat()],
        ),
        lambda row: (date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"])),
    )
    # A one-minute exercise started a minute before the window still ends inside it.
    done = _by_space(
        r.fetch_all(
            "SELECT space_id, started_at, duration_seconds FROM exercise_logs"
            f" WHERE space_id IN ({marks}) AND completed = 1 AND started_at >= ?",
            [*space_ids, to_db(now - GROUNDED_WINDOW - timedelta(minutes=2))],
        ),
        lambda row: from_db(row["started_at"]) + timedelta(seconds=row["duration_seconds"]),
    )
    return {
        space_id: SpacePlan(
            zone=zone,
            settings=settings.get(space_id, ReminderSettings()),
            sessions=sessions.get(space_id, []),
            pauses=pauses.get(space_id, []),
            completed_exercises=done.get(space_id, []),
        )
        for space_id, zone in zones.items()
    }


def _by_space(rows: list[Row], make: Callable[[Row], T]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for row in rows:
        grouped.setdefault(row["space_id"], []).append(make(row))
    return grouped


def _replace_pending(
    tx: Tx, wanted: dict[str, list[Reminder]], subscriptions: dict[str, list[str]], now: datetime
) -> int:
    space_ids = list(wanted)
    waiting = {
        (row["subscription_id"], row["reminder_key"], row["starts_at"]): row
        for row in tx.fetch_all(
            "SELECT id, subscription_id, reminder_key, starts_at, due_at, state"
            " FROM reminder_deliveries WHERE state IN ('pending', 'skipped')"
            f" AND space_id IN ({_marks(len(space_ids))})",
            space_ids,
        )
    }
    rows = {
        (subscription_id, reminder.key, to_db(reminder.starts_at)): (space_id, reminder)
        for space_id, reminders in wanted.items()
        for reminder in reminders
        for subscription_id in subscriptions.get(space_id, [])
    }
    unwanted = [(row["id"],) for key, row in waiting.items() if key not in rows]
    changed = [
        (space_id, *key, reminder)
        for key, (space_id, reminder) in rows.items()
        if key not in waiting
        or waiting[key]["state"] == "skipped"
        or waiting[key]["due_at"] != to_db(reminder.due_at)
    ]
    tx.execute_many("DELETE FROM reminder_deliveries WHERE id = ? AND state = 'pending'", unwanted)
    tx.execute_many(
        "INSERT INTO reminder_deliveries (space_id, subscription_id, reminder_key, starts_at, kind,"
        " expires_at, due_at, next_attempt_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (subscription_id, reminder_key, starts_at) DO UPDATE SET"
        " state = 'pending', due_at = excluded.due_at, updated_at = excluded.updated_at,"
        # A retry waiting for its back-off keeps waiting; an untried row follows its due time.
        " next_attempt_at = CASE WHEN reminder_deliveries.attempts = 0"
        " OR reminder_deliveries.next_attempt_at < excluded.next_attempt_at"
        " THEN excluded.next_attempt_at ELSE reminder_deliveries.next_attempt_at END"
        " WHERE reminder_deliveries.state IN ('pending', 'skipped')",
        [
            (
                space_id,
                subscription_id,
                key,
                starts_at,
                reminder.kind,
                to_db(reminder.expires_at),
                to_db(reminder.due_at),
                to_db(reminder.due_at),
                to_db(now),
            )
            for space_id, subscription_id, key, starts_at, reminder in changed
        ],
    )
    return len(unwanted) + len(changed)
