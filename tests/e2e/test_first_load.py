"""The first load carries the shell and Today only: at most 25 requests and 60 KB compressed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, expect

from .browser import watch_problems
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

MAX_REQUESTS = 25
MAX_BYTES = 60 * 1024
ZONE = "Europe/Oslo"


def a_lived_in_space(context: BrowserContext) -> None:
    """Sign the context in to a space with a zone, a session ahead and some practice."""
    session = context.request.post("/api/spaces", data={}).json()
    headers = {"X-CSRF-Token": session["csrf_token"]}
    now = datetime.now(UTC)
    writes: list[tuple[str, dict[str, Any]]] = [
        ("/api/space/time-zone", {"time_zone": ZONE}),
        (
            f"/api/schedule/appointments/{uuid.uuid4()}",
            {"starts_at": (now + timedelta(hours=2)).isoformat(), "length_minutes": 50},
        ),
        (
            f"/api/exercise-logs/{uuid.uuid4()}",
            {
                "exercise_id": "box-breathing",
                "started_at": (now - timedelta(hours=1)).isoformat(),
                "duration_seconds": 60,
                "completed": True,
            },
        ),
        (
            f"/api/check-ins/{uuid.uuid4()}",
            {
                "checked_in_at": (now - timedelta(minutes=58)).isoformat(),
                "presence": 4,
                "energy": 3,
            },
        ),
    ]
    for path, body in writes:
        response = context.request.put(path, data=body, headers=headers)
        assert response.ok, (path, response.status, response.text())


# The moment Today is usable, seen from inside the page: the next session, the button and why,
# the day's line, and nothing still loading. Requests sent after it (the service worker's
# registration, the update watch) are not part of the first load.
MARK_USABLE = """
new MutationObserver((_, observer) => {
  const main = document.querySelector("main");
  const ready = main && main.getAttribute("aria-busy") !== "true"
    && document.querySelector(".next-up:not([hidden]) .next-up-time")
    && document.querySelector(".primary-action")
    && document.querySelector(".suggestion-why")?.textContent
    && document.querySelector(".today-count")?.textContent;
  if (!ready) return;
  window.usableAt = Date.now();
  observer.disconnect();
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""


def counted(url: str) -> bool:
    """Icons and the worker (with its own precache) are not part of the page's first load."""
    path = urlsplit(url).path
    return not (path.startswith("/icons/") or path == "/sw.js" or url.startswith("data:"))


def test_first_load_of_a_signed_in_space_fits_the_budget(new_phone: PhoneFactory) -> None:
    context = new_phone(timezone_id=ZONE)
    a_lived_in_space(context)
    page = context.new_page()
    problems = watch_problems(page)
    cdp = context.new_cdp_session(page)
    page.add_init_script(MARK_USABLE)
    sent: dict[str, tuple[str, float]] = {}
    sizes: dict[str, int] = {}

    def on_sent(event: dict[str, Any]) -> None:
        sent.setdefault(event["requestId"], (event["request"]["url"], event["wallTime"] * 1000))

    def on_finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = event["encodedDataLength"]

    cdp.on("Network.requestWillBeSent", on_sent)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    page.goto("/")
    # Usable: the next session, the button and why, the day's line, nothing still loading.
    expect(page.get_by_role("region", name="Next session")).to_contain_text("in 2 h")
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    expect(page.locator(".suggestion-why")).not_to_be_empty()
    expect(page.locator(".today-count")).to_contain_text("1 exercise · 1 check-in today")
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    page.wait_for_function("() => window.usableAt")
    usable_at = page.evaluate("() => window.usableAt")
    first_load = {rid: url for rid, (url, at) in sent.items() if counted(url) and at <= usable_at}
    for _ in range(100):
        if all(rid in sizes for rid in first_load):
            break
        page.wait_for_timeout(20)

    path = {
        rid: urlsplit(url)._replace(scheme="", netloc="").geturl()
        for rid, url in first_load.items()
    }
    urls = sorted(path.values())
    total = sum(sizes[rid] for rid in first_load)
    print(f"\nfirst load: {len(urls)} requests, {total / 1024:.1f} KB")
    for rid in sorted(first_load, key=lambda rid: -sizes[rid]):
        print(f"  {sizes[rid]:6d} {path[rid]}")
    assert len(urls) == len(set(urls)), f"fetched twice: {[u for u in urls if urls.count(u) > 1]}"
    assert len(urls) <= MAX_REQUESTS, urls
    assert total <= MAX_BYTES, f"{total} bytes"
    problems.assert_none()
