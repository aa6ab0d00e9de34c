"""Delete everything: only after a typed confirmation; afterwards no device has the space."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .browser import go, open_app, session_info
from .conftest import PhoneFactory
from .test_devices import join_with, show_pairing_code

pytestmark = pytest.mark.e2e


def delete_everything(page: Page) -> None:
    go(page, "#/settings", "Settings")
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_label("to confirm").fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()


def test_delete_everything_needs_confirmation_then_leaves_no_session(
    new_phone: PhoneFactory,
) -> None:
    context = new_phone()
    page, problems = open_app(context)
    old_space = session_info(page)["body"]["space_id"]
    go(page, "#/settings", "Settings")

    page.get_by_role("button", name="Delete everything…").click()
    confirm = page.get_by_label("to confirm")
    expect(confirm).to_be_focused()
    confirm.fill("yes")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_text("to delete everything.")).to_be_visible()
    assert session_info(page)["body"]["space_id"] == old_space

    confirm.fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()
    expect(page.get_by_role("button", name="Start fresh")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert session_info(page)["body"]["signed_in"] is False
    assert not [c for c in context.cookies() if c["name"] == "attune_session" and c["value"]]

    page.reload()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    fresh = session_info(page)
    assert fresh["body"]["signed_in"] is True
    assert fresh["body"]["space_id"] != old_space
    problems.assert_none()


def test_start_fresh_after_deleting_makes_a_new_space(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    old_space = session_info(page)["body"]["space_id"]
    delete_everything(page)

    page.get_by_role("button", name="Start fresh").click()
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert session_info(page)["body"]["space_id"] not in {None, old_space}
    problems.assert_none()


def test_a_space_deleted_on_one_device_is_gone_on_the_others(new_phone: PhoneFactory) -> None:
    phone, problems = open_app(new_phone())
    laptop, laptop_problems = open_app(new_phone())
    tablet, tablet_problems = open_app(new_phone())
    for other in (laptop, tablet):
        join_with(other, "Pairing code", show_pairing_code(phone))
        expect(other.get_by_role("heading", level=1, name="Settings")).to_be_visible()
        go(phone, "#/", "Today")
    delete_everything(phone)

    # An open app learns it the next time it asks the server for anything…
    laptop_problems.allowed += (("status of 401", "/api/"),)
    laptop.evaluate("() => { location.hash = '#/pair'; }")
    expect(laptop.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()
    expect(laptop.get_by_text("every device has been signed out")).to_be_visible()
    expect(laptop.get_by_text("still there for your other devices")).to_have_count(0)

    # …and one opened later says so, instead of quietly making a new space.
    tablet.reload()
    expect(tablet.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()
    expect(tablet.get_by_text("still there for your other devices")).to_have_count(0)
    # Said once: opened again, it is a first visit.
    tablet.reload()
    expect(tablet.get_by_role("heading", level=1, name="Today")).to_be_visible()
    problems.assert_none()
    laptop_problems.assert_none()
    tablet_problems.assert_none()
