"""``manim render scenes/prediction.py``: the 05wk-1 prediction part.

The parts live in their lecture's package (``lectures/wk05_1/prediction.py``); this file offers their scenes
under the same names, so ``manim render scenes/prediction.py <Scene>`` renders one part and the
file alone renders ``PredictionLesson``.
"""

import lectures.wk05_1.prediction
from scenes.common.lesson import default_scene, scenes_of

globals().update(scenes_of(lectures.wk05_1.prediction, __name__))

default_scene("PredictionLesson")
