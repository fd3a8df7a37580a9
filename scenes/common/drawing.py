"""Manim's Cairo camera with less Python per drawn mobject: the same Cairo calls, the same pixels.

Profiled at -qh (docs/benchmarks.md, issue 32), a part's main thread spends most of an animated frame
in ``Camera.display_vectorized``: 45 to 70 microseconds per VMobject per frame, of which Cairo's own
filling is about 10 to 20. The rest is Python around it: finding the subpaths (a dozen NumPy calls),
handing Cairo each curve from NumPy scalars, unpacking colours from NumPy rows, and rebuilding the
table of drawable types for every mobject. :class:`LeanPathDrawing` hands Cairo the curves as Python
floats from one ``tolist`` per subpath, sets single colours from one ``tolist``, looks the drawable
type up once per class, and keeps each mobject's last path with its points' bytes: a mobject redrawn
with unchanged points (one lying above a moving one) costs a comparison. Cairo is handed the same
doubles in the same order, so every pixel is the one manim draws (tests/test_drawing.py draws text,
formulas, outlines, gradients and a 3D surface both ways, frame after frame). Measured on 451
mobjects at 1080p: unchanged points about 25 instead of 50 microseconds each, moving points about
the same as manim (finding the subpaths dominates).

A part scene gets it through ``HeldFrameRendering`` (scenes/common/encoding.py): :func:`lean_camera`
turns the camera class manim would use (``Camera``, ``ThreeDCamera``) into its lean subclass.
"""

from __future__ import annotations

from functools import cache

import cairo
from manim.camera.camera import Camera

__all__ = ["LeanPathDrawing", "lean_camera"]


class LeanPathDrawing:
    """Mixin before a manim ``Camera`` class: the path and single colours set with Python floats."""

    _paths: dict | None = None

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject):
        points = vmobject.points
        plain = getattr(type(self), "transform_points_pre_display", None) is Camera.transform_points_pre_display
        if plain and len(points):
            # the path of a mobject whose points did not change since the last frame (one that is redrawn only
            # because it lies above a moving one) is the path built then: its points' bytes are the key
            key = points.tobytes()
            paths = self._paths
            if paths is None or len(paths) > _PATHS_KEPT:
                paths = self._paths = {}
            kept = paths.get(id(vmobject))
            if kept is not None and kept[0] == key:
                subpaths = kept[1]
            else:
                subpaths = _subpaths(self.transform_points_pre_display(vmobject, points), vmobject)  # type: ignore[attr-defined]
                paths[id(vmobject)] = (key, subpaths)
        else:
            points = self.transform_points_pre_display(vmobject, points)  # type: ignore[attr-defined]
            if len(points) == 0:
                return self
            subpaths = _subpaths(points, vmobject)
        ctx.new_path()
        move_to, curve_to, new_sub_path, close_path = ctx.move_to, ctx.curve_to, ctx.new_sub_path, ctx.close_path
        for (x, y), curves, closed in subpaths:
            new_sub_path()
            move_to(x, y)
            for c in curves:
                curve_to(*c)
            if closed:
                close_path()
        return self

    def type_or_raise(self, mobject):
        # manim builds its table of drawable types and walks it for every mobject on every frame
        kinds = self.__dict__.setdefault("_kinds", {})
        kind = kinds.get(type(mobject))
        if kind is None:
            kind = kinds[type(mobject)] = super().type_or_raise(mobject)
        return kind

    def set_cairo_context_color(self, ctx: cairo.Context, rgbas, vmobject):
        if len(rgbas) == 1:
            r, g, b, a = rgbas[0].tolist()
            ctx.set_source_rgba(b, g, r, a)   # the surface stores BGRA, as manim's camera says
            return self
        return super().set_cairo_context_color(ctx, rgbas, vmobject)  # type: ignore[misc]


_PATHS_KEPT = 20_000   # mobjects whose last path one camera remembers before it starts again


def _subpaths(points, vmobject) -> list:
    """``[(start, [six coordinates per cubic curve], closed), ...]``: what manim's
    ``Camera.set_cairo_context_path`` hands Cairo for ``points`` (already transformed for display), as floats."""
    nppcc = vmobject.n_points_per_cubic_curve
    split_indices = vmobject.get_subpath_split_indices_from_points(points, n_dims=2)
    xy = points[:, :2]
    same_point = vmobject.consider_points_equals_2d
    subpaths = []
    for start, end in split_indices.tolist():
        n = (end - start) // nppcc
        if n == 0:
            continue
        # every curve is nppcc points [anchor, handle, handle, anchor]: Cairo goes on from the current point,
        # so each curve hands it the points after its first
        curves = xy[start:start + n * nppcc].reshape(n, nppcc, 2)[:, 1:].reshape(n, 2 * (nppcc - 1)).tolist()
        first, last = xy[start].tolist(), xy[end - 1].tolist()
        subpaths.append((first, curves, same_point(first, last)))
    return subpaths


@cache
def lean_camera(camera_class: type[Camera]) -> type[Camera]:
    """``camera_class`` with :class:`LeanPathDrawing` before it (one class per camera class)."""
    if issubclass(camera_class, LeanPathDrawing):
        return camera_class
    return type(f"Lean{camera_class.__name__}", (LeanPathDrawing, camera_class), {})
