"""05wk-2 as one lesson, in the course's order: network diagrams, then CPU vs GPU and minibatch SGD.

``manim render lectures/wk05_2/parts.py`` renders the whole lecture (one section per part); each part
renders alone from its own module (``diagram.py``, ``sgd.py``), e.g.
``manim render lectures/wk05_2/sgd.py TenSamplesScene``.
"""

from __future__ import annotations

from lectures.wk05_2.declaration import LECTURE
from lectures.wk05_2.diagram import Counting, CourseNet, ForwardPass, LayerNames, MnistWeights, Representations
from lectures.wk05_2.sgd import CpuVsGpu, GpuUsage, MnistMinibatch, SgdMotivation, Shuffle, TenSamples
from scenes.common.lesson import LessonScene, default_scene

__all__ = ["LECTURE", "Lesson"]


class Lesson(LessonScene):
    """Every part of 05wk-2."""

    parts = [Representations, CourseNet, LayerNames, Counting, MnistWeights, ForwardPass,
             GpuUsage, CpuVsGpu, SgdMotivation, TenSamples, Shuffle, MnistMinibatch]


default_scene("Lesson")
