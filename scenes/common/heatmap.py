"""A matrix of values as a grid of coloured cells (matplotlib's ``matshow``), with its labels.

Rows are drawn top to bottom, columns left to right; each cell's colour is its value on a
diverging scale from ``vmin`` (PALETTE negative) through 0 (white) to ``vmax`` (PALETTE
positive), clipped. Columns can carry labels (one per column), headers spanning several columns,
and dividers between columns (solid or dashed, as the course's ``axvline``); rows can carry
labels on the left. Values of shape ``(n_states, rows, cols)`` follow an epoch ``ValueTracker``:

>>> grid = ValueGrid(values, tracker=epoch, column_labels=["g_0", "g_1"], dividers={2: "solid"})
>>> bar = grid.color_bar(title=label("...", size="small"))

``MatrixHeatmap`` is a static matrix with its values written in the cells (0 black, as the diagrams'
weights), for the course's ``h | P`` tables. Two classes for one idea, written by two lectures at once:
to be made one (a ``ValueGrid`` with numbers in its cells).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    DashedLine,
    Line,
    ManimColor,
    MathTex,
    Rectangle,
    ValueTracker,
    VGroup,
    interpolate_color,
)

from .colors import ColorBar, diverging_rgb
from .style import FONT_SIZE, PALETTE

__all__ = ["ValueGrid", "MatrixHeatmap", "diverging_color"]


def diverging_color(value: float, vmin: float = -1.0, vmax: float = 1.0) -> ManimColor:
    """``value``'s colour: PALETTE negative at ``vmin``, white at 0, PALETTE positive at ``vmax`` (clipped)."""
    v = float(value)
    if v >= 0:
        u = min(v / vmax, 1.0) if vmax > 0 else 0.0
        return interpolate_color(ManimColor("#ffffff"), ManimColor(PALETTE["positive"]), u)
    u = min(v / vmin, 1.0) if vmin < 0 else 0.0
    return interpolate_color(ManimColor("#ffffff"), ManimColor(PALETTE["negative"]), u)


class ValueGrid(VGroup):
    """A ``(rows, cols)`` matrix (or ``(n_states, rows, cols)`` following ``tracker``) as coloured cells.

    Parameters
    ----------
    values : the matrix, or one matrix per recorded state.
    tracker : the epoch ``ValueTracker`` a stack of matrices follows (rounded to a state).
    vmin, vmax : the ends of the colour scale (the course's ``vmin=-1, vmax=1``).
    cell_width, cell_height : one cell's size.
    column_labels : TeX of each column's label, written under the grid (or ``None``).
    headers : ``(first, last, tex)`` triples: TeX centred over columns ``first..last``, above the grid.
    row_labels : TeX of each row's label, left of the grid.
    dividers : ``{column: "solid" | "dashed"}``, a line on the left edge of that column.

    Attributes
    ----------
    cells : ``cells[i][j]`` the rectangle of row ``i``, column ``j``; ``labels``, ``header_labels``,
    ``row_label_mobs``, ``lines`` the decorations (empty groups when not asked for).
    """

    def __init__(self, values, tracker: ValueTracker | None = None, *, vmin: float = -1.0, vmax: float = 1.0,
                 cell_width: float = 0.42, cell_height: float = 0.36, column_labels: Sequence[str] | None = None,
                 headers: Sequence[tuple[int, int, str]] = (), row_labels: Sequence[str] | None = None,
                 dividers: Mapping[int, str] | None = None, font_size: float = FONT_SIZE["small"], **kwargs):
        super().__init__(**kwargs)
        v = np.asarray(values, dtype=float)
        if v.ndim == 2:
            v = v[None]
        if v.ndim != 3:
            raise ValueError(f"ValueGrid takes (rows, cols) or (n_states, rows, cols) values, got shape {v.shape}")
        if vmax <= vmin:
            raise ValueError(f"ValueGrid: vmax ({vmax}) must be above vmin ({vmin})")
        self.values, self.vmin, self.vmax = v, float(vmin), float(vmax)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        n_rows, n_cols = v.shape[1:]
        for name, seq, n in (("column_labels", column_labels, n_cols), ("row_labels", row_labels, n_rows)):
            if seq is not None and len(seq) != n:
                raise ValueError(f"ValueGrid: {len(seq)} {name} for {n} {name.split('_')[0]}s")
        self.cells = VGroup()
        for i in range(n_rows):
            row = VGroup()
            for j in range(n_cols):
                row.add(Rectangle(width=cell_width, height=cell_height, stroke_width=0.6,
                                  stroke_color=PALETTE["data_faint"], fill_opacity=1.0)
                        .move_to([j * cell_width, -i * cell_height, 0]))
            self.cells.add(row)
        self.add(self.cells)
        self._state = -1
        self._recolour()
        if len(v) > 1:
            self.cells.add_updater(lambda _: self._recolour())
        top, bottom = self.cells.get_top()[1], self.cells.get_bottom()[1]
        self.lines = VGroup()
        for col, style in (dividers or {}).items():
            if not 0 < col < n_cols:
                raise ValueError(f"ValueGrid: a divider at column {col} is not between two of the {n_cols} columns")
            x = self.cells[0][col].get_left()[0]
            kind = DashedLine if style == "dashed" else Line
            self.lines.add(kind([x, top + 0.05, 0], [x, bottom - 0.05, 0], color=PALETTE["truth"],
                                stroke_width=3 if style != "dashed" else 2))
        self.labels = VGroup(*(MathTex(tex, font_size=font_size).next_to(self.cells[-1][j], DOWN, buff=0.12)
                               for j, tex in enumerate(column_labels or ())))
        self.header_labels = VGroup()
        for first, last, tex in headers:
            if not 0 <= first <= last < n_cols:
                raise ValueError(f"ValueGrid: header columns {first}..{last} outside 0..{n_cols - 1}")
            x = (self.cells[0][first].get_left()[0] + self.cells[0][last].get_right()[0]) / 2
            self.header_labels.add(MathTex(tex, font_size=font_size).move_to([x, 0, 0])
                                   .next_to(self.cells, UP, buff=0.15, coor_mask=np.array([0, 1, 0])))
        self.row_label_mobs = VGroup(*(MathTex(tex, font_size=font_size).next_to(self.cells[i][0], LEFT, buff=0.12)
                                       for i, tex in enumerate(row_labels or ())))
        self.add(self.lines, self.labels, self.header_labels, self.row_label_mobs)

    @property
    def state(self) -> int:
        return int(np.clip(round(self.tracker.get_value()), 0, len(self.values) - 1))

    def _recolour(self) -> None:
        k = self.state
        if k == self._state:
            return
        self._state = k
        for i, row in enumerate(self.cells):
            for j, cell in enumerate(row):
                cell.set_fill(diverging_color(self.values[k, i, j], self.vmin, self.vmax), opacity=1.0)

    def cell(self, row: int, col: int) -> Rectangle:
        return self.cells[row][col]

    def columns(self, first: int, last: int | None = None) -> VGroup:
        """The cells of columns ``first..last`` (inclusive; one column when ``last`` is None)."""
        last = first if last is None else last
        return VGroup(*(row[j] for row in self.cells for j in range(first, last + 1)))

    def rows(self, first: int, last: int | None = None) -> VGroup:
        """The cells of rows ``first..last`` (inclusive)."""
        last = first if last is None else last
        return VGroup(*(self.cells[i] for i in range(first, last + 1)))

    def color_bar(self, *, height: float | None = None, title=None, decimals: int = 0) -> ColorBar:
        """The grid's colour scale as a :class:`ColorBar` (the grid's height unless ``height``)."""
        return ColorBar(self.vmin, self.vmax, colors=[diverging_color(self.vmin, self.vmin, self.vmax), "#ffffff",
                                                       diverging_color(self.vmax, self.vmin, self.vmax)],
                        height=height or self.cells.height, width=0.2, decimals=decimals, title=title)


class MatrixHeatmap(VGroup):
    """A (rows, cols) array as a grid of coloured squares.

    Parameters
    ----------
    values : (rows, cols) array.
    scale : |value| drawn at full colour (the ``vmin=-scale, vmax=scale`` of ``matshow``); default
        the largest |value|.
    cell : width of one cell (a square unless ``cell_height`` is given).
    cell_height : height of one cell, for numbers wider than tall (default ``cell``).
    column_names, row_names : TeX written above the columns / left of the rows, or ``None``.
    divider : a vertical line before this column (``axvline(divider - 0.5)``), or ``None``.
    decimals : write each value inside its square with this many decimals; ``None``: no numbers.
    font_size : of the names and numbers (at least 20).

    Attributes
    ----------
    cells : one ``Rectangle`` per entry, row by row (``cell_at(i, j)``); ``numbers``, ``column_labels``,
        ``row_labels`` (empty groups when not asked for); ``divider_line`` or ``None``.
    """

    def __init__(self, values, *, scale: float | None = None, cell: float = 0.4, cell_height: float | None = None,
                 column_names: Sequence[str] | None = None, row_names: Sequence[str] | None = None,
                 divider: int | None = None, decimals: int | None = None, font_size: float = FONT_SIZE["small"],
                 **kwargs):
        super().__init__(**kwargs)
        v = np.asarray(values, dtype=float)
        if v.ndim != 2:
            raise ValueError(f"MatrixHeatmap takes a 2-D array, got shape {v.shape}")
        rows, cols = v.shape
        for what, names, n in (("column_names", column_names, cols), ("row_names", row_names, rows)):
            if names is not None and len(names) != n:
                raise ValueError(f"MatrixHeatmap: {len(names)} {what} for {n} {what.split('_')[0]}s")
        if divider is not None and not 0 < divider < cols:
            raise ValueError(f"MatrixHeatmap: divider {divider} must be between 1 and {cols - 1}")
        self.values = v
        self.scale_value = scale or float(np.max(np.abs(v))) or 1.0
        rgb = diverging_rgb(v, self.scale_value)
        self.cells, self.numbers = VGroup(), VGroup()
        for i in range(rows):
            for j in range(cols):
                sq = Rectangle(width=cell, height=cell_height or cell, stroke_width=0.5,
                               stroke_color=PALETTE["data_faint"], fill_color=ManimColor(rgb[i, j] / 255),
                               fill_opacity=1)
                sq.move_to([j * cell, -i * (cell_height or cell), 0])
                self.cells.add(sq)
                if decimals is not None:
                    self.numbers.add(MathTex(f"{v[i, j]:.{decimals}f}", font_size=font_size,
                                             color=PALETTE["text"]).move_to(sq))
        self.add(self.cells, self.numbers)
        self.column_labels, self.row_labels = VGroup(), VGroup()
        if column_names is not None:
            for j, name in enumerate(column_names):
                self.column_labels.add(MathTex(name, font_size=font_size, color=PALETTE["text"])
                                       .next_to(self.cells[j], UP, buff=0.1))
            self.add(self.column_labels)
        if row_names is not None:
            for i, name in enumerate(row_names):
                self.row_labels.add(MathTex(name, font_size=font_size, color=PALETTE["text"])
                                    .next_to(self.cells[i * cols], LEFT, buff=0.1))
            self.add(self.row_labels)
        self.divider_line = None
        if divider is not None:
            x = self.cells[divider].get_left()[0]
            top, bottom = self.cells[0].get_top()[1], self.cells[-1].get_bottom()[1]
            self.divider_line = Line([x, top + 0.05, 0], [x, bottom - 0.05, 0], stroke_width=3,
                                     color=PALETTE["truth"])
            self.add(self.divider_line)
        self.shape = (rows, cols)

    def cell_at(self, i: int, j: int) -> Rectangle:
        """The cell of entry (i, j)."""
        return self.cells[i * self.shape[1] + j]
