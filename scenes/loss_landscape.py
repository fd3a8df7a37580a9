"""``manim render scenes/loss_landscape.py``: the loss-landscape story of 03wk-2 (MSE vs BCE), and 05wk-1's
linear regression part.

The parts live in their lecture's package (``lectures/wk03_2/landscape.py`` and ``why.py``,
``lectures/wk05_1/landscape.py``); this file offers their scenes under the same names, so
``manim render scenes/loss_landscape.py <Scene>`` renders one part and the file alone renders
``LandscapeLesson`` (03wk-2's ``parts.py``: the story in the lecture's order, why MSE stalls included).
"""

import lectures.wk03_2.landscape
import lectures.wk03_2.parts
import lectures.wk03_2.why
import lectures.wk05_1.landscape
from scenes.common.lesson import default_scene, scenes_of

globals().update(scenes_of(lectures.wk03_2.landscape, __name__))
globals().update(scenes_of(lectures.wk03_2.why, __name__))
globals().update(scenes_of(lectures.wk05_1.landscape, __name__))
# the landscape story only (parts.py's Lesson, the whole lecture, is rendered from parts.py)
LandscapeLesson = scenes_of(lectures.wk03_2.parts, __name__)["LandscapeLesson"]

default_scene("LandscapeLesson")
