"""The ten-sample runs show what the course means: full-batch GD is the steady path, one-sample SGD the noisy one."""

from __future__ import annotations

import numpy as np
import pytest

from engine.experiments import get_config
from lectures.wk05_2.sgd import (
    TEN_RUNS,
    largest_curvature,
    least_squares,
    rises,
    shared_landscape,
    summed_loss,
    ten_sample_arrays,
)
from scenes.common.recordings import recording


@pytest.fixture(scope="module")
def runs():
    return {i: ten_sample_arrays(recording(i)) for i, _, _ in TEN_RUNS}


def test_learning_rate_keeps_gd_below_the_oscillation_threshold(runs):
    x = runs["05wk-2/gd"][0]
    lam = largest_curvature(x)
    np.testing.assert_allclose(lam, 584.3527, rtol=1e-6)        # 2 X^T X of x = 0..9, by hand: 295 + sqrt(83725)
    for run in runs:
        lr = get_config(run).lr
        assert lr * lam < 0.9                                     # < 1 with margin: no overshoot across the valley
    assert len({get_config(r).lr for r in runs}) == 1
    assert len({get_config(r).init for r in runs}) == 1           # one shared start


def test_least_squares_is_the_closed_form(runs):
    x, y, _, _ = runs["05wk-2/gd"]
    w0, w1 = least_squares(x, y)
    np.testing.assert_allclose([w0, w1], [13 / 11, -12.5 / 82.5], rtol=1e-9)   # cov / var and mean - slope x mean
    grid = shared_landscape([recording(i) for i, _, _ in TEN_RUNS], include=[(w0, w1)])
    assert grid.w0s[0] < w0 < grid.w0s[-1] and grid.w1s[0] < w1 < grid.w1s[-1]   # the star is on the plot


def test_gd_path_is_steady(runs):
    x, y, w0, w1 = runs["05wk-2/gd"]
    loss = summed_loss(x, y, w0, w1)
    assert rises(loss) == 0                                       # the summed loss falls on every update
    steps = np.diff(np.column_stack([w0, w1]), axis=0)
    assert (np.einsum("ij,ij->i", steps[1:], steps[:-1]) > 0).all()   # no step turns back (no zigzag)
    w_star = least_squares(x, y)
    ends = {r: np.hypot(runs[r][2][-1] - w_star[0], runs[r][3][-1] - w_star[1]) for r in runs}
    assert ends["05wk-2/gd"] == min(ends.values())                # after 100 updates GD is nearest the minimum


def test_sgd_path_is_noisy(runs):
    x, y, w0, w1 = runs["05wk-2/sgd"]
    loss = summed_loss(x, y, w0, w1)
    assert rises(loss) >= 20                                      # the summed loss goes up and down
    steps = np.diff(np.column_stack([w0, w1]), axis=0)
    assert (np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0).sum() >= 10   # steps turn back
    assert rises(summed_loss(*runs["05wk-2/minibatch"])) >= 10


def test_rises_counts_increases_only():
    assert rises(np.array([3.0, 2.0, 2.5, 1.0, 1.0])) == 1


def _insets():
    """The ten-sample part's magnified windows, built as the part builds them (no rendering)."""
    from lectures.wk05_2.sgd import CONTOUR_HEIGHT, PANEL_WIDTH, zoom_insets
    from scenes.common.contour import LossContour, PathOnContour

    recs = [recording(i) for i, _, _ in TEN_RUNS]
    x, y, _, _ = ten_sample_arrays(recs[0])
    land = shared_landscape(recs, include=[least_squares(x, y)])
    cols = []
    for rec, (_, _, color) in zip(recs, TEN_RUNS):
        contour = LossContour(land, width=PANEL_WIDTH, height=CONTOUR_HEIGHT)
        _, _, w0, w1 = ten_sample_arrays(rec)
        cols.append({"contour": contour, "path": PathOnContour(contour, w0, w1), "color": color})
    return recs, zoom_insets(cols, recs)


def test_zoom_shows_gd_straight_and_sgd_zigzag_at_one_magnification():
    from lectures.wk05_2.sgd import ZOOM_UPDATES

    recs, zooms = _insets()
    n = recs[0].n_updates
    assert all(z.states == (n - ZOOM_UPDATES, n) for z in zooms)              # the last updates, every run
    spans = {(round(z.x_range[1] - z.x_range[0], 12), round(z.y_range[1] - z.y_range[0], 12)) for z in zooms}
    assert len(spans) == 1                                                     # one window size: one magnification
    assert len({(round(z.frame.width, 9), round(z.frame.height, 9)) for z in zooms}) == 1
    turns = []
    for z in zooms:
        assert len(z.dots) == ZOOM_UPDATES + 1                                  # one dot per recorded state
        pts = np.array([d.get_center()[:2] for d in z.dots])
        lo, hi = z.frame.get_corner([-1, -1, 0])[:2], z.frame.get_corner([1, 1, 0])[:2]
        assert (pts >= lo - 1e-9).all() and (pts <= hi + 1e-9).all()            # the stretch fits its window
        steps = np.diff(pts, axis=0)
        turns.append(int((np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0).sum()))
        assert z.window.width < z.frame.width and z.window.height < z.frame.height   # a magnification
    gd, sgd, _ = turns
    assert gd == 0 and sgd >= 3                                                # straight vs zigzag, drawn


def test_loss_strips_show_the_wobble_on_one_scale(runs):
    """The part's strips: each run's summed loss after updates 60..100 on one y range, where GD falls
    smoothly, SGD jumps once an epoch (10 updates) and the minibatch run zigzags once an epoch (4)."""
    from lectures.wk05_2.sgd import STRIP_FROM, loss_strips, strip_range
    from scenes.common.charts import SampleScatter

    losses = {r: summed_loss(*runs[r]) for r, _, _ in TEN_RUNS}
    lo, hi = strip_range(list(losses.values()))
    assert (lo, hi) == (0.6, 1.0)
    for v in losses.values():
        assert lo <= v[STRIP_FROM:].min() and v[STRIP_FROM:].max() <= hi
    cols = [{"loss": losses[r], "color": c} for r, _, c in TEN_RUNS]
    scatters = [SampleScatter(*runs[r][:2], width=2.9, height=1.0) for r, _, _ in TEN_RUNS]
    strips = loss_strips(cols, scatters)
    for strip, col, sc in zip(strips, cols, scatters):
        curve = strip.get_curve("L")
        assert len(curve.points) // 4 == len(col["loss"]) - STRIP_FROM - 1      # one segment per update shown
        end = strip.axes.p2c(curve.get_end())
        assert end[0] == pytest.approx(100) and end[1] == pytest.approx(col["loss"][-1])
        assert np.allclose(strip.axes.get_corner(np.array([-1, -1, 0])), sc.axes.get_corner(np.array([-1, -1, 0])))
    late = {r: np.diff(v[STRIP_FROM:]) for r, v in losses.items()}
    assert (late["05wk-2/gd"] < 0).all()                                       # smooth fall
    assert (late["05wk-2/sgd"] > 0).sum() >= 4 and (late["05wk-2/minibatch"] > 0).sum() >= 10


def test_the_part_says_why_minibatch_is_noisy_here():
    from scenes.strings import STRINGS

    why = STRINGS["sgd.ten.why_minibatch"]
    assert "unshuffled" in why["en"] and "sorted" in why["en"] and "sum" in why["en"]
    assert "섞지 않은" in why["ko"] and "정렬" in why["ko"] and "합" in why["ko"]
    # the recorded batches are the course's unshuffled ones, and the samples sorted by class (y = 1, then 0)
    rec = recording("05wk-2/minibatch")
    assert [rec.batch(k).tolist() for k in range(4)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert rec.data("y")[:, 0].tolist() == [1.0] * 5 + [0.0] * 5
