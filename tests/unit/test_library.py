"""The exercise library: the real file passes, and each kind of broken file is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from server.library import (
    EXERCISE_SECONDS,
    LibraryError,
    load_library,
    parse_check_in_words,
    parse_exercises,
)
from server.settings import packaged_pwa_dir


def _exercise(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "feet",
        "title": "Feet on the floor",
        "family": "body",
        "effect": "grounding",
        "summary": "Feel the floor.",
        "steps": [{"seconds": 30, "text": "Press down."}, {"seconds": 30, "text": "Rest."}],
    }
    return {**base, **overrides}


def _library(*exercises: dict[str, Any]) -> bytes:
    return json.dumps({"version": 1, "exercises": list(exercises)}).encode()


def test_library_shipped_with_the_app_is_valid_and_broad() -> None:
    library = load_library(packaged_pwa_dir())
    assert len(library.exercises) >= 10
    families = {exercise.family for exercise in library.exercises.values()}
    assert families == {"breath", "senses", "body", "self-attunement", "transition"}
    effects = {exercise.effect for exercise in library.exercises.values()}
    assert {"calming", "grounding", "energising"} <= effects
    for exercise in library.exercises.values():
        assert sum(step.seconds for step in exercise.steps) == EXERCISE_SECONDS


@pytest.mark.parametrize(
    ("library", "problem"),
    [
        (_library(_exercise(), _exercise()), "used twice"),
        (
            _library(_exercise(steps=[{"seconds": 30, "text": "Only half a minute."}])),
            "lasts 30 s",
        ),
        (
            _library(_exercise(steps=[{"seconds": 61, "text": "Too long."}])),
            "<= 60",
        ),
        (_library(_exercise(steps=[{"seconds": 60, "text": ""}])), "length >= 1"),
        (_library(_exercise(steps=[{"seconds": 60, "text": "   "}])), "without text"),
        (_library(_exercise(steps=[{"seconds": 60}])), "missing required field `text`"),
        (_library(_exercise(title="")), "length >= 1"),
        (_library(_exercise(family="yoga")), "family"),
        (_library(_exercise(id="Has Spaces")), "id"),
        (_library(_exercise(steps=[{"seconds": 60, "text": "x", "breath": "sideways"}])), "breath"),
        (_library(), "length >= 1"),
        (b"{not json", "malformed"),
    ],
)
def test_library_refuses_a_broken_file(library: bytes, problem: str) -> None:
    with pytest.raises(LibraryError, match="exercise library") as refused:
        parse_exercises(library)
    assert problem in str(refused.value)


def test_check_in_words_refuse_a_repeated_feeling() -> None:
    raw = json.dumps(
        {"presence": list("abcde"), "energy": list("abcde"), "feelings": ["calm", "calm"]}
    ).encode()
    with pytest.raises(LibraryError, match="twice"):
        parse_check_in_words(raw)


def test_check_in_words_need_five_levels() -> None:
    raw = json.dumps({"presence": list("abc"), "energy": list("abcde"), "feelings": ["calm"]})
    with pytest.raises(LibraryError, match="presence"):
        parse_check_in_words(raw.encode())
