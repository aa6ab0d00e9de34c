"""One line of guidance at a time: how a step's text becomes timed lines, a table in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .browser import PHONE, RunningServer, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def page(browser: Browser, live_server: RunningServer) -> Iterator[Page]:
    context = browser.new_context(**PHONE, base_url=live_server.base_url)
    page, _ = open_app(context)
    yield page
    context.close()


def lines(page: Page, text: str, seconds: int) -> list[tuple[str, float]]:
    result: list[dict[str, Any]] = page.evaluate(
        "async (step) => (await import('/js/practice/guidance.js')).stepLines(step)",
        {"text": text, "seconds": seconds},
    )
    return [(line["text"], line["fromMs"]) for line in result]


@pytest.mark.parametrize(
    ("text", "seconds", "expected"),
    [
        # A counted breath: one line per count, evenly spaced over the step.
        (
            "Breathe in through your nose… 2… 3… 4.",
            4,
            [("Breathe in through your nose…", 0), ("2…", 1000), ("3…", 2000), ("4.", 3000)],
        ),
        ("Hold… 2… 3… 4.", 6, [("Hold…", 0), ("2…", 1500), ("3…", 3000), ("4.", 4500)]),
        # A lead-in sentence stays with the first count.
        (
            "Once more. Breathe in… 2… 3… 4.",
            4,
            [("Once more. Breathe in…", 0), ("2…", 1000), ("3…", 2000), ("4.", 3000)],
        ),
        # Sentences: one line each, time by words (plus a moment per line), on half seconds.
        (
            "Look around and name five things you can see. Let your eyes rest on each one.",
            12,
            [
                ("Look around and name five things you can see.", 0),
                ("Let your eyes rest on each one.", 6500),
            ],
        ),
        (
            "Ask yourself: what am I still carrying from it? A feeling, a phrase, an image.",
            12,
            [
                ("Ask yourself: what am I still carrying from it?", 0),
                ("A feeling, a phrase, an image.", 7000),
            ],
        ),
        # One sentence, however long, is one line; so is a single word.
        ("Rest.", 2, [("Rest.", 0)]),
        (
            "Notice four things you can feel: the chair, your feet, your clothes, the air.",
            11,
            [("Notice four things you can feel: the chair, your feet, your clothes, the air.", 0)],
        ),
        # An ellipsis inside a sentence does not split it, nor does a number that is no count.
        (
            "…and take a short second sip of air on top.",
            1,
            [("…and take a short second sip of air on top.", 0)],
        ),
        (
            "Roll your shoulders back… 3 or 4 times.",
            10,
            [("Roll your shoulders back… 3 or 4 times.", 0)],
        ),
        # Too short to give each sentence two seconds: one line.
        ("Last time. In through your nose…", 3, [("Last time. In through your nose…", 0)]),
    ],
)
def test_step_lines_split_counts_and_sentences(
    page: Page, text: str, seconds: int, expected: list[tuple[str, float]]
) -> None:
    assert lines(page, text, seconds) == expected


@pytest.mark.parametrize(
    ("elapsed_ms", "index"),
    [(0, 0), (999, 0), (1000, 1), (2999, 2), (3000, 3), (4000, 3), (-5, 0)],
)
def test_line_index_follows_the_time_within_the_step(
    page: Page, elapsed_ms: int, index: int
) -> None:
    found = page.evaluate(
        """async (elapsed) => {
            const { lineIndexAt, stepLines } = await import('/js/practice/guidance.js');
            return lineIndexAt(stepLines({ text: 'In… 2… 3… 4.', seconds: 4 }), elapsed);
        }""",
        elapsed_ms,
    )
    assert found == index


def test_every_exercise_line_is_on_screen_for_at_least_a_second(page: Page) -> None:
    shortest = page.evaluate(
        """async () => {
            const { guidanceLines } = await import('/js/practice/guidance.js');
            const { exercises } = await (await fetch('/data/exercises.json')).json();
            let shortest = Infinity;
            for (const { steps } of exercises) {
                guidanceLines(steps).forEach((lines, i) => lines.forEach((line, j) => {
                    const next = lines[j + 1];
                    const end = next ? next.fromMs : steps[i].seconds * 1000;
                    shortest = Math.min(shortest, end - line.fromMs);
                }));
            }
            return shortest;
        }"""
    )
    assert shortest >= 1000
