"""Grid-world mobjects (scenes/common/grid_world.py, value_bars.py): where cells, arrows, numbers and bars go."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.common.grid_world import GridBoard, NumberGrid, QTableArrows, greedy_actions
from scenes.common.text import plain
from scenes.common.value_bars import ValueBars

DIRECTIONS = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}


def test_board_rows_go_down_and_columns_right():
    board = GridBoard(4, 4, cell=1.0)
    assert np.allclose(board.center_of(0, 0), [-1.5, 1.5, 0])
    assert np.allclose(board.center_of(3, 3), [1.5, -1.5, 0])
    # off the board: half a cell outside the edge it left by
    assert np.allclose(board.center_of(-1, 0), [-1.5, 2.0, 0])
    assert np.allclose(board.center_of(0, 4), [2.0, 1.5, 0])
    board.scale(0.5).shift([3, 0, 0])
    assert np.allclose(board.center_of(3, 0), [3 - 0.75, -0.75, 0])


def test_shade_wants_one_value_per_cell():
    with pytest.raises(ValueError, match=r"\(4, 4\)"):
        GridBoard(4, 4).shade(np.zeros(3), 0, 1)


def test_greedy_actions_leave_untouched_cells_empty():
    q = np.zeros((2, 2, 4))
    q[0, 0] = [1, 5, 0, 0]
    q[1, 1] = [7, 7, 0, 0]     # a tie: the first action, as argmax
    assert greedy_actions(q).tolist() == [[1, -1], [-1, 0]]


def test_arrows_point_from_each_cell_toward_its_greedy_action():
    board = GridBoard(4, 4, cell=1.0)
    q = np.zeros((4, 4, 4))
    q[..., 1] = 1.0            # right everywhere ...
    q[0, 0] = [2, 0, 0, 0]     # ... but down in the corner
    arrows = QTableArrows(board, q, DIRECTIONS, skip=[(3, 3)])
    assert (3, 3) not in arrows.arrows and len(arrows.arrows) == 15
    right = arrows.arrows[(1, 1)]
    assert right.get_end()[0] > right.get_start()[0] and np.isclose(right.get_end()[1], right.get_start()[1])
    down = arrows.arrows[(0, 0)]
    assert down.get_end()[1] < down.get_start()[1]
    for (r, c), arrow in arrows.arrows.items():   # every arrow stays inside its own cell
        sq = board.square(r, c)
        assert sq.get_left()[0] <= arrow.get_left()[0] and arrow.get_right()[0] <= sq.get_right()[0]
        assert sq.get_bottom()[1] <= arrow.get_bottom()[1] and arrow.get_top()[1] <= sq.get_top()[1]


def test_arrows_need_a_direction_for_every_action():
    with pytest.raises(ValueError, match=r"actions \[3\]"):
        QTableArrows(GridBoard(4, 4), np.ones((4, 4, 4)), {0: (1, 0), 1: (0, 1), 2: (-1, 0)})


def test_number_grid_rows_and_columns_do_not_overlap():
    grid = NumberGrid(np.array([[-10.0, 98.72], [-0.001, 5.0]]), decimals=2)
    assert grid.entries[(1, 0)].text == "0.00"          # never "-0.00"
    a, b, c = grid.entries[(0, 0)], grid.entries[(0, 1)], grid.entries[(1, 0)]
    assert a.get_right()[0] < b.get_left()[0]
    assert a.get_bottom()[1] > c.get_top()[1]
    assert np.isclose(a.get_right()[0], c.get_right()[0])   # right-aligned columns


def test_value_bars_heights_follow_values_and_transform_in_place():
    bars = ValueBars([1.0, 10.0], names=[plain("a"), plain("b")], top=10.0, height=2.0)
    assert np.isclose(bars.bars[1].height, 2.0) and np.isclose(bars.bars[0].height, 0.2)
    assert bars.bars[0].get_right()[0] < bars.bars[1].get_left()[0]
    for bar, name, number in zip(bars.bars, bars.names, bars.numbers):
        assert name.get_top()[1] < bar.get_bottom()[1] < number.get_bottom()[1]
    small = ValueBars([0.001, 0.001], names=[plain("a"), plain("b")], top=10.0, height=2.0)
    assert np.isclose(small.height, bars.height)        # the size never depends on the values
    bars.shift([2, 1, 0])
    moved = bars.with_values([5.0, 5.0])
    assert np.allclose(moved.bars[0].get_bottom(), bars.bars[0].get_bottom())
    assert moved.numbers[0].text == "5.00"
    with pytest.raises(ValueError, match="2 values but 1 names"):
        ValueBars([1.0, 2.0], names=[plain("a")], top=1.0)
