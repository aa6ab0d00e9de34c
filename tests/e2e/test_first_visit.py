"""The first visit: a private space appears with no form, quietly, and nothing leaves the origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Response, expect

from .browser import RunningServer, go, open_app, session_info
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e


def test_first_visit_creates_a_space_without_a_form(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())

    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Welcome to Attune")).to_be_visible()
    expect(page.locator("main input, main form")).to_have_count(0)
    info = session_info(page)
    assert info["status"] == 200
    assert info["body"]["signed_in"] is True
    assert info["body"]["space_id"]

    go(page, "#/settings", "Settings")
    devices = page.locator(".device")
    expect(devices).to_have_count(1)
    expect(devices.first.get_by_text("This device")).to_be_visible()
    expect(devices.first.get_by_text("In use now")).to_be_visible()
    problems.assert_none()


def test_first_visit_signed_out_makes_no_failing_request_and_logs_no_error(
    new_phone: PhoneFactory,
) -> None:
    context = new_phone()
    failing: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failing.append(f"{response.status} {response.url}")

    context.on("response", on_response)
    context.on("requestfailed", lambda request: failing.append(f"failed {request.url}"))
    page, problems = open_app(context)
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    go(page, "#/settings", "Settings")
    go(page, "#/", "Today")
    assert failing == []
    problems.assert_none()


def test_app_requests_stay_on_its_own_origin(
    new_phone: PhoneFactory, live_server: RunningServer
) -> None:
    context = new_phone()
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page, problems = open_app(context)
    for route, heading in [
        ("#/settings", "Settings"),
        ("#/pair", "Pair a device"),
        ("#/join", "Join a space"),
        ("#/", "Today"),
    ]:
        go(page, route, heading)

    origin = urlsplit(live_server.base_url)
    assert urls, "no requests were recorded"
    elsewhere = [
        url
        for url in urls
        if (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
    ]
    assert not elsewhere, f"requests left the origin: {elsewhere}"
    problems.assert_none()
