"""HTTP routes for the server's push key and this device's push subscription."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from server.context import provide_device, provide_service, provide_signed_in
from server.push.schemas import DeviceSubscription, PublicKey, SubscriptionIn
from server.push.service import PushService
from server.spaces.repo import Device

SIGNED_IN = {"device": Provide(provide_device), "push": provide_signed_in("push")}


class PushController(Controller):
    path = "/api/push"
    tags = ["reminders"]

    @get("/key", dependencies={"push": provide_service("push")})
    async def key(self, push: NamedDependency[PushService]) -> PublicKey:
        """Return the server's VAPID public key, for subscribing to its reminders."""
        return push.public_key()

    @get("/subscription", dependencies=SIGNED_IN)
    async def subscription(
        self, push: NamedDependency[PushService], device: NamedDependency[Device]
    ) -> DeviceSubscription | None:
        """Return this device's push subscription, or null when it has none."""
        return await push.subscription(device)

    @put("/subscription", dependencies=SIGNED_IN)
    async def subscribe(
        self,
        push: NamedDependency[PushService],
        device: NamedDependency[Device],
        data: JSONBody[SubscriptionIn],
    ) -> DeviceSubscription:
        """Send reminders to this device at this subscription, replacing its previous one."""
        return await push.subscribe(device, data)

    @delete("/subscription", status_code=204, dependencies=SIGNED_IN)
    async def unsubscribe(
        self, push: NamedDependency[PushService], device: NamedDependency[Device]
    ) -> None:
        """Stop sending reminders to this device."""
        await push.unsubscribe(device)
