"""A transform between equal points keeps them: a fade moves no point.

Manim's ``Transform`` (under ``FadeIn``, ``FadeOut``, a colour change through ``.animate``) sets every
submobject's points on every frame to ``(1 - alpha) * start + alpha * end``, which for equal ``start`` and
``end`` is ``start`` only up to its last bit. So the points of a fading heatmap differ in their last bits
from frame to frame: the lean camera (scenes/common/drawing.py) builds every path again instead of
reusing the last one, and the interpolation itself costs a few microseconds per submobject per frame.
Profiled on rnn.mlp's fade of a 10 x 6 heatmap at -qh (issue 30), the two were a third of the main
thread's time. :func:`steady_points` keeps the start's points where the start's and the end's are equal
and the path is manim's straight one; colours and everything else are interpolated as manim does.
Cairo rounds every coordinate to 1/256 of a pixel, so a last-bit change moves no pixel unless it sits on
a rounding boundary: every part at -ql, drawn with and without this, gives the same frames
(docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from manim import Mobject
from manim.utils.bezier import interpolate as straight  # what manim's straight_path() returns

__all__ = ["steady_points"]

_MANIMS = Mobject.interpolate


def _interpolate(self, mobject1, mobject2, alpha, path_func=straight):
    start, end = mobject1.points, mobject2.points
    if path_func is straight and start.shape == end.shape and np.array_equal(start, end):
        self.points = start.copy()   # a copy: a mobject's points can be moved in place (shift)
        self.interpolate_color(mobject1, mobject2, alpha)
        return self
    return _MANIMS(self, mobject1, mobject2, alpha, path_func)


@contextmanager
def steady_points() -> Iterator[None]:
    """While active, ``Mobject.interpolate`` keeps equal start and end points as they are."""
    if Mobject.interpolate is _interpolate:   # already active (a play inside a play)
        yield
        return
    Mobject.interpolate = _interpolate  # type: ignore[method-assign]
    try:
        yield
    finally:
        Mobject.interpolate = _MANIMS  # type: ignore[method-assign]
