"""Offline: the shell from the worker, API reads network-first with stored copies the page
says it shows, the session never kept, and a new version that waits for "Reload"."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Request, Route, expect

from .browser import (
    RunningServer,
    controller_version,
    go,
    open_app,
    session_info,
    shell_version_served,
    wait_for_controller,
    wait_until,
)
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

STORED_COPIES = """() => new Promise((resolve, reject) => {
    const open = indexedDB.open("attune");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
        const read = open.result.transaction("copies").objectStore("copies").getAll();
        read.onsuccess = () => resolve(read.result.map((copy) => copy.key));
    };
})"""


def offline_ready(page: Page) -> None:
    wait_for_controller(page)
    expect(page.get_by_text("Ready to work offline")).to_be_visible()


def test_app_opens_offline_and_says_it_shows_a_stored_copy(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    offline_ready(page)
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    go(page, "#/", "Today")
    note = page.locator(".offline-note")
    expect(note).to_be_hidden()

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(note).to_have_text(re.compile(r"^Offline · showing what this phone knew at \d"))
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    expect(note).to_contain_text("Offline · showing what this phone knew")

    context.set_offline(False)
    go(page, "#/", "Today")
    expect(note).to_be_hidden()
    problems.assert_none()


def test_offline_read_without_a_stored_copy_fails_quietly(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    offline_ready(page)
    context.set_offline(True)
    go(page, "#/settings", "Settings")
    expect(page.get_by_text("Your devices show here when this phone is online.")).to_be_visible()
    expect(page.locator(".toast", has_text="offline")).to_have_count(0)
    expect(page.get_by_role("link", name="Pair a device")).to_be_visible()
    context.set_offline(False)
    problems.assert_none()


def test_a_read_with_no_answer_in_3_seconds_shows_the_stored_copy(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    go(page, "#/", "Today")

    hanging: list[Route] = []
    page.route("**/api/devices", lambda route: hanging.append(route))
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    note = page.locator(".offline-note")
    expect(note).to_contain_text("No answer from the server · showing what this phone knew at")
    assert len(hanging) == 1

    page.unroute("**/api/devices")
    note.get_by_role("button", name="Refresh").click()
    expect(note).to_be_hidden()
    expect(page.locator(".device")).to_have_count(1)
    problems.assert_none()


def test_session_and_its_csrf_token_are_never_kept(new_phone: PhoneFactory) -> None:
    context = new_phone()
    page, problems = open_app(context)
    offline_ready(page)
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    token = session_info(page)["body"]["csrf_token"]
    space = session_info(page)["body"]["space_id"]

    cached: list[str] = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert cached
    assert not [url for url in cached if "/api/" in url]
    copies: list[str] = page.evaluate(STORED_COPIES)
    assert f"{space} /api/devices" in copies
    assert all(key.startswith(f"{space} ") for key in copies)
    assert not [key for key in copies if "/api/session" in key]
    stored: dict[str, Any] = page.evaluate("() => ({...localStorage})")
    assert token not in repr(stored)
    everything = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("attune");
            open.onsuccess = () => {
                const names = [...open.result.objectStoreNames];
                const tx = open.result.transaction(names);
                Promise.all(names.map((name) => new Promise((done) => {
                    const read = tx.objectStore(name).getAll();
                    read.onsuccess = () => done(read.result);
                }))).then((all) => resolve(JSON.stringify(all)));
            };
        })"""
    )
    assert token not in everything
    problems.assert_none()


def test_stored_copies_go_with_the_space(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    expect(page.locator(".device")).to_have_count(1)
    assert page.evaluate(STORED_COPIES)
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_label("to confirm").fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()
    assert page.evaluate(STORED_COPIES) == []
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('session'))") == []
    problems.assert_none()


def test_a_stale_csrf_token_is_fetched_again_and_the_write_sent_once_more(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    problems.allowed += (("status of 403", "/api/check-ins/"),)
    sent: list[str] = []

    def record(request: Request) -> None:
        if request.method == "PUT" and "/api/check-ins/" in request.url:
            sent.append("PUT check-in")
        if request.method == "GET" and "/api/session" in request.url:
            sent.append("GET session")

    page.on("request", record)
    page.evaluate(
        """async (checkedInAt) => {
            const api = await import("/js/core/api.js");
            api.setSession({ ...api.currentSession(), csrf_token: "stale" });
            const practice = await import("/js/practice/store.js");
            await practice.saveCheckIn({ checked_in_at: checkedInAt, presence: 4, energy: 4 });
            const outbox = await import("/js/core/outbox.js");
            await outbox.syncNow();
        }""",
        datetime.now(UTC).isoformat(),
    )
    wait_until(
        page,
        "async () => (await (await import('/js/core/outbox.js')).pending()).length === 0",
        "the check-in to sync",
    )
    saved = page.request.get("/api/check-ins/").json()["check_ins"]
    assert len(saved) == 1
    # Refused once with the stale token, the session read once, then sent once more.
    assert sent == ["PUT check-in", "GET session", "PUT check-in"], sent
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
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    assert controller_version(page)["version"] == old["version"]
    expect(toast).to_be_visible()
    with page.expect_navigation():
        toast.get_by_role("button", name="Reload").click()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()

    current = controller_version(page)
    assert current["version"] == new_version
    assert current["cache"] == f"attune-shell-{new_version}"
    caches = page.evaluate("() => caches.keys()")
    assert f"attune-shell-{old['version']}" not in caches
    expect(page.locator(".toast", has_text="Update ready")).to_have_count(0)
    problems.assert_none()
