"""Lecture 05wk-1, declared through the public API: its id, title, strings and experiments.

Every module of the lecture imports ``LECTURE`` from here, so its strings are known whichever
module manim renders.
"""

from __future__ import annotations

from lectures.wk05_1.experiments import EXPERIMENTS
from lectures.wk05_1.strings import STRINGS
from scenes.common.lesson import Lecture

__all__ = ["LECTURE"]

LECTURE = Lecture("05wk-1", title={"en": "Prediction, overfitting and dropout", "ko": "예측, 오버피팅, 드랍아웃"}, strings=STRINGS, experiments=EXPERIMENTS)
