"""The batched loss landscape equals the course's per-point loop."""

import numpy as np
import pytest

import engine
from engine.landscape import course_grid, loss_grid, loss_grid_loop


def test_course_grid_is_130_by_110():
    w0s, w1s = course_grid()
    assert len(w0s) == 130 and len(w1s) == 110
    assert w0s[0] == -10 and w1s[0] == -1


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_batched_equals_loop(loss):
    r = engine.record(f"03wk-2/{loss}-good")
    w0s, w1s = course_grid()
    # every 7th grid line keeps the loop quick; the batched call runs on the same points
    w0s, w1s = w0s[::7], w1s[::7]
    fast = loss_grid(r.data("x"), r.data("y"), w0s, w1s, loss=loss)
    slow = loss_grid_loop(r.data("x"), r.data("y"), w0s, w1s, loss=loss)
    np.testing.assert_allclose(fast.loss, slow.loss, atol=1e-6, rtol=1e-6)


def test_landscape_for_recordings():
    r = engine.record("03wk-2/mse-worst")
    land = engine.landscape_for(r)
    assert land.loss.shape == (110, 130)
    # the loss at the recorded start equals the recorded first loss
    assert land.at(-10.0, -1.0) == pytest.approx(float(r.loss[0]), rel=1e-5)
    lin = engine.record("05wk-1/linreg")
    land = engine.landscape_for(lin)
    b, w = lin.param("0.bias")[:, 0], lin.param("0.weight")[:, 0, 0]
    assert land.w0s.min() < b.min() and land.w0s.max() > b.max()
    assert land.w1s.min() < w.min() and land.w1s.max() > w.max()
    # minimum of the surface lies next to the trained (bias, weight)
    i, j = np.unravel_index(land.loss.argmin(), land.loss.shape)
    assert abs(land.w0s[j] - b[-1]) < 0.2 and abs(land.w1s[i] - w[-1]) < 0.2


def test_landscape_refuses_other_models():
    with pytest.raises(engine.EngineError, match="Linear\\(1, 1\\)"):
        engine.landscape_for(engine.record("05wk-1/overfit"))
