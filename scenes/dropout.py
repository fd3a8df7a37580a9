"""``manim render scenes/dropout.py``: the 05wk-1 dropout story (overfitting, masks, train vs eval, scaling...).

The parts live in their lecture's package (``lectures/wk05_1/dropout.py``); this file offers their scenes
under the same names, so ``manim render scenes/dropout.py <Scene>`` renders one part and the
file alone renders ``DropoutLesson``.
"""

import lectures.wk05_1.dropout
from scenes.common.lesson import default_scene, scenes_of

globals().update(scenes_of(lectures.wk05_1.dropout, __name__))

default_scene("DropoutLesson")
