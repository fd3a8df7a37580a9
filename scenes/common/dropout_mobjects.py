"""Mobjects of the dropout videos: a mask grid and a tensor table (the fit plot is ``plots.FitPlot``).

Each one takes its data first and styling as keywords; methods that change
what is shown return animations, the scene decides when to play them.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Line,
    ManimColor,
    MathTex,
    Rectangle,
    Text,
    Transform,
    VGroup,
    VMobject,
)

from .style import FONT_SIZE, PALETTE
from .text import label, typeset

__all__ = ["MaskGrid", "TermBars", "TensorTable", "PlotFrame", "LineLegend", "tick_text"]


class MaskGrid(VGroup):
    """Hidden units as a grid of cells: dropped cells dark, kept ones bright.

    All kept cells are the sub-paths of one VMobject and all dropped cells of
    another, so showing a new mask rewrites two point arrays (one NumPy
    indexing each) instead of recolouring one mobject per unit: a 512-unit grid
    can follow 1000 epochs at video frame rate.

    Parameters
    ----------
    n_units : number of units (cells), laid out row-major.
    rows : rows of the grid; ``n_units`` must divide by it.
    width : width of the grid on screen.
    gap : the gap between cells, as a fraction of the cell pitch.
    kept_color, unscaled_color, dropped_color : a kept unit scaled by 1/(1-p),
        a unit passed unscaled (before dropout), a dropped unit.
    inactive_color : a unit whose value was already 0 before dropout (a ReLU zeroed it), when
        ``set_mask`` is told which (``inactive=``); a dropped unit is drawn dropped either way.

    Size the grid with ``width``, then move it freely; scaling it afterwards is
    not supported (new masks are laid out at the constructed size).
    """

    def __init__(self, n_units: int = 512, rows: int = 16, *, width: float = 6.0, gap: float = 0.15,
                 kept_color=None, unscaled_color=None, dropped_color=None, inactive_color=None, **kwargs):
        if n_units % rows:
            raise ValueError(f"{n_units} units do not fill {rows} rows")
        super().__init__(**kwargs)
        self.n_units, self.rows, self.cols = n_units, rows, n_units // rows
        self.pitch = width / self.cols
        self.colors = {
            "kept": ManimColor(kept_color or PALETTE["kept"]),
            "unscaled": ManimColor(unscaled_color) if unscaled_color is not None
            else ManimColor(PALETTE["kept"]).interpolate(ManimColor("#000000"), 0.65),
            "dropped": ManimColor(dropped_color or PALETTE["dropped"]),
            "inactive": ManimColor(inactive_color or PALETTE["inactive"]),
        }
        side = self.pitch * (1 - gap)
        r, c = np.divmod(np.arange(n_units), self.cols)
        centers = np.stack([(c - (self.cols - 1) / 2) * self.pitch, ((self.rows - 1) / 2 - r) * self.pitch,
                            np.zeros(n_units)], axis=1)
        self._cell_points = centers[:, None, :] + _square_bezier(side)[None]   # (n_units, 16, 3)
        self.kept_cells = VMobject(stroke_width=0, fill_opacity=1, fill_color=self.colors["unscaled"])
        self.dropped_cells = VMobject(stroke_width=0, fill_opacity=1, fill_color=self.colors["dropped"])
        self.inactive_cells = VMobject(stroke_width=0, fill_opacity=0, fill_color=self.colors["inactive"])
        self.add(self.dropped_cells, self.kept_cells, self.inactive_cells)
        self.mask: np.ndarray | None = None
        self.inactive: np.ndarray | None = None
        self.set_mask(None)

    # -- showing a mask ----------------------------------------------------------------
    def _points(self, which: np.ndarray) -> np.ndarray:
        pts = self._cell_points[which].reshape(-1, 3)
        if not len(pts):  # an empty VMobject cannot be drawn or transformed: one point, zero area
            pts = np.repeat(self._cell_points[0, :1], 4, axis=0)
        return pts

    def set_mask(self, mask: np.ndarray | None, inactive: np.ndarray | None = None) -> MaskGrid:
        """Show ``mask`` (True = kept) at once; ``None``: every unit passes unscaled.

        ``inactive`` (True = the unit's value is 0 before dropout, e.g. ReLU zeroed it): those of the
        kept units are drawn in the inactive colour, so "0 because dropped" and "0 because of the
        activation" look different. Meant for updaters: it keeps the grid where it is and costs a few
        array writes.
        """
        shift = self._shift()
        if mask is None:
            keep = np.ones(self.n_units, bool)
        else:
            keep = np.asarray(mask, dtype=bool).ravel()
            if keep.size != self.n_units:
                raise ValueError(f"a mask of {keep.size} units for a grid of {self.n_units}")
        off = np.zeros(self.n_units, bool) if inactive is None else np.asarray(inactive, dtype=bool).ravel()
        if off.size != self.n_units:
            raise ValueError(f"{off.size} inactive flags for a grid of {self.n_units}")
        self.kept_cells.points = self._points(keep & ~off) + shift
        self.inactive_cells.points = self._points(keep & off) + shift
        self.dropped_cells.points = self._points(~keep) + shift
        self.kept_cells.set_fill(self.colors["unscaled" if mask is None else "kept"],
                                 opacity=1 if (keep & ~off).any() else 0)
        self.inactive_cells.set_fill(opacity=1 if (keep & off).any() else 0)
        self.dropped_cells.set_fill(opacity=1 if (~keep).any() else 0)
        self.mask = None if mask is None else keep
        self.inactive = None if inactive is None else off
        return self

    def show_mask(self, mask: np.ndarray | None, inactive: np.ndarray | None = None, **kwargs) -> AnimationGroup:
        """Fade the grid over to ``mask`` (and ``inactive``, see :meth:`set_mask`)."""
        old = self.copy()
        self.set_mask(mask, inactive)
        return AnimationGroup(FadeOut(old, **kwargs), FadeIn(self, **kwargs))

    def _shift(self) -> np.ndarray:
        # the layout was made around the origin; where has the grid moved since?
        if not hasattr(self, "_anchor"):
            self._anchor = VMobject(stroke_width=0).set_points_as_corners([ORIGIN, ORIGIN])
            self.add(self._anchor)
        return self._anchor.get_center()

    # -- geometry ------------------------------------------------------------------
    def cell_center(self, unit: int) -> np.ndarray:
        """Screen point of the centre of ``unit``'s cell."""
        return self._cell_points[int(unit)].mean(axis=0) + self._shift()

    def cell_size(self) -> float:
        """On-screen pitch of one cell (cell plus gap)."""
        return self.pitch


class TermBars(VGroup):
    """Many terms that add up, one thin bar each around a zero line: ``set_values`` redraws them all.

    Every bar is a sub-path of one VMobject per sign (positive bars in one colour, negative in the
    other), always present (zero height when its term is 0 or of the other sign), so a ``Transform``
    between two ``copy().set_values(...)`` grows, shrinks and removes bars smoothly.

    Parameters
    ----------
    n : number of terms (bars, left to right in term order).
    width, height : the chart's size; the zero line is at mid-height.
    positive_color, negative_color : the bars' colours by sign.

    ``limit`` (set by ``set_values``) is the value at the top (and, negated, the bottom) edge.
    """

    def __init__(self, n: int, *, width: float = 6.0, height: float = 2.0, positive_color=None,
                 negative_color=None, **kwargs):
        super().__init__(**kwargs)
        self.n, self.chart_width, self.chart_height = n, width, height
        self.zero = Line(LEFT * width / 2, RIGHT * width / 2, stroke_width=1.5, color=PALETTE["muted"])
        self.positive = VMobject(stroke_width=0, fill_opacity=1, fill_color=positive_color or PALETTE["positive"])
        self.negative = VMobject(stroke_width=0, fill_opacity=1, fill_color=negative_color or PALETTE["negative"])
        self.add(self.positive, self.negative, self.zero)
        self.limit = 1.0
        self.values = np.zeros(n)
        self.set_values(self.values, 1.0)

    def bar_x(self, j) -> np.ndarray:
        """Screen x of the centre of bar ``j`` (an int or an array)."""
        pitch = self.chart_width / self.n
        return self.zero.get_start()[0] + (np.asarray(j) + 0.5) * pitch

    def set_values(self, values, limit: float) -> TermBars:
        """Show ``values`` with ``limit`` at the top edge (values beyond it are clipped to the edge)."""
        values = np.asarray(values, dtype=float).ravel()
        if values.size != self.n:
            raise ValueError(f"{values.size} values for {self.n} bars")
        if not limit > 0:
            raise ValueError(f"the chart's limit must be positive, got {limit}")
        self.values, self.limit = values, float(limit)
        base = self.zero.get_center()
        pitch = self.chart_width / self.n
        half = min(pitch * 0.45, 0.05)
        x = self.bar_x(np.arange(self.n))
        h = np.clip(values / limit, -1, 1) * self.chart_height / 2
        for part, sign in ((self.positive, 1), (self.negative, -1)):
            hs = np.where(np.sign(h) == sign, h, 0.0)
            corners = np.stack([np.stack([x - half, np.zeros_like(x)], 1), np.stack([x + half, np.zeros_like(x)], 1),
                                np.stack([x + half, hs], 1), np.stack([x - half, hs], 1),
                                np.stack([x - half, np.zeros_like(x)], 1)], 1)            # (n, 5, 2)
            a, b = corners[:, :-1], corners[:, 1:]
            curves = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], 2).reshape(-1, 2)
            pts = np.column_stack([curves, np.zeros(len(curves))]) + np.array([0.0, base[1], 0.0])
            part.points = pts
        return self


def _square_bezier(side: float) -> np.ndarray:
    """The 16 cubic-Bezier points of a closed square of ``side`` around the origin."""
    h = side / 2
    corners = np.array([[-h, h, 0], [h, h, 0], [h, -h, 0], [-h, -h, 0], [-h, h, 0]], float)
    pts = []
    for a, b in zip(corners[:-1], corners[1:]):
        pts += [a, a + (b - a) / 3, a + 2 * (b - a) / 3, b]
    return np.array(pts)


def _bracket(height: float, side: int, color, width: float = 0.12) -> VMobject:
    """A square bracket of ``height``; ``side`` -1 opens right ([), +1 opens left (])."""
    b = VMobject(stroke_color=color, stroke_width=2)
    b.set_points_as_corners([
        np.array([-side * width, height / 2, 0]), np.array([0, height / 2, 0]),
        np.array([0, -height / 2, 0]), np.array([-side * width, -height / 2, 0]),
    ][::1])
    return b


class TensorTable(VGroup):
    """A small 2-D tensor as a bracketed grid of numbers, every entry its own mobject.

    Parameters
    ----------
    values : (rows, cols) array.
    fmt : format of one entry.
    zero : text of an entry that is exactly 0 (``-0.0`` included), e.g. a dropped cell; ``None``:
        format zeros with ``fmt`` too (``"{: .4f}"`` prints ``-0.0000`` as torch does).
    font_size, cell_width, row_height : typography.
    pad : room between the highlight boxes and the brackets.
    color : entry colour.
    font : a monospace font, so columns of digits line up.
    """

    def __init__(self, values: np.ndarray, *, fmt: str = "{:.2f}", zero: str | None = "0",
                 font_size: float | None = None, cell_width: float = 1.2, row_height: float = 0.36, color=None,
                 font: str = "DejaVu Sans Mono", pad: float = 0.1, **kwargs):
        values = np.asarray(values)
        if values.ndim != 2:
            raise ValueError(f"TensorTable takes a 2-D array, got shape {values.shape}")
        super().__init__(**kwargs)
        self.values, self.fmt, self.zero, self.font = values, fmt, zero, font
        self.font_size = font_size or FONT_SIZE["small"]
        self.cell_width, self.row_height = cell_width, row_height
        self.color = color or PALETTE["text"]
        self.entries = VGroup(*(self._entry(v, i, j) for (i, j), v in np.ndenumerate(values)))
        n, m = values.shape
        # the brackets stand clear of the cells' highlight boxes (which fill 90% of a cell):
        # ``pad`` between a box's edge and the bracket's vertical stroke, and above/below the rows
        h = n * row_height + 2 * pad
        half = m * cell_width / 2 - 0.05 * cell_width + pad
        self.brackets = VGroup(
            _bracket(h, -1, PALETTE["muted"]).shift(LEFT * half),
            _bracket(h, +1, PALETTE["muted"]).shift(RIGHT * half),
        )
        self.add(self.entries, self.brackets)

    def _position(self, i: int, j: int) -> np.ndarray:
        n, m = self.values.shape
        return np.array([(j - (m - 1) / 2) * self.cell_width, ((n - 1) / 2 - i) * self.row_height, 0])

    def _entry(self, v, i, j, color=None) -> Text:
        """Entry (i, j) laid out around the origin, right-aligned in its cell."""
        text = self.zero if v == 0 and self.zero is not None else self.fmt.format(float(v))
        txt = typeset(text, font=self.font, font_size=self.font_size, color=color or self.color)
        pos = self._position(i, j)
        return txt.move_to(pos).align_to(pos + RIGHT * self.cell_width * 0.42, RIGHT)

    # -- getters -------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    def get_entry(self, i: int, j: int) -> Text:
        return self.entries[i * self.values.shape[1] + j]

    def get_entries(self, where: np.ndarray | None = None) -> VGroup:
        """All entries, or those where the boolean array ``where`` is True."""
        if where is None:
            return self.entries
        return VGroup(*(self.get_entry(i, j) for (i, j), w in np.ndenumerate(np.asarray(where)) if w))

    def cell_box(self, i: int, j: int, color, *, opacity: float = 0.25) -> Rectangle:
        """A filled rectangle behind entry (i, j) (add it below the entries)."""
        r = Rectangle(width=self.cell_width * 0.9, height=self.row_height * 0.9,
                      stroke_width=0, fill_color=color, fill_opacity=opacity)
        return r.move_to(self._origin + self._position(i, j))

    @property
    def _origin(self) -> np.ndarray:
        # entries were laid out around the origin and the brackets are symmetric about it,
        # so their centre is where the layout's origin went when the table moved
        return self.brackets.get_center()

    def highlight(self, where: np.ndarray, color) -> VGroup:
        """Boxes behind the entries where ``where`` is True, as one VGroup (FadeIn it)."""
        return VGroup(*(self.cell_box(i, j, color) for (i, j), w in np.ndenumerate(np.asarray(where)) if w))

    # -- changes ---------------------------------------------------------------------
    def become_values(self, values: np.ndarray, *, colors: np.ndarray | None = None, **kwargs) -> AnimationGroup:
        """Animate every entry to the matching entry of ``values`` (same shape), optionally recoloured.

        ``colors`` is an array of colours (or ``None`` entries) of the same shape.
        """
        values = np.asarray(values)
        if values.shape != self.values.shape:
            raise ValueError(f"shape {values.shape} differs from the table's {self.values.shape}")
        shift = self._origin
        anims = []
        for (i, j), v in np.ndenumerate(values):
            c = None if colors is None else colors[i, j]
            target = self._entry(v, i, j, color=c).shift(shift)
            anims.append(Transform(self.get_entry(i, j), target))
        self.values = values
        return AnimationGroup(*anims, **kwargs)


def tick_text(v: float, step: float) -> str:
    """A tick value with as many decimals as its step needs (0.04 -> 2, 0.2 -> 1, 10 -> 0)."""
    decimals = 0
    while decimals < 6 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-9:
        decimals += 1
    text = f"{v:.{decimals}f}"
    return "0" if float(text) == 0 else text


class PlotFrame(VGroup):
    """Tick numbers and axis names for a ``FitPlot``, on the plot's left and bottom edges.

    ``Axes`` draw through the origin, so on data around 0 (the noise) or around
    x = 0 (the sum of ReLUs) their numbers would sit among the dots. Here the
    numbers go outside the plot: x values under its bottom edge, y values left
    of its left edge, each with a short tick on that edge, and the axis names
    at the ends (x after the last x number, y above the top-left corner). Where the
    lowest y number would crowd the first x number at the corner, it is left out.

    Parameters
    ----------
    plot : the ``FitPlot`` (its ``x_range``/``y_range`` steps give the ticks).
    x_name, y_name : the axis names, as TeX (``"x"``, ``"y"``, ``r"\\mathrm{net}(x)"``).
    x_every, y_every : number every k-th tick (the others keep their tick mark).
    """

    def __init__(self, plot, x_name: str = "x", y_name: str = "y", *, x_every: int = 1, y_every: int = 1,
                 color=None, **kwargs):
        super().__init__(**kwargs)
        color = color or PALETTE["muted"]
        (x0, x1, xs), (y0, y1, ys) = plot.x_range, plot.y_range
        size = FONT_SIZE["small"]
        self.x_numbers, self.y_numbers, self.ticks = VGroup(), VGroup(), VGroup()
        xv = np.round(np.arange(x0, x1 + xs / 2, xs), 10)
        yv = np.round(np.arange(y0, y1 + ys / 2, ys), 10)
        for k, v in enumerate(xv):
            p = plot.c2p(v, y0)
            self.ticks.add(Line(p, p + DOWN * 0.08, stroke_width=2, color=color))
            if k % x_every == 0:
                self.x_numbers.add(MathTex(tick_text(v, xs), font_size=size, color=color).next_to(p, DOWN, buff=0.14))
        for k, v in enumerate(yv):
            p = plot.c2p(x0, v)
            self.ticks.add(Line(p, p + LEFT * 0.08, stroke_width=2, color=color))
            if k % y_every == 0:
                self.y_numbers.add(MathTex(tick_text(v, ys), font_size=size, color=color).next_to(p, LEFT, buff=0.14))
        # the corner: where the lowest y number would nearly touch the first x number, it is left out (its
        # tick stays, the step reads off the others)
        low, first = self.y_numbers[0], self.x_numbers[0]
        if first.get_left()[0] - low.get_right()[0] < 0.2 and low.get_bottom()[1] - first.get_top()[1] < 0.2:
            self.y_numbers.remove(low)
        self.x_name = MathTex(x_name, font_size=FONT_SIZE["caption"], color=PALETTE["text"])
        self.x_name.next_to(self.x_numbers[-1], RIGHT, buff=0.25)   # on the numbers' row, after the last
        self.y_name = MathTex(y_name, font_size=FONT_SIZE["caption"], color=PALETTE["text"])
        self.y_name.next_to(plot.c2p(x0, y1), UP, buff=0.21).align_to(self.y_numbers, LEFT)
        self.add(self.ticks, self.x_numbers, self.y_numbers, self.x_name, self.y_name)


class LineLegend(VGroup):
    """A key of line samples and their names, one row each, stacked.

    ``rows`` are ``(string key, colour)`` or ``(string key, colour, dict(dashed=True, dot=True, **fmt))``:
    a dashed line sample, a dot instead of a line (for data points), and the key's format fields.
    """

    def __init__(self, rows, *, size: str = "small", sample_width: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        from manim import Dot

        for row in rows:
            key, color, opts = (*row, {})[:3]
            opts = dict(opts)
            dashed, dot = opts.pop("dashed", False), opts.pop("dot", False)
            if dot:
                sample = VGroup(*(Dot(RIGHT * sample_width * f, radius=0.05, color=color) for f in (0.2, 0.8)))
            else:
                sample = Line(ORIGIN, RIGHT * sample_width, stroke_width=4, color=color)
                if dashed:
                    sample = DashedVMobject(sample, num_dashes=3)
            text = label(key, size=size, **opts)
            self.add(VGroup(sample, text).arrange(RIGHT, buff=0.15))
        self.arrange(DOWN, aligned_edge=LEFT, buff=0.14)

    def entry(self, i: int) -> VGroup:
        return self[i]
