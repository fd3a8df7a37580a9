"""2D loss pictures: a heatmap of an engine ``Landscape`` with iso-lines, and paths over it.

The numbers come from engine (``engine.loss_grid`` / ``engine.landscape_for``);
this module only turns them into pixels and lines. Iso-lines are traced with a
small vectorised marching-squares over the grid (no plotting dependency).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    WHITE,
    BackgroundRectangle,
    Dot,
    Line,
    MathTex,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
)
from manim.utils.rate_functions import linear

from engine.errors import EngineError
from engine.landscape import as_landscape, first_nonfinite, landscape_for, parameter_path

from .colors import ColorBar, cell_mobjects, colormap
from .style import FONT_SIZE, PALETTE

__all__ = ["iso_segments", "log_levels", "LossContour", "PathOnContour", "ContourZoom"]


def iso_segments(z: np.ndarray, level: float, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Line segments of the iso-line ``z == level`` (marching squares).

    Parameters
    ----------
    z
        (len(ys), len(xs)) values; ``z[i, j]`` sits at ``(xs[j], ys[i])``.
    level
        The iso-value.
    xs, ys
        Grid coordinates (increasing).

    Returns
    -------
    np.ndarray
        (n_segments, 2, 2): the two end points ``(x, y)`` of each segment.
    """
    z = np.asarray(z, dtype=float)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    a, b = z[:-1, :-1], z[:-1, 1:]   # (i, j), (i, j+1)
    c, d = z[1:, 1:], z[1:, :-1]     # (i+1, j+1), (i+1, j)
    X0, Y0 = np.meshgrid(xs[:-1], ys[:-1])
    X1, Y1 = np.meshgrid(xs[1:], ys[1:])

    def cross(p, q, px, py, qx, qy):
        hit = (p < level) != (q < level)
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(hit, (level - p) / (q - p), 0.0)
        return hit, np.stack([px + f * (qx - px), py + f * (qy - py)], axis=-1)

    # the four cell edges in order bottom, right, top, left
    edges = [
        cross(a, b, X0, Y0, X1, Y0),
        cross(b, c, X1, Y0, X1, Y1),
        cross(d, c, X0, Y1, X1, Y1),
        cross(a, d, X0, Y0, X0, Y1),
    ]
    hits = np.stack([h for h, _ in edges], axis=-1)          # (..., 4)
    pts = np.stack([p for _, p in edges], axis=-2)           # (..., 4, 2)
    n = hits.sum(-1)
    out = []
    two = n == 2
    if two.any():
        order = np.argsort(~hits[two], axis=-1, kind="stable")[:, :2]   # the two crossed edges
        p = pts[two]
        out.append(np.stack([p[np.arange(len(p)), order[:, 0]], p[np.arange(len(p)), order[:, 1]]], axis=1))
    four = n == 4  # saddle: pair bottom-right and top-left
    if four.any():
        p = pts[four]
        out.append(np.stack([p[:, 0], p[:, 1]], axis=1))
        out.append(np.stack([p[:, 2], p[:, 3]], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2, 2))


def log_levels(loss: np.ndarray, n: int) -> np.ndarray:
    """``n`` iso-values evenly spaced in log(loss) between the grid's minimum and maximum."""
    lo, hi = np.log(max(float(loss.min()), 1e-12)), np.log(float(loss.max()))
    return np.exp(np.linspace(lo, hi, n + 2)[1:-1])


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around grid points; the outer cells end at the first and last point."""
    c = np.asarray(centres, dtype=float)
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0]], mid, [c[-1]]])   # clipped to the grid's range


def _segments_mobject(segments: np.ndarray, to_point, **style) -> VMobject:
    """One VMobject drawing every segment as its own straight sub-path."""
    m = VMobject(**style)
    if len(segments) == 0:
        return m
    flat = segments.reshape(-1, 2)
    p = np.array([to_point(x, y) for x, y in flat]).reshape(-1, 2, 3)   # to_point may be scalar-only
    a, b = p[:, 0], p[:, 1]
    curves = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1)   # straight cubic Béziers
    m.set_points(curves.reshape(-1, 3))
    return m


class LossContour(VGroup):
    """A heatmap of a loss landscape over (w0, w1) with iso-lines, a frame with ticks, and axis names.

    The heatmap is vector cells (``cell_mobjects``), one per grid point. Colours
    follow log(loss) by default: squared-error surfaces span orders of
    magnitude, and a linear scale would show one flat colour with a bright rim.
    The plot is framed like a heatmap (ticks on the left and bottom edges),
    not drawn with axes through the origin. ``c2p`` follows the frame, so the
    contour can be moved or scaled after it is built.

    Parameters
    ----------
    landscape
        An ``engine.Landscape`` (``loss[i, j]`` at ``w0s[j], w1s[i]``), a two-parameter ``Recording``
        (see :meth:`from_recording`) or plain arrays ``(w0s, w1s, loss)``.
    width, height
        Size of the plotting area in scene units.
    n_levels
        Number of iso-lines (evenly spaced in log(loss)).
    log
        Colour by log(loss) (default) or by loss.
    vrange
        ``(vmin, vmax)`` of the colour scale; defaults to the grid's range. Give the
        same range to several contours to make their colours comparable.
    axis_labels
        Whether to write :math:`w_0`, :math:`w_1` beside the frame.
    n_ticks
        About how many numbered ticks per axis.
    line_color, line_opacity
        Style of the iso-lines.
    n_colors
        Colour levels of the heatmap.
    """

    def __init__(self, landscape, *, width: float = 4.0, height: float = 3.2, n_levels: int = 10,
                 log: bool = True, vrange: tuple[float, float] | None = None, axis_labels: bool = True,
                 n_ticks: int = 3, line_color=WHITE, line_opacity: float = 0.35, n_colors: int = 48,
                 params: tuple[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        # params: a Recording's parameters on the w0 and w1 axes, as LossSurface takes them
        landscape = as_landscape(landscape) if params is None else as_landscape(landscape, params=params)
        self.landscape = landscape
        w0s, w1s, loss = np.asarray(landscape.w0s), np.asarray(landscape.w1s), np.asarray(landscape.loss)
        self.x_range = (float(w0s[0]), float(w0s[-1]))
        self.y_range = (float(w1s[0]), float(w1s[-1]))
        self.vmin, self.vmax = vrange if vrange is not None else (float(loss.min()), float(loss.max()))
        if not self.vmax > self.vmin:  # a flat grid: one colour, the middle of the scale
            self.vmin, self.vmax = (
                (self.vmin / 2, self.vmin * 2) if log and self.vmin > 0 else (self.vmin - 1, self.vmin + 1)
            )
        self.log = log
        self.frame = Rectangle(width=width, height=height, stroke_width=1.5, stroke_color=PALETTE["muted"])
        self.heatmap = cell_mobjects(self.normalise(loss), _edges(w0s), _edges(w1s), self.c2p, n_colors=n_colors)
        self.levels = log_levels(loss, n_levels)
        self.iso_lines = VGroup(*(
            _segments_mobject(iso_segments(loss, lv, w0s, w1s), self.c2p,
                              stroke_color=line_color, stroke_width=1.2, stroke_opacity=line_opacity)
            for lv in self.levels
        ))
        size = FONT_SIZE["small"]   # the smallest size that reads at 480p
        self.x_ticks = VGroup(*(
            VGroup(Line(self.c2p(v, self.y_range[0]), self.c2p(v, self.y_range[0]) + DOWN * 0.07, stroke_width=1.5,
                        color=PALETTE["muted"]),
                   MathTex(_num(v), font_size=size, color=PALETTE["muted"])
                   .next_to(self.c2p(v, self.y_range[0]), DOWN, buff=0.1))
            for v in _ticks(w0s, n_ticks)))
        self.y_ticks = VGroup(*(
            VGroup(Line(self.c2p(self.x_range[0], v), self.c2p(self.x_range[0], v) + LEFT * 0.07, stroke_width=1.5,
                        color=PALETTE["muted"]),
                   MathTex(_num(v), font_size=size, color=PALETTE["muted"])
                   .next_to(self.c2p(self.x_range[0], v), LEFT, buff=0.1))
            for v in _ticks(w1s, n_ticks)))
        self.add(self.heatmap, self.iso_lines, self.frame, self.x_ticks, self.y_ticks)
        if axis_labels:
            x_name, y_name = self.landscape.axis_names
            self.x_label = MathTex(x_name, font_size=FONT_SIZE["caption"]).next_to(self.x_ticks, DOWN, buff=0.08)
            self.y_label = MathTex(y_name, font_size=FONT_SIZE["caption"]).next_to(self.y_ticks, LEFT, buff=0.12)
            self.add(self.x_label, self.y_label)

    @classmethod
    def from_recording(cls, recording, *, w0s=None, w1s=None, loss: str | None = None, head: str | None = None,
                       **kwargs) -> LossContour:
        """The contour of a two-parameter run's landscape (``engine.landscape_for`` with ``loss``, needed when
        the recording names none, ``head`` and the grid)."""
        return cls(landscape_for(recording, w0s, w1s, loss=loss, head=head), **kwargs)

    def normalise(self, loss: np.ndarray) -> np.ndarray:
        """Loss to [0, 1] on the colour scale."""
        if self.log:
            lo, hi = np.log(max(self.vmin, 1e-12)), np.log(self.vmax)
            return (np.log(np.maximum(loss, 1e-12)) - lo) / (hi - lo)
        return (loss - self.vmin) / (self.vmax - self.vmin)

    def c2p(self, w0, w1) -> np.ndarray:
        """Scene point(s) of (w0, w1); arrays give an (n, 3) array."""
        dl, ur = self.frame.get_corner(DOWN + LEFT), self.frame.get_corner(UP + RIGHT)
        u = (np.asarray(w0, dtype=float) - self.x_range[0]) / (self.x_range[1] - self.x_range[0])
        v = (np.asarray(w1, dtype=float) - self.y_range[0]) / (self.y_range[1] - self.y_range[0])
        out = dl + np.multiply.outer(u, [ur[0] - dl[0], 0, 0]) + np.multiply.outer(v, [0, ur[1] - dl[1], 0])
        return out

    def colorbar(self, **kwargs) -> ColorBar:
        """A ``ColorBar`` of this contour's scale, values right of the bar (place it yourself).

        Give ``log=True`` contours' range as is: the bar shows the end values, not a tick scale.
        """
        kwargs.setdefault("height", self.frame.height)
        return ColorBar(self.vmin, self.vmax, colors=colormap, numbers="side", **kwargs)

    def mark(self, w0: float, w1: float, *, color=WHITE, radius: float = 0.06) -> Dot:
        """A dot at (w0, w1) (not added)."""
        return Dot(self.c2p(w0, w1), radius=radius, color=color)


def _num(v: float) -> str:
    return f"{v + 0.0:g}"   # -0.0 -> "0"


def _tick_step(v: np.ndarray, n: int) -> float:
    span = float(v[-1] - v[0])
    raw = span / max(n, 1)
    mag = 10 ** np.floor(np.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return float(m * mag)
    return float(10 * mag)


def _ticks(v: np.ndarray, n: int) -> list[float]:
    step = _tick_step(v, n)
    first = np.ceil(float(v[0]) / step) * step
    ticks = np.arange(first, float(v[-1]) + 1e-9, step)
    return [float(np.round(t, 6)) for t in ticks]


class PathOnContour(VGroup):
    """A parameter path over a ``LossContour`` that grows with a ``ValueTracker``.

    At tracker value ``t`` the path runs through states ``0 .. floor(t)`` and
    on to the point a fraction ``t - floor(t)`` of the way to the next state,
    so ``tracker.animate.set_value(k)`` walks it update by update.

    Parameters
    ----------
    contour
        The ``LossContour`` giving the (w0, w1) to scene mapping.
    w0, w1
        (n_states,) recorded parameters (bias, weight).
    tracker
        The update counter; a new one at 0 when ``None``.
    color, stroke_width, head_radius
        Style of the line and of the head dot.
    """

    def __init__(self, contour: LossContour, w0: Sequence[float], w1: Sequence[float], *,
                 tracker: ValueTracker | None = None, color=None, stroke_width: float = 3.0,
                 head_radius: float = 0.06, **kwargs):
        super().__init__(**kwargs)
        w0, w1 = np.asarray(w0, dtype=float), np.asarray(w1, dtype=float)
        if w0.shape != w1.shape or w0.ndim != 1 or not len(w0):
            raise EngineError(f"w0 and w1 must be 1-D arrays of the same length, got {w0.shape} and {w1.shape}")
        bad = first_nonfinite(w0, w1)
        if bad is not None:
            raise EngineError(f"the path is not finite at state {bad} (the run diverged after update {bad}); "
                              f"draw its first {bad} states")
        self.contour, self.w0, self.w1 = contour, w0, w1
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        color = color or PALETTE["path"]
        self.start = Dot(contour.c2p(w0[0], w1[0]), radius=head_radius * 0.8, color=WHITE)
        self.line = VMobject(stroke_color=color, stroke_width=stroke_width)
        self.head = Dot(contour.c2p(w0[0], w1[0]), radius=head_radius, color=color)
        self.add(self.start, self.line, self.head)
        self._redraw()
        self.line.add_updater(lambda _: self._redraw())

    @classmethod
    def from_recording(cls, contour: LossContour, recording, *, params=None, **kwargs) -> PathOnContour:
        """The path of a two-parameter run (``params``: which two, when it has more) over ``contour``."""
        return cls(contour, *parameter_path(recording, params), **kwargs)

    @classmethod
    def from_slice(cls, contour: LossContour, loss_slice, **kwargs) -> PathOnContour:
        """The recorded states of a loss slice, projected onto its plane, over ``contour`` (drawn from it)."""
        return cls(contour, loss_slice.path[:, 0], loss_slice.path[:, 1], **kwargs)

    @property
    def n_states(self) -> int:
        return len(self.w0)

    @property
    def points_2d(self) -> np.ndarray:
        """(n_states, 3) scene points of the recorded states, where the contour is now."""
        return self.contour.c2p(self.w0, self.w1)

    def point_at(self, t: float) -> np.ndarray:
        """Scene point of the path at tracker value ``t`` (interpolated between states)."""
        t = float(np.clip(t, 0, self.n_states - 1))
        k = int(np.floor(t))
        if k >= self.n_states - 1:
            return self.points_2d[-1]
        f = t - k
        return self.points_2d[k] * (1 - f) + self.points_2d[k + 1] * f

    def _redraw(self) -> None:
        t = float(np.clip(self.tracker.get_value(), 0, self.n_states - 1))
        k = int(np.floor(t))
        pts = self.points_2d
        f = t - k
        end = pts[k] if k >= self.n_states - 1 else pts[k] * (1 - f) + pts[k + 1] * f
        pts = np.vstack([pts[: k + 1], [end]])
        self.line.set_points_as_corners(pts)
        self.head.move_to(pts[-1])

    def advance_to(self, t: float, run_time: float = 1.0, rate_func=linear):
        """Animation moving the path's head to tracker value ``t``."""
        return self.tracker.animate(run_time=run_time, rate_func=rate_func).set_value(t)


def _plated(text) -> VGroup:
    """A tick number on an opaque dark plate: the zoom's link lines pass under it, not through it."""
    return VGroup(BackgroundRectangle(text, color="#000000", fill_opacity=1, buff=0.03), text)


class ContourZoom(VGroup):
    """A magnified window on a stretch of a path over a ``LossContour``: its own numbered axes.

    The window (``window`` = its size in (w0, w1), centred on the stretch) is outlined on the
    contour; the inset redraws the stretch's states ``a..b`` as a polyline with one dot per
    state, so single steps are visible where the contour's scale shows a smooth line. Give
    several zooms the same ``window`` and size to compare them at one magnification. Place the
    inset, then add :meth:`links` (lines from the window to the inset's frame).

    Parameters
    ----------
    contour
        The ``LossContour`` the path is drawn on.
    w0, w1
        (n_states,) recorded parameters.
    states
        ``(a, b)``: the first and last state of the stretch.
    window
        ``(dw0, dw1)``: the window's size in parameter units.
    width, height
        The inset's plotting area in scene units.
    color
        Path, dots, window and frame colour.
    """

    def __init__(self, contour: LossContour, w0, w1, states: tuple[int, int], window: tuple[float, float], *,
                 width: float = 2.6, height: float = 1.1, color=WHITE, n_ticks: int = 3, **kwargs):
        super().__init__(**kwargs)
        a, b = states
        w0, w1 = np.asarray(w0, float)[a: b + 1], np.asarray(w1, float)[a: b + 1]
        c0, c1 = (w0.min() + w0.max()) / 2, (w1.min() + w1.max()) / 2
        self.states = (a, b)
        self.x_range = (c0 - window[0] / 2, c0 + window[0] / 2)
        self.y_range = (c1 - window[1] / 2, c1 + window[1] / 2)
        self.window = Rectangle(stroke_color=color, stroke_width=2).stretch_to_fit_width(
            max(abs(contour.c2p(self.x_range[1], c1)[0] - contour.c2p(self.x_range[0], c1)[0]), 0.04))
        self.window.stretch_to_fit_height(
            max(abs(contour.c2p(c0, self.y_range[1])[1] - contour.c2p(c0, self.y_range[0])[1]), 0.04))
        self.window.move_to(contour.c2p(c0, c1))
        self.frame = Rectangle(width=width, height=height, stroke_color=color, stroke_width=2,
                               fill_color="#000000", fill_opacity=1)
        pts = self.c2p(w0, w1)
        self.path = VMobject(stroke_color=color, stroke_width=2.5).set_points_as_corners(pts)
        self.dots = VGroup(*(Dot(p, radius=0.04, color=color) for p in pts))
        size, muted = FONT_SIZE["small"], PALETTE["muted"]
        x_ticks = [v for v in _ticks(np.array(self.x_range), n_ticks)]
        y_ticks = [v for v in _ticks(np.array(self.y_range), n_ticks)]
        self.x_ticks = VGroup(*(
            VGroup(Line(self.c2p(v, self.y_range[0]), self.c2p(v, self.y_range[0]) + DOWN * 0.07, stroke_width=1.5,
                        color=muted),
                   _plated(MathTex(_num(v), font_size=size, color=muted)
                           .next_to(self.c2p(v, self.y_range[0]), DOWN, buff=0.1)))
            for v in x_ticks))
        self.y_ticks = VGroup(*(
            VGroup(Line(self.c2p(self.x_range[0], v), self.c2p(self.x_range[0], v) + LEFT * 0.07, stroke_width=1.5,
                        color=muted),
                   MathTex(_num(v), font_size=size, color=muted).next_to(self.c2p(self.x_range[0], v), LEFT, buff=0.1))
            for v in y_ticks))
        self.x_label = MathTex("w_0", font_size=size).next_to(self.frame, RIGHT, buff=0.1).align_to(self.frame, DOWN)
        self.y_label = MathTex("w_1", font_size=size).next_to(self.y_ticks, LEFT, buff=0.1)
        self.add(self.frame, self.x_ticks, self.y_ticks, self.x_label, self.y_label, self.path, self.dots)

    def c2p(self, w0, w1) -> np.ndarray:
        """Scene point(s) of (w0, w1) inside the inset's frame."""
        dl, ur = self.frame.get_corner(DOWN + LEFT), self.frame.get_corner(UP + RIGHT)
        u = (np.asarray(w0, dtype=float) - self.x_range[0]) / (self.x_range[1] - self.x_range[0])
        v = (np.asarray(w1, dtype=float) - self.y_range[0]) / (self.y_range[1] - self.y_range[0])
        return dl + np.multiply.outer(u, [ur[0] - dl[0], 0, 0]) + np.multiply.outer(v, [0, ur[1] - dl[1], 0])

    def links(self, **style) -> VGroup:
        """Two lines from the window's upper corners to the inset frame's lower ones (inset above)."""
        style = {"stroke_color": self.window.get_stroke_color(), "stroke_width": 1.5, "stroke_opacity": 0.8, **style}
        return VGroup(*(Line(self.window.get_corner(UP + s), self.frame.get_corner(DOWN + s), **style)
                        for s in (LEFT, RIGHT)))
