"""scenes.common.heatmap: a matrix as coloured squares, as matshow draws it."""

import numpy as np
import pytest
from manim import ManimColor

from scenes.common.heatmap import MatrixHeatmap
from scenes.common.style import PALETTE


def test_cells_follow_sign_and_size():
    m = MatrixHeatmap(np.array([[1.0, -1.0, 0.0]]), scale=1.0)
    assert len(m.cells) == 3
    assert m.cell_at(0, 0).get_fill_color().to_hex().lower() == ManimColor(PALETTE["positive"]).to_hex().lower()
    assert m.cell_at(0, 1).get_fill_color().to_hex().lower() == ManimColor(PALETTE["negative"]).to_hex().lower()
    assert m.cell_at(0, 2).get_fill_color().to_hex().lower() == "#000000"


def test_names_divider_and_numbers_are_placed():
    m = MatrixHeatmap(np.arange(6.0).reshape(2, 3) - 2, column_names=["h_1", "P_A", "P_b"], row_names=["A", "b"],
                      divider=1, decimals=1)
    assert len(m.column_labels) == 3 and len(m.row_labels) == 2 and len(m.numbers) == 6
    assert m.column_labels[0].get_bottom()[1] > m.cells[0].get_top()[1]
    x = m.divider_line.get_x()
    assert m.cell_at(0, 0).get_right()[0] == pytest.approx(x) == pytest.approx(m.cell_at(0, 1).get_left()[0])


@pytest.mark.parametrize("kwargs, words", [
    ({"column_names": ["a"]}, "1 column_names for 3 columns"),
    ({"divider": 3}, "divider 3"),
])
def test_mistakes_are_one_line(kwargs, words):
    with pytest.raises(ValueError, match=words):
        MatrixHeatmap(np.zeros((2, 3)), **kwargs)


def test_cells_may_be_wider_than_tall():
    m = MatrixHeatmap(np.zeros((3, 2)), cell=0.8, cell_height=0.4)
    assert m.cell_at(0, 0).width == pytest.approx(0.8) and m.cell_at(0, 0).height == pytest.approx(0.4)
    assert m.cells.height == pytest.approx(1.2, abs=0.01)
