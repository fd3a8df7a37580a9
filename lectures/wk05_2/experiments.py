"""The runs of 05wk-2: the course's ``ExperimentConfig`` objects for this lecture (torch + numpy + engine only).

The configs themselves stay in ``engine/experiments.py`` so that ``engine.record("05wk-2/...")`` works from
plain Python without discovering the lectures; this module hands this lecture's to its ``Lecture(...)``.
"""

from __future__ import annotations

import engine

__all__ = ["EXPERIMENTS"]

EXPERIMENTS = tuple(engine.get_config(i) for i in engine.experiments("05wk-2", course=True))
