"""ValueGrid: a matrix as coloured cells (matshow), its labels, dividers and colour scale."""

import numpy as np
import pytest
from manim import ManimColor, ValueTracker

from scenes.common.heatmap import ValueGrid, diverging_color
from scenes.common.style import PALETTE


def test_diverging_color_ends_and_middle():
    assert diverging_color(1.0).to_hex() == ManimColor(PALETTE["positive"]).to_hex()
    assert diverging_color(-3.0).to_hex() == ManimColor(PALETTE["negative"]).to_hex()   # clipped
    assert diverging_color(0.0).to_hex().lower() == "#ffffff"


def test_cells_labels_and_dividers():
    values = np.array([[1.0, -1.0, 0.0], [0.5, -0.5, 0.25]])
    grid = ValueGrid(values, column_labels=["a", "b", "c"], row_labels=["x", "y"], headers=[(0, 1, "ab")],
                     dividers={2: "dashed"})
    assert len(grid.cells) == 2 and len(grid.cells[0]) == 3
    assert grid.cell(0, 0).get_fill_color().to_hex() == ManimColor(PALETTE["positive"]).to_hex()
    assert grid.cell(0, 1).get_fill_color().to_hex() == ManimColor(PALETTE["negative"]).to_hex()
    assert grid.cell(1, 0).get_center()[1] < grid.cell(0, 0).get_center()[1]        # rows top to bottom
    assert len(grid.labels) == 3 and len(grid.row_label_mobs) == 2 and len(grid.header_labels) == 1
    assert grid.labels[0].get_top()[1] < grid.cells.get_bottom()[1]                   # labels under the grid
    assert abs(grid.lines[0].get_center()[0] - grid.cell(0, 2).get_left()[0]) < 1e-6
    assert len(grid.columns(0, 1)) == 4 and len(grid.rows(1)) == 1
    bar = grid.color_bar()
    assert bar.vmin == -1 and bar.vmax == 1


def test_follows_a_tracker():
    values = np.stack([np.full((2, 2), -1.0), np.full((2, 2), 1.0)])
    epoch = ValueTracker(0)
    grid = ValueGrid(values, tracker=epoch)
    assert grid.cell(1, 1).get_fill_color().to_hex() == ManimColor(PALETTE["negative"]).to_hex()
    epoch.set_value(1)
    grid.cells.update()
    assert grid.cell(1, 1).get_fill_color().to_hex() == ManimColor(PALETTE["positive"]).to_hex()


@pytest.mark.parametrize("kwargs, message", [
    ({"column_labels": ["a"]}, "1 column_labels for 2 columns"),
    ({"dividers": {0: "solid"}}, "divider at column 0"),
    ({"vmin": 1, "vmax": 0}, "must be above"),
    ({"headers": [(0, 5, "x")]}, "header columns"),
])
def test_bad_arguments_say_what(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ValueGrid(np.zeros((2, 2)), **kwargs)
