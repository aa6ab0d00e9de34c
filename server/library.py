"""The exercise library and check-in words: data files shared by the app and the server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import msgspec

EXERCISE_SECONDS = 60
EXERCISES_FILE = Path("data") / "exercises.json"
CHECK_IN_FILE = Path("data") / "check-in.json"

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Family = Literal["breath", "senses", "body", "self-attunement", "transition"]
Effect = Literal["calming", "grounding", "energising"]


class LibraryError(ValueError):
    """The library file cannot be used: the message says where and why."""


class Step(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    seconds: Annotated[int, msgspec.Meta(ge=1, le=EXERCISE_SECONDS)]
    text: Text
    breath: Literal["in", "out", "hold"] | None = None


class Exercise(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    title: Text
    family: Family
    effect: Effect
    summary: Text
    steps: Annotated[list[Step], msgspec.Meta(min_length=1)]


class ExerciseFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    version: int
    exercises: Annotated[list[Exercise], msgspec.Meta(min_length=1)]


class CheckInWords(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    presence: Annotated[list[Text], msgspec.Meta(min_length=5, max_length=5)]
    energy: Annotated[list[Text], msgspec.Meta(min_length=5, max_length=5)]
    feelings: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=40)]


class Library(msgspec.Struct, frozen=True):
    exercises: dict[str, Exercise]
    words: CheckInWords


def parse_exercises(raw: bytes) -> dict[str, Exercise]:
    """Validate an exercise file: known shape, unique ids, every exercise exactly 60 s."""
    try:
        parsed = msgspec.json.decode(raw, type=ExerciseFile)
    except msgspec.DecodeError as exc:
        raise LibraryError(f"exercise library: {exc}") from None
    found: dict[str, Exercise] = {}
    for exercise in parsed.exercises:
        if exercise.id in found:
            raise LibraryError(f"exercise library: id {exercise.id!r} is used twice")
        total = sum(step.seconds for step in exercise.steps)
        if total != EXERCISE_SECONDS:
            raise LibraryError(
                f"exercise library: {exercise.id!r} lasts {total} s, not {EXERCISE_SECONDS} s"
            )
        if any(not step.text.strip() for step in exercise.steps) or not exercise.title.strip():
            raise LibraryError(f"exercise library: {exercise.id!r} has a step without text")
        found[exercise.id] = exercise
    return found


def parse_check_in_words(raw: bytes) -> CheckInWords:
    """Validate the check-in words: five for presence, five for energy, unique feelings."""
    try:
        words = msgspec.json.decode(raw, type=CheckInWords)
    except msgspec.DecodeError as exc:
        raise LibraryError(f"check-in words: {exc}") from None
    if len(set(words.feelings)) != len(words.feelings):
        raise LibraryError("check-in words: a feeling word is listed twice")
    return words


def load_library(shell_dir: Path) -> Library:
    """Read and validate both data files from the app shell folder."""
    try:
        exercises = parse_exercises((shell_dir / EXERCISES_FILE).read_bytes())
        words = parse_check_in_words((shell_dir / CHECK_IN_FILE).read_bytes())
    except OSError as exc:
        raise LibraryError(f"cannot read the library: {exc}") from None
    return Library(exercises=exercises, words=words)
