"""The check-in: two taps and Save; feeling words and a note (with a counted limit) behind "Add a
word or a note"; Skip when it is optional; the scale's tiles hold their words at 390 px."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import go, open_app
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

TEN_SECONDS = 10.0
SYNC_NOW = "() => import('/js/core/outbox.js').then((o) => o.syncNow())"


def check_ins_on_server(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(
        "() => fetch('/api/check-ins', {cache: 'no-store'}).then((r) => r.json())"
        ".then((body) => body.check_ins)"
    )
    return result


def test_check_in_is_two_taps_and_save(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/check-in", "Check in")
    save = page.get_by_role("button", name="Save", exact=True)
    expect(save).to_be_disabled()
    expect(
        page.get_by_text("Choose how present you are and your energy, then save.")
    ).to_be_visible()
    # Nothing is chosen for you.
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)

    started = time.monotonic()
    page.get_by_role("radio", name="4 mostly here").tap()
    expect(page.get_by_text("Choose your energy, then save.")).to_be_visible()
    page.get_by_role("radio", name="2 low").tap()
    save.tap()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_focused()
    assert time.monotonic() - started < TEN_SECONDS

    row = page.locator(".check-in-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Presence 4, mostly here · energy 2, low")
    expect(row.locator(".pending-tag")).to_have_count(0)
    (stored,) = check_ins_on_server(page)
    assert (stored["presence"], stored["energy"]) == (4, 2)
    assert (stored["feelings"], stored["note"], stored["moment"]) == ([], None, None)
    problems.assert_none()


def test_feelings_and_note_are_optional_and_the_note_stops_at_500_characters(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/check-in", "Check in")
    page.get_by_role("radio", name="3 partly here").check()
    page.get_by_role("radio", name="3 steady").check()
    # Closed until asked for: the quick path is two taps and Save.
    expect(page.get_by_role("button", name="tired")).to_be_hidden()
    expect(page.get_by_label("A note just for you")).to_be_hidden()
    page.get_by_role("button", name="Add a word or a note").click()
    expect(page.get_by_role("button", name="calm")).to_be_focused()
    tired = page.get_by_role("button", name="tired")
    tired.click()
    expect(tired).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="curious").click()
    page.get_by_role("button", name="calm").click()
    page.get_by_role("button", name="calm").click()  # and changed your mind

    note = page.get_by_label("A note just for you")
    count = page.get_by_text("of 500 characters")
    expect(count).to_have_text("0 of 500 characters")
    note.fill("x" * 450)
    expect(count).to_have_text("450 of 500 characters")
    expect(page.get_by_role("status").filter(has_text="characters left")).to_have_text(
        "50 characters left."
    )
    note.press_sequentially("y" * 60)
    expect(note).to_have_value("x" * 450 + "y" * 50)
    expect(count).to_have_text("500 of 500 characters")
    expect(page.get_by_text("That is the 500-character limit.")).to_be_attached()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_visible()
    expect(page.locator(".check-in-row")).to_contain_text("curious, tired · with a note")
    page.evaluate(SYNC_NOW)
    (stored,) = check_ins_on_server(page)
    assert stored["feelings"] == ["curious", "tired"]
    assert stored["note"] == "x" * 450 + "y" * 50
    problems.assert_none()


MOUNT_FORM = """() => import('/js/check-ins/form.js').then(({ checkInForm }) => {
  window.checkInDone = [];
  const form = checkInForm({
    moment: 'before', exerciseLogId: 'b7c0c1d2-8f4e-4a55-9a51-0f3f6d0c2a10', optional: true,
    onDone: (saved) => window.checkInDone.push(saved),
  });
  document.querySelector('main').replaceChildren(form);
})"""


def test_optional_check_in_before_an_exercise_skips_in_one_tap_or_saves_linked(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    page.evaluate(MOUNT_FORM)
    page.get_by_role("button", name="Skip").tap()
    assert page.evaluate("window.checkInDone") == [None]
    pending = "() => import('/js/core/outbox.js').then(async (o) => (await o.pending()).length)"
    assert page.evaluate(pending) == 0

    page.evaluate(MOUNT_FORM)
    page.get_by_role("radio", name="1 scattered").tap()
    page.get_by_role("radio", name="5 energised").tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    page.wait_for_function("() => window.checkInDone.length === 1")
    saved = page.evaluate("window.checkInDone[0]")
    assert (saved["moment"], saved["presence"], saved["energy"]) == ("before", 1, 5)
    page.evaluate(SYNC_NOW)
    (stored,) = check_ins_on_server(page)
    assert stored["exercise_log_id"] == "b7c0c1d2-8f4e-4a55-9a51-0f3f6d0c2a10"
    assert stored["moment"] == "before"
    problems.assert_none()


def test_each_screen_reads_the_check_in_words_once(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    go(page, "#/check-in", "Check in")
    page.get_by_role("radio", name="4 mostly here").check()
    page.get_by_role("radio", name="4 good").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".check-in-row")).to_have_count(1)
    assert [url for url in asked if url.endswith("/data/check-in.json")] == [
        f"{page.url.split('#')[0].rstrip('/')}/data/check-in.json"
    ]
    problems.assert_none()


# Every tile's content fits inside it, and no word of a shown label is broken across lines
# (the browser breaks a word too long for its tile rather than let it spill).
SPILLS = """() => [...document.querySelectorAll('.rating-option')].filter((tile) => {
    if (tile.scrollWidth > tile.clientWidth || tile.scrollHeight > tile.clientHeight) return true;
    const label = tile.querySelector('.rating-word');
    if (label.getBoundingClientRect().width <= 1) return false;  // only for screen readers here
    const text = label.firstChild;
    let at = 0;
    return label.textContent.split(' ').some((word) => {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + word.length);
        at += word.length + 1;
        return range.getClientRects().length > 1;
    });
}).map((tile) => tile.textContent)"""


@pytest.mark.parametrize("text_size", ["100%", "125%", "200%"])
def test_a_chosen_rating_stays_inside_its_tile_at_390_px(
    new_phone: PhoneFactory, text_size: str
) -> None:
    page, problems = open_app(new_phone())
    go(page, "#/check-in", "Check in")
    page.evaluate("(size) => { document.documentElement.style.fontSize = size; }", text_size)
    for radio in page.get_by_role("radio").all():
        radio.check()
        assert page.evaluate(SPILLS) == [], f"{radio.get_attribute('value')} spills at {text_size}"
    problems.assert_none()
