"""03wk-2 as one lesson, in the course's order: the logistic model, then the loss landscapes.

``manim render lectures/wk03_2/parts.py`` renders the whole lecture (one section per part); its loss-landscape
story alone is ``LandscapeLesson`` (what ``manim render scenes/loss_landscape.py`` renders); each part
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

__all__ = ["LECTURE", "Lesson", "LandscapeLesson"]


class Lesson(LessonScene):
    """Every part of 03wk-2."""

    parts = [LogisticModel, FourNets, TrainingLoop, LearningMseGood, LearningMseLong, LearningMsePossible,
             LearningMseWorst, ThreeStarts, LearningBceGood, LearningBcePossible, LearningBceWorst, WhyMseStalls,
             MseVsBce]


class LandscapeLesson(LessonScene):
    """The loss-landscape story of 03wk-2 (every part from the first loss surface on, ``why.py``'s included), in
    the lecture's order; ``manim render scenes/loss_landscape.py`` renders this. It lives here, not in
    ``landscape.py``: ``why.py`` imports that module, so that module cannot list why.py's part."""

    parts = Lesson.parts[Lesson.parts.index(LearningMseGood):]


default_scene("Lesson")
