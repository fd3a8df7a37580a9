"""A matrix of values as a grid of coloured cells (matplotlib's ``matshow``), with its labels and legend.

One colour convention, the project's diverging scale (:func:`scenes.common.colors.diverging_rgb`, as the
weight images and feature maps): PALETTE negative at ``-scale``, black at 0, PALETTE positive at
``+scale``, clipped; :meth:`MatrixHeatmap.color_bar` is its legend (ends and 0 labelled, an optional title).
Rows are drawn top to bottom, columns left to right. Columns can carry labels above the cells (where
``matshow`` puts its ticks), headers spanning several columns above those, and dividers between columns
(solid or dashed, as the course's ``axvline``); rows can carry labels on the left; each cell can carry its
value. Values of shape ``(n_states, rows, cols)`` follow an epoch ``ValueTracker``:

>>> heat = MatrixHeatmap(values, tracker=epoch, column_labels=["g_0", "g_1"], dividers={2: "solid"})
>>> bar = heat.color_bar(title=label("...", size="small"))
>>> MatrixHeatmap(mat, decimals=2, row_labels=["A", "b"])      # one matrix, its numbers in the cells

:class:`HeatmapImage` is one matrix as one picture in the same colours, one pixel per cell drawn
nearest-neighbour (crisp cells), its thin cell grid one vector path over it: what a small tile of many
needs, where hundreds of vector cells per tile cost most of a frame. :class:`HeatmapMosaic` lays many
matrices of one shape out in rows of such tiles (the course's ``plt.subplots(5, 5)`` of ``matshow``),
each framed in the colour of its mark (e.g. a run that learnt).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from manim import (
    LEFT,
    RESAMPLING_ALGORITHMS,
    UP,
    DashedLine,
    Group,
    ImageMobject,
    Line,
    ManimColor,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
)

from .colors import ColorBar, diverging_rgb
from .network import diverging_bar
from .style import FONT_SIZE, PALETTE

__all__ = ["MatrixHeatmap", "HeatmapImage", "HeatmapMosaic"]


class MatrixHeatmap(VGroup):
    """A ``(rows, cols)`` matrix (or ``(n_states, rows, cols)`` following ``tracker``) as coloured cells.

    Parameters
    ----------
    values : the matrix, or one matrix per recorded state.
    tracker : the epoch ``ValueTracker`` a stack of matrices follows (rounded to a state).
    scale : |value| drawn at full colour (the course's ``vmin=-1, vmax=1`` is 1); ``None``: the largest
        |value| of all states.
    cell_width, cell_height : one cell's size (square when ``cell_height`` is None).
    column_labels : TeX of each column's label, written above the grid (or ``None``).
    headers : ``(first, last, tex)`` triples: TeX centred over columns ``first..last``, above the labels.
    row_labels : TeX of each row's label, left of the grid.
    dividers : ``{column: "solid" | "dashed"}``, a line on the left edge of that column.
    decimals : write each value in its cell with this many decimals (one matrix only); ``None``: no numbers.
    font_size : of the labels and numbers (at least 20).
    stroke_width : of the cells' outlines (thinner for small cells).

    Attributes
    ----------
    cells : ``cells[i][j]`` the rectangle of row ``i``, column ``j`` (also :meth:`cell`); ``numbers``,
        ``column_labels``, ``header_labels``, ``row_labels``, ``lines`` the decorations (empty groups when
        not asked for).
    """

    def __init__(self, values, tracker: ValueTracker | None = None, *, scale: float | None = 1.0,
                 cell_width: float = 0.42, cell_height: float | None = None,
                 column_labels: Sequence[str] | None = None, headers: Sequence[tuple[int, int, str]] = (),
                 row_labels: Sequence[str] | None = None, dividers: Mapping[int, str] | None = None,
                 decimals: int | None = None, font_size: float = FONT_SIZE["small"], stroke_width: float = 0.6,
                 **kwargs):
        super().__init__(**kwargs)
        v = np.asarray(values, dtype=float)
        if v.ndim == 2:
            v = v[None]
        if v.ndim != 3:
            raise ValueError(f"MatrixHeatmap takes (rows, cols) or (n_states, rows, cols) values, got shape {v.shape}")
        _check_scale("MatrixHeatmap", scale)
        if decimals is not None and len(v) > 1:
            raise ValueError("MatrixHeatmap: numbers in the cells (decimals) need one matrix, not a stack of states")
        n_rows, n_cols = v.shape[1:]
        for name, seq, n in (("column_labels", column_labels, n_cols), ("row_labels", row_labels, n_rows)):
            if seq is not None and len(seq) != n:
                raise ValueError(f"MatrixHeatmap: {len(seq)} {name} for {n} {name.split('_')[0]}s")
        _check_dividers("MatrixHeatmap", dividers, n_cols)
        for first, last, _ in headers:
            if not 0 <= first <= last < n_cols:
                raise ValueError(f"MatrixHeatmap: header columns {first}..{last} outside 0..{n_cols - 1}")
        self.values = v
        self.scale_value = _scale_of(v, scale)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        self._rgb = diverging_rgb(v, self.scale_value) / 255
        cell_height = cell_width if cell_height is None else cell_height
        self.cells = VGroup()
        for i in range(n_rows):
            self.cells.add(VGroup(*(Rectangle(width=cell_width, height=cell_height, stroke_width=stroke_width,
                                              stroke_color=PALETTE["data_faint"], fill_opacity=1.0)
                                    .move_to([j * cell_width, -i * cell_height, 0]) for j in range(n_cols))))
        self.add(self.cells)
        self._state = -1
        self._recolour()
        if len(v) > 1:
            self.cells.add_updater(lambda _: self._recolour())
        self.numbers = VGroup(*(MathTex(f"{v[0, i, j]:.{decimals}f}", font_size=font_size, color=PALETTE["text"])
                                .move_to(self.cells[i][j]) for i in range(n_rows) for j in range(n_cols)
                                if decimals is not None))
        self.lines = _divider_lines(dividers, self.cells, lambda col: self.cells[0][col].get_left()[0])
        self.column_labels = VGroup(*(MathTex(tex, font_size=font_size, color=PALETTE["text"])
                                      .next_to(self.cells[0][j], UP, buff=0.12)
                                      for j, tex in enumerate(column_labels or ())))
        above = self.column_labels if len(self.column_labels) else self.cells
        self.header_labels = VGroup()
        for first, last, tex in headers:
            x = (self.cells[0][first].get_left()[0] + self.cells[0][last].get_right()[0]) / 2
            self.header_labels.add(MathTex(tex, font_size=font_size, color=PALETTE["text"]).move_to([x, 0, 0])
                                   .next_to(above, UP, buff=0.15, coor_mask=np.array([0, 1, 0])))
        self.row_labels = VGroup(*(MathTex(tex, font_size=font_size, color=PALETTE["text"])
                                   .next_to(self.cells[i][0], LEFT, buff=0.12)
                                   for i, tex in enumerate(row_labels or ())))
        self.add(self.numbers, self.lines, self.column_labels, self.header_labels, self.row_labels)

    @property
    def state(self) -> int:
        """The recorded state shown now (the tracker's value, rounded and clipped)."""
        return int(np.clip(round(self.tracker.get_value()), 0, len(self.values) - 1))

    def _recolour(self) -> None:
        k = self.state
        if k == self._state:
            return
        self._state = k
        for i, row in enumerate(self.cells):
            for j, cell in enumerate(row):
                cell.set_fill(ManimColor(self._rgb[k, i, j]), opacity=1.0)

    def cell(self, row: int, col: int) -> Rectangle:
        return self.cells[row][col]

    def columns(self, first: int, last: int | None = None) -> VGroup:
        """The cells of columns ``first..last`` (inclusive; one column when ``last`` is None)."""
        last = first if last is None else last
        return VGroup(*(row[j] for row in self.cells for j in range(first, last + 1)))

    def rows(self, first: int, last: int | None = None) -> VGroup:
        """The cells of rows ``first..last`` (inclusive; one row when ``last`` is None)."""
        last = first if last is None else last
        return VGroup(*(self.cells[i] for i in range(first, last + 1)))

    def color_bar(self, *, height: float | None = None, title=None, decimals: int | None = None) -> ColorBar:
        """The legend: ``-scale`` .. 0 .. ``+scale`` in the cells' colours (the cells' height unless ``height``)."""
        return diverging_bar(self.scale_value, title=title, height=height or self.cells.height, decimals=decimals)


class HeatmapImage(Group):
    """A ``(rows, cols)`` matrix as one picture in :class:`MatrixHeatmap`'s colours, the size its cells take.

    One pixel per cell, drawn nearest-neighbour, so every cell stays a crisp block of one colour at any
    size; the thin outlines of the cells are one vector path over the picture, the dividers lines, as
    MatrixHeatmap draws them. No labels, numbers or epoch tracker: this is the small tile of a mosaic
    (:class:`HeatmapMosaic`), where hundreds of vector cells per tile cost most of a frame.

    Parameters
    ----------
    values : the matrix.
    scale, cell_width, cell_height, dividers : as :class:`MatrixHeatmap`.
    stroke_width : of the cells' outlines (0: none).

    Attributes
    ----------
    cells : the picture of the cells (an ``ImageMobject``; :meth:`cell` gives one cell's place);
        ``grid`` the cells' outlines (one ``VMobject``), ``lines`` the dividers.
    """

    def __init__(self, values, *, scale: float | None = 1.0, cell_width: float = 0.42,
                 cell_height: float | None = None, dividers: Mapping[int, str] | None = None,
                 stroke_width: float = 0.6, **kwargs):
        super().__init__(**kwargs)
        v = np.asarray(values, dtype=float)
        if v.ndim != 2 or not v.size:
            raise ValueError(f"HeatmapImage takes (rows, cols) values, got shape {v.shape}")
        _check_scale("HeatmapImage", scale)
        n_rows, n_cols = v.shape
        _check_dividers("HeatmapImage", dividers, n_cols)
        self.values = v
        self.scale_value = _scale_of(v, scale)
        self.cell_width = cell_width
        self.cell_height = cell_width if cell_height is None else cell_height
        rgba = np.concatenate([diverging_rgb(v, self.scale_value), np.full((n_rows, n_cols, 1), 255, np.uint8)], axis=2)
        self.cells = ImageMobject(rgba)
        self.cells.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.cells.stretch_to_fit_width(n_cols * self.cell_width).stretch_to_fit_height(n_rows * self.cell_height)
        # MatrixHeatmap's cells are centred on (j * width, -i * height): the same place
        self.cells.move_to([(n_cols - 1) * self.cell_width / 2, -(n_rows - 1) * self.cell_height / 2, 0])
        self.grid = VMobject(stroke_color=PALETTE["data_faint"], stroke_width=stroke_width, fill_opacity=0)
        if stroke_width > 0:
            left, top = self.cells.get_left()[0], self.cells.get_top()[1]
            right, bottom = self.cells.get_right()[0], self.cells.get_bottom()[1]
            ends = [([left, top - i * self.cell_height, 0], [right, top - i * self.cell_height, 0])
                    for i in range(n_rows + 1)]
            ends += [([left + j * self.cell_width, top, 0], [left + j * self.cell_width, bottom, 0])
                     for j in range(n_cols + 1)]
            self.grid.set_points(np.concatenate([_straight_curve(np.array(a, float), np.array(b, float))
                                                 for a, b in ends]))

        def left_of(col: int) -> float:
            return self.cells.get_left()[0] + col * self.cell_width

        self.lines = _divider_lines(dividers, self.cells, left_of)
        self.add(self.cells, self.grid, self.lines)

    def cell(self, row: int, col: int) -> Rectangle:
        """An invisible rectangle over the cell of row ``row``, column ``col``, to place things against."""
        n_rows, n_cols = self.values.shape
        if not (0 <= row < n_rows and 0 <= col < n_cols):
            raise IndexError(f"HeatmapImage: no cell ({row}, {col}) in {n_rows} rows x {n_cols} columns")
        x = self.cells.get_left()[0] + (col + 0.5) * self.cell_width
        y = self.cells.get_top()[1] - (row + 0.5) * self.cell_height
        return Rectangle(width=self.cell_width, height=self.cell_height, stroke_opacity=0).move_to([x, y, 0])

    def color_bar(self, *, height: float | None = None, title=None, decimals: int | None = None) -> ColorBar:
        """The legend: ``-scale`` .. 0 .. ``+scale`` in the cells' colours (the cells' height unless ``height``)."""
        return diverging_bar(self.scale_value, title=title, height=height or self.cells.height, decimals=decimals)


class HeatmapMosaic(Group):
    """Matrices of one shape as small :class:`HeatmapImage` tiles, ``columns`` to a row, left to right
    then top to bottom; each tile framed in ``mark_colors[0]`` where ``marks`` is true, else ``[1]``.

    Parameters
    ----------
    matrices : ``(n, rows, cols)``.
    columns : tiles per row.
    scale, cell_width, cell_height, dividers : as :class:`MatrixHeatmap`, for every tile.
    marks : one bool per matrix (or ``None``: no frames).
    mark_colors : the frames' colours, (true, false).
    buff : the gap between two tiles.

    Attributes
    ----------
    tiles : the heatmaps, in order; ``frames`` their frames (empty without ``marks``).
    """

    def __init__(self, matrices, *, columns: int = 5, scale: float | None = 1.0, cell_width: float = 0.2,
                 cell_height: float | None = None, dividers: Mapping[int, str] | None = None,
                 marks: Sequence[bool] | None = None, mark_colors=(PALETTE["truth"], PALETTE["point"]),
                 buff: float = 0.2, **kwargs):
        super().__init__(**kwargs)
        m = np.asarray(matrices, dtype=float)
        if m.ndim != 3 or not len(m):
            raise ValueError(f"HeatmapMosaic takes (n, rows, cols) matrices, got shape {m.shape}")
        if marks is not None and len(marks) != len(m):
            raise ValueError(f"HeatmapMosaic: {len(marks)} marks for {len(m)} matrices")
        if columns < 1:
            raise ValueError(f"HeatmapMosaic: columns must be 1 or more, got {columns}")
        scale = _scale_of(m, scale)
        self.tiles = Group(*(HeatmapImage(one, scale=scale, cell_width=cell_width, cell_height=cell_height,
                                          dividers=dividers, stroke_width=0.3) for one in m))
        self.tiles.arrange_in_grid(cols=columns, buff=buff)
        self.frames = VGroup(*(SurroundingRectangle(tile.cells, buff=0.035, stroke_width=2.5,
                                                    color=mark_colors[0] if mark else mark_colors[1])
                               for tile, mark in zip(self.tiles, marks if marks is not None else ())))
        self.add(self.tiles, self.frames)

    def color_bar(self, *, height: float | None = None, title=None, decimals: int | None = None) -> ColorBar:
        """The tiles' legend (:meth:`HeatmapImage.color_bar`), the mosaic's height unless ``height``."""
        return self.tiles[0].color_bar(height=height or self.height, title=title, decimals=decimals)


def _check_scale(who: str, scale: float | None) -> None:
    if scale is not None and not scale > 0:
        raise ValueError(f"{who}: scale must be above 0, got {scale}")


def _scale_of(values: np.ndarray, scale: float | None) -> float:
    """``scale``, or the largest |value| (1 when every value is 0)."""
    return float(scale if scale is not None else (np.max(np.abs(values)) or 1.0))


def _check_dividers(who: str, dividers: Mapping[int, str] | None, n_cols: int) -> None:
    for col in dividers or {}:
        if not 0 < col < n_cols:
            raise ValueError(f"{who}: a divider at column {col} is not between two of the {n_cols} columns")


def _divider_lines(dividers: Mapping[int, str] | None, cells, left_of) -> VGroup:
    """A line on the left edge of each divider's column (``left_of(col)``: its x), a little above and below
    ``cells``: solid, or dashed (the course's ``axvline``)."""
    top, bottom = cells.get_top()[1], cells.get_bottom()[1]
    lines = VGroup()
    for col, style in (dividers or {}).items():
        x = left_of(col)
        kind = DashedLine if style == "dashed" else Line
        lines.add(kind([x, top + 0.05, 0], [x, bottom - 0.05, 0], color=PALETTE["truth"],
                       stroke_width=2 if style == "dashed" else 3))
    return lines


def _straight_curve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The four points of the cubic Bezier curve that is the segment ``a``..``b``."""
    return np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b])
