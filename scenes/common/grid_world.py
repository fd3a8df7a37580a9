"""A grid world drawn cell by cell: the board, a table of numbers, the greedy action of a Q-table as arrows.

Tabular reinforcement learning keeps one number per (state, action); on a grid of states these
mobjects show it the way a teacher draws it on the board::

    board = GridBoard(4, 4, cell=0.9)                    # squares, row 0 at the top, column 0 at the left
    board.center_of(3, 3)                                 # where a dot in cell (3, 3) goes
    board.shade(q.max(axis=-1), vmin=-10, vmax=100)       # each cell filled by its value
    arrows = QTableArrows(board, q, {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}, skip=[(3, 3)])
    grid = NumberGrid(q[:, :, 1], decimals=2)              # the same numbers as a matrix of text

States are (row, column) pairs, as numpy indexes a (rows, cols, actions) table; an action's
direction is its (row step, column step). Nothing here knows any game or lecture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from manim import RIGHT, Arrow, Dot, Square, VGroup

from .colors import heat
from .style import PALETTE
from .text import plain

__all__ = ["GridBoard", "QTableArrows", "NumberGrid", "greedy_actions"]


class GridBoard(VGroup):
    """A ``rows`` x ``cols`` board of square cells of side ``cell``; row 0 on top, column 0 on the left."""

    def __init__(self, rows: int = 4, cols: int = 4, *, cell: float = 0.9, stroke_color=None,
                 stroke_width: float = 3.0, **kwargs):
        super().__init__(**kwargs)
        if rows < 1 or cols < 1:
            raise ValueError(f"GridBoard needs at least one row and one column, got {rows} x {cols}")
        self.rows, self.cols, self.cell = rows, cols, cell
        self.squares = VGroup()
        for r in range(rows):
            for c in range(cols):
                sq = Square(side_length=cell, stroke_color=stroke_color or PALETTE["muted"], stroke_width=stroke_width,
                            fill_opacity=0.0)
                sq.move_to(np.array([(c - (cols - 1) / 2) * cell, ((rows - 1) / 2 - r) * cell, 0.0]))
                self.squares.add(sq)
        self.add(self.squares)

    def square(self, row: int, col: int) -> Square:
        """The square of cell (row, col)."""
        return self.squares[row * self.cols + col]

    def center_of(self, row: float, col: float) -> np.ndarray:
        """The centre of cell (row, col); a position off the board (row -1, column 4) lies half a cell outside
        the edge it left by, where an agent that walked off is drawn."""
        r = float(np.clip(row, -0.5, self.rows - 0.5))
        c = float(np.clip(col, -0.5, self.cols - 0.5))
        top_left = self.squares[0].get_center()
        return top_left + np.array([c * self._step(), -r * self._step(), 0.0])

    def _step(self) -> float:
        """The distance between neighbouring cell centres now (the board may have been scaled)."""
        return self.squares[0].width

    def shade(self, values: np.ndarray, vmin: float, vmax: float, colors: Sequence | None = None,
              opacity: float = 0.6) -> GridBoard:
        """Fill each cell with the colour of its value on a scale from ``vmin`` to ``vmax``."""
        values = np.asarray(values, dtype=float)
        if values.shape != (self.rows, self.cols):
            raise ValueError(f"shade takes a ({self.rows}, {self.cols}) array, got {values.shape}")
        fills = heat(values.ravel(), vmin, vmax, colors)
        for sq, color in zip(self.squares, fills):
            sq.set_fill(color, opacity=opacity)
        return self

    def mark(self, row: int, col: int, color, opacity: float = 0.5) -> GridBoard:
        """Fill one cell (a start, a goal)."""
        self.square(row, col).set_fill(color, opacity=opacity)
        return self

    def agent(self, row: float = 0, col: float = 0, color=None) -> Dot:
        """A dot for an agent standing in cell (row, col)."""
        return Dot(self.center_of(row, col), radius=0.22 * self._step(), color=color or PALETTE["point"])


def greedy_actions(q: np.ndarray) -> np.ndarray:
    """The action of largest value in each cell of a (rows, cols, actions) table (first one on ties),
    -1 where every action has the same value (nothing learnt there yet)."""
    q = np.asarray(q, dtype=float)
    best = q.argmax(axis=-1)
    return np.where(np.ptp(q, axis=-1) == 0, -1, best)


class QTableArrows(VGroup):
    """In each cell of ``board`` an arrow for the greedy action of ``q`` ((rows, cols, actions)).

    ``directions`` maps each action to its (row step, column step); cells in ``skip`` (terminal
    states) and cells whose actions are all equal get no arrow. ``arrows[(row, col)]`` is the arrow
    drawn in a cell.
    """

    def __init__(self, board: GridBoard, q: np.ndarray, directions: Mapping[int, Sequence[int]], *,
                 skip: Iterable[tuple[int, int]] = (), color=None, length: float = 0.6, **kwargs):
        super().__init__(**kwargs)
        q = np.asarray(q, dtype=float)
        if q.shape[:2] != (board.rows, board.cols):
            raise ValueError(f"QTableArrows takes a ({board.rows}, {board.cols}, actions) table, got {q.shape}")
        missing = [a for a in range(q.shape[2]) if a not in directions]
        if missing:
            raise ValueError(f"QTableArrows: actions {missing} have no direction; give directions for all "
                             f"{q.shape[2]} actions")
        skip = {tuple(s) for s in skip}
        self.actions = greedy_actions(q)
        self.arrows: dict[tuple[int, int], Arrow] = {}
        half = length * board._step() / 2
        for r in range(board.rows):
            for c in range(board.cols):
                a = int(self.actions[r, c])
                if (r, c) in skip or a < 0:
                    continue
                dr, dc = directions[a]
                unit = np.array([dc, -dr, 0.0], dtype=float)
                center = board.center_of(r, c)
                arrow = Arrow(center - unit * half, center + unit * half, buff=0, stroke_width=5,
                              max_tip_length_to_length_ratio=0.4, color=color or PALETTE["fit"])
                self.arrows[(r, c)] = arrow
                self.add(arrow)


class NumberGrid(VGroup):
    """A matrix of numbers as text, one per cell, right-aligned in columns ``cell_width`` apart.

    ``entries[(row, col)]`` is the text of one number (to highlight it).
    """

    def __init__(self, values: np.ndarray, *, decimals: int = 2, cell_width: float = 0.85, cell_height: float = 0.36,
                 size: str | float = "small", color=None, **kwargs):
        super().__init__(**kwargs)
        values = np.asarray(values, dtype=float)
        if values.ndim != 2:
            raise ValueError(f"NumberGrid takes a 2-D array, got shape {values.shape}")
        self.entries = {}
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                v = values[r, c]
                s = f"{v:.{decimals}f}"
                if float(s) == 0:
                    s = f"{0:.{decimals}f}"      # never "-0.00"
                text = plain(s, size=size, color=color)
                text.move_to(np.array([c * cell_width, -r * cell_height, 0.0]), aligned_edge=RIGHT)
                self.entries[(r, c)] = text
                self.add(text)
        self.center()
