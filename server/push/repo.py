"""SQL for devices' push subscriptions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from server.clock import from_db, to_db
from server.db import Database, Row, Tx
from server.push.schemas import DeviceSubscription

SUBSCRIPTION_COLUMNS = "id, space_id, device_id, endpoint, p256dh, auth"


@dataclass(frozen=True, slots=True)
class Subscription:
    """Where and how to reach one device: its endpoint and keys (base64url, as the browser gave)."""

    id: str
    space_id: str
    device_id: str
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True, slots=True)
class NewSubscription:
    """A checked subscription to keep for one device."""

    space_id: str
    device_id: str
    endpoint: str
    p256dh: str
    auth: str


def subscription_from(row: Row) -> Subscription:
    """Read a push_subscriptions row selected with SUBSCRIPTION_COLUMNS."""
    return Subscription(
        id=row["id"],
        space_id=row["space_id"],
        device_id=row["device_id"],
        endpoint=row["endpoint"],
        p256dh=row["p256dh"],
        auth=row["auth"],
    )


def _device_subscription(row: Row) -> DeviceSubscription:
    return DeviceSubscription(
        endpoint=row["endpoint"],
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
    )


class SubscriptionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def for_space(self, space_id: str) -> list[Subscription]:
        """Return every subscription of a space's devices."""
        rows = await self.db.fetch_all(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE space_id = ? ORDER BY id",
            (space_id,),
        )
        return [subscription_from(row) for row in rows]

    async def for_device(self, device_id: str) -> DeviceSubscription | None:
        row = await self.db.fetch_one(
            "SELECT endpoint, created_at, updated_at FROM push_subscriptions WHERE device_id = ?",
            (device_id,),
        )
        return None if row is None else _device_subscription(row)

    async def save(self, new: NewSubscription, now: datetime) -> DeviceSubscription:
        """Keep this subscription for its device, replacing the device's previous one."""
        return await self.db.write(lambda tx: _save(tx, new, now))

    async def delete_for_device(self, device_id: str) -> bool:
        deleted = await self.db.write(
            lambda tx: tx.execute(
                "DELETE FROM push_subscriptions WHERE device_id = ?", (device_id,)
            )
        )
        return deleted == 1

    async def delete(self, subscription_id: str) -> bool:
        deleted = await self.db.write(
            lambda tx: tx.execute("DELETE FROM push_subscriptions WHERE id = ?", (subscription_id,))
        )
        return deleted == 1

    async def count_refusal(self, subscription_id: str, status: int, now: datetime) -> None:
        """Note that the push service refused a message to this subscription."""
        await self.db.write(
            lambda tx: tx.execute(
                "UPDATE push_subscriptions SET refusals = refusals + 1,"
                " last_refusal_status = ?, last_refusal_at = ? WHERE id = ?",
                (status, to_db(now), subscription_id),
            )
        )


def _save(tx: Tx, new: NewSubscription, now: datetime) -> DeviceSubscription:
    current = tx.fetch_one(
        "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE device_id = ?",
        (new.device_id,),
    )
    keeps = current is not None and current["endpoint"] == new.endpoint
    changed = current is None or (current["p256dh"], current["auth"]) != (new.p256dh, new.auth)
    if keeps and changed:
        tx.execute(
            "UPDATE push_subscriptions SET p256dh = ?, auth = ?, updated_at = ?, refusals = 0,"
            " last_refusal_status = NULL, last_refusal_at = NULL WHERE device_id = ?",
            (new.p256dh, new.auth, to_db(now), new.device_id),
        )
    elif not keeps:
        # A new endpoint is a new subscription (its own id), so nothing meant for the old one
        # is mistaken for it.
        tx.execute("DELETE FROM push_subscriptions WHERE device_id = ?", (new.device_id,))
        tx.execute(
            f"INSERT INTO push_subscriptions ({SUBSCRIPTION_COLUMNS}, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                new.space_id,
                new.device_id,
                new.endpoint,
                new.p256dh,
                new.auth,
                to_db(now),
                to_db(now),
            ),
        )
    # The same browser paired again under a new device would otherwise be reminded twice.
    tx.execute(
        "DELETE FROM push_subscriptions WHERE space_id = ? AND endpoint = ? AND device_id <> ?",
        (new.space_id, new.endpoint, new.device_id),
    )
    row = tx.fetch_one(
        "SELECT endpoint, created_at, updated_at FROM push_subscriptions WHERE device_id = ?",
        (new.device_id,),
    )
    assert row is not None  # written just above, in this same savepoint
    return _device_subscription(row)
