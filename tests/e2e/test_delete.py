"""Delete everything: only after a typed confirmation; afterwards the browser has no space."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import go, open_app, session_info
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e


def test_delete_everything_needs_confirmation_then_leaves_no_session(
    new_phone: PhoneFactory,
) -> None:
    context = new_phone()
    page, problems = open_app(context)
    old_space = session_info(page)["body"]["space_id"]
    go(page, "#/space", "Your space")

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
    assert session_info(page)["status"] == 401
    assert not [c for c in context.cookies() if c["name"] == "attune_session" and c["value"]]

    page.reload()
    expect(page.get_by_role("heading", level=1, name="Welcome to Attune")).to_be_visible()
    fresh = session_info(page)
    assert fresh["status"] == 200
    assert fresh["body"]["space_id"] != old_space
    problems.assert_none()


def test_start_fresh_after_deleting_makes_a_new_space(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    old_space = session_info(page)["body"]["space_id"]
    go(page, "#/space", "Your space")
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_label("to confirm").fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()

    page.get_by_role("button", name="Start fresh").click()
    expect(page.get_by_role("heading", level=1, name="Welcome to Attune")).to_be_visible()
    assert session_info(page)["body"]["space_id"] not in {None, old_space}
    problems.assert_none()
