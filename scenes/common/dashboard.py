"""Pictures any recording can use, each following one epoch ``ValueTracker`` over the recorded states.

- :class:`TrainingDashboard`: the loss per update (drawn up to the tracked state), any logged series,
  a weight norm per layer as bars, the epoch and update counters;
- :class:`PredictionPlot`: predictions against targets (a regression), the diagonal is a perfect fit;
- :class:`DecisionBoundary`: a 2-D classifier's probability over the input plane, with the data.

Every value drawn is passed in as an array with one entry per state (or per update, or per epoch):
nothing here trains or evaluates a model. ``TrainingDashboard.from_recording`` reads a recording's
loss and parameters; :func:`weight_norms` and :func:`plane_grid` are the arithmetic they need.

>>> epoch = ValueTracker(0)
>>> board = TrainingDashboard.from_recording(r, epoch)
>>> self.play(epoch.animate.set_value(r.n_states - 1), run_time=4, rate_func=linear)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, Line, Rectangle, ValueTracker, VGroup, VMobject, color_to_rgb

from ..strings import t
from .charts import LossChart, _nice_step
from .colors import cell_mobjects, ramp
from .model_diagram import stagger_labels
from .numbers import LiveNumber
from .plots import FitPlot, edge_axes
from .style import FONT_SIZE, PALETTE
from .text import label, plain
from .tracking import epoch_state

__all__ = ["TrainingDashboard", "PredictionPlot", "DecisionBoundary", "weight_norms", "plane_grid", "series_index"]


def weight_norms(params: Mapping[str, np.ndarray], *, weights_only: bool = True) -> dict[str, np.ndarray]:
    """``{name: (n_states,)}`` the L2 norm of each parameter at every state, from ``{name: (n_states, ...)}``
    (e.g. ``{n: r.param(n) for n in r.param_names}``); biases are left out with ``weights_only``."""
    out = {}
    for name, values in params.items():
        if weights_only and not name.endswith("weight"):
            continue
        v = np.asarray(values, dtype=float)
        out[name] = np.sqrt((v.reshape(len(v), -1) ** 2).sum(axis=1))
    return out


def plane_grid(x, steps: int = 40, margin: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(gx, gy, points)``: a ``steps x steps`` grid over 2-D inputs ``x`` (n, 2) with a margin, and its
    points ``(steps * steps, 2)`` row by row (y outer): evaluate the model on them at each state and
    reshape to ``(n_states, steps, steps)`` for :class:`DecisionBoundary`."""
    x = np.asarray(x, dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = (hi - lo) * margin
    gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], steps)
    gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], steps)
    xx, yy = np.meshgrid(gx, gy)
    return gx, gy, np.column_stack([xx.ravel(), yy.ravel()])


def series_index(length: int, state: int, n_states: int, epochs: np.ndarray | None = None) -> int:
    """The entry of a series of ``length`` shown at ``state``: one per state, one per update (the loss
    state k's update was computed from), or one per epoch (the last of the ``epochs[state]`` epochs
    done; -1 before the first epoch ends)."""
    if length == n_states:
        return state
    if length == n_states - 1:
        return min(state, length - 1)
    if epochs is not None and length == int(np.max(epochs)):
        return int(min(epochs[state], length)) - 1     # -1: no epoch done yet, nothing to show
    raise ValueError(f"a series of {length} values is neither per state ({n_states}), per update "
                     f"({n_states - 1}) nor per epoch; pass one of those")


def _curve_to(chart: LossChart, values: np.ndarray, last: int, color, stroke_width: float = 3.0) -> VMobject:
    xs = np.arange(1, last + 2)
    pts = np.column_stack([chart.axes.x_axis.n2p(xs)[:, 0], chart.axes.y_axis.n2p(values[:last + 1])[:, 1],
                           np.zeros(len(xs))]) if last >= 0 else np.zeros((0, 3))
    curve = VMobject(stroke_color=color, stroke_width=stroke_width)
    if len(pts) > 1:
        curve.set_points_as_corners(pts)
    elif len(pts) == 1:
        curve.set_points_as_corners([pts[0], pts[0]])
    return curve


class _TrackedChart(VGroup):
    """A LossChart of one series, drawn faint, with the part up to the tracked state bright and a dot on it."""

    def __init__(self, name: str, values, tracker: ValueTracker, n_states: int, epochs, *, color,
                 width: float, height: float, **kwargs):
        super().__init__(**kwargs)
        self.values = np.asarray(values, dtype=float).ravel()
        if len(self.values) < 2:
            raise ValueError(f"series {name!r} has {len(self.values)} value(s); a chart needs two or more")
        self.tracker, self.n_states, self.epochs = tracker, n_states, epochs
        self.curve_color = color
        # about one numbered tick per 0.4 units of height: the numbers of a short chart keep apart
        self.chart = LossChart({name: (self.values, color)}, width=width, height=height,
                               y_label=plain(name, size="small", color=color), y_ticks=int(np.clip(height / 0.4, 2, 4)))
        self.chart.get_curve(name).set_stroke(opacity=0.3)
        self.progress = _curve_to(self.chart, self.values, 0, color)
        self.dot = Dot(radius=0.06, color=color)
        self.add(self.chart, self.progress, self.dot)
        self._shown = None
        self._follow(self)
        self.add_updater(self._follow)

    def index(self) -> int:
        return series_index(len(self.values), epoch_state(self.tracker, self.n_states), self.n_states, self.epochs)

    def _follow(self, _):
        i = self.index()
        if i == self._shown:
            return
        self._shown = i
        if i < 0:   # nothing recorded yet (a per-epoch series before the first epoch ends)
            self.progress.clear_points()
            self.dot.set_opacity(0)
            return
        self.progress.set_points(_curve_to(self.chart, self.values, i, self.curve_color).points)
        self.dot.set_opacity(1).move_to(self.chart.axes.c2p(i + 1, self.values[i]))


class TrainingDashboard(VGroup):
    """A run at a glance: loss, logged series, weight norms per layer and the epoch, following a tracker.

    Parameters
    ----------
    loss : ``(n_updates,)`` the loss of every update (``r.loss``).
    tracker : the epoch ``ValueTracker`` over the states ``0..n_updates``.
    series : ``{name: values}`` more curves (accuracy, a test loss...), each per state, per update or
        per epoch (with ``epochs``); each gets a small chart of its own.
    weight_norms : ``{layer: (n_states,)}`` drawn as one bar per layer (:func:`weight_norms`).
    epochs : ``(n_states,)`` epochs done at each state (default: none shown, only the update).
    width, height : the size the dashboard spans.

    Attributes
    ----------
    loss_chart : the loss chart (``loss_chart.chart`` the ``LossChart``, ``.progress`` the bright part,
        ``.dot`` the tracked update); ``series_charts``: ``{name: chart}``; ``norm_bars``: the bars
        (``norm_bars.bars``, ``.names``, ``.numbers``); ``counter``: the epoch and update counters.
    """

    def __init__(self, loss, tracker: ValueTracker, *, series: Mapping[str, np.ndarray] | None = None,
                 weight_norms: Mapping[str, np.ndarray] | None = None, epochs=None, width: float = 12.5,
                 height: float = 6.5, **kwargs):
        super().__init__(**kwargs)
        loss = np.asarray(loss, dtype=float).ravel()
        self.tracker, self.n_states = tracker, len(loss) + 1
        self.epochs = None if epochs is None else np.asarray(epochs).ravel()
        if self.epochs is not None and len(self.epochs) != self.n_states:
            raise ValueError(f"epochs has {len(self.epochs)} entries; pass one per state ({self.n_states})")
        series = dict(series or {})
        # left: the loss over the whole height; right: the series, then the weight-norm bars (or, when the
        # right column has no room for them, the bars in a row of their own under everything)
        side = 0.42 * width if (series or weight_norms) else 0.0
        chart_h = height - 0.35 - 0.45 - 0.9          # the counter above; the chart's name and numbers
        self.norm_bars = None
        bars_room, bars_below = 0.0, False
        if weight_norms:   # built first: what they take (title, numbers, names in one or two rows) is measured
            self.norm_bars = _NormBars(weight_norms, tracker, self.n_states, width=side, height=0.9)
            bars_room = self.norm_bars.height + 0.45
            if series and bars_room + len(series) * 2.25 > chart_h + 1.35:
                self.norm_bars = _NormBars(weight_norms, tracker, self.n_states, width=0.75 * width, height=0.5,
                                           title_left=True)
                bars_room, bars_below = 0.0, True
                chart_h -= self.norm_bars.height + 0.45
        self.loss_chart = _TrackedChart(t("dash.loss"), loss, tracker, self.n_states, self.epochs,
                                        color=PALETTE["train"], width=width - side - 1.6, height=chart_h)
        self.series_charts = {}
        each = (chart_h + 0.9 - bars_room + 0.45) / max(len(series), 1) - 0.45 - 0.9
        colors = [PALETTE["test"], PALETTE["truth"], PALETTE["path"], PALETTE["fit"]]
        for k, (name, values) in enumerate(series.items()):
            self.series_charts[name] = _TrackedChart(name, values, tracker, self.n_states, self.epochs,
                                                     color=colors[k % len(colors)], width=side - 1.3,
                                                     height=max(each, 0.7))
        self.counter = self._counter()
        charts = VGroup(self.loss_chart)
        beside = [self.norm_bars] if self.norm_bars is not None and not bars_below else []
        right = VGroup(*self.series_charts.values(), *beside)
        if len(right):
            right.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
            charts.add(right)
            charts.arrange(RIGHT, buff=0.8, aligned_edge=UP)
        rows = VGroup(self.counter, charts, *([self.norm_bars] if bars_below else []))
        rows.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        self.add(rows)

    def _counter(self) -> VGroup:
        group = VGroup()
        if self.epochs is not None:
            group.add(label("dash.epoch", size="caption"),
                      LiveNumber(self.epochs, self.tracker, num_decimal_places=0, font_size=FONT_SIZE["caption"]))
        group.add(label("dash.update", size="caption"),
                  LiveNumber(np.arange(self.n_states), self.tracker, num_decimal_places=0,
                             font_size=FONT_SIZE["caption"]))
        group.arrange(RIGHT, buff=0.2)
        for k in range(2, len(group), 2):      # a wider gap between the two counters
            group[k:].shift(RIGHT * 0.4)
        return group

    @classmethod
    def from_recording(cls, rec, tracker: ValueTracker, *, series: Mapping[str, np.ndarray] | None = None,
                       norms: bool = True, **kwargs) -> TrainingDashboard:
        """A recording's dashboard: its loss, the weight norm of each ``*.weight`` parameter, its epochs
        (``rec.updates_per_epoch``), and ``series`` given (e.g. a logged one, ``r.series("acc")``)."""
        per_epoch = max(int(rec.updates_per_epoch), 1)
        epochs = np.arange(rec.n_states) // per_epoch
        norm = weight_norms({n: rec.param(n) for n in rec.param_names}) if norms else None
        return cls(rec.loss, tracker, series=series, weight_norms=norm, epochs=epochs, **kwargs)


class _NormBars(VGroup):
    """One bar per layer, its height the layer's weight norm at the tracked state (one scale for the run)."""

    def __init__(self, norms: Mapping[str, np.ndarray], tracker: ValueTracker, n_states: int, *, width: float,
                 height: float, title_left: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.norms = {k: np.asarray(v, dtype=float).ravel() for k, v in norms.items()}
        for name, v in self.norms.items():
            if len(v) != n_states:
                raise ValueError(f"weight norm {name!r} has {len(v)} values; pass one per state ({n_states})")
        self.tracker, self.n_states = tracker, n_states
        self.top = max(float(np.max(v)) for v in self.norms.values()) or 1.0
        self.height_max = height
        self.title = label("dash.norm", size="small", color=PALETTE["muted"])
        self.names = VGroup(*(plain(n, size="small", color=PALETTE["text"]) for n in self.norms))
        # a slot per layer as wide as its name, narrower when the layers would not fit (names then staggered)
        slot = max(max(n.width for n in self.names) + 0.35, 1.0)
        slot = min(slot, max(width / len(self.norms), 0.6))
        self.bars, self.numbers = VGroup(), VGroup()
        for k, v in enumerate(self.norms.values()):
            x = k * slot
            bar = Rectangle(width=0.45, height=height, stroke_width=0, fill_color=PALETTE["fit"], fill_opacity=0.85)
            bar.move_to([x, height / 2, 0])
            self.bars.add(bar)
            self.names[k].move_to([x, -0.25, 0])
            number = LiveNumber(v, tracker, num_decimal_places=2, font_size=FONT_SIZE["small"])
            self.numbers.add(number)
        stagger_labels(list(self.names), up=False)
        self.baseline = Line([-0.4, 0, 0], [(len(self.norms) - 1) * slot + 0.4, 0, 0], stroke_width=2,
                             color=PALETTE["muted"])
        # the room the tallest bar and its number take, so that whatever is placed above never meets them
        self.room = Rectangle(width=self.baseline.width, height=height + 0.4, stroke_opacity=0, fill_opacity=0)
        self.room.move_to(self.baseline.get_center(), aligned_edge=DOWN)
        if title_left:
            self.title.next_to(self.baseline, LEFT, buff=0.3).align_to(self.baseline, DOWN).shift(UP * 0.05)
        else:
            self.title.next_to(self.room, UP, buff=0.1).align_to(self.baseline, LEFT)
        self.add(self.room, self.baseline, self.bars, self.names, self.numbers, self.title)
        self._shown = None
        self._follow(self)
        self.add_updater(self._follow)

    def _follow(self, _):
        k = epoch_state(self.tracker, self.n_states)
        if k == self._shown:
            return
        self._shown = k
        base = self.baseline.get_y()
        for bar, number, v in zip(self.bars, self.numbers, self.norms.values()):
            h = max(self.height_max * float(v[k]) / self.top, 1e-3)
            bar.stretch_to_fit_height(h)
            bar.move_to([bar.get_x(), base + h / 2, 0])
            number.next_to(bar, UP, buff=0.08)


class PredictionPlot(VGroup):
    """Predictions against targets, one dot per sample, moving with the tracked state; the diagonal is a
    perfect fit (a regression's picture for any number of inputs).

    Parameters
    ----------
    targets : ``(n,)`` the true values.
    predictions : ``(n_states, n)`` (or ``(n_states, n, 1)``) the model's outputs at each state
        (``r.prediction``, on the recording's ``x_show``).
    tracker : the epoch ``ValueTracker``.
    value_range : the axes' range (default: the targets' and every state's predictions, nicely rounded).
    max_points : at most this many samples are drawn (evenly spaced).
    x_name, y_name : the axes' names (default: target and prediction, in the lecture's language).

    Attributes
    ----------
    plot : the :class:`~scenes.common.plots.FitPlot` (axes); ``diagonal``; ``dots``; ``names``.
    """

    def __init__(self, targets, predictions, tracker: ValueTracker, *, width: float = 4.5, height: float = 4.5,
                 value_range: tuple[float, float] | None = None, max_points: int = 200, x_name: str | None = None,
                 y_name: str | None = None, **kwargs):
        super().__init__(**kwargs)
        targets = np.asarray(targets, dtype=float).ravel()
        pred = np.asarray(predictions, dtype=float)
        pred = pred.reshape(len(pred), -1)
        if pred.shape[1] != len(targets):
            raise ValueError(f"predictions of shape {np.shape(predictions)} do not fit {len(targets)} targets: "
                             f"pass (n_states, {len(targets)})")
        idx = np.unique(np.linspace(0, len(targets) - 1, min(max_points, len(targets))).round().astype(int))
        self.targets, self.predictions, self.tracker = targets[idx], pred[:, idx], tracker
        finite = self.predictions[np.isfinite(self.predictions)]
        lo, hi = value_range or (float(min(targets.min(), finite.min())), float(max(targets.max(), finite.max())))
        step = _nice_step((hi - lo) or 1.0, 4)
        lo, hi = step * np.floor(lo / step), step * np.ceil(hi / step)
        self.plot = edge_axes(FitPlot([lo, hi, step], [lo, hi, step], width=width, height=height, tick_size=0.08))
        self.diagonal = Line(self.plot.c2p(lo, lo), self.plot.c2p(hi, hi), stroke_width=2, color=PALETTE["truth"])
        self.dots = VGroup(*(Dot(radius=0.05, color=PALETTE["fit"]) for _ in self.targets))
        x_name, y_name = x_name or t("dash.target"), y_name or t("dash.prediction")
        self.names = VGroup(plain(x_name, size="small").next_to(self.plot, DOWN, buff=0.15),
                            plain(y_name, size="small").rotate(np.pi / 2).next_to(self.plot, LEFT, buff=0.15))
        self.add(self.plot, self.diagonal, self.names, self.dots)
        self._shown = None
        self._follow(self)
        self.dots.add_updater(self._follow)

    def state(self) -> int:
        return epoch_state(self.tracker, len(self.predictions))

    def _follow(self, _):
        k = self.state()
        key = (k, *self.plot.axes.c2p(0, 0))
        if key == self._shown:
            return
        self._shown = key
        lo, hi = self.plot.y_range[:2]
        y = np.clip(self.predictions[k], lo, hi)
        for dot, p in zip(self.dots, self.plot.c2p_many(self.targets, y)):
            dot.move_to(p)


def _probability_colors(u: np.ndarray) -> np.ndarray:
    """RGB uint8 of class-1 probabilities: the negative colour (0) through black (0.5) to the positive (1),
    darkened so that the data dots read over it."""
    stops = np.array([np.array(color_to_rgb(PALETTE["negative"])) * 0.55, np.zeros(3),
                      np.array(color_to_rgb(PALETTE["positive"])) * 0.55]) * 255
    return np.round(ramp(u, stops)).astype(np.uint8)


class DecisionBoundary(VGroup):
    """A 2-D binary classifier's probability over the input plane at the tracked state, and the data.

    Parameters
    ----------
    x : ``(n, 2)`` inputs; ``labels``: ``(n,)`` classes 0 and 1.
    gx, gy : the grid's x and y values (:func:`plane_grid`).
    probabilities : ``(n_states, len(gy), len(gx))`` the model's probability of class 1 on the grid at
        each state (row ``i`` at ``gy[i]``).
    tracker : the epoch ``ValueTracker``.
    n_colors : colour levels of the heat cells.

    Attributes
    ----------
    plot : the axes (:class:`~scenes.common.plots.FitPlot`); ``heat``: the probability cells, rebuilt
        when the state changes; ``data_dots``: the data, coloured by class.
    """

    def __init__(self, x, labels, gx, gy, probabilities, tracker: ValueTracker, *, width: float = 4.5,
                 height: float = 4.5, n_colors: int = 24, dot_radius: float = 0.05, **kwargs):
        super().__init__(**kwargs)
        x, labels = np.asarray(x, dtype=float), np.asarray(labels).ravel()
        self.gx, self.gy = np.asarray(gx, float), np.asarray(gy, float)
        self.probabilities = np.asarray(probabilities, dtype=float)
        if self.probabilities.shape[1:] != (len(self.gy), len(self.gx)):
            raise ValueError(f"probabilities of shape {self.probabilities.shape} do not fit a "
                             f"{len(self.gy)} x {len(self.gx)} grid: pass (n_states, {len(self.gy)}, {len(self.gx)})")
        self.tracker, self.n_colors = tracker, n_colors
        self.x_edges, self.y_edges = _edges(self.gx), _edges(self.gy)
        self.plot = FitPlot([self.x_edges[0], self.x_edges[-1], _nice_step(np.ptp(self.x_edges), 4)],
                            [self.y_edges[0], self.y_edges[-1], _nice_step(np.ptp(self.y_edges), 4)],
                            width=width, height=height)
        self.heat = VGroup(*(VMobject(stroke_width=0, fill_opacity=1.0) for _ in range(n_colors)))
        self.data_dots = VGroup(*(Dot(self.plot.c2p(a, b), radius=dot_radius, stroke_width=1, stroke_color="#FFFFFF",
                                   fill_color=PALETTE["positive"] if c == 1 else PALETTE["negative"],
                                   fill_opacity=1.0) for (a, b), c in zip(x, labels)))
        self.add(self.heat, self.plot, self.data_dots)
        self._shown = None
        self._follow(self.heat)
        self.heat.add_updater(self._follow)

    def state(self) -> int:
        return epoch_state(self.tracker, len(self.probabilities))

    def _follow(self, heat):
        k = self.state()
        key = (k, *self.plot.axes.c2p(0, 0))
        if key == self._shown:
            return
        self._shown = key
        cells = cell_mobjects(self.probabilities[k], self.x_edges, self.y_edges, self.plot.c2p,
                              n_colors=self.n_colors, colors=_probability_colors)
        # the same mobjects take the new cells (one per colour level): Cairo lists what moves when a play
        # starts, so new submobjects would not be drawn until the next play
        for i, slot in enumerate(heat.submobjects):
            if i < len(cells):
                slot.set_points(cells[i].points).set_fill(cells[i].get_fill_color(), 1.0)
            else:
                slot.clear_points()


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around evenly spaced grid values."""
    step = (centres[-1] - centres[0]) / max(len(centres) - 1, 1)
    return np.concatenate([centres - step / 2, [centres[-1] + step / 2]])
