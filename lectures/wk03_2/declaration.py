"""Lecture 03wk-2, declared through the public API: its id, title, strings and experiments.

Every module of the lecture imports ``LECTURE`` from here, so its strings are known whichever
module manim renders.
"""

from __future__ import annotations

from lectures.wk03_2.experiments import EXPERIMENTS
from lectures.wk03_2.strings import STRINGS
from scenes.common.lesson import Lecture

__all__ = ["LECTURE"]

LECTURE = Lecture("03wk-2", title={"en": "Logistic regression, and why the loss function matters", "ko": "로지스틱 회귀, 그리고 손실함수가 중요한 이유"}, strings=STRINGS, experiments=EXPERIMENTS)
