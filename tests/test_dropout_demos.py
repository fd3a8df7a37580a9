"""The torch side of the dropout videos: demos, seeds, and the recorded masks replayed."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import engine
from engine import dropout_demos as demos


def test_arithmetic_zeroes_and_scales_survivors_by_exactly_one_over_one_minus_p():
    d = demos.arithmetic_demo()
    assert d.input.shape == (10, 2) and d.p == 0.9
    assert d.n_kept == 3  # the documented mask seed keeps 3 of 20
    assert (d.train[~d.mask] == 0).all()
    assert d.scale == 10.0
    np.testing.assert_array_equal(d.train[d.mask], d.input[d.mask] * np.float32(d.scale))
    # eval mode: the output is the input, bit for bit
    np.testing.assert_array_equal(d.eval, d.input)
    # the same seed gives the course's u
    torch.manual_seed(demos.ARITHMETIC_SEED)
    np.testing.assert_array_equal(d.input, torch.randn(10, 2).numpy())


def test_demos_leave_the_global_rng_alone_and_repeat():
    torch.manual_seed(123)
    state = torch.get_rng_state()
    a, b = demos.arithmetic_demo(), demos.arithmetic_demo()
    assert torch.equal(torch.get_rng_state(), state)
    np.testing.assert_array_equal(a.mask, b.mask)


def test_mask_is_the_draw_not_the_zeros():
    # relu zeroes negative inputs; the mask still says which units were kept
    x = torch.tensor([[-1.0, -2.0, 3.0, 4.0] * 4])
    d = demos.seeded_dropout(torch.relu(x), 0.5, seed=0)
    torch.manual_seed(0)
    expected = torch.empty_like(x).bernoulli_(0.5).bool().numpy()
    np.testing.assert_array_equal(d.mask, expected)


def test_relu_commutes_with_dropout_and_sigmoid_does_not():
    d = demos.placement_demo()
    assert 0 < d.mask.sum() < d.mask.size
    np.testing.assert_array_equal(d.relu_then_drop, d.drop_then_relu)
    dropped = ~d.mask
    assert (d.sigmoid_then_drop[dropped] == 0).all()
    assert (d.drop_then_sigmoid[dropped] == 0.5).all()
    assert not np.allclose(d.sigmoid_then_drop, d.drop_then_sigmoid)


@pytest.fixture(scope="module")
def dropout_run():
    return engine.record("05wk-1/dropout")


@pytest.mark.slow
def test_recorded_masks_reproduce_the_recorded_losses(dropout_run):
    rec = dropout_run
    masks = rec.mask("2")
    assert masks.shape == (1000, 80, 512)
    assert abs(demos.kept_fraction(rec).mean() - 0.2) < 0.005
    y = rec.data("y")[:, 0]
    for k in (0, 1, 2, 500, 999):
        out = demos.train_mode_output(rec, k)
        assert np.mean((out - y) ** 2) == pytest.approx(float(rec.loss[k]), rel=1e-5)


@pytest.mark.slow
def test_dropout_output_of_the_course_run_is_input_times_mask_over_one_minus_p(dropout_run):
    """Replay the course's first updates, unrecorded, and compare the Dropout module's output."""
    from engine.training import build, make_loss, make_optimizer

    rec = dropout_run
    cfg = engine.get_config("05wk-1/dropout")
    data, net = build(cfg)
    seen = []
    net[2].register_forward_hook(lambda m, a, out: seen.append((a[0].detach().clone(), out.detach().clone())))
    loss_fn, opt = make_loss(cfg.loss), make_optimizer(cfg.optimizer, net.parameters(), cfg.lr)
    for _ in range(3):
        loss = loss_fn(net(data.x), data.y)
        loss.backward()
        opt.step()
        opt.zero_grad()
    scale = np.float32(1) / np.float32(1 - 0.8)
    for k, (inp, out) in enumerate(seen):
        expected = inp.numpy() * rec.mask("2")[k] * scale
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6, atol=0)
    # the unrecorded replay walked the same path as the recorded run
    np.testing.assert_array_equal(net[0].weight.detach().numpy(), rec.param("0.weight")[3])


@pytest.mark.slow
def test_eval_is_smooth_and_is_the_recorded_prediction(dropout_run):
    rec = dropout_run
    np.testing.assert_allclose(demos.eval_output(rec), rec.prediction[-1][:, 0], rtol=1e-6, atol=1e-7)
    draws = demos.train_mode_draws(rec, 3)
    assert draws.shape == (3, 100)
    assert not np.allclose(draws[0], draws[1])  # a new mask every call
    # jagged: training-mode curves wiggle far more than the eval curve
    rough = lambda c: np.abs(np.diff(c, 2)).mean()
    assert rough(draws[0]) > 5 * rough(rec.prediction[-1][:, 0])


@pytest.mark.slow
def test_sum_of_relu_pieces_is_the_net_and_thinning_needs_the_correction():
    rec = engine.record("05wk-1/sum-of-relus")
    pieces = demos.relu_pieces(rec)
    assert pieces.pieces.shape == (300, 1000)
    np.testing.assert_allclose(pieces.total, rec.prediction[-1][:, 0], rtol=1e-4, atol=1e-4)
    masks, sums = demos.thinned_sums(pieces, 20)
    assert 0.05 < masks.mean() < 0.15
    total = pieces.total
    # without the correction the sum collapses to ~10%; with x10 it is right on average
    assert np.abs(sums.mean(0)).max() < 0.3 * np.abs(total).max()
    err = np.abs(sums.mean(0) * 10 - total).mean()
    assert err < 0.2 * np.abs(total).mean()


def test_thinning_supposes_dropout_with_p_09_as_the_course_does():
    """The course's 05wk-1 D asks "what if only 10% of the ReLUs were used?": p = 0.9, survivors x10."""
    import inspect

    assert demos.SCALING_P == 0.9
    assert inspect.signature(demos.thinned_sums).parameters["p"].default == demos.SCALING_P
    rng = np.random.default_rng(0)
    pieces = demos.ReluPieces(np.linspace(0, 1, 5), np.zeros(5), rng.normal(size=(5, 1000)))
    masks, _ = demos.thinned_sums(pieces, 20)
    assert 0.08 < masks.mean() < 0.12  # each kept with probability 1 - p = 0.1, not "Dropout(0.1)"


@pytest.mark.slow
def test_dropout_net_has_a_smaller_test_error_than_the_net_without_it(dropout_run):
    """What dropout.eval shows: on the 20 unseen points the dropout net (eval mode) beats 05wk-1/overfit."""
    _, te_drop = demos.split_mse(dropout_run)
    _, te_base = demos.split_mse(engine.record("05wk-1/overfit"))
    assert te_base > 10 * te_drop
    assert demos.dropout_p(dropout_run) == pytest.approx(0.8)


@pytest.mark.slow
def test_training_flag_outputs_differ_in_training_and_repeat_in_eval(dropout_run):
    d = demos.training_flag_demo(dropout_run)
    assert d.training_before is True and d.training_after is False
    assert not np.array_equal(d.train_outputs[0], d.train_outputs[1])   # a new mask every call
    np.testing.assert_array_equal(d.eval_outputs[0], d.eval_outputs[1])   # dropout off: the same output
    # eval mode is the recorded eval-mode prediction at those inputs
    np.testing.assert_allclose(d.eval_outputs[0], dropout_run.prediction[-1][-len(d.x):, 0], rtol=1e-6, atol=1e-7)


@pytest.mark.slow
def test_train_mode_output_unpacks_the_masks_once_per_recording(dropout_run, monkeypatch):
    """dropout.masks asks for ~190 updates' outputs; unpacking all masks for each was a quarter of its render."""
    calls = []
    real = type(dropout_run).mask
    monkeypatch.setattr(type(dropout_run), "mask", lambda self, module: calls.append(module) or real(self, module))
    demos._LAST_MASKS.clear()
    y = dropout_run.data("y")[:, 0]
    for k in (0, 3, 998):
        out = demos.train_mode_output(dropout_run, k)
        assert np.mean((out - y) ** 2) == pytest.approx(float(dropout_run.loss[k]), rel=1e-5)
    assert calls == ["2"]


def test_dropout_keeps_the_expected_total_not_each_masks():
    """The summary's "the total stays the same on average": one mask moves the total of the panel's five
    values from -0.07 to -9.47; the mean over 1,000,000 masks torch draws is the total again."""
    from engine import dropout_demos as demos

    d = demos.arithmetic_demo()
    rows = (slice(0, 5), slice(0, 1))
    assert f"{d.input[rows].sum():.2f}" == "-0.07" and f"{d.train[rows].sum():.2f}" == "-9.47"
    many = demos.masked_sums(d.input[rows], d.p)
    assert many.n_masks == 1_000_000 and many.total == pytest.approx(float(d.input[rows].sum()), abs=1e-6)
    assert abs(many.mean - many.total) < 4 * many.std / many.n_masks ** 0.5       # the expected total is kept
    assert many.std > 5                                                             # each mask's is not
    assert demos.masked_sums(d.input[rows], d.p) == many                            # seeded: the same every time
