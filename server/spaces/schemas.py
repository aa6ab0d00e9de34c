"""Requests and responses for spaces, devices, pairing and recovery."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Label = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Code = Annotated[str, msgspec.Meta(min_length=4, max_length=64)]


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A request body: unknown fields are refused, not ignored."""


class NewSpace(Strict):
    device_label: Label | None = None


class ClaimCode(Strict):
    code: Code
    device_label: Label | None = None


class RenameDevice(Strict):
    label: Label


class SessionInfo(msgspec.Struct, kw_only=True):
    """Who the caller is: their space, this device, and the token for writes."""

    signed_in: Literal[True] = True
    space_id: str
    device_id: str
    device_label: str
    csrf_token: str
    time_zone: str
    has_recovery_code: bool
    space_created_at: datetime


class SignedOut(msgspec.Struct, kw_only=True):
    """A browser without a session; space_exists answers ?known_space when it was asked."""

    signed_in: Literal[False] = False
    space_exists: bool | None = None


class PairingCode(msgspec.Struct, kw_only=True):
    code: str
    expires_at: datetime


class RecoveryCode(msgspec.Struct, kw_only=True):
    code: str
    created_at: datetime


class DeviceInfo(msgspec.Struct, kw_only=True):
    id: str
    label: str
    created_at: datetime
    last_seen_at: datetime
    current: bool
    # Whether this device has a push subscription, so reminders reach it.
    reminders: bool


class DeviceList(msgspec.Struct, kw_only=True):
    devices: list[DeviceInfo]
