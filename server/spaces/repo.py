"""SQL for spaces, devices, pairing codes and recovery codes."""

from __future__ import annotations

from datetime import datetime

import msgspec

from server.clock import from_db, to_db
from server.db import Database, Row, Tx


class Device(msgspec.Struct, frozen=True, kw_only=True):
    """A signed-in browser: the caller of every authenticated request."""

    id: str
    space_id: str
    token_hash: str
    label: str
    created_at: datetime
    last_seen_at: datetime


class Space(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    created_at: datetime
    time_zone: str
    has_recovery_code: bool


_DEVICE_COLUMNS = "id, space_id, token_hash, label, created_at, last_seen_at"


def _device(row: Row) -> Device:
    return Device(
        id=row["id"],
        space_id=row["space_id"],
        token_hash=row["token_hash"],
        label=row["label"],
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
    )


class SpaceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create_space(self, space_id: str, device: Device) -> None:
        def create(tx: Tx) -> None:
            tx.execute(
                "INSERT INTO spaces (id, created_at) VALUES (?, ?)",
                (space_id, to_db(device.created_at)),
            )
            _insert_device(tx, device)

        await self.db.write(create)

    async def add_device(self, device: Device) -> None:
        await self.db.write(lambda tx: _insert_device(tx, device))

    async def space(self, space_id: str) -> Space | None:
        row = await self.db.fetch_one(
            "SELECT id, created_at, time_zone, recovery_hash FROM spaces WHERE id = ?", (space_id,)
        )
        if row is None:
            return None
        return Space(
            id=row["id"],
            created_at=from_db(row["created_at"]),
            time_zone=row["time_zone"],
            has_recovery_code=row["recovery_hash"] is not None,
        )

    async def device_by_token(self, token_hash: str) -> Device | None:
        row = await self.db.fetch_one(
            f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE token_hash = ?", (token_hash,)
        )
        return None if row is None else _device(row)

    async def devices(self, space_id: str) -> list[Device]:
        rows = await self.db.fetch_all(
            f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE space_id = ? ORDER BY created_at",
            (space_id,),
        )
        return [_device(r) for r in rows]

    async def devices_with_reminders(self, space_id: str) -> set[str]:
        """Return the ids of the space's devices that have a push subscription."""
        rows = await self.db.fetch_all(
            "SELECT device_id FROM push_subscriptions WHERE space_id = ?", (space_id,)
        )
        return {str(r["device_id"]) for r in rows}

    async def touch_device(self, device_id: str, seen_at: datetime) -> None:
        await self.db.write(
            lambda tx: tx.execute(
                "UPDATE devices SET last_seen_at = ? WHERE id = ?", (to_db(seen_at), device_id)
            )
        )

    async def rename_device(self, space_id: str, device_id: str, label: str) -> bool:
        changed = await self.db.write(
            lambda tx: tx.execute(
                "UPDATE devices SET label = ? WHERE id = ? AND space_id = ?",
                (label, device_id, space_id),
            )
        )
        return changed == 1

    async def remove_device(self, space_id: str, device_id: str) -> bool:
        changed = await self.db.write(
            lambda tx: tx.execute(
                "DELETE FROM devices WHERE id = ? AND space_id = ?", (device_id, space_id)
            )
        )
        return changed == 1

    async def leave_space(self, device: Device) -> bool:
        """Sign a device out, and delete its space when nobody could ever reach it again."""

        def leave(tx: Tx) -> bool:
            tx.execute("DELETE FROM devices WHERE id = ?", (device.id,))
            deleted = tx.execute(
                "DELETE FROM spaces WHERE id = ? AND recovery_hash IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM devices WHERE space_id = ?)",
                (device.space_id, device.space_id),
            )
            return deleted == 1

        space_deleted = await self.db.write(leave)
        if space_deleted:
            await self.db.checkpoint()
        return space_deleted

    async def delete_space(self, space_id: str) -> None:
        """Delete a space and everything in it, leaving no copy in the WAL either."""
        await self.db.write(lambda tx: tx.execute("DELETE FROM spaces WHERE id = ?", (space_id,)))
        # Deleted rows are zeroed in the main file (secure_delete) but their old pages stay in
        # the WAL until a checkpoint empties it.
        await self.db.checkpoint()

    async def set_pairing_code(self, space_id: str, code_hash: str, expires_at: datetime) -> None:
        await self.db.write(
            lambda tx: tx.execute(
                "INSERT INTO pairing_codes (space_id, code_hash, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (space_id) DO UPDATE SET"
                " code_hash = excluded.code_hash, expires_at = excluded.expires_at",
                (space_id, code_hash, to_db(expires_at)),
            )
        )

    async def claim_pairing_code(self, code_hash: str, now: datetime, device: Device) -> str | None:
        """Use a live code once: delete it, add the device to its space, return that space."""

        def claim(tx: Tx) -> str | None:
            tx.execute("DELETE FROM pairing_codes WHERE expires_at <= ?", (to_db(now),))
            row = tx.fetch_one(
                "DELETE FROM pairing_codes WHERE code_hash = ? RETURNING space_id", (code_hash,)
            )
            if row is None:
                return None
            space_id = str(row["space_id"])
            _insert_device(tx, msgspec.structs.replace(device, space_id=space_id))
            return space_id

        return await self.db.write(claim)

    async def set_recovery_code(self, space_id: str, code_hash: str | None, at: datetime) -> None:
        await self.db.write(
            lambda tx: tx.execute(
                "UPDATE spaces SET recovery_hash = ?, recovery_created_at = ? WHERE id = ?",
                (code_hash, to_db(at) if code_hash else None, space_id),
            )
        )

    async def space_for_recovery(self, code_hash: str) -> str | None:
        row = await self.db.fetch_one("SELECT id FROM spaces WHERE recovery_hash = ?", (code_hash,))
        return None if row is None else str(row["id"])


def _insert_device(tx: Tx, device: Device) -> None:
    tx.execute(
        f"INSERT INTO devices ({_DEVICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (
            device.id,
            device.space_id,
            device.token_hash,
            device.label,
            to_db(device.created_at),
            to_db(device.last_seen_at),
        ),
    )


def zone_history(tx: Tx, space_id: str) -> list[tuple[datetime, str]]:
    """Return every (since, zone) the space has chosen, oldest first."""
    rows = tx.fetch_all(
        "SELECT since, time_zone FROM space_zones WHERE space_id = ? ORDER BY since", (space_id,)
    )
    return [(from_db(r["since"]), r["time_zone"]) for r in rows]
