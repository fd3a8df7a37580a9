"""03wk-2 as one lesson, in the course's order: the logistic model, then the loss landscapes.

``manim render lectures/wk03_2/parts.py`` renders the whole lecture (one section per part); each part
renders alone from its own module (``logistic.py``, ``landscape.py``, ``why.py``), e.g.
``manim render lectures/wk03_2/landscape.py MseVsBceScene``.
"""

from __future__ import annotations

from lectures.wk03_2.declaration import LECTURE
from lectures.wk03_2.landscape import (
    LearningBceGood,
    LearningBcePossible,
    LearningBceWorst,
    LearningMseGood,
    LearningMseLong,
    LearningMsePossible,
    LearningMseWorst,
    MseVsBce,
    ThreeStarts,
)
from lectures.wk03_2.logistic import FourNets, LogisticModel, TrainingLoop
from lectures.wk03_2.why import WhyMseStalls
from scenes.common.lesson import LessonScene, default_scene

__all__ = ["LECTURE", "Lesson"]


class Lesson(LessonScene):
    """Every part of 03wk-2."""

    parts = [LogisticModel, FourNets, TrainingLoop, LearningMseGood, LearningMseLong, LearningMsePossible,
             LearningMseWorst, ThreeStarts, LearningBceGood, LearningBcePossible, LearningBceWorst, WhyMseStalls,
             MseVsBce]


default_scene("Lesson")
