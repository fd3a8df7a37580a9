"""The encoding floor: a scene that holds one static text for $FLOOR_SECONDS seconds.

Rendering it costs what our pipeline needs to write that many frames when nothing moves; a part's
render time over this scene's, at the same length and quality, is the ratio the benchmarks report.
``EncodingFloor`` renders the way every part does (scenes/common/encoding.py: a held frame converted
once); ``ManimFloor`` is manim 0.22's own pipeline, for the comparison in docs/benchmarks.md.
"""

import os

from manim import Scene, Text

from scenes.common.encoding import HeldFrameRendering


class ManimFloor(Scene):
    def construct(self):
        self.add(Text("encoding floor"))
        self.wait(float(os.environ.get("FLOOR_SECONDS", "4")))


class EncodingFloor(HeldFrameRendering, ManimFloor):
    pass
