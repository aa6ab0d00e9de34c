"""Reminders in Chromium: this phone subscribes from Settings, the server's real reminder goes
through the push stand-in, and the real service worker shows it and opens the check-in.

In a browser, pushManager.subscribe cannot reach a real push service, so the page holds a
subscription whose keys the test made (an init script stands in for PushManager). The server is
tests/support/reminder_server.py, which may push to the local stand-in; the stand-in decrypts
what the server encrypted, and that plaintext is handed to the service worker with the DevTools
protocol's ServiceWorker.deliverPushMessage.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from support.push_service import BrowserSubscription, PushService, serve_push

from server.reminders.payload import reminder_payload
from server.reminders.rules import Reminder

from .browser import (
    OFFLINE_RACE,
    ROOT,
    RunningServer,
    go,
    open_app,
    run_axe,
    session_info,
    start_server,
    wait_for_controller,
    wait_until,
)
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

LAUNCHER = ROOT / "tests" / "support" / "reminder_server.py"
SWITCH = "Remind me before each session"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
HOME_SCREEN = "Add Attune to your Home Screen first"

# PushManager as a browser would be with a push service behind it: subscribe() hands out the
# subscription the test made, kept in localStorage so a reload still has it (or the one a test
# puts there), and unsubscribe() drops it.
PUSH_MANAGER = """
(() => {
  const KEY = "test:push-subscription";
  const made = %s;
  const wrap = (json) => ({
    endpoint: json.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: null },
    toJSON: () => json,
    unsubscribe: async () => { localStorage.removeItem(KEY); return true; },
  });
  PushManager.prototype.subscribe = async function () {
    localStorage.setItem(KEY, JSON.stringify(made));
    return wrap(made);
  };
  PushManager.prototype.getSubscription = async function () {
    const kept = localStorage.getItem(KEY);
    return kept ? wrap(JSON.parse(kept)) : null;
  };
})();
"""


class StandIn:
    """The push stand-in on its own event loop in a thread, for a synchronous browser test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),))
        self.push: PushService

    async def _run(self) -> None:
        self.stop = asyncio.Event()
        async with serve_push() as push:
            self.push = push
            self.ready.set()
            await self.stop.wait()

    def __enter__(self) -> StandIn:
        self.thread.start()
        assert self.ready.wait(10), "the push stand-in did not start"
        return self

    def __exit__(self, *_: object) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)
        self.loop.close()

    def subscribe(self, name: str) -> BrowserSubscription:
        return self.push.subscribe(name)

    def wait_for_delivery(self, name: str, seconds: float = 60) -> bytes:
        """Wait until a message to name passed every check; return its decrypted payload."""

        async def arrived() -> bytes:
            while not (mine := [p for p in self.push.delivered if p.name == name]):
                assert not self.push.refused, self.push.refused
                await self.push.wait_for_requests(len(self.push.requests) + 1)
            return mine[-1].payload

        return asyncio.run_coroutine_threadsafe(arrived(), self.loop).result(timeout=seconds)


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    with StandIn() as running:
        yield running


@pytest.fixture(scope="module")
def push_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_server(tmp_path_factory.mktemp("attune-push"), launcher=LAUNCHER)
    yield running
    running.stop()


def phone_with(
    new_phone: PhoneFactory,
    server: RunningServer,
    subscription: BrowserSubscription | None,
    color_scheme: str = "light",
) -> BrowserContext:
    """A phone on the push server, notifications allowed, holding subscription's keys."""
    context = new_phone(color_scheme, base_url=server.base_url)
    context.grant_permissions(["notifications"], origin=server.base_url)
    made = json.dumps(subscription.json if subscription else None)
    context.add_init_script(PUSH_MANAGER % made)
    return context


def server_subscription(page: Page) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(
        "() => fetch('/api/push/subscription').then(r => r.json())"
    )
    return result


def server_settings(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("() => fetch('/api/settings').then(r => r.json())")
    return result


def sessions_due_now(page: Page) -> None:
    """A session ending in two seconds and the next two minutes later: its reminder is due then."""
    # The reminder (five minutes ahead) waits for the session before to end: due in 2 s.
    headers = {"X-CSRF-Token": session_info(page)["body"]["csrf_token"]}
    due = datetime.now(UTC) + timedelta(seconds=2)
    for start, minutes in ((due - timedelta(minutes=30), 30), (due + timedelta(minutes=2), 50)):
        response = page.request.put(
            f"/api/schedule/appointments/{uuid.uuid4()}",
            data={"starts_at": start.isoformat(), "length_minutes": minutes},
            headers=headers,
        )
        assert response.ok, response.text()


# Wraps the worker's showNotification so the test learns when a push has been shown. Chromium's
# getNotifications drops a notification it reads between the worker's request and its display
# (it prunes what the platform does not show yet), so nothing may read them while one is shown.
WATCH_SHOWN = """() => {
  if (self.attuneShown) return;
  const shown = { count: 0, waiting: [] };
  const show = self.registration.showNotification.bind(self.registration);
  self.registration.showNotification = (...args) =>
    show(...args).finally(() => {
      shown.count += 1;
      shown.waiting.filter((w) => shown.count >= w.count).forEach((w) => w.resolve());
    });
  self.attuneShown = (count) =>
    new Promise((resolve, reject) => {
      if (shown.count >= count) return resolve(true);
      shown.waiting.push({ count, resolve: () => resolve(true) });
      setTimeout(() => reject(new Error("the worker showed nothing")), 15000);
    });
}"""


def deliver_to_worker(context: BrowserContext, page: Page, payload: str, origin: str) -> None:
    """Hand payload to the page's service worker as a push, by the DevTools protocol."""
    # The page is controlled while the worker is still activating; Chromium drops a push sent
    # to a registration that is not yet ready, so wait until the worker is activated.
    wait_until(
        page,
        "async () => (await navigator.serviceWorker.ready).active?.state === 'activated'",
        "the service worker to be activated",
    )
    [worker] = [w for w in context.service_workers if w.url == f"{origin}/sw.js"]
    worker.evaluate(WATCH_SHOWN)
    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(200):
        found = [r for r in registrations if r["scopeURL"] == f"{origin}/" and not r["isDeleted"]]
        if found:
            break
        page.wait_for_timeout(25)
    assert found, f"no service worker registration for {origin}: {registrations}"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": found[0]["registrationId"], "data": payload},
    )
    assert worker.evaluate("() => self.attuneShown(1)")


SHOWN = """() => navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => ({
    title: n.title, body: n.body, tag: n.tag, data: n.data,
    actions: n.actions.map((a) => ({ action: a.action, title: a.title })),
  })))"""


def shown_notifications(page: Page, count: int = 1) -> list[dict[str, Any]]:
    wait_until(page, f"async () => ({SHOWN})().then((n) => n.length === {count})", "notifications")
    result: list[dict[str, Any]] = page.evaluate(SHOWN)
    return result


def tap_notification(page: Page, tag: str, action: str = "") -> None:
    """Tap a shown notification (or one of its actions) the way the worker handles a tap."""
    page.evaluate(
        "([tag, action]) => navigator.serviceWorker.controller.postMessage("
        "{type: 'OPEN_NOTIFICATION', tag, action})",
        [tag, action],
    )


def open_settings(context: BrowserContext) -> tuple[Page, Any]:
    page, problems = open_app(context)
    wait_for_controller(page)
    go(page, "#/settings", "Settings")
    return page, problems


def test_push_reminder_reaches_the_worker_and_its_tap_opens_the_check_in(
    new_phone: PhoneFactory, push_server: RunningServer, stand_in: StandIn
) -> None:
    phone = stand_in.subscribe("phone")
    context = phone_with(new_phone, push_server, phone)
    page, problems = open_settings(context)
    reminders = page.get_by_role("region", name="Reminders")

    switch = reminders.get_by_role("switch", name=SWITCH)
    expect(switch).not_to_be_checked()
    switch.click()
    expect(switch).to_be_checked()
    expect(page.get_by_text("Reminders are on for this phone.")).to_be_visible()
    assert (server_subscription(page) or {}).get("endpoint") == phone.endpoint
    this_device = page.get_by_role("region", name="Devices").locator(".device")
    expect(this_device.get_by_text("Reminders on")).to_be_visible()

    sessions_due_now(page)
    payload = stand_in.wait_for_delivery("phone").decode("utf-8")
    assert json.loads(payload)["web_push"] == 8030

    go(page, "#/", "Today")
    deliver_to_worker(context, page, payload, push_server.base_url)
    [shown] = shown_notifications(page)
    # Times only: the title says when, the body how soon, and nothing else about the session.
    assert re.fullmatch(r"Next session at \d\d:\d\d", shown["title"]), shown
    assert re.fullmatch(r"In \d+ minutes?\. How present are you\?", shown["body"]), shown
    assert shown["actions"] == [
        {"action": "check-in", "title": "Check in"},
        {"action": "ground", "title": "Ground · 1 min"},
    ]
    assert shown["data"]["navigate"].endswith("/#/check-in?from=reminder")
    assert shown["data"]["actions"]["ground"].endswith("/#/ground?then=check-in")

    tap_notification(page, shown["tag"])
    expect(page.get_by_role("heading", level=1, name="Check in")).to_be_visible()
    assert page.evaluate("location.hash") == "#/check-in?from=reminder"
    wait_until(page, f"async () => ({SHOWN})().then((n) => n.length === 0)", "the tap to close it")
    problems.assert_none()


def test_push_ground_action_starts_the_minute_with_the_check_in_after(
    new_phone: PhoneFactory, push_server: RunningServer
) -> None:
    context = phone_with(new_phone, push_server, None)
    page, problems = open_app(context)
    wait_for_controller(page)
    # The server's own payload for a session in five minutes.
    now = datetime.now(UTC)
    reminder = Reminder(now, "appointment:ground-test", now + timedelta(minutes=5), "appointment")
    payload = reminder_payload(reminder, UTC, now).decode("utf-8")
    deliver_to_worker(context, page, payload, push_server.base_url)
    [shown] = shown_notifications(page)
    tap_notification(page, shown["tag"], "ground")
    expect(page.locator("body")).to_have_attribute("data-immersive", "true")
    assert page.evaluate("location.hash") == "#/ground?then=check-in"
    problems.assert_none()


def test_push_unreadable_payload_still_shows_a_check_in_prompt(
    new_phone: PhoneFactory, push_server: RunningServer
) -> None:
    context = phone_with(new_phone, push_server, None)
    page, problems = open_app(context)
    wait_for_controller(page)
    deliver_to_worker(context, page, "not json at all", push_server.base_url)
    [shown] = shown_notifications(page)
    assert shown["title"] == "How present are you?"
    assert [action["title"] for action in shown["actions"]] == ["Check in", "Ground · 1 min"]
    problems.assert_none()


def test_push_switch_off_unsubscribes_this_device(
    new_phone: PhoneFactory, push_server: RunningServer, stand_in: StandIn
) -> None:
    phone = stand_in.subscribe("leaving")
    context = phone_with(new_phone, push_server, phone)
    page, problems = open_settings(context)
    switch = page.get_by_role("switch", name=SWITCH)
    switch.click()
    expect(page.get_by_text("Reminders are on for this phone.")).to_be_visible()
    assert server_subscription(page) is not None

    switch.click()
    expect(switch).not_to_be_checked()
    expect(page.get_by_text("Reminders are off for this phone.")).to_be_visible()
    assert server_subscription(page) is None
    assert page.evaluate("localStorage.getItem('test:push-subscription')") is None
    expect(page.locator(".device").get_by_text("Reminders on")).to_be_hidden()
    page.reload()
    expect(page.get_by_role("switch", name=SWITCH)).not_to_be_checked()
    problems.assert_none()


def test_push_load_resends_a_changed_subscription_and_forgets_a_lost_one(
    new_phone: PhoneFactory, push_server: RunningServer, stand_in: StandIn
) -> None:
    first, renewed = stand_in.subscribe("renewing"), stand_in.subscribe("renewed")
    context = phone_with(new_phone, push_server, first)
    page, problems = open_settings(context)
    page.get_by_role("switch", name=SWITCH).click()
    expect(page.get_by_text("Reminders are on for this phone.")).to_be_visible()
    assert (server_subscription(page) or {}).get("endpoint") == first.endpoint

    # The browser renewed the subscription on its own: the next load tells the server.
    page.evaluate(
        "json => localStorage.setItem('test:push-subscription', JSON.stringify(json))",
        renewed.json,
    )
    page.reload()
    wait_until(
        page,
        "async () => (await fetch('/api/push/subscription').then(r => r.json()))?.endpoint"
        f" === {json.dumps(renewed.endpoint)}",
        "the renewed subscription on the server",
    )
    # The browser dropped it (site data, a revoked permission): the server forgets it too.
    page.evaluate("localStorage.removeItem('test:push-subscription')")
    page.reload()
    wait_until(
        page,
        "async () => (await fetch('/api/push/subscription').then(r => r.json())) === null",
        "the server to forget the subscription",
    )
    problems.assert_none()


def test_push_space_settings_wait_in_the_outbox_while_offline(
    new_phone: PhoneFactory, push_server: RunningServer
) -> None:
    context = phone_with(new_phone, push_server, None)
    page, problems = open_settings(context)
    reminders = page.get_by_role("region", name="Reminders")
    expect(reminders.get_by_role("radio", name="5", exact=True)).to_be_checked()

    reminders.get_by_role("radio", name="10", exact=True).check()
    wait_until(
        page,
        "async () => (await fetch('/api/settings').then(r => r.json()))"
        ".reminder_lead_minutes === 10",
        "the lead time on the server",
    )
    reminders.get_by_role("button", name="Add a time").click()
    expect(reminders.get_by_label("Check-in time 1")).to_have_value("12:30")
    reminders.get_by_label("Other minutes before a session").select_option("20")
    expect(reminders.get_by_role("radio", name="10", exact=True)).not_to_be_checked()

    problems.allowed += (OFFLINE_RACE,)
    context.set_offline(True)
    reminders.get_by_role("switch", name="Reminders on all devices").click()
    expect(reminders.get_by_text("Saved on this phone.")).to_be_visible()
    context.set_offline(False)
    expect(reminders.get_by_text("Saved on this phone.")).to_be_hidden()
    settings = server_settings(page)
    assert settings["reminders_on"] is False
    assert settings["reminder_lead_minutes"] == 20
    assert settings["check_in_prompts"] == ["12:30"]

    go(page, "#/", "Today")
    go(page, "#/settings", "Settings")
    expect(reminders.get_by_label("Other minutes before a session")).to_have_value("20")
    expect(reminders.get_by_label("Check-in time 1")).to_have_value("12:30")
    expect(reminders.get_by_role("switch", name="Reminders on all devices")).not_to_be_checked()
    problems.assert_none()


def test_push_blocked_notifications_say_how_to_allow_them(
    new_phone: PhoneFactory, push_server: RunningServer
) -> None:
    context = new_phone(base_url=push_server.base_url)
    context.add_init_script(
        "Object.defineProperty(Notification, 'permission', { get: () => 'denied' });"
        "Notification.requestPermission = async () => 'denied';"
    )
    page, problems = open_settings(context)
    switch = page.get_by_role("switch", name=SWITCH)
    expect(page.get_by_text("Notifications are blocked for Attune.")).to_be_visible()
    switch.click()
    expect(switch).not_to_be_checked()
    expect(switch).to_have_accessible_description(re.compile("Notifications, then turn this on"))
    problems.assert_none()


def test_push_unsupported_browser_says_so_plainly(new_phone: PhoneFactory) -> None:
    context = new_phone()
    context.add_init_script("delete window.PushManager;")
    page, problems = open_settings(context)
    reminders = page.get_by_role("region", name="Reminders")
    expect(reminders.get_by_text("This browser cannot show reminders.")).to_be_visible()
    expect(reminders.get_by_role("switch", name=SWITCH)).to_have_count(0)
    expect(reminders.get_by_text(HOME_SCREEN)).to_have_count(0)
    problems.assert_none()


def test_push_on_a_plain_http_address_says_reminders_need_https(new_phone: PhoneFactory) -> None:
    context = new_phone()
    # What a browser reports on http:// at any address but localhost.
    context.add_init_script("Object.defineProperty(window, 'isSecureContext', { value: false });")
    page, problems = open_settings(context)
    reminders = page.get_by_role("region", name="Reminders")
    expect(reminders.get_by_text("Reminders need Attune at a secure address")).to_be_visible()
    expect(reminders.get_by_role("switch", name=SWITCH)).to_have_count(0)
    problems.assert_none()


def test_push_home_screen_explanation_shows_only_on_an_iphone(new_phone: PhoneFactory) -> None:
    page, problems = open_settings(new_phone(user_agent=IPHONE))
    reminders = page.get_by_role("region", name="Reminders")
    expect(reminders.get_by_text(HOME_SCREEN)).to_be_visible()
    expect(reminders.get_by_role("switch", name=SWITCH)).to_have_count(0)
    problems.assert_none()

    page, problems = open_settings(new_phone())
    reminders = page.get_by_role("region", name="Reminders")
    expect(reminders.get_by_role("switch", name=SWITCH)).to_be_visible()
    expect(reminders.get_by_text(HOME_SCREEN)).to_have_count(0)
    problems.assert_none()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_push_settings_with_reminders_pass_axe(
    new_phone: PhoneFactory, push_server: RunningServer, stand_in: StandIn, scheme: str
) -> None:
    phone = stand_in.subscribe(f"axe-{scheme}")
    page, problems = open_settings(phone_with(new_phone, push_server, phone, scheme))
    page.get_by_role("switch", name=SWITCH).click()
    expect(page.get_by_text("Reminders are on for this phone.")).to_be_visible()
    page.get_by_role("button", name="Add a time").click()
    expect(page.get_by_label("Check-in time 1")).to_be_focused()
    run_axe(page, f"Settings with reminders ({scheme})")
    problems.assert_none()
