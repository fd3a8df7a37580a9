"""``manim render scenes/network_diagram.py``: the 05wk-2 network-diagram story.

The parts live in their lecture's package (``lectures/wk05_2/diagram.py``); this file offers their scenes
under the same names, so ``manim render scenes/network_diagram.py <Scene>`` renders one part and the
file alone renders ``DiagramLesson``.
"""

import lectures.wk05_2.diagram
from scenes.common.lesson import default_scene, scenes_of

globals().update(scenes_of(lectures.wk05_2.diagram, __name__))

default_scene("DiagramLesson")
