"""``manim render scenes/logistic.py``: the 03wk-2 logistic-model story.

The parts live in their lecture's package (``lectures/wk03_2/logistic.py``); this file offers their scenes
under the same names, so ``manim render scenes/logistic.py <Scene>`` renders one part and the
file alone renders ``LogisticLesson``.
"""

import lectures.wk03_2.logistic
from scenes.common.lesson import default_scene, scenes_of

globals().update(scenes_of(lectures.wk03_2.logistic, __name__))

default_scene("LogisticLesson")
