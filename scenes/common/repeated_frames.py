"""Write a frame again when nothing drawn on it changed, found by looking at what would be drawn.

A part that follows an epoch ``ValueTracker`` at 60 frames a second shows a new recorded state every
few frames; the frames between are the same picture, and so is every frame of a ``wait`` while an
updater is attached (manim then draws each frame). Manim redraws them all. ``scenes/common/tracking.py``
``reuse_unchanged_frames`` skips them when a part names its state; :class:`RepeatingRenderer` finds
them without being told: before drawing a frame it reads, for every mobject it would draw, what the
Cairo camera reads (points, colours, stroke widths and styles, an image's pixels), and when all of it
equals the previous frame's within the same play it hands the encoder the previous frame. The static
picture of a play is fixed during the play, so equal inputs give the same pixels
(tests/test_repeated_frames.py compares with manim's renderer frame by frame).

Reading costs a few microseconds per mobject against tens for drawing it. Only the flat camera is
handled (a 3D camera's view moves with its own trackers); a point cloud turns the check off for that
frame; other mobjects (a ``ValueTracker`` keeps its value in its points) are not drawn, so not read.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
from manim import PMobject, VMobject
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.renderer.cairo_renderer import CairoRenderer

from .drawing import flat_camera

__all__ = ["RepeatingRenderer", "drawn_state"]


class RepeatingRenderer(CairoRenderer):
    """Manim's Cairo renderer, writing the previous frame again when what it would draw is unchanged."""

    repeated_frames = 0   # frames written again instead of drawn (for benchmarks and tests)

    def play(self, scene, *args, **kwargs):
        self._last = None   # a new play paints a new static picture
        return super().play(scene, *args, **kwargs)

    def render(self, scene, time, moving_mobjects=None):
        if not moving_mobjects or not flat_camera(self.camera):
            self._last = None
            return super().render(scene, time, moving_mobjects)
        drawn = self.camera.get_mobjects_to_display(moving_mobjects)
        if not drawn:   # nothing to draw: handed an empty list, manim's update_frame would draw the whole scene
            self._last = None
            return super().render(scene, time, moving_mobjects)
        key = drawn_state(drawn)
        if key is not None:
            camera = self.camera
            key = (camera.frame_center.tobytes(), camera.frame_width, camera.frame_height, key)
        last = getattr(self, "_last", None)
        if key is not None and last is not None and last[0] == key:
            self.repeated_frames += 1
            self.add_frame(last[1])   # the writer only reads a frame: the same array can go twice
            return
        self.update_frame(scene, drawn, include_submobjects=False)   # already the camera's list, in order
        frame = self.get_frame()
        self._last = (key, frame) if key is not None else None
        self.add_frame(frame)


def drawn_state(mobjects) -> Hashable | None:
    """What the flat Cairo camera reads from ``mobjects`` to draw them, in order; ``None`` for a kind it
    does not know (then nothing is assumed)."""
    state: list = []
    add = state.append
    for m in mobjects:   # which objects they are does not matter, only what is drawn, in order
        if isinstance(m, VMobject):
            add(m.points.tobytes())
            add(m.get_fill_rgbas().tobytes())
            add(m.get_stroke_rgbas().tobytes())
            add(m.get_stroke_rgbas(background=True).tobytes())
            add((float(np.max(m.stroke_width)), float(np.max(m.background_stroke_width)), m.joint_type, m.cap_style,
                 m.shade_in_3d, np.asarray(m.sheen_direction, dtype=float).tobytes(), m.sheen_factor,
                 str(m.get_background_image()), m.n_points_per_cubic_curve, m.tolerance_for_point_equality,
                 m.z_index))
        elif isinstance(m, AbstractImageMobject):
            pixels = m.get_pixel_array()
            add((m.points.tobytes(), pixels.shape, str(pixels.dtype), pixels.tobytes(), m.resampling_algorithm,
                 m.z_index))
        elif isinstance(m, PMobject):
            return None
        # any other mobject (a ValueTracker keeps its value in its points) is not drawn by the camera
    return tuple(state)
