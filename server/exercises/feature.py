"""The exercises feature: logs of the guided exercises a person ran."""

from __future__ import annotations

from server.context import Core, Feature
from server.exercises.repo import ExerciseLogRepo
from server.exercises.routes import ExerciseLogController
from server.exercises.service import ExerciseLogService


def build(core: Core) -> Feature:
    """Build the exercise log service and its routes."""
    logs = ExerciseLogService(ExerciseLogRepo(core.db), core.clock, core.library)
    return Feature(services={"exercise_logs": logs}, routes=[ExerciseLogController])
