"""Lecture 05wk-2, declared through the public API: its id, title, strings and experiments.

Every module of the lecture imports ``LECTURE`` from here, so its strings are known whichever
module manim renders.
"""

from __future__ import annotations

from lectures.wk05_2.experiments import EXPERIMENTS
from lectures.wk05_2.strings import STRINGS
from scenes.common.lesson import Lecture

__all__ = ["LECTURE"]

LECTURE = Lecture("05wk-2", title={"en": "Network diagrams, GPU, and minibatch SGD", "ko": "네트워크 다이어그램, GPU, 미니배치 SGD"}, strings=STRINGS, experiments=EXPERIMENTS)
