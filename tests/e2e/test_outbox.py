"""The outbox: writes survive offline reloads and lost answers, are never duplicated, a refused
write is shown with the server's reason until discarded, and a failing server is not hammered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from .browser import go, open_app, run_axe, wait_for_controller, wait_until
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

# Offline, the worker answers API reads with 503 and writes fail: Chromium logs both.
OFFLINE_LINES = (
    ("status of 503", "/api/"),
    ("ERR_INTERNET_DISCONNECTED", "/api/"),
)
CONFLICT = ("status of 409", "/api/exercise-logs/")

SAVE_LOG = """async ([secondsAgo, completed]) => {
  const { saveExerciseLog } = await import('/js/practice/store.js');
  const started = new Date(Date.now() - secondsAgo * 1000).toISOString();
  const duration = completed ? 60 : 25;
  const log = await saveExerciseLog({
    id: crypto.randomUUID(), exercise_id: 'box-breathing', started_at: started,
    duration_seconds: duration, completed,
  });
  return log.id;
}"""

SAVE_CHECK_IN = """async ([presence, energy]) => {
  const { saveCheckIn } = await import('/js/practice/store.js');
  const saved = await saveCheckIn({
    id: crypto.randomUUID(), checked_in_at: new Date().toISOString(), presence, energy,
  });
  return saved.id;
}"""

SYNC_NOW = "(options) => import('/js/core/outbox.js').then((o) => o.syncNow(options))"
LAST_DAY = (
    "() => import('/js/practice/store.js')"
    ".then((p) => p.recentPractice({since: Date.now() - 864e5}))"
)
PENDING = "() => import('/js/core/outbox.js').then(async (o) => (await o.pending()).length)"


def on_server(page: Page) -> dict[str, list[dict[str, Any]]]:
    """What the server holds for this page's space, asked with the page's own cookie."""
    result: dict[str, list[dict[str, Any]]] = page.evaluate(
        """async () => {
            const read = (path) => fetch(path, {cache: 'no-store'}).then((r) => r.json());
            const [logs, checkIns] = await Promise.all([
                read('/api/exercise-logs'), read('/api/check-ins'),
            ]);
            return {logs: logs.exercise_logs, checkIns: checkIns.check_ins};
        }"""
    )
    return result


def check_in_through_the_form(page: Page, presence: str, energy: str) -> None:
    page.get_by_role("radio", name=presence).check()
    page.get_by_role("radio", name=energy).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_focused()


def stop_an_exercise_after(page: Page, seconds: int, presence: str, energy: str) -> None:
    """Run box breathing in the player for some seconds, end it, and check in after it."""
    page.evaluate("() => { location.hash = '#/ground?exercise=box-breathing'; }")
    expect(page.get_by_role("button", name="End")).to_be_visible()
    page.clock.run_for(seconds * 1000)
    page.get_by_role("button", name="End").click()
    expect(page.get_by_role("heading", name="Stopped early. It still counts.")).to_be_focused()
    page.get_by_label(presence).check()
    page.get_by_label(energy).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="You're ready.")).to_be_visible()
    page.get_by_role("link", name="Back to Today").click()
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()


def test_outbox_keeps_writes_offline_across_a_reload_and_syncs_each_once(
    new_phone: PhoneFactory,
) -> None:
    context = new_phone()
    # The player runs on Playwright's clock; the server checks times against the real one.
    context.clock.install(time=datetime.now(UTC))
    page, problems = open_app(context)
    problems.allowed += OFFLINE_LINES
    wait_for_controller(page)
    # The app opens offline from the session it keeps (never its CSRF token).
    wait_until(
        page,
        "() => localStorage.getItem('attune:session') !== null",
        "the session to be kept for offline use",
    )

    context.set_offline(True)
    stop_an_exercise_after(page, 20, "4 mostly here", "3 steady")
    stop_an_exercise_after(page, 35, "2 distracted", "2 low")
    go(page, "#/check-in", "Check in")
    check_in_through_the_form(page, "5 fully here", "5 energised")
    expect(page.locator(".check-in-row .pending-tag")).to_have_count(3)

    page.reload()
    expect(page.get_by_role("heading", level=1, name="Check in")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="waiting to sync")).to_have_text(
        "5 items are waiting to sync. You are offline: it is all kept on this device."
    )
    kept = page.evaluate(LAST_DAY)
    assert sorted(log["duration_seconds"] for log in kept["exerciseLogs"]) == [20, 35]
    log_ids = {log["id"] for log in kept["exerciseLogs"]}
    assert len(kept["checkIns"]) == 3
    assert all(item["pending"] for item in kept["exerciseLogs"] + kept["checkIns"])

    context.set_offline(False)
    expect(page.locator(".sync-line")).to_have_text("")
    held = on_server(page)
    assert {log["id"] for log in held["logs"]} == log_ids
    assert sorted((c["presence"], c["energy"]) for c in held["checkIns"]) == [
        (2, 2),
        (4, 3),
        (5, 5),
    ]
    synced = page.evaluate(LAST_DAY)
    assert not any(item["pending"] for item in synced["exerciseLogs"] + synced["checkIns"])
    problems.assert_none()


def test_outbox_retries_a_lost_answer_without_duplicating_the_write(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone(service_workers="block"))
    problems.allowed += (("ERR_FAILED", "/api/"),)
    answered_then_lost: list[str] = []
    sent: list[str] = []

    def lose_first_answer(route: Route) -> None:
        if route.request.method != "PUT":
            route.continue_()
            return
        sent.append(route.request.url)
        route.fetch()  # the server stores it...
        if route.request.url in answered_then_lost:
            route.continue_()
        else:
            answered_then_lost.append(route.request.url)
            route.abort()  # ...and the answer never reaches the page

    page.route("**/api/exercise-logs/*", lose_first_answer)
    page.route("**/api/check-ins/*", lose_first_answer)
    for seconds_ago in (400, 200):
        page.evaluate(SAVE_LOG, [seconds_ago, True])
    for presence in (1, 3, 5):
        page.evaluate(SAVE_CHECK_IN, [presence, 3])

    for _ in range(12):
        if page.evaluate(PENDING) == 0:
            break
        page.evaluate(SYNC_NOW, {"retryNow": True})
    assert page.evaluate(PENDING) == 0
    assert len(answered_then_lost) == 5
    # Each write reached the server twice: once with its answer lost, once on retry.
    assert sorted(sent) == sorted(answered_then_lost * 2)
    held = on_server(page)
    assert len(held["logs"]) == 2
    assert sorted(c["presence"] for c in held["checkIns"]) == [1, 3, 5]
    problems.assert_none()


def test_a_refused_write_is_shown_with_the_reason_until_discarded(
    new_phone: PhoneFactory,
) -> None:
    page, problems = open_app(new_phone())
    problems.allowed += (CONFLICT,)
    go(page, "#/check-in", "Check in")
    log_id = page.evaluate(SAVE_LOG, [200, True])
    page.evaluate(SYNC_NOW, {})
    assert [log["id"] for log in on_server(page)["logs"]] == [log_id]

    # The same id with different content: the server will never take it.
    page.evaluate(
        """(id) => import('/js/core/outbox.js').then((o) => o.enqueue({
            id, kind: 'exercise-log', path: `/api/exercise-logs/${id}`,
            body: {exercise_id: 'box-breathing', started_at: new Date(Date.now() - 90000)
                .toISOString(), duration_seconds: 30, completed: false},
        }))""",
        log_id,
    )
    page.evaluate(SYNC_NOW, {})
    entries = page.evaluate("() => import('/js/core/outbox.js').then((o) => o.pending())")
    assert [(e["failed"], e["last_error"]["code"]) for e in entries] == [(True, "id_conflict")]

    expect(page.get_by_role("heading", name="Not saved")).to_be_visible()
    expect(page.get_by_text(entries[0]["last_error"]["message"])).to_be_visible()
    expect(page.locator(".sync-line")).to_have_text("")
    run_axe(page, "a write not saved")
    page.get_by_role("button", name="Discard: The exercise").click()
    expect(page.get_by_role("heading", name="Not saved")).to_have_count(0)
    assert page.evaluate(PENDING) == 0
    # The first version stays on the server, untouched.
    (held,) = on_server(page)["logs"]
    assert (held["id"], held["completed"], held["duration_seconds"]) == (log_id, True, 60)
    problems.assert_none()


def test_a_failing_server_is_retried_with_growing_pauses_not_in_a_tight_loop(
    new_phone: PhoneFactory,
) -> None:
    page = new_phone(service_workers="block").new_page()
    page.clock.install(time=datetime.now(UTC))
    page.goto("/")
    expect(page.locator("main h1")).to_be_visible()
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))

    failing = True
    elapsed_ms = 0
    attempts: list[int] = []  # when each PUT came, in ms of browser time since the save

    def answer(route: Route) -> None:
        if route.request.method != "PUT":
            route.continue_()
            return
        attempts.append(elapsed_ms)
        if failing:
            route.fulfill(
                status=503,
                content_type="application/json",
                body='{"error": {"code": "unavailable", "message": "Busy.", "field": null}}',
            )
        else:
            route.continue_()

    page.route("**/api/check-ins/*", answer)
    page.evaluate(SAVE_CHECK_IN, [3, 3])
    page.evaluate(SYNC_NOW, {"retryNow": False})  # wait for the pass the save started
    assert len(attempts) == 1

    # A minute of failures: each pause doubles from 2 s (with jitter), so a handful of tries.
    for _ in range(60):
        page.clock.run_for(1000)
        elapsed_ms += 1000
        page.evaluate(SYNC_NOW, {"retryNow": False})
    assert 4 <= len(attempts) <= 7, attempts
    pauses = [later - earlier for earlier, later in pairwise(attempts)]
    assert pauses[0] >= 1000, attempts
    assert pauses == sorted(pauses), attempts
    assert pauses[-1] >= 4 * pauses[0], attempts

    failing = False
    for _ in range(10):
        page.clock.run_for(10_000)
        elapsed_ms += 10_000
        page.evaluate(SYNC_NOW, {"retryNow": False})
    assert page.evaluate(PENDING) == 0
    assert len(on_server(page)["checkIns"]) == 1


STORED_ON_DEVICE = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open('attune');
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const db = opening.result;
    const read = db.transaction(['outbox', 'practice']);
    const outbox = read.objectStore('outbox').count();
    const practice = read.objectStore('practice').count();
    read.oncomplete = () => { db.close(); resolve([outbox.result, practice.result]); };
  };
})"""


def test_deleting_the_space_clears_what_this_device_kept(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone(service_workers="block"))
    problems.allowed += (("status of 503", "/api/check-ins/"),)
    page.evaluate(SAVE_CHECK_IN, [4, 4])
    page.evaluate(SYNC_NOW, {})
    page.route(
        "**/api/check-ins/*",
        lambda route: (
            route.fulfill(status=503, body="{}")
            if route.request.method == "PUT"
            else route.continue_()
        ),
    )
    page.evaluate(SAVE_CHECK_IN, [2, 2])
    page.evaluate(SYNC_NOW, {})
    go(page, "#/check-in", "Check in")
    expect(page.locator(".sync-line")).to_have_text("1 item is waiting to sync.")
    assert page.evaluate(STORED_ON_DEVICE) == [1, 1]
    go(page, "#/schedule", "Schedule")
    page.wait_for_function("() => localStorage.getItem('attune:schedule') !== null")

    go(page, "#/settings", "Settings")
    page.get_by_role("button", name="Delete everything…").click()
    page.get_by_label("to confirm").fill("delete")
    page.get_by_role("button", name="Delete everything", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Your space is gone")).to_be_visible()
    assert page.evaluate(STORED_ON_DEVICE) == [0, 0]
    assert (
        page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('schedule'))") == []
    )
    problems.assert_none()
