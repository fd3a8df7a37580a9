"""Write a frame again when nothing drawn on it changed, and redraw only where something did.

A part that follows an epoch ``ValueTracker`` at 60 frames a second shows a new recorded state every
few frames; the frames between are the same picture, and so is every frame of a ``wait`` while an
updater is attached (manim then draws each frame). Manim redraws them all. ``scenes/common/tracking.py``
``reuse_unchanged_frames`` skips them when a part names its state; :class:`RepeatingRenderer` finds
them without being told: before drawing a frame it reads, for every mobject it would draw, what the
Cairo camera reads (points, colours, stroke widths and styles, an image's pixels), and when all of it
equals the previous frame's within the same play it hands the encoder the previous frame. The static
picture of a play is fixed during the play, so equal inputs give the same pixels
(tests/test_repeated_frames.py compares with manim's renderer frame by frame).

When only some of them changed (an epoch counter, a dot on a loss curve, the numbers of an unrolled
cell, while the rest of what manim redraws every frame sits still), only the pixels those can reach are
drawn again, as dirty rectangles: each changed mobject's box before and after (its points' bounds, widened
by its stroke's widest miter join and two pixels), grown until every mobject to draw that meets it lies
inside it, is put back to the play's static picture and those mobjects are drawn again whole, in order;
a pixel outside every such box is the previous frame's, since nothing drawn over it changed. (Cairo
clipped to the box would spare the growing, but shades the pixels along a clip's edge otherwise than
unclipped: one pixel in lstm.one-step.) Such a frame goes to the writer as a :class:`ChangedRows` view
naming the bands of rows drawn again, which the encoder converts alone (scenes/common/encoding.py).
Where the boxes cover most of the frame, or a mobject is drawn with a background image, the frame is
drawn whole as manim does.

Reading costs a few microseconds per mobject against tens for drawing it. Only the flat camera is
handled (a 3D camera's view moves with its own trackers); a point cloud turns the check off for that
frame; other mobjects (a ``ValueTracker`` keeps its value in its points) are not drawn, so not read.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Hashable

import numpy as np
from manim import PMobject, VMobject
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.renderer.cairo_renderer import CairoRenderer

from .drawing import flat_camera

__all__ = ["ChangedRows", "RepeatingRenderer", "drawn_state", "mobject_state"]

#: a frame whose dirty rectangles cover more than this share of it is drawn whole
_MOST_DIRTY = 0.5
#: more dirty rectangles than this are drawn as the one rectangle around them all
_MOST_RECTANGLES = 12
#: what a miter join can add beyond a stroke's half width (Cairo's default miter limit, which manim keeps)
_MITER_LIMIT = 10.0
#: pixels around a box for antialiasing
_PAD = 2
#: the box of what draws nothing
_NOWHERE = (10**9, 10**9, -(10**9), -(10**9))


class RepeatingRenderer(CairoRenderer):
    """Manim's Cairo renderer, writing the previous frame again when what it would draw is unchanged,
    and drawing again only the boxes of what changed when little did."""

    repeated_frames = 0   # frames written again instead of drawn (for benchmarks and tests)
    partial_frames = 0    # frames drawn in dirty rectangles only

    def play(self, scene, *args, **kwargs):
        self._last = None   # a new play paints a new static picture
        return super().play(scene, *args, **kwargs)

    def render(self, scene, time, moving_mobjects=None):
        camera = self.camera
        if not moving_mobjects or not flat_camera(camera):
            self._last = None
            return super().render(scene, time, moving_mobjects)
        drawn = camera.get_mobjects_to_display(moving_mobjects)
        if not drawn:   # nothing to draw: handed an empty list, manim's update_frame would draw the whole scene
            self._last = None
            return super().render(scene, time, moving_mobjects)
        states = [mobject_state(m) for m in drawn]
        known = not any(s is None for s in states)
        view = (camera.frame_center.tobytes(), camera.frame_width, camera.frame_height, camera.pixel_array.shape)
        last = getattr(self, "_last", None)
        if known and last is not None and last[0] == view and len(last[1]) == len(states):
            if last[1] == states:
                self.repeated_frames += 1
                self.add_frame(last[2])   # the writer only reads a frame: the same array can go twice
                return
            changed = [i for i, (a, b) in enumerate(zip(states, last[1])) if a != b]
            # most of it changed (a fade of a group, a transform of the picture): drawing it whole costs less
            # than finding the boxes
            drawn_again = None
            if len(changed) * 2 <= len(states):
                drawn_again = self._draw_dirty(drawn, states, changed, last[1], last[3])
            if drawn_again is not None:
                boxes, rows = drawn_again
                self.partial_frames += 1
                frame = ChangedRows.of(self.get_frame(), rows, last[2])
                self._last = (view, states, frame, boxes)
                self.add_frame(frame)
                return
        self.update_frame(scene, drawn, include_submobjects=False)   # already the camera's list, in order
        frame = self.get_frame()
        self._last = (view, states, frame, None) if known else None
        self.add_frame(frame)

    def _draw_dirty(self, drawn, states, changed, old_states, old_boxes) -> tuple[list, list] | None:
        """Draw the boxes of ``changed`` (indices into ``drawn``) again over the previous frame, which the
        camera's pixels still hold, and return every drawn mobject's box and the bands of rows drawn again
        (``(first, end)``, end excluded); ``None`` (nothing drawn) where the whole frame should be drawn.
        ``old_boxes``: the previous frame's boxes, if it found them (an unchanged state has the same box in
        the same view), else ``None``."""
        camera = self.camera
        height, width = camera.pixel_array.shape[:2]
        if old_boxes is None:
            boxes = [_pixel_box(camera, s) for s in states]
        else:
            boxes = list(old_boxes)
            for i in changed:
                boxes[i] = _pixel_box(camera, states[i])
        before = old_boxes if old_boxes is not None else {i: _pixel_box(camera, old_states[i]) for i in changed}
        rects = _merged([_union(boxes[i], before[i]) for i in changed], width, height)
        if rects is None:
            return None
        plans = []
        every_box = np.array(boxes, dtype=np.int64)
        for rect in rects:
            rect, members = _grown_to_hold(rect, drawn, every_box)
            if any(isinstance(m, VMobject) and m.get_background_image() for m in members):
                return None   # drawn through a picture of its own
            x0, y0, x1, y1 = rect
            plans.append(((max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)), members))
        if sum(max(r[2] - r[0], 0) * max(r[3] - r[1], 0) for r, _ in plans) > _MOST_DIRTY * width * height:
            return None
        background = self.static_image if self.static_image is not None else camera.background
        assert background is not None   # the camera's own background is set when it is made
        pixels = camera.pixel_array
        bands = []
        for (x0, y0, x1, y1), members in plans:   # the rectangle within the frame; its members drawn whole
            if x0 < x1 and y0 < y1:
                pixels[y0:y1, x0:x1] = background[y0:y1, x0:x1]
                camera.capture_mobjects(members, include_submobjects=False)
                bands.append((y0, y1))
        return boxes, bands


class ChangedRows(np.ndarray):
    """A frame that differs from the frame handed to the writer just before it only in the bands of rows
    ``rows`` (``(first, end)`` pairs, end excluded; none when nothing changed): the encoder
    (scenes/common/encoding.py) converts only those to YUV when the frame it converted last is ``after()``
    (a weak reference: a frame does not keep the frames before it alive). A plain view of the frame's
    pixels otherwise."""

    rows: list[tuple[int, int]]
    after: weakref.ref

    @classmethod
    def of(cls, frame: np.ndarray, rows: list[tuple[int, int]], after: np.ndarray) -> ChangedRows:
        view = frame.view(cls)
        view.rows, view.after = rows, weakref.ref(after)
        return view


def _pixel_box(camera, state) -> tuple[int, int, int, int]:
    """The frame pixels a mobject drawn as ``state`` (:func:`mobject_state`) can colour, as
    ``(x0, y0, x1, y1)`` (ends excluded): its points' bounds (a Bezier curve stays inside its control
    points), widened by its stroke's widest miter join."""
    if not state:   # not drawn (a ValueTracker): a box that meets nothing and adds nothing to a union
        return _NOWHERE
    points_bytes, (dtype, shape), widest = state[:3]
    xy = np.frombuffer(points_bytes, dtype=dtype).reshape(shape)[:, :2]
    (left, bottom), (right, top) = xy.min(axis=0), xy.max(axis=0)
    reach = 0.5 * widest * camera.cairo_line_width_multiple * _MITER_LIMIT
    scale_x = camera.pixel_width / camera.frame_width
    scale_y = camera.pixel_height / camera.frame_height
    cx, cy = camera.frame_center[0], camera.frame_center[1]
    x0 = (left - reach - cx) * scale_x + camera.pixel_width / 2
    x1 = (right + reach - cx) * scale_x + camera.pixel_width / 2
    y0 = (cy - top - reach) * scale_y + camera.pixel_height / 2
    y1 = (cy - bottom + reach) * scale_y + camera.pixel_height / 2
    if not all(map(math.isfinite, (x0, x1, y0, y1))):
        return (-(10**9), -(10**9), 10**9, 10**9)
    return (math.floor(x0) - _PAD, math.floor(y0) - _PAD, math.ceil(x1) + _PAD, math.ceil(y1) + _PAD)


def _union(a, b):
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _meets(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _merged(rects, width, height) -> list | None:
    """``rects`` clipped to the frame, overlapping ones joined (more than ``_MOST_RECTANGLES``: the one
    rectangle around them all, without joining them pair by pair); ``None`` if they cover too much of it."""
    inside = [(max(r[0], 0), max(r[1], 0), min(r[2], width), min(r[3], height)) for r in rects]
    inside = [r for r in inside if r[0] < r[2] and r[1] < r[3]]
    if len(inside) > _MOST_RECTANGLES:   # many changed (a fade of a group)
        around = inside[0]
        for r in inside[1:]:
            around = _union(around, r)
        inside = [around]
    out: list = []
    for r in inside:
        merged = True
        while merged:
            merged = False
            for i, o in enumerate(out):
                if _meets(r, o):
                    r = _union(r, out.pop(i))
                    merged = True
                    break
        out.append(r)
    if sum((r[2] - r[0]) * (r[3] - r[1]) for r in out) > _MOST_DIRTY * width * height:
        return None
    return out


def _grown_to_hold(rect, drawn, boxes: np.ndarray) -> tuple[tuple, list]:
    """``rect`` grown until every mobject to draw whose box (a row of ``boxes``) meets it lies inside it, and
    those mobjects in order: drawn whole over the rectangle put back to the static picture, each touches only
    pixels inside it, and every pixel inside it gets every layer. (Cairo clipped to a rectangle shades the
    pixels along its edge otherwise than unclipped: not used.)"""
    while True:
        meets = (boxes[:, 0] < rect[2]) & (rect[0] < boxes[:, 2]) & (boxes[:, 1] < rect[3]) & (rect[1] < boxes[:, 3])
        if not meets.any():
            return rect, []
        met = boxes[meets]
        grown = (min(rect[0], int(met[:, 0].min())), min(rect[1], int(met[:, 1].min())),
                 max(rect[2], int(met[:, 2].max())), max(rect[3], int(met[:, 3].max())))
        if grown == rect:
            return rect, [drawn[i] for i in np.flatnonzero(meets)]
        rect = grown


def _value(x) -> Hashable:
    return x.tobytes() if isinstance(x, np.ndarray) else x


def _widest(width) -> float:
    return float(width) if isinstance(width, (int, float)) else float(np.max(width))


def mobject_state(m) -> Hashable | None:
    """What the flat Cairo camera reads from ``m`` to draw it, starting with its points (bytes, then dtype and
    shape) and its widest stroke, which bound what it can colour; ``None`` for a kind it does not know (then
    nothing is assumed); ``()`` for a mobject it does not draw."""
    points = m.points
    if isinstance(m, VMobject):
        return (points.tobytes(), (points.dtype.str, points.shape),
                max(_widest(m.stroke_width), _widest(m.background_stroke_width)),
                m.get_fill_rgbas().tobytes(), m.get_stroke_rgbas().tobytes(),
                m.get_stroke_rgbas(background=True).tobytes(), _value(m.stroke_width),
                _value(m.background_stroke_width), m.joint_type, m.cap_style, m.shade_in_3d,
                _value(np.asarray(m.sheen_direction, dtype=float)), m.sheen_factor, str(m.get_background_image()),
                m.n_points_per_cubic_curve, m.tolerance_for_point_equality, m.z_index)
    if isinstance(m, AbstractImageMobject):
        pixels = m.get_pixel_array()
        return (points.tobytes(), (points.dtype.str, points.shape), 0.0, pixels.shape, str(pixels.dtype),
                pixels.tobytes(), m.resampling_algorithm, m.z_index)
    if isinstance(m, PMobject):
        return None
    return ()   # any other mobject (a ValueTracker keeps its value in its points) is not drawn by the camera


def drawn_state(mobjects) -> Hashable | None:
    """What the flat Cairo camera reads from ``mobjects`` to draw them, in order; ``None`` for a kind it
    does not know (then nothing is assumed)."""
    state = []
    for m in mobjects:   # which objects they are does not matter, only what is drawn, in order
        s = mobject_state(m)
        if s is None:
            return None
        if s != ():
            state.append(s)
    return tuple(state)
