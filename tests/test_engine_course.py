"""The course's printed numbers, pinned: if these move, every video teaches something false."""

import numpy as np
import pytest

import engine


def test_linreg_matches_course():
    r = engine.record("05wk-1/linreg")
    w, b = r.param("0.weight")[-1, 0, 0], r.param("0.bias")[-1, 0]
    assert round(float(w), 4) == 4.0042
    assert round(float(b), 4) == 2.4459
    # tighter than the course printed: CPU float32 is bit-reproducible under torch 2.13
    assert w == np.float32(4.0042186) and b == np.float32(2.4458933)
    pred = w * np.array([0.1, 0.2], dtype=np.float32) + b
    assert [round(float(p), 4) for p in pred] == [2.8463, 3.2467]


def test_linreg_states_and_shapes():
    r = engine.record("05wk-1/linreg")
    assert r.n_updates == 200 and r.n_states == 201
    assert r.param("0.weight").shape == (201, 1, 1)
    assert r.grad("0.bias").shape == (201, 1)
    assert r.loss.shape == (200,)
    assert r.prediction.shape == (201, 100, 1)
    # state 0 is the default init drawn right after the data (no reseed), not a trained value
    assert r.param("0.weight")[0, 0, 0] != r.param("0.weight")[-1, 0, 0]
    # predictions at each state are the recorded line on the data
    x = r.data("x_show")[:, 0]
    k = 57
    line = r.param("0.weight")[k, 0, 0] * x + r.param("0.bias")[k, 0]
    np.testing.assert_allclose(r.prediction[k, :, 0], line, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_logistic_starts(loss):
    runs = {s: engine.record(f"03wk-2/{loss}-{s}") for s in ("good", "possible", "worst")}
    for start, (w0, w1) in {"good": (-0.8, -0.3), "possible": (-3.0, -1.0), "worst": (-10.0, -1.0)}.items():
        r = runs[start]
        assert r.n_states == 101
        assert r.param("0.bias")[0, 0] == np.float32(w0) and r.param("0.weight")[0, 0, 0] == np.float32(w1)
    worst = runs["worst"]
    moved = np.hypot(worst.param("0.bias")[-1, 0] + 10, worst.param("0.weight")[-1, 0, 0] + 1)
    if loss == "mse":
        # the plateau: gradient ~1e-5, 100 epochs move (w0, w1) by less than 0.001
        assert moved < 1e-3
        assert np.abs(worst.grad("0.weight")[0]).max() < 1e-4
    else:
        # BCE is steep there: the path escapes toward W* = (-1, 5)
        assert moved > 5
        assert worst.param("0.weight")[-1, 0, 0] > 3


def test_logistic_good_mse_pinned():
    r = engine.record("03wk-2/mse-good")
    assert r.param("0.bias")[-1, 0] == np.float32(-0.40441075)
    assert r.param("0.weight")[-1, 0, 0] == np.float32(1.4172602)


def test_logistic_data_is_the_course_draw():
    r = engine.record("03wk-2/mse-good")
    x, y = r.data("x")[:, 0], r.data("y")[:, 0]
    assert x.shape == (2000,) and x[0] == -1 and x[-1] == 1
    assert set(np.unique(y)) == {0.0, 1.0}
    assert int(y.sum()) == int(engine.record("03wk-2/bce-worst").data("y").sum())  # same seed, same draw
    np.testing.assert_allclose(r.data("prob")[:, 0], 1 / (1 + np.exp(1 - 5 * x)), rtol=1e-5)


@pytest.mark.slow
def test_mnist_full_batch_accuracy():
    r = engine.record("05wk-2/mnist-gd")
    assert r.n_updates == 700
    assert round(r.accuracy, 4) == 0.9953


@pytest.mark.slow
def test_mnist_minibatch_accuracy_and_batches():
    r = engine.record("05wk-2/mnist-minibatch")
    assert r.n_updates == 700 and r.updates_per_epoch == 7
    assert round(r.accuracy, 4) == 0.9931
    sizes = [len(r.batch(k)) for k in range(7)]
    assert sizes == [2048] * 6 + [12665 - 6 * 2048]
    assert np.array_equal(np.concatenate(r.batches[:7]), np.arange(12665))  # no shuffle


@pytest.mark.slow
def test_every_experiment_records(tmp_path):
    # Short versions of every id, in a private cache: the registry, data and loops all run.
    for eid in engine.experiments():
        cfg = engine.get_config(eid)
        overrides = {"epochs": 2}
        if cfg.timing_widths:
            overrides["timing_widths"] = (10, 20)
        r = engine.record(eid, root=tmp_path, **overrides)
        assert r.n_epochs == 2 and r.n_states == r.n_updates + 1
        assert np.isfinite(r.loss).all()
