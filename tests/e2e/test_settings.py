"""Settings: devices, pairing, the recovery code, this phone's cues, a readable version, delete."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser import go, open_app, wait_for_controller
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e


def test_settings_holds_devices_pairing_recovery_and_delete(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    for section in ["Devices", "Recovery code", "During an exercise", "About", "Delete everything"]:
        expect(page.get_by_role("region", name=section)).to_be_visible()
    devices = page.get_by_role("region", name="Devices")
    expect(devices.locator(".device")).to_have_count(1)

    devices.get_by_role("link", name="Pair a device").click()
    expect(page.get_by_role("heading", level=1, name="Pair a device")).to_be_visible()
    page.get_by_role("link", name="Back to Settings").click()
    page.get_by_role("link", name="Join with a code").click()
    expect(page.get_by_role("heading", level=1, name="Join a space")).to_be_visible()
    go(page, "#/settings", "Settings")
    expect(
        page.get_by_role("region", name="Recovery code").get_by_role(
            "button", name="Make a recovery code"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("region", name="Delete everything").get_by_role(
            "button", name="Delete everything…"
        )
    ).to_be_visible()
    problems.assert_none()


def test_settings_shows_the_version_in_words(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    wait_for_controller(page)
    go(page, "#/settings", "Settings")
    version = page.locator(".facts dt", has_text="Version").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(version).to_have_text(re.compile(r"^Attune \d+\.\d+\.\d+ · updated \w.* \d{4}$"))
    expect(version).not_to_contain_text(re.compile(r"[0-9a-f]{16}"))
    problems.assert_none()


def test_cue_switches_set_this_phones_defaults(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/settings", "Settings")
    tones = page.get_by_role("switch", name="Soft tone at each step")
    expect(tones).not_to_be_checked()
    tones.check()
    page.reload()
    expect(page.get_by_role("switch", name="Soft tone at each step")).to_be_checked()
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('attune:preferences'))")
    assert stored["tones"] is True
    problems.assert_none()
