"""The `cnn` lecture (lectures/cnn, dl2024 05wk-2): the notes' printed numbers reproduced, the lecture
listed with its parts, and (slow) its recorded run and the layout of its parts.

The notes seed once, at their first Conv2d example, and draw everything after it from that stream;
``notes_draws`` replays those draws, so the numbers the notes print after the seed pin the stream the
course's net starts from. Values are compared at the notes' 4 decimals (torch prints them rounded):
the same on AVX2 and AVX-512 and at any thread count.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

import engine
from lectures.cnn import experiments as cnn
from lectures.cnn.notes_examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
PRINTED = 5e-5   # the notes print 4 decimals

RELU_X = [[-0.2818, -1.1458, 1.8352, 1.8220, 0.2402],
          [0.2336, -0.3763, -0.2860, 1.3095, 0.1935],
          [2.2810, -0.0667, -1.0980, -0.8768, -1.2860],
          [-2.0301, 2.0058, -1.4996, -2.3721, -0.2790],
          [0.5234, -2.3032, 0.3850, 0.3517, -0.7517]]
POOL_X = [[0.0766, -1.5961, 1.3616, -1.0197, 1.7961],
          [1.0320, -1.4307, 1.5249, 0.5566, 0.4670],
          [-1.2974, -0.0475, 0.0949, -0.5826, -0.2989],
          [-1.6870, 0.0900, -0.2950, 1.1790, 0.5042],
          [-1.7903, 0.8574, -1.2283, 0.6094, 0.0668]]


@pytest.fixture(scope="module")
def drawn():
    state = torch.random.get_rng_state()
    try:
        return cnn.notes_draws()
    finally:
        torch.random.set_rng_state(state)


def test_the_notes_seed_gives_their_first_conv_and_its_output(drawn):
    w, b = drawn["example1"]
    np.testing.assert_allclose(w.reshape(-1), [-0.1733, -0.4235, 0.1802, 0.4668], atol=PRINTED)
    np.testing.assert_allclose(b, [0.2037], atol=PRINTED)
    x = torch.arange(0, 4).reshape(1, 1, 2, 2).float()
    out = torch.nn.functional.conv2d(x, w, b)
    assert float(out) == pytest.approx(1.5410, abs=PRINTED)


def test_the_replayed_stream_gives_the_notes_relu_and_maxpool_maps(drawn):
    np.testing.assert_allclose(drawn["relu_x"][0, 0], RELU_X, atol=PRINTED)
    np.testing.assert_allclose(torch.relu(drawn["relu_x"])[0, 0], np.maximum(RELU_X, 0), atol=PRINTED)
    np.testing.assert_allclose(drawn["pool_x"][0, 0], POOL_X, atol=PRINTED)
    pooled = torch.nn.MaxPool2d((2, 2))(drawn["pool_x"])[0, 0]
    np.testing.assert_allclose(pooled, [[1.0320, 1.5249], [0.0900, 1.1790]], atol=PRINTED)


def test_data_and_traced_shapes_are_the_notes():
    X, y = cnn.split("train")
    XX, yy = cnn.split("test")
    assert (tuple(X.shape), tuple(XX.shape), tuple(y.shape), tuple(yy.shape)) == \
        ((12665, 1, 28, 28), (2115, 1, 28, 28), (12665, 1), (2115, 1))
    assert float(X.max()) == 1.0 and float(X.min()) == 0.0            # pixels / 255
    assert y[:5923].sum() == 0 and y[5923:].min() == 1                 # the zeros, then the ones
    net = cnn.model(torch.nn.Conv2d(1, 16, (5, 5)), torch.nn.Linear(2304, 1))
    specs = engine.describe(net, X[:2])
    assert [tuple(s.out_shape) for s in specs] == [(16, 24, 24), (16, 24, 24), (16, 12, 12), (2304,), (1,), (1,)]


def test_the_lecture_is_listed_with_its_parts_in_order():
    from lecture.catalog import Catalog
    from lecture.cli import cli

    src = str(ROOT / "lectures" / "cnn")
    r = CliRunner().invoke(cli, ["--lectures", src, "list", "--json"],
                           obj={"catalog": lambda: Catalog.discover([], [src])})
    assert r.exit_code == 0, r.output
    listing = json.loads(r.output)
    assert listing["problems"] == []
    (lec,) = [entry for entry in listing["lectures"] if entry["id"] == "cnn"]
    assert lec["title"] == "CNN on MNIST 0/1"
    assert [p["id"] for p in lec["parts"]] == ["cnn.flatten", "cnn.examples", "cnn.conv", "cnn.pool", "cnn.arch",
                                               "cnn.train", "cnn.pred"]
    assert sorted(e["id"] for e in lec["experiments"]) == sorted([cnn.EXPERIMENT, EXAMPLES])


def test_the_notes_small_examples_are_recorded_as_the_notes_print_them(drawn):
    """What the warm-up part shows: the notes' examples 1 to 6 and their ReLU and MaxPool2d examples."""
    rec = engine.cached_recording(EXAMPLES) or engine.record(EXAMPLES)

    def value(name):
        return rec.series(name)[0]

    np.testing.assert_allclose(value("ex1_weight").ravel(), [-0.1733, -0.4235, 0.1802, 0.4668], atol=PRINTED)
    assert float(value("ex1_out").ravel()[0]) == pytest.approx(1.5410, abs=PRINTED)
    assert float(value("ex2_out").ravel()[0]) == pytest.approx(1.5)
    np.testing.assert_allclose(value("ex3_out"), [[2.5, 3.5, 4.5], [6.5, 7.5, 8.5], [10.5, 11.5, 12.5]], atol=1e-5)
    np.testing.assert_allclose(value("ex4_out"), [[5, 6], [9, 10]], atol=1e-5)
    np.testing.assert_allclose(value("ex5_out"), [[[5, 6], [9, 10]], [[21, 22], [25, 26]]], atol=1e-5)
    assert value("ex6_shapes").tolist() == [[2, 1, 4, 4], [2, 16, 2, 2]]
    np.testing.assert_allclose(value("relu_x"), RELU_X, atol=PRINTED)
    np.testing.assert_allclose(value("relu_out"), np.maximum(RELU_X, 0), atol=PRINTED)
    np.testing.assert_allclose(value("pool_x"), POOL_X, atol=PRINTED)
    np.testing.assert_allclose(value("pool_out"), [[1.0320, 1.5249], [0.0900, 1.1790]], atol=PRINTED)
    # the net's run replays the same stream: the same random inputs, bit for bit
    np.testing.assert_array_equal(value("relu_x"), drawn["relu_x"][0, 0].numpy())


@pytest.fixture(scope="module")
def run():
    """The recorded run (trained once into the shared cache: about 2 to 5 minutes on one thread)."""
    return engine.record(cnn.EXPERIMENT) if engine.cached_recording(cnn.EXPERIMENT) is None \
        else engine.cached_recording(cnn.EXPERIMENT)


@pytest.mark.slow
def test_the_recorded_run_is_the_notes_net_trained_50_epochs(run):
    from lectures.cnn.readings import accuracy, one_output_pixel, pooled_block, train_predictions

    assert run.n_updates == 50 and run.n_states == 51
    assert run.activation("0").shape == (51, 1, 16, 24, 24)
    # the net starts from the notes' c1 and l1
    torch_state = torch.random.get_rng_state()
    try:
        drawn = cnn.notes_draws()
    finally:
        torch.random.set_rng_state(torch_state)
    np.testing.assert_array_equal(run.param("0.weight")[0], drawn["c1"].weight.detach().numpy())
    np.testing.assert_array_equal(run.param("4.weight")[0], drawn["l1"].weight.detach().numpy())
    # the arithmetic of one output pixel, by hand, is the recorded conv output
    d = one_output_pixel(run)
    assert d["by_hand"] == pytest.approx(d["recorded"], abs=1e-5)
    b = pooled_block(run)
    assert b["max"] == pytest.approx(float(np.max(b["block"])))
    # BCE on all 12665 images at the notes' initial weights, and the one the 50th update took (our run;
    # the notes print none): within float32 reassociation of any thread count or CPU
    assert float(run.loss[0]) == pytest.approx(0.70142, abs=1e-4)
    assert float(run.loss[-1]) == pytest.approx(0.02068, abs=2e-4)
    epochs, yhat = train_predictions(run)
    assert list(epochs) == [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
    assert accuracy(yhat[-1], run.series("y_train")[0]) > 0.99
    assert accuracy(run.series("yhat_test")[0], run.series("y_test")[0]) > 0.99

# every part's layout in both languages: tests/test_layout.py, which checks every discovered part
