"""Devices' push subscriptions, and delivering one message under the push delivery policy."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from server.addresses import AddressRefused, HostNotFound, Resolver, public_addresses
from server.addresses import resolve_with_loop as system_resolver
from server.clock import Clock
from server.push.endpoints import check_auth, check_endpoint, check_p256dh, refused
from server.push.repo import NewSubscription, Subscription, SubscriptionRepo
from server.push.schemas import DeviceSubscription, PublicKey, SubscriptionIn
from server.push.sender import Answer, PushSender, host_of
from server.spaces.repo import Device

log = logging.getLogger("attune.push")

Outcome = Literal["delivered", "gone", "rejected", "unauthorized", "retry"]
LOOKUP_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class PushResult:
    """How one delivery went, and when the push service asked to be tried again (seconds)."""

    outcome: Outcome
    status: int | None
    retry_after: float | None = None


def outcome_of(status: int | None) -> Outcome:
    """Classify a push service's answer by the delivery policy (no answer at all: retry)."""
    if status is None or status in (408, 429) or status >= 500:
        return "retry"
    if 200 <= status < 300:
        return "delivered"
    if status in (404, 410):
        return "gone"
    if status in (401, 403):
        return "unauthorized"
    return "rejected"


class PushService:
    def __init__(
        self,
        repo: SubscriptionRepo,
        sender: PushSender,
        clock: Clock,
        *,
        hosts: Iterable[str],
        allow_local: bool = False,
        resolve: Resolver = system_resolver,
        changed: Callable[[str], None] = lambda space_id: None,
    ) -> None:
        self.repo = repo
        # Tells the reminder planner that a space's devices changed, so it plans at once.
        self._changed = changed
        self.sender = sender
        self.clock = clock
        self.hosts = tuple(hosts)
        self.allow_local = allow_local
        self.resolve = resolve
        # 401/403 mean our VAPID identity is refused, which no subscription can fix: counted
        # per push service for the operator, and never a reason to delete anything.
        self.unauthorized: Counter[str] = Counter()

    def public_key(self) -> PublicKey:
        return PublicKey(public_key=self.sender.signer.public_key)

    async def subscription(self, device: Device) -> DeviceSubscription | None:
        return await self.repo.for_device(device.id)

    async def subscribe(self, device: Device, data: SubscriptionIn) -> DeviceSubscription:
        """Keep this device's subscription after checking its endpoint and keys."""
        endpoint = check_endpoint(data.endpoint, hosts=self.hosts, allow_local=self.allow_local)
        check_p256dh(data.keys.p256dh)
        check_auth(data.keys.auth)
        await self._check_public(endpoint.host, endpoint.port)
        new = NewSubscription(
            space_id=device.space_id,
            device_id=device.id,
            endpoint=data.endpoint,
            p256dh=data.keys.p256dh.rstrip("="),
            auth=data.keys.auth.rstrip("="),
        )
        saved = await self.repo.save(new, self.clock.now())
        self._changed(device.space_id)
        return saved

    async def unsubscribe(self, device: Device) -> None:
        """Forget this device's subscription; forgetting none is fine too."""
        await self.repo.delete_for_device(device.id)
        self._changed(device.space_id)

    def warm(self) -> None:
        """Get ready to send: reminders are due soon."""
        self.sender.warm()

    async def deliver(
        self, subscription: Subscription, payload: bytes, *, ttl: int, topic: str
    ) -> PushResult:
        """Send one message and act on the answer: a gone subscription is deleted here."""
        answer = await self.sender.send(
            subscription.endpoint,
            subscription.p256dh,
            subscription.auth,
            payload,
            ttl=ttl,
            topic=topic,
        )
        result = PushResult(outcome_of(answer.status), answer.status, answer.retry_after)
        await self._act_on(subscription, result, answer)
        return result

    async def _act_on(self, subscription: Subscription, result: PushResult, answer: Answer) -> None:
        if result.outcome == "delivered":
            return
        host = host_of(subscription.endpoint)
        if result.outcome == "gone":
            await self.repo.delete(subscription.id)
            log.info("push subscription on %s is gone (%s); deleted it", host, answer.status)
        elif result.outcome == "rejected" and answer.status is not None:
            await self.repo.count_refusal(subscription.id, answer.status, self.clock.now())
            log.info(
                "push service %s refused a message (%s); kept the subscription", host, answer.status
            )
        elif result.outcome == "unauthorized" and answer.status is not None:
            self.unauthorized[host] += 1
            await self.repo.count_refusal(subscription.id, answer.status, self.clock.now())
            log.warning(
                "ALERT push service %s refused our VAPID credentials (%s), %d times since start;"
                " check ATTUNE_VAPID_SUBJECT and the vapid.pem key",
                host,
                answer.status,
                self.unauthorized[host],
            )

    async def _check_public(self, host: str, port: int) -> None:
        try:
            async with asyncio.timeout(LOOKUP_SECONDS):
                await public_addresses(host, port, self.resolve, allow_local=self.allow_local)
        except (HostNotFound, TimeoutError):
            raise refused(f"The push service {host} could not be found.", "endpoint") from None
        except AddressRefused as refusal:
            raise refused(
                f"The push endpoint is refused: {refusal.where} is {refusal.reason}.", "endpoint"
            ) from None
