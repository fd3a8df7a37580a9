"""The encoding floor: a scene that holds one static text for $FLOOR_SECONDS seconds.

Rendering it costs what Manim needs to write that many frames when nothing moves;
a part's render time over this scene's, at the same length and quality, is the ratio
the benchmarks report.
"""

import os

from manim import Scene, Text


class EncodingFloor(Scene):
    def construct(self):
        self.add(Text("encoding floor"))
        self.wait(float(os.environ.get("FLOOR_SECONDS", "4")))
