"""A 1-D fit plot shared by the families: axes, data dots, curves, and a fitted curve that follows an epoch.

The dropout videos draw dots and curves on it as they go (:meth:`FitPlot.dots`,
:meth:`FitPlot.curve`); the landscape videos build it from a recorded run
(:meth:`FitPlot.from_run`), whose fitted curve follows the epoch tracker and is
recomputed only when the epoch changes (:meth:`FitPlot.follow`).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Axes, Dot, Line, MathTex, ValueTracker, VGroup, VMobject

from .style import FONT_SIZE, PALETTE
from .text import label
from .tracking import epoch_state

__all__ = ["nice_ticks", "subsample", "DotCloud", "FitPlot", "clipped_polyline", "edge_axes", "axis_names"]


def nice_ticks(lo: float, hi: float, target: int = 3) -> np.ndarray:
    """About ``target`` round numbers (steps of 1, 2 or 5 x 10^k) inside [lo, hi]."""
    raw = (hi - lo) / max(target, 1)
    mag = 10 ** np.floor(np.log10(raw))
    step = min((s * mag for s in (1, 2, 5, 10) if s * mag >= raw), default=10 * mag)
    first = np.ceil(lo / step) * step
    ticks = np.arange(first, hi + 1e-9, step)
    return np.round(ticks, 10) + 0.0  # + 0.0 turns -0.0 into 0.0


def subsample(n: int, intervals: int) -> np.ndarray:
    """Indices of at most ``intervals + 1`` of ``n`` evenly spread items, first and last included."""
    return np.unique(np.linspace(0, n - 1, min(n, intervals + 1)).round().astype(int))


class DotCloud(VGroup):
    """Many equal dots drawn as a few paths: the faint data of a plot (2,000 samples in 03wk-2).

    One ``Dot`` per sample is one Cairo fill per sample per repaint: fading in 2,000 of them at 60 fps,
    and painting them again behind every later play, was most of a learning part's drawing. Here the dots
    are put in groups in which no two overlap (greedy, by x), and each group is one path of circles,
    the points of ``Dot`` itself. Cairo fills a path of disjoint circles exactly as it fills each circle
    alone, and overlapping dots are always in different groups, so translucent dots still darken where
    they pile up: the same picture, from tens of fills instead of thousands.

    Parameters
    ----------
    points
        (n, 3) scene points of the dots' centres.
    radius, color, opacity
        As for ``Dot``.
    """

    def __init__(self, points, *, radius: float, color, opacity: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        points = np.asarray(points, dtype=float).reshape(-1, 3)
        template = Dot(ORIGIN, radius=radius).points
        self.centers = points
        self.groups = self._disjoint_groups(points[:, :2], 2 * radius * 1.05)
        for idx in self.groups:
            path = VMobject(fill_color=color, fill_opacity=opacity, stroke_width=0)
            path.set_points(np.concatenate([template + points[i] for i in idx]))
            self.add(path)

    @staticmethod
    def _disjoint_groups(xy: np.ndarray, gap: float) -> list[list[int]]:
        """Indices in groups, no two centres of one group closer than ``gap`` (first fit, in x order)."""
        groups: list[list[int]] = []
        recent: list[list[int]] = []      # per group, its members within ``gap`` in x of the current point
        for i in np.argsort(xy[:, 0], kind="stable"):
            x, y = xy[i]
            for g, near in enumerate(recent):
                near[:] = [j for j in near if x - xy[j, 0] < gap]
                if all((xy[j, 0] - x) ** 2 + (xy[j, 1] - y) ** 2 >= gap * gap for j in near):
                    groups[g].append(int(i))
                    near.append(int(i))
                    break
            else:
                groups.append([int(i)])
                recent.append([int(i)])
        return groups


class FitPlot(VGroup):
    """Axes for a 1-D regression: data dots and fitted curves, clipped to the y range.

    Parameters
    ----------
    x_range, y_range
        ``(min, max, step)`` of the axes.
    width, height
        Size on screen.
    axis_color
        Colour of the axes (default muted).
    tick_size
        Half-length of the tick marks.
    numbers
        Whether to number the ticks (``Axes.add_coordinates``).

    Attributes
    ----------
    axes
        The ``Axes``.
    data, truth, fit
        Set by :meth:`from_run` / :meth:`follow`: the faint data, the true curve and
        the tracked fitted curve (empty mobjects otherwise).
    """

    def __init__(self, x_range, y_range, *, width: float = 6.0, height: float = 4.0, axis_color=None,
                 tick_size: float = 0.05, numbers: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.x_range, self.y_range = tuple(x_range), tuple(y_range)
        axis_config = {"color": axis_color or PALETTE["muted"], "stroke_width": 2, "include_ticks": True,
                       "tick_size": tick_size}
        if numbers:
            axis_config["font_size"] = FONT_SIZE["small"]
        self.axes = Axes(x_range=x_range, y_range=y_range, x_length=width, y_length=height, tips=False,
                         axis_config=axis_config)
        if numbers:
            self.axes.add_coordinates()
        self.add(self.axes)
        self.data, self.truth, self.fit = VGroup(), VMobject(), VMobject()
        self.tracker: ValueTracker | None = None

    @classmethod
    def from_run(cls, x, y, x_show, predictions, tracker: ValueTracker, *, truth=None, x_range=None, y_range=None,
                 x_length: float = 5.5, y_length: float = 3.6, data_opacity: float = 0.08,
                 data_radius: float = 0.035, max_points: int = 250, fit_color=None, **kwargs) -> FitPlot:
        """Data (faint), an optional true curve and the fitted curve of the tracked epoch, on numbered axes.

        Parameters
        ----------
        x, y
            The training data (drawn faint, all of it).
        x_show, predictions
            Inputs the model was evaluated on and (n_states, n_show[, 1]) outputs per state.
        tracker
            The epoch ``ValueTracker``.
        truth
            Optional (n_show,) true values on ``x_show`` (e.g. the true probability).
        x_range, y_range, x_length, y_length
            The axes (ranges default to the data's).
        max_points
            The fitted curve is drawn through at most this many of ``x_show`` (first and last kept).
        """
        x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        if x_range is None:
            ticks = nice_ticks(x.min(), x.max())
            x_range = [float(x.min()), float(x.max()), float(ticks[1] - ticks[0])]
        y_range = y_range or [float(y.min()), float(y.max()), 1]
        plot = cls(x_range, y_range, width=x_length, height=y_length, tick_size=0.1, numbers=True, **kwargs)
        plot.data = plot.cloud(x, y, radius=data_radius, opacity=data_opacity)
        plot.data.suspend_updating()
        x_show = np.asarray(x_show, float).ravel()
        if truth is not None:
            plot.truth = plot.axes.plot_line_graph(x_show, np.asarray(truth, float).ravel(), add_vertex_dots=False,
                                                   line_color=PALETTE["truth"], stroke_width=3)["line_graph"]
        plot.add(plot.data, plot.truth)
        plot.follow(x_show, predictions, tracker, max_points=max_points, color=fit_color)
        return plot

    # -- mapping -------------------------------------------------------------------
    def c2p(self, x, y) -> np.ndarray:
        return self.axes.c2p(x, y)

    def c2p_many(self, x, y) -> np.ndarray:
        """(n, 3) scene points of n (x, y) pairs in one vectorized call (per point, c2p costs ~0.3 ms:
        an updater placing 80 dots every frame spent most of its time there)."""
        x, y = np.ravel(x), np.ravel(y)
        return np.asarray(self.axes.c2p(x, y), dtype=float).reshape(3, len(x)).T

    def point(self, x: float, y: float) -> np.ndarray:
        return np.asarray(self.axes.c2p(x, y))

    # -- things drawn on the axes (not added) ---------------------------------------
    def dots(self, x: np.ndarray, y: np.ndarray, *, color=None, radius: float = 0.04,
             opacity: float = 1.0, clip: bool = True) -> VGroup:
        """One dot per (x, y) sample; with ``clip``, points outside the y range are left out."""
        lo, hi = self.y_range[0], self.y_range[1]
        return VGroup(*(
            Dot(self.c2p(a, b), radius=radius, color=color or PALETTE["data"], fill_opacity=opacity)
            for a, b in zip(np.ravel(x), np.ravel(y)) if not clip or lo <= b <= hi
        ))

    def cloud(self, x: np.ndarray, y: np.ndarray, *, color=None, radius: float = 0.04,
              opacity: float = 1.0) -> DotCloud:
        """All (x, y) samples as a :class:`DotCloud`: the same picture as :meth:`dots`, a few paths to draw."""
        return DotCloud(self.c2p_many(x, y), radius=radius, color=color or PALETTE["data"], opacity=opacity)

    def curve(self, x: np.ndarray, y: np.ndarray, *, color=None, stroke_width: float = 3,
              opacity: float = 1.0) -> VMobject:
        """The polyline through (x, y), broken where it leaves the y range."""
        return clipped_polyline(self.axes, x, y, self.y_range[:2], color=color or PALETTE["fit"],
                                stroke_width=stroke_width, stroke_opacity=opacity)

    def curves(self, x: np.ndarray, ys: np.ndarray, **kwargs) -> VGroup:
        """One curve per row of ``ys`` (e.g. a faint bundle of pieces)."""
        return VGroup(*(self.curve(x, y, **kwargs) for y in ys))

    # -- a fitted curve that follows an epoch tracker ------------------------------------
    def follow(self, x_show, predictions, tracker: ValueTracker, *, max_points: int = 250, color=None,
               stroke_width: float = 4) -> VMobject:
        """Add the fitted curve ``predictions[state]`` over ``x_show`` for the state ``tracker`` points at.

        Its points are recomputed only when the state (or the plot's position)
        changes, through the axes' number lines in one vectorised call; between
        epochs the updater costs one comparison. Returns the curve (also ``self.fit``).
        """
        self.tracker = tracker
        self.x_show = np.asarray(x_show, float).ravel()
        self.predictions = np.asarray(predictions, float).reshape(len(predictions), -1)
        self.n_states = len(self.predictions)
        self._idx = subsample(len(self.x_show), max_points - 1)
        self.fit = VMobject(stroke_color=color or PALETTE["fit"], stroke_width=stroke_width)
        self._key = None
        self._follow(self.fit)
        self.fit.add_updater(self._follow)
        self.add(self.fit)
        return self.fit

    def follower(self, x_show, values, tracker: ValueTracker, *, color=None, stroke_width: float = 4,
                 max_points: int = 250) -> VMobject:
        """Another curve on these axes following ``tracker`` through ``values`` ((n_states, n_show)), as
        :meth:`follow` draws ``fit`` (which it leaves alone): a second run's curve, or any per-state series
        over x. Not added."""
        twin = FitPlot(self.x_range, self.y_range, width=1.0, height=1.0)   # holds the state; draws nothing
        twin.axes = self.axes
        return twin.follow(x_show, values, tracker, max_points=max_points, color=color, stroke_width=stroke_width)

    def state(self) -> int:
        """The recorded state the tracker points at."""
        return epoch_state(self.tracker, self.n_states)

    def fit_point(self, i: int, state: int | None = None) -> np.ndarray:
        """Screen point of the fitted curve at ``x_show[i]`` for ``state`` (default: the tracked one)."""
        k = self.state() if state is None else state
        return self.point(self.x_show[i], self.predictions[k, i])

    def static_parts(self) -> list:
        """Parts that never change (add them before moving mobjects so Cairo paints them once)."""
        return [self.axes, self.data, self.truth]

    def legend(self, fit_key: str, truth_key: str | None = None) -> VGroup:
        """Line samples with the strings ``fit_key`` (and ``truth_key``), stacked."""
        rows = VGroup()
        for key, mob in ((truth_key, self.truth), (fit_key, self.fit)):
            if key is None:
                continue
            sample = Line(ORIGIN, RIGHT * 0.45, stroke_width=4, color=mob.get_stroke_color())
            rows.add(VGroup(sample, label(key, size="small")).arrange(RIGHT, buff=0.12))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.1)

    def _follow(self, m):
        k = self.state()
        key = (k, *self.axes.c2p(0, 0))
        if key == self._key:
            return
        self._key = key
        xs, ys = self.x_show[self._idx], self.predictions[k, self._idx]
        pts = np.column_stack([self.axes.x_axis.n2p(xs)[:, 0], self.axes.y_axis.n2p(ys)[:, 1], np.zeros(len(xs))])
        m.set_points_as_corners(pts)


def clipped_polyline(axes: Axes, x: np.ndarray, y: np.ndarray, y_lim, *, color, stroke_width: float = 3,
                     stroke_opacity: float = 1.0) -> VMobject:
    """A VMobject through the points (x, y), with one sub-path per run that stays inside ``y_lim``.

    Where the curve leaves the range it is cut at the border (linear interpolation),
    so a wild fit visibly exits the plot instead of being squashed against its edge.
    """
    x, y = np.ravel(x).astype(float), np.ravel(y).astype(float)
    lo, hi = y_lim
    vm = VMobject(stroke_color=color, stroke_width=stroke_width, stroke_opacity=stroke_opacity)
    runs: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for k in range(len(x)):
        inside = lo <= y[k] <= hi
        if inside:
            if not cur and k > 0:  # entering: start at the border
                yb = hi if y[k - 1] > hi else lo
                cur.append((x[k - 1] + (x[k] - x[k - 1]) * (yb - y[k - 1]) / (y[k] - y[k - 1]), yb))
            cur.append((x[k], y[k]))
        elif cur:  # leaving: end at the border
            yb = hi if y[k] > hi else lo
            cur.append((x[k - 1] + (x[k] - x[k - 1]) * (yb - y[k - 1]) / (y[k] - y[k - 1]), yb))
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    # one vectorised c2p per run (a point at a time costs ~0.5 ms, and curves have hundreds)
    pts_runs = [np.asarray(axes.c2p(*np.asarray(run, dtype=float).T)).T for run in runs if len(run) >= 2]
    if not pts_runs:
        # nothing inside: an invisible point keeps the mobject valid for Transform
        vm.set_points_as_corners([axes.c2p(x[0], lo), axes.c2p(x[0], lo)])
        vm.set_stroke(opacity=0)
        return vm
    vm.set_points_as_corners(pts_runs[0])
    for run in pts_runs[1:]:
        vm.start_new_path(run[0])
        vm.add_points_as_corners(run[1:])
    return vm


def edge_axes(plot: FitPlot) -> FitPlot:
    """Draw the plot's axes along its bottom and left edges, every tick numbered (0 included).

    Manim crosses the axes at the origin, so on x in [-1, 1] the y axis runs through the
    middle of the data and its numbers sit where the curves pass. The drawn axes become
    copies moved to the edges; the originals stay as the (undrawn) data-to-screen map.
    """
    ax = plot.axes
    (x0, _), (y0, _) = ax.x_range[:2], ax.y_range[:2]
    corner = ax.c2p(x0, y0)
    xa, ya = ax.x_axis.copy(), ax.y_axis.copy()
    xa.shift(UP * (corner[1] - ax.x_axis.n2p(x0)[1]))
    ya.shift(RIGHT * (corner[0] - ax.y_axis.n2p(y0)[0]))
    for axis in (xa, ya):
        for part in ("numbers", "ticks"):
            if getattr(axis, part, None) is not None:
                axis.remove(getattr(axis, part))
        axis.exclude_origin_tick = False
        axis.add_ticks()
        axis.add_numbers(x_values=axis.get_tick_range(), excluding=[], font_size=FONT_SIZE["small"])
    # the originals stay in the group (they move with it and map data to the screen), undrawn
    for axis in (ax.x_axis, ax.y_axis):
        if getattr(axis, "numbers", None) is not None:
            axis.remove(axis.numbers)
        axis.set_stroke(opacity=0)
    ax.add(xa, ya)
    ax.drawn = VGroup(xa, ya)
    return plot


def axis_names(plot: FitPlot, x_tex: str = "x", y_tex: str = "y") -> VGroup:
    """The axes' names: x right of the x axis' end, y above the y axis' top (the edges :func:`edge_axes` draws)."""
    ax, fs = plot.axes, FONT_SIZE["caption"]
    (x0, x1), (y0, y1) = ax.x_range[:2], ax.y_range[:2]
    return VGroup(MathTex(x_tex, font_size=fs).next_to(ax.c2p(x1, y0), RIGHT, buff=0.15),
                  MathTex(y_tex, font_size=fs).next_to(ax.c2p(x0, y1), UP, buff=0.15))
