"""Devices in Settings: pairing a second browser, wrong codes, renaming and signing out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import WRONG_CODE, go, open_app, session_info
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e


def show_pairing_code(page: Page) -> str:
    go(page, "#/pair", "Pair a device")
    code = page.locator(".pairing-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    expect(page.get_by_text("Expires in")).to_contain_text("Expires in")
    return code.inner_text()


def join_with(page: Page, label: str, code: str) -> None:
    go(page, "#/join", "Join a space")
    page.get_by_label(label, exact=True).fill(code)
    button = "Join" if label == "Pairing code" else "Use recovery code"
    page.get_by_role("button", name=button, exact=True).click()


def test_pairing_code_joins_a_second_device_to_the_same_space(new_phone: PhoneFactory) -> None:
    first, first_problems = open_app(new_phone())
    second, second_problems = open_app(new_phone())
    first_space = session_info(first)["body"]["space_id"]
    assert session_info(second)["body"]["space_id"] != first_space

    code = show_pairing_code(first)
    join_with(second, "Pairing code", code.lower())

    expect(second.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    expect(second.locator(".device")).to_have_count(2)
    assert session_info(second)["body"]["space_id"] == first_space
    expect(first.get_by_text("joined your space.")).to_be_visible()
    go(first, "#/settings", "Settings")
    expect(first.locator(".device")).to_have_count(2)
    first_problems.assert_none()
    second_problems.assert_none()


def test_a_used_or_wrong_code_explains_itself(new_phone: PhoneFactory) -> None:
    first, _ = open_app(new_phone())
    second, problems = open_app(new_phone())
    problems.allowed += (WRONG_CODE,)
    code = show_pairing_code(first)
    join_with(second, "Pairing code", code)
    expect(second.get_by_role("heading", level=1, name="Settings")).to_be_visible()

    third, third_problems = open_app(new_phone())
    third_problems.allowed += (WRONG_CODE,)
    join_with(third, "Pairing code", code)
    field = third.get_by_label("Pairing code", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(third.get_by_text("That code did not work.")).to_be_visible()
    expect(field).to_be_focused()

    join_with(third, "Recovery code", "AAAA-BBBB-CCCC-DDDD-EEEE")
    expect(third.get_by_text("That recovery code did not work.")).to_be_visible()
    problems.assert_none()
    third_problems.assert_none()


def test_recovery_code_is_shown_once_and_restores_the_space(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    page.get_by_role("button", name="Make a recovery code").click()
    expect(page.get_by_text("It is shown only this once.")).to_be_visible()
    code = page.locator(".recovery-code").inner_text()
    page.get_by_role("button", name="I have saved it").click()
    expect(page.locator(".recovery-code")).to_have_count(0)
    expect(page.get_by_text("A recovery code is saved.")).to_be_visible()

    other, other_problems = open_app(new_phone())
    join_with(other, "Recovery code", code)
    expect(other.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    assert session_info(other)["body"]["space_id"] == session_info(page)["body"]["space_id"]
    problems.assert_none()
    other_problems.assert_none()


def test_devices_can_be_renamed_and_signed_out(new_phone: PhoneFactory) -> None:
    first, problems = open_app(new_phone())
    second, second_problems = open_app(new_phone())
    join_with(second, "Pairing code", show_pairing_code(first))
    expect(second.get_by_role("heading", level=1, name="Settings")).to_be_visible()

    go(first, "#/settings", "Settings")
    this_device = first.locator(".device", has_text="This device")
    this_device.get_by_role("button", name="Rename").click()
    first.get_by_label("New name for").fill("Consulting room laptop")
    first.get_by_role("button", name="Save name").click()
    expect(first.locator(".device", has_text="This device")).to_contain_text(
        "Consulting room laptop"
    )

    other = first.locator(".device", has_not_text="This device")
    other.get_by_role("button", name="Sign out").click()
    expect(first.get_by_text("It will need a pairing code to come back.")).to_be_visible()
    first.get_by_role("button", name="Yes, sign out").click()
    expect(first.locator(".device")).to_have_count(1)
    assert session_info(second)["body"]["signed_in"] is False

    # The signed-out device learns it the next time it asks the server for anything.
    second_problems.allowed += (("status of 401", "/api/"),)
    second.evaluate("() => { location.hash = '#/pair'; }")
    expect(second.get_by_role("heading", level=1, name="This device is signed out")).to_be_visible()
    expect(second.get_by_role("button", name="Start fresh")).to_be_visible()
    problems.assert_none()
    second_problems.assert_none()


def test_signing_out_the_only_device_warns_that_the_space_goes_with_it(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("signing out deletes your space and everything in it")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")

    page.get_by_role("button", name="Make a recovery code").click()
    page.get_by_role("button", name="I have saved it").click()
    expect(page.get_by_text("A recovery code is saved.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_text("It will need a pairing or recovery code to come back.")
    ).to_be_visible()
    expect(page.get_by_text("signing out deletes your space")).to_have_count(0)
    problems.assert_none()


def test_two_devices_of_the_same_kind_are_told_apart(new_phone: PhoneFactory) -> None:
    first, problems = open_app(new_phone())
    second, second_problems = open_app(new_phone())
    join_with(second, "Pairing code", show_pairing_code(first))
    expect(second.get_by_role("heading", level=1, name="Settings")).to_be_visible()

    go(first, "#/settings", "Settings")
    rows = first.locator(".device")
    expect(rows).to_have_count(2)
    labels = [row.locator("strong").inner_text() for row in rows.all()]
    assert labels[0] == labels[1], "both phones are the same kind in this test"
    # Each row says when it was added and last seen; the buttons name which one they act on.
    expect(rows.filter(has_text="This device")).to_contain_text("In use now · added")
    other = rows.filter(has_not_text="This device")
    expect(other).to_contain_text("Last seen")
    expect(other).to_contain_text("· added")
    names = [
        button.get_attribute("aria-label")
        for button in first.get_by_role("button", name=re.compile("^Sign out ")).all()
    ]
    assert len(set(names)) == 2, names
    assert f"Sign out {labels[0]} (this device)" in names

    other.get_by_role("button", name="Sign out").click()
    first.get_by_role("button", name="Yes, sign out").click()
    toast = first.locator(".toast", has_text="is signed out")
    expect(toast).to_contain_text(f"{labels[0]} (added ")
    problems.assert_none()
    second_problems.assert_none()
