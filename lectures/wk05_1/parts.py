"""05wk-1 as one lesson, in the course's order: fit and predict, then overfitting and dropout.

``manim render lectures/wk05_1/parts.py`` renders the whole lecture (one section per part); each part
renders alone from its own module (``landscape.py``, ``prediction.py``, ``dropout.py``), e.g.
``manim render lectures/wk05_1/dropout.py MasksScene``.
"""

from __future__ import annotations

from lectures.wk05_1.declaration import LECTURE
from lectures.wk05_1.dropout import (
    Arithmetic,
    Masks,
    OverfitDefinition,
    Overfitting,
    Placement,
    Scaling,
    Summary,
    TrainingFlag,
    TrainVsEval,
)
from lectures.wk05_1.landscape import LinregPrediction
from lectures.wk05_1.prediction import PredictionGoal
from scenes.common.lesson import LessonScene, default_scene

__all__ = ["LECTURE", "Lesson"]


class Lesson(LessonScene):
    """Every part of 05wk-1."""

    parts = [LinregPrediction, PredictionGoal, OverfitDefinition, Overfitting, Masks, TrainVsEval, TrainingFlag,
             Arithmetic, Placement, Scaling, Summary]


default_scene("Lesson")
