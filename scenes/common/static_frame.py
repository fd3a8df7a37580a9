"""Draw once per play what an animation cannot touch, even when it lies above the moving mobjects.

Manim's Cairo renderer paints the mobjects before the first moving one into a static picture once
per play and draws every mobject after it on every frame: everything added after the animated
mobject is redrawn, though the animation never reaches it, only so that it stays on top. Profiled at
-qh (docs/benchmarks.md, issue 32), an ``Indicate`` of one cell of a table redrew 419 mobjects a frame
to move 14.

Drawing order matters only where two mobjects share a pixel. :class:`DisjointStaticFrame` moves a
mobject that nothing animates into the static picture when its box, widened by its stroke and Cairo's
antialiasing, is disjoint from the box every animation sweeps and from every box still drawn per frame
before it. The pixels are manim's. The sweep is bounded only where it is known:

- an animation interpolates its mobject between a start and a target with the straight path
  (``Transform`` and its kind: fades, ``Indicate``, ``.animate``, growing) or draws part of its own
  points (``Create``, ``Write``, ``ShowPassingFlash``), so every frame's points lie in the convex hull
  of the start's and the target's control points; its rate function stays within [0, 1];
- groups of such animations (``AnimationGroup``, ``LaggedStart``, ``Succession``).

A mobject with an updater may change anything: from it on, every mobject is drawn per frame, as
manim does. Anything else keeps manim's split for that play: another animation, a rate function
leaving [0, 1], foreground mobjects, a ``z_index``, a point cloud, a camera other than the flat one.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from manim import Animation, AnimationGroup, DrawBorderThenFill, Mobject, ShowPartial, Transform, VMobject, Wait
from manim.mobject.types.image_mobject import AbstractImageMobject
from manim.utils.bezier import interpolate as straight_path

from .drawing import flat_camera

__all__ = ["DisjointStaticFrame", "split_static"]

_RATE_SAMPLES = np.linspace(0.0, 1.0, 1001)
_SWEPT = ("mobject", "starting_mobject", "target_copy", "target_mobject", "outline")
_AA_PIXELS = 3        # antialiasing and rounding, in pixels, on every side of a box
_MITER = 5.0          # a miter join (manim's default) reaches out to 10 half-widths: 5 line widths


class _Unbounded(Exception):
    """What an animation draws cannot be bounded here: keep manim's split."""


class DisjointStaticFrame:
    """Scene mixin (before ``Scene``): the static picture of a play also takes the mobjects after the
    moving ones that the play cannot reach."""

    def get_moving_and_static_mobjects(self, animations):
        moving, static = super().get_moving_and_static_mobjects(animations)
        if not moving:
            return moving, static
        try:
            _, background = split_static(self, list(animations), moving)
        except _Unbounded:
            return moving, static
        if not background:
            return moving, static
        # manim's list less every mobject with a background one in its family: the camera takes each one's
        # family again on every frame, so a mobject that gains submobjects during the play (an updater's
        # `become`, a transform in a Succession aligning its submobjects when it starts) is drawn whole
        out = {id(m) for m in background}
        per_frame = [m for m in moving if not any(id(d) in out for d in m.family_members_with_points())]
        if not per_frame:   # an empty list would make the renderer draw the whole scene on every frame
            return moving, static
        return per_frame, [*static, *background]


def split_static(scene, animations: list[Animation], moving: list[Mobject]) -> tuple[list[Mobject], list[Mobject]]:
    """``(drawn per frame, drawn once)``: the mobjects with points that manim would draw on every frame of
    this play, split. Raises :class:`_Unbounded` where the play's reach is not known."""
    camera = scene.renderer.camera
    if not flat_camera(camera):
        raise _Unbounded("a camera that projects")
    if getattr(scene, "foreground_mobjects", None):
        raise _Unbounded("foreground mobjects")
    drawn = camera.get_mobjects_to_display(moving)
    if any(m.z_index != 0 or not isinstance(m, (VMobject, AbstractImageMobject)) for m in drawn):
        raise _Unbounded("a z_index, or a mobject neither vector nor image")
    pixel = camera.frame_width / camera.pixel_width
    sweeps: dict[int, list[int]] = {}   # id of a changing mobject -> indices of the boxes its animations sweep
    boxes = []
    for anim in _leaves(animations):
        swept = [m for m in (getattr(anim, name, None) for name in _SWEPT) if isinstance(m, Mobject)]
        box = _union([_box(leaf, pixel) for m in swept for leaf in m.family_members_with_points()])
        if box is None:
            continue
        boxes.append(box)
        for m in anim.mobject.get_family():
            sweeps.setdefault(id(m), []).append(len(boxes) - 1)
    for m in scene.get_mobject_family_members():
        if m.updaters:   # an updater may change anything: from its mobject on, everything is drawn per frame
            boxes.append(np.array([-np.inf, -np.inf, np.inf, np.inf]))
            for d in m.get_family():
                sweeps.setdefault(id(d), []).append(len(boxes) - 1)
    own = [None if id(m) in sweeps else _box(m, pixel) for m in drawn]
    forced: set[int] = set()
    while True:
        kept, background = _classify(drawn, own, sweeps, boxes, forced)
        inside = {id(m) for m in kept}
        mixed = {id(d) for m in drawn for family in [m.family_members_with_points()]
                 if len({id(d) in inside for d in family}) > 1 for d in family}
        if mixed <= forced:
            return kept, background
        forced |= mixed   # the camera draws a mobject with its family: a family is drawn all at once or not


def _classify(drawn, own, sweeps, boxes, forced):
    kept, background = [], []
    reach = np.empty((0, 4))
    swept: set[int] = set()
    for m, box in zip(drawn, own, strict=True):
        if box is None:   # animated: what its animations sweep is drawn per frame from here on
            new = [i for i in sweeps[id(m)] if i not in swept]
            swept.update(new)
            if new:
                reach = np.vstack([reach, *[boxes[i] for i in new]])
            kept.append(m)
        elif id(m) in forced or _overlaps(box, reach):
            reach = np.vstack([reach, box])
            kept.append(m)
        else:
            background.append(m)
    return kept, background


def _overlaps(box: np.ndarray, boxes: np.ndarray) -> bool:
    return bool(np.any((boxes[:, 0] <= box[2]) & (box[0] <= boxes[:, 2]) &
                       (boxes[:, 1] <= box[3]) & (box[1] <= boxes[:, 3])))


def _box(m: Mobject, pixel: float) -> np.ndarray | None:
    """``[x0, y0, x1, y1]`` of the pixels ``m`` can touch, in frame units; None without points. An image's
    points are its corners; a vector mobject's control points hold its curves (their convex hull)."""
    points = m.points
    if len(points) == 0:
        return None
    xy = points[:, :2]
    if not np.isfinite(xy).all():
        return np.array([-np.inf, -np.inf, np.inf, np.inf])
    width = max(float(np.max(getattr(m, "stroke_width", 0.0))),
                float(np.max(getattr(m, "background_stroke_width", 0.0))))
    margin = _MITER * 0.01 * width + _AA_PIXELS * pixel   # manim's Cairo line width is 0.01 x stroke_width
    lo, hi = xy.min(axis=0) - margin, xy.max(axis=0) + margin
    return np.array([lo[0], lo[1], hi[0], hi[1]])


def _union(boxes) -> np.ndarray | None:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    stack = np.array(boxes)
    return np.array([*stack[:, :2].min(axis=0), *stack[:, 2:].max(axis=0)])


def _leaves(animations):
    """The animations that draw, groups opened; :class:`_Unbounded` for one whose sweep is not known."""
    for anim in animations:
        if isinstance(anim, AnimationGroup):
            yield from _leaves(anim.animations)
            continue
        if isinstance(anim, Wait):
            continue
        if isinstance(anim, Transform):
            if anim.path_func is not straight_path:
                raise _Unbounded("a curved path")
        elif not isinstance(anim, (ShowPartial, DrawBorderThenFill)):
            raise _Unbounded(type(anim).__name__)
        if not _stays_in_unit_interval(anim.rate_func):
            raise _Unbounded("a rate function leaving [0, 1]")
        yield anim


@lru_cache(maxsize=256)
def _stays_in_unit_interval(rate_func) -> bool:
    """Whether ``rate_func`` maps 1,001 times from 0 to 1 into [0, 1] (an overshooting ease leaves it)."""
    rates = np.asarray([rate_func(t) for t in _RATE_SAMPLES], dtype=float)
    return bool(np.all(np.isfinite(rates)) and rates.min() >= 0.0 and rates.max() <= 1.0)
