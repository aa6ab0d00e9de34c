"""The service worker: the shell opens offline, and a new version waits for "Reload"."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import (
    RunningServer,
    controller_version,
    open_app,
    shell_version_served,
    wait_for_controller,
    wait_until,
)
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e


def test_shell_opens_offline_once_the_worker_controls_the_page(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    wait_for_controller(page)
    expect(page.get_by_text("Ready to work offline")).to_be_visible()
    # The worker fetches the session again once it controls the page, for offline use.
    wait_until(
        page,
        "() => caches.match('/api/session', {cacheName: 'attune-data'})",
        "the session to be kept for offline use",
    )

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Welcome to Attune")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text("You are offline.")).to_be_visible()
    context.set_offline(False)
    problems.assert_none()


def test_new_version_waits_for_reload_then_takes_over(
    new_phone: PhoneFactory, copied_shell_server: tuple[RunningServer, Path]
) -> None:
    server, shell = copied_shell_server
    page, problems = open_app(new_phone(base_url=server.base_url))
    wait_for_controller(page)
    old = controller_version(page)
    assert old["cache"] == f"attune-shell-{old['version']}"

    with (shell / "css" / "app.css").open("a", encoding="utf-8") as css:
        css.write("\n/* a new version of the shell */\n")
    new_version = shell_version_served(page, server.base_url)
    assert new_version != old["version"]
    page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")

    toast = page.locator(".toast", has_text="Update ready")
    expect(toast).to_be_visible()
    # The new worker waits: the page is still served by the old one until asked, and a
    # reload alone does not switch; the waiting worker is offered again.
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Welcome to Attune")).to_be_visible()
    assert controller_version(page)["version"] == old["version"]
    expect(toast).to_be_visible()
    with page.expect_navigation():
        toast.get_by_role("button", name="Reload").click()
    expect(page.get_by_role("heading", level=1, name="Welcome to Attune")).to_be_visible()

    current = controller_version(page)
    assert current == {"version": new_version, "cache": f"attune-shell-{new_version}"}
    caches = page.evaluate("() => caches.keys()")
    assert f"attune-shell-{old['version']}" not in caches
    expect(page.locator(".toast", has_text="Update ready")).to_have_count(0)
    problems.assert_none()
