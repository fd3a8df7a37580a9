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

Finding the subpaths is a dozen NumPy calls per mobject, and a fade or a move changes the points of
every mobject it touches on every frame (a fade's interpolation moves them by a last bit): 21% of
dropout.arithmetic's main thread at -qh. So the paths of every changed mobject one Cairo call of manim
draws are found together, in one pass over all their points (:func:`_batched_subpaths`: the same
splits by manim's tolerances, the same floats; tests/test_drawing.py checks it against the one-by-one
way at and beside every tolerance). A path is one list of floats per subpath, not one per curve: the
kept paths are many thousands of lists, and Python's garbage collector walks what survives again and
again (a list per curve cost more in collections than the batch saved). dropout.arithmetic at -qh:
main thread 16.4 s instead of 20.0 s.

An image (``ImageMobject``) costs manim a frame-sized picture: it pastes the transformed image into a
transparent picture as large as the frame and composites that whole picture over the frame's pixels,
for every image on every frame. :meth:`LeanPathDrawing.display_image_mobject` composites the image's own
box instead: a transparent pixel leaves the one under it as it is, so the pixels are manim's, and a
small image costs its size rather than the frame's (a mosaic of 50 heatmap tiles, issue 30).

A part scene gets it through ``HeldFrameRendering`` (scenes/common/encoding.py): :func:`lean_camera`
turns the camera class manim would use (``Camera``, ``ThreeDCamera``) into its lean subclass.
"""

from __future__ import annotations

import gc
from functools import cache

import cairo
import numpy as np
from manim.camera.camera import Camera
from manim.utils.space_ops import cross2d
from PIL import Image

__all__ = ["LeanPathDrawing", "flat_camera", "lean_camera"]


def flat_camera(camera) -> bool:
    """Whether ``camera`` draws points where they are (manim's ``Camera``), not projected (``ThreeDCamera``):
    then what a mobject looks like depends on the mobject alone."""
    return getattr(type(camera), "transform_points_pre_display", None) is Camera.transform_points_pre_display


class LeanPathDrawing:
    """Mixin before a manim ``Camera`` class: the path and single colours set with Python floats."""

    _paths: dict | None = None

    def display_multiple_non_background_colored_vmobjects(self, vmobjects, pixel_array) -> None:
        # the paths of every mobject drawn here whose points changed are found together (_batched_subpaths),
        # then each is drawn as manim draws it, taking its path from the kept ones
        vmobjects = list(vmobjects)
        if len(vmobjects) > 1 and flat_camera(self):
            self._find_paths(vmobjects)
        super().display_multiple_non_background_colored_vmobjects(vmobjects, pixel_array)  # type: ignore[misc]

    def _kept_paths(self) -> dict:
        paths = self._paths
        if paths is None or len(paths) > _PATHS_KEPT:
            paths = self._paths = {}
        return paths

    def _find_paths(self, vmobjects) -> None:
        """Keep the path of every one of ``vmobjects`` whose points changed since it was last drawn, found in
        one pass over all their points (those :func:`_batched_subpaths` cannot take are left to
        ``set_cairo_context_path``)."""
        paths = self._kept_paths()
        todo, keys = [], []
        shape = None
        for vmobject in vmobjects:
            points = vmobject.points
            nppcc = vmobject.n_points_per_cubic_curve
            if nppcc != 4 or not len(points) or len(points) % nppcc:
                continue
            key = _path_key(vmobject)
            kept = paths.get(id(vmobject))
            if kept is not None and kept[0] == key:
                continue
            if shape is None:
                shape = key[1:]
            elif key[1:] != shape:
                continue
            todo.append(vmobject)
            keys.append(key)
        if len(todo) < 2 or shape is None:
            return
        # the new paths are made before the old ones go: thousands of lists at once would have Python's
        # garbage collector run many times over, moving the kept paths to older generations it walks again
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = _batched_subpaths([m.points for m in todo], *shape)
            if found is not None:
                for vmobject, key, subpaths in zip(todo, keys, found, strict=True):
                    paths[id(vmobject)] = (key, subpaths)
        finally:
            if collecting:
                gc.enable()

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject):
        points = vmobject.points
        if vmobject.n_points_per_cubic_curve != 4:   # manim's own drawing takes cubic curves only
            return super().set_cairo_context_path(ctx, vmobject)  # type: ignore[misc]
        if flat_camera(self) and len(points):
            # the path of a mobject whose points did not change since the last frame (one that is redrawn only
            # because it lies above a moving one) is the path built then: its points' bytes are the key (with
            # what splits them into curves and subpaths; an id can come back for another mobject)
            key = _path_key(vmobject)
            paths = self._kept_paths()
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
        for coordinates, closed in subpaths:
            new_sub_path()
            floats = iter(coordinates)
            move_to(next(floats), next(floats))
            for x1, y1, x2, y2, x3, y3 in zip(floats, floats, floats, floats, floats, floats):
                curve_to(x1, y1, x2, y2, x3, y3)
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

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        """Manim's ``Camera.display_image_mobject`` (the same transform of the same image), composited over
        the part of the frame the transformed image covers rather than over the whole frame."""
        placed = _placed_image(self, image_mobject)
        if placed is None:
            return
        image, (x, y) = placed
        height, width = pixel_array.shape[:2]
        left, top = max(x, 0), max(y, 0)
        right, bottom = min(x + image.width, width), min(y + image.height, height)
        if left >= right or top >= bottom:
            return
        image = image.crop((left - x, top - y, right - x, bottom - y))
        under = Image.fromarray(np.ascontiguousarray(pixel_array[top:bottom, left:right]))
        pixel_array[top:bottom, left:right] = np.asarray(Image.alpha_composite(under, image))


_PATHS_KEPT = 20_000   # mobjects whose last path one camera remembers before it starts again


def _path_key(vmobject) -> tuple:
    """What a kept path is kept for: the points' bytes, and what splits them into curves and subpaths."""
    return vmobject.points.tobytes(), vmobject.n_points_per_cubic_curve, vmobject.tolerance_for_point_equality


def _subpaths(points, vmobject) -> list:
    """``[(coordinates, closed), ...]``, one per subpath: what manim's ``Camera.set_cairo_context_path`` hands
    Cairo for ``points`` (already transformed for display, cubic curves of 4 points). ``coordinates`` is one
    list of floats: the start point's x and y, then six per curve (Cairo goes on from the current point, so
    each curve hands it the three points after its first). One list per subpath rather than one per curve:
    the paths are kept, and a list per curve made Python's garbage collector walk them again and again."""
    nppcc = vmobject.n_points_per_cubic_curve
    split_indices = vmobject.get_subpath_split_indices_from_points(points, n_dims=2)
    xy = points[:, :2]
    same_point = vmobject.consider_points_equals_2d
    subpaths = []
    for start, end in split_indices.tolist():
        n = (end - start) // nppcc
        if n == 0:
            continue
        first, last = xy[start].tolist(), xy[end - 1].tolist()
        curves = xy[start:start + n * nppcc].reshape(n, nppcc, 2)[:, 1:].ravel().tolist()
        subpaths.append((first + curves, same_point(first, last)))
    return subpaths


#: manim's relative tolerance for two points being one (``np.isclose``'s default)
_RTOL = 1.0e-5


def _batched_subpaths(points: list[np.ndarray], nppcc: int, atol: float) -> list[list] | None:
    """:func:`_subpaths` of many mobjects' points (each a whole number of cubic curves of ``nppcc`` points,
    the same tolerance ``atol``) found together: the same floats, splits and closed subpaths, with a dozen
    NumPy calls in all rather than a dozen per mobject. ``None`` where a point is not finite (manim then
    draws nothing of that mobject: ``_subpaths`` one by one does as manim does)."""
    everything = np.concatenate(points)
    if not np.isfinite(everything).all():
        return None
    xy = everything[:, :2]
    n_curves = len(everything) // nppcc
    counts = np.array([len(p) // nppcc for p in points])
    first_curve = np.zeros(len(points), dtype=np.int64)
    np.cumsum(counts[:-1], out=first_curve[1:])
    # manim's get_subpath_split_indices_from_points: a curve starts a subpath where the previous curve's end
    # is not within atol + rtol * |start| of its start (x or y); a mobject's first curve always does
    ends, starts = xy[nppcc - 1:-1:nppcc], xy[nppcc::nppcc]
    apart = np.abs(ends - starts) > atol + _RTOL * np.abs(starts)
    starts_subpath = np.empty(n_curves, dtype=bool)
    starts_subpath[0] = True
    np.logical_or(apart[:, 0], apart[:, 1], out=starts_subpath[1:])
    starts_subpath[first_curve] = True
    first = np.flatnonzero(starts_subpath)
    end = np.empty_like(first)
    end[:-1], end[-1] = first[1:], n_curves
    # manim's consider_points_equals_2d(first point, last point), coordinate by coordinate: equal, or within
    # atol + rtol * |last| (the points are finite, so their difference is not NaN)
    p0, p1 = xy[first * nppcc], xy[end * nppcc - 1]
    same = (p0 == p1) | (np.abs(p0 - p1) <= atol + _RTOL * np.abs(p1))
    closed = (same[:, 0] & same[:, 1]).tolist()
    per_curve = 2 * (nppcc - 1)
    curves = xy.reshape(n_curves, nppcc, 2)[:, 1:].ravel().tolist()
    firsts = p0.tolist()
    owner = (np.searchsorted(first_curve, first, side="right") - 1).tolist()
    found: list[list] = [[] for _ in points]
    for k, (a, b) in enumerate(zip(first.tolist(), end.tolist(), strict=True)):
        found[owner[k]].append((firsts[k] + curves[a * per_curve:b * per_curve], closed[k]))
    return found


def _placed_image(camera, image_mobject) -> tuple[Image.Image, tuple[int, int]] | None:
    """The image as ``camera`` (a manim ``Camera``) transforms it onto the frame in ``display_image_mobject``,
    and the frame pixel of its top left corner; ``None`` where manim draws nothing (an image seen edge on, a
    singular transform). The same steps with the same numbers as manim 0.22's, so the same resampled pixels
    (manim measures the quadrilateral's thickness against one side twice: once here)."""
    sub_image = Image.fromarray(image_mobject.get_pixel_array())   # uint8 (h, w, 4): RGBA
    w, h = sub_image.size
    original_coords = np.array([[0, 0], [w, 0], [0, h], [w, h]])
    target_coords = camera.points_to_subpixel_coords(image_mobject, image_mobject.points)
    int_target_coords = target_coords.astype(np.int64)
    shift_vector = np.array([min(*[x for x, y in int_target_coords]), min(*[y for x, y in int_target_coords])])
    target_coords -= shift_vector
    int_target_coords -= shift_vector
    target_size = (max(*[x for x, y in int_target_coords]), max(*[y for x, y in int_target_coords]))
    # manim skips an image whose quadrilateral is thinner than half a pixel
    ordered_vertices = [target_coords[i] for i in (0, 1, 3, 2)]
    sides = [ordered_vertices[(i + 1) % 4] - ordered_vertices[i] for i in range(4)]
    side_lengths = np.linalg.norm(sides, axis=1)
    longest = int(np.argmax(side_lengths))
    if side_lengths[longest] == 0:
        return None
    previous_side = sides[(longest - 1) % 4]
    if abs(cross2d(sides[longest], previous_side)) / side_lengths[longest] < 0.5:
        return None
    rows = []
    for (x, y), (X, Y) in zip(target_coords, original_coords, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -X * x, -X * y])
        rows.append([0, 0, 0, x, y, 1, -Y * x, -Y * y])
    try:
        coefficients = np.linalg.solve(np.array(rows, dtype=np.float64), original_coords.reshape(8).astype(np.float64))
    except np.linalg.LinAlgError:
        return None
    image = sub_image.transform(size=target_size, method=Image.Transform.PERSPECTIVE, data=coefficients.tolist(),
                                resample=image_mobject.resampling_algorithm)
    return image, (int(shift_vector[0]), int(shift_vector[1]))


@cache
def lean_camera(camera_class: type[Camera]) -> type[Camera]:
    """``camera_class`` with :class:`LeanPathDrawing` before it (one class per camera class)."""
    if issubclass(camera_class, LeanPathDrawing):
        return camera_class
    return type(f"Lean{camera_class.__name__}", (LeanPathDrawing, camera_class), {})
