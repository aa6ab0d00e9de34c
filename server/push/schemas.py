"""Requests and responses for the server's push key and this device's push subscription."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.push.endpoints import ENDPOINT_LIMIT

# Base64url of 65 and 16 bytes is 87 and 22 characters (88 and 24 padded); a little slack for
# nothing else keeps absurd strings out before they are decoded.
KeyText = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]


class PublicKey(msgspec.Struct, kw_only=True):
    """The server's VAPID public key, for pushManager.subscribe's applicationServerKey."""

    public_key: str


class SubscriptionKeys(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    p256dh: KeyText
    auth: KeyText


class SubscriptionIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A browser's PushSubscription.toJSON(), sent as it is."""

    endpoint: Annotated[str, msgspec.Meta(min_length=1, max_length=ENDPOINT_LIMIT)]
    keys: SubscriptionKeys
    # toJSON() includes it (null in every browser today); push services say when a
    # subscription ends by answering 404 or 410, so it is accepted and not kept.
    expiration_time: Annotated[float, msgspec.Meta(ge=0)] | None = msgspec.field(
        default=None, name="expirationTime"
    )


class DeviceSubscription(msgspec.Struct, kw_only=True):
    """This device's subscription: the endpoint lets the app see whether it is still current."""

    endpoint: str
    created_at: datetime
    updated_at: datetime
