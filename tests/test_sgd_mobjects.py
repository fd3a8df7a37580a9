"""Contour geometry and the path mobject of the sgd videos."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ValueTracker

import engine
from scenes.common.colors import cell_mobjects
from scenes.common.contour import LossContour, PathOnContour, iso_segments, log_levels


def test_iso_segments_of_a_cone_lie_on_the_circle():
    xs = ys = np.linspace(-1, 1, 41)
    X, Y = np.meshgrid(xs, ys)
    z = np.hypot(X, Y)
    seg = iso_segments(z, 0.5, xs, ys)
    assert len(seg) > 20
    r = np.hypot(seg[..., 0], seg[..., 1])
    assert np.abs(r - 0.5).max() < 0.01
    assert len(iso_segments(z, 5.0, xs, ys)) == 0


def test_log_levels_are_inside_the_range():
    loss = np.array([[0.1, 1.0], [10.0, 100.0]])
    lv = log_levels(loss, 3)
    assert np.all((lv > 0.1) & (lv < 100))
    np.testing.assert_allclose(np.diff(np.log(lv)), np.log(1000) / 4)


def test_cells_one_mobject_per_level():
    v = np.array([[0.0, 1.0], [1.0, 0.0]])
    cells = cell_mobjects(v, np.array([0, 1, 2]), np.array([0, 1, 2]), lambda x, y: np.array([x, y, 0.0]), n_colors=4)
    assert len(cells) == 2
    assert all(len(m.points) == 2 * 16 for m in cells)   # two squares of 4 straight Béziers each


def test_path_follows_tracker_and_contour():
    land = engine.loss_grid(np.arange(10.0), np.r_[np.ones(5), np.zeros(5)], np.linspace(0, 2, 21),
                            np.linspace(-1, 1, 21), loss="sse", head="identity")
    contour = LossContour(land, width=4, height=3)
    w0, w1 = np.array([2.0, 1.5, 1.0]), np.array([0.5, 0.0, -0.5])
    tr = ValueTracker(0)
    path = PathOnContour(contour, w0, w1, tracker=tr)
    tr.set_value(1.5)
    path.line.update()
    np.testing.assert_allclose(path.head.get_center(), contour.c2p(1.25, -0.25), atol=1e-6)
    contour.shift([1.0, 2.0, 0.0])                 # c2p follows the frame
    np.testing.assert_allclose(contour.c2p(0, -1), contour.frame.get_corner([-1, -1, 0]), atol=1e-6)


def test_loss_chart_window_draws_only_the_window():
    from lectures.wk05_2.sgd import zoom_window
    from scenes.common.charts import LossChart

    assert zoom_window(700, 7, 6) == (659, 700)
    values = np.r_[np.linspace(1.0, 0.1, 693), 0.1 + 0.05 * (np.arange(7) % 2)]
    chart = LossChart({"a": (values, "#ffffff")}, window=(659, 700), fit_y=True)
    assert chart.axes.x_range[0] == 659 and chart.axes.x_range[1] == 700
    assert len(chart.get_curve("a").get_anchors()) >= 2 * (700 - 659)    # one corner per update in the window
    lo, hi = chart.axes.y_range[:2]
    assert lo <= values[658:].min() and hi >= values[658:].max() and hi - lo < 0.5   # zoomed on the window
    with pytest.raises(ValueError):
        LossChart({"a": (values, "#ffffff")}, window=(0, 10))


def test_scatter_numbers_and_fit_colour():
    from scenes.common.charts import SampleScatter

    sc = SampleScatter(np.arange(10.0), np.r_[np.ones(5), np.zeros(5)], fit_color="#ff0000",
                       x_numbers=range(10), y_numbers=[0, 1], axis_names=("x", "y"), show_indices=False)
    assert len(sc.numbers) == 12 and len(sc.names) == 2
    assert [n[1].get_tex_string() for n in sc.numbers[:10]] == [str(i) for i in range(10)]
    assert sc.fit.get_stroke_color().to_hex().lower() == "#ff0000"
