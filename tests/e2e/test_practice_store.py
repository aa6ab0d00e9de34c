"""The device's practice store: one request per resource however many parts of a screen ask at
once, and only the last weeks kept (older rows, or another space's, are dropped as it stores)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import open_app
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

PRACTICE_READS = ("/api/exercise-logs", "/api/check-ins")


def reads(asked: list[str]) -> dict[str, int]:
    return {api: sum(1 for url in asked if api in url) for api in PRACTICE_READS}


def test_today_reads_each_practice_resource_once(new_phone: PhoneFactory) -> None:
    context = new_phone()
    first, _ = open_app(context)
    first.close()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto("/")
    expect(page.get_by_role("link", name="Ground · 1 min")).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    assert reads(asked) == dict.fromkeys(PRACTICE_READS, 1)


def test_readers_asking_at_once_share_one_request(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.evaluate(
        """async () => {
            const store = await import('/js/practice/store.js');
            const hour = 60 * 60 * 1000;
            await Promise.all([
                store.recentPractice({ since: new Date(Date.now() - 7 * 24 * hour) }),
                store.todaysPractice(),
                store.lastCheckIn(),
            ]);
        }"""
    )
    assert reads(asked) == dict.fromkeys(PRACTICE_READS, 1)
    # Once answered, the next read asks again: shared while in flight, never served stale.
    page.evaluate("() => import('/js/practice/store.js').then((s) => s.todaysPractice())")
    assert reads(asked) == dict.fromkeys(PRACTICE_READS, 2)
    problems.assert_none()


def row(space: str, days_ago: int, key: str) -> dict[str, Any]:
    started = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    return {
        "key": f"exercise-log:{key}",
        "kind": "exercise-log",
        "space_id": space,
        "record": {"id": key, "exercise_id": "box-breathing", "started_at": started},
    }


def kept_keys(page: Page) -> list[str]:
    result: list[str] = page.evaluate(
        """() => import('/js/core/idb.js')
            .then((idb) => idb.getAll('practice'))
            .then((rows) => rows.map((row) => row.key).sort())"""
    )
    return result


def test_the_store_keeps_35_days_of_this_space_only(new_phone: PhoneFactory) -> None:
    page, problems = open_app(new_phone())
    space = page.evaluate(
        "() => import('/js/core/api.js').then((api) => api.currentSession().space_id)"
    )
    rows = [
        row(space, 2, "recent"),
        row(space, 34, "a-month-ago"),
        row(space, 40, "too-old"),
        row("another-space", 1, "not-ours"),
    ]
    page.evaluate(
        "(rows) => import('/js/core/idb.js').then((idb) => idb.putMany('practice', rows))", rows
    )
    page.evaluate(
        "() => import('/js/practice/store.js').then((s) => s.recentPractice({ since: new Date() }))"
    )
    assert kept_keys(page) == ["exercise-log:a-month-ago", "exercise-log:recent"]
    problems.assert_none()
