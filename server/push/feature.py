"""The push feature: the server's VAPID key, devices' subscriptions, and the sender."""

from __future__ import annotations

from collections.abc import Callable

from server.context import Core, Feature
from server.push.repo import SubscriptionRepo
from server.push.routes import PushController
from server.push.sender import PushSender
from server.push.service import PushService
from server.push.vapid import VapidSigner, load_or_create_vapid_key


def build(
    core: Core,
    *,
    timeout: float = 10.0,
    changed: Callable[[str], None] = lambda space_id: None,
) -> Feature:
    """Build the push service, its subscription repo, its routes and the sender that runs."""
    settings = core.settings
    key = load_or_create_vapid_key(settings.data_path)
    signer = VapidSigner(key, settings.vapid_contact, core.clock)
    sender = PushSender(signer, core.clock, timeout=timeout, allow_local=settings.allow_local_push)
    subscriptions = SubscriptionRepo(core.db)
    push = PushService(
        subscriptions,
        sender,
        core.clock,
        hosts=settings.push_hosts,
        allow_local=settings.allow_local_push,
        changed=changed,
    )
    return Feature(
        services={"push": push, "push_subscriptions": subscriptions},
        routes=[PushController],
        workers=[sender],
    )
