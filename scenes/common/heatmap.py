"""A small matrix drawn as coloured cells, as ``plt.matshow(mat, cmap="bwr", vmin, vmax)`` draws it.

Each entry is a square coloured on a diverging scale (negative -> the palette's negative colour,
0 -> black, positive -> the palette's positive colour), optionally with its value written inside;
columns may be named (TeX, e.g. ``h_1``, ``P_A``) and split by a vertical line, as the course
marks where the hidden state ends and the probabilities begin:

>>> mat = MatrixHeatmap(values, column_names=["h_1", "h_2", "P_A", "P_b"], divider=2)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import LEFT, UP, Line, ManimColor, MathTex, Rectangle, VGroup

from .colors import diverging_rgb
from .style import FONT_SIZE, PALETTE

__all__ = ["MatrixHeatmap"]


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
