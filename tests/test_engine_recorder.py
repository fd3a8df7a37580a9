"""The recorder observes without changing a single draw, and keeps what torch actually did."""

import numpy as np
import pytest
import torch

import engine
from engine.recorder import BatchLog, Recorder
from engine.training import build, train


def _final_params(run):
    return {k: v.detach().numpy() for k, v in run.model.state_dict().items()}


@pytest.mark.parametrize("eid", ["05wk-1/dropout", "05wk-2/minibatch", "03wk-2/bce-good"])
def test_recorded_run_is_bit_identical_to_unrecorded(eid):
    cfg = (
        engine.get_config(eid).replace(epochs=50, shuffle=True)
        if "minibatch" in eid
        else engine.get_config(eid).replace(epochs=50)
    )
    plain = train(cfg, record=False)
    recorded = train(cfg, record=True)
    for name, value in _final_params(plain).items():
        assert np.array_equal(value, _final_params(recorded)[name]), name
        assert np.array_equal(value, recorded.arrays[f"params/{name}"][-1]), name


def test_rng_stream_after_recorded_dropout_run_matches():
    cfg = engine.get_config("05wk-1/dropout").replace(epochs=5)
    train(cfg, record=False)
    after_plain = torch.rand(3)
    train(cfg, record=True)
    after_recorded = torch.rand(3)
    assert torch.equal(after_plain, after_recorded)


def test_masks_are_the_draw_torch_made():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.ReLU(), torch.nn.Dropout(0.8), torch.nn.Linear(64, 1))
    x = torch.linspace(-1, 1, 30).reshape(-1, 1)
    y = x ** 2
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()
    seen = []
    net[2].register_forward_hook(lambda m, a, out: seen.append((a[0].detach().clone(), out.detach().clone())))
    with Recorder(net, opt, loss_fn, n_updates=3) as rec:
        for _ in range(3):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    masks = rec.result().arrays["masks/2"]
    assert masks.shape == (3, int(np.ceil(30 * 64 / 8)))
    for k, (inp, out) in enumerate(seen):
        mask = torch.from_numpy(np.unpackbits(masks[k], count=30 * 64).astype(bool).reshape(30, 64))
        # the output is exactly input * mask / (1 - p), the way torch scales survivors
        noise = mask.float().div_(1 - 0.8)
        assert torch.equal(out, inp * noise)
        # where the ReLU output is non-zero, the zero pattern and the mask agree;
        # where it is zero, only the mask can say whether the unit was dropped
        nz = inp != 0
        assert torch.equal((out != 0)[nz], mask[nz])
        assert 0.1 < mask.float().mean() < 0.3


def test_recorded_dropout_masks_reproduce_recorded_loss():
    r = engine.record("05wk-1/dropout")
    x, y = r.data("x"), r.data("y")
    masks, steps = r.mask("2"), r.mask_steps("2")
    assert masks.shape == (1000, 80, 512) and np.array_equal(steps, np.arange(1000))
    assert 0.19 < masks.mean() < 0.21
    for k in (0, 1, 500, 999):
        w1, b1 = r.param("0.weight")[k].astype(np.float64), r.param("0.bias")[k].astype(np.float64)
        w2, b2 = r.param("3.weight")[k].astype(np.float64), r.param("3.bias")[k].astype(np.float64)
        h = np.maximum(x @ w1.T + b1, 0) * masks[k] * 5.0
        loss = np.mean((h @ w2.T + b2 - y) ** 2)
        assert loss == pytest.approx(float(r.loss[k]), rel=1e-5)


def test_grads_are_the_grads_before_each_step():
    r = engine.record("05wk-1/linreg")
    x, y = r.data("x").astype(np.float64), r.data("y").astype(np.float64)
    for k in (0, 10, 199, 200):
        w, b = r.param("0.weight")[k, 0, 0], r.param("0.bias")[k, 0]
        resid = w * x + b - y
        assert r.grad("0.weight")[k, 0, 0] == pytest.approx(2 * np.mean(resid * x), rel=1e-4, abs=1e-5)
        assert r.grad("0.bias")[k, 0] == pytest.approx(2 * np.mean(resid), rel=1e-4, abs=1e-5)
    # the loss of update k is the loss at state k
    assert r.loss[0] == pytest.approx(np.mean((r.prediction[0] - r.data("y")) ** 2), rel=1e-6)
    assert r.state_loss[-1] == pytest.approx(np.mean((r.prediction[-1] - r.data("y")) ** 2), rel=1e-6)


def test_sgd_state_follows_update_rule():
    r = engine.record("05wk-2/minibatch")
    lr = r.config["lr"]
    for k in (0, 3, 50):
        np.testing.assert_allclose(
            r.param("0.weight")[k + 1], r.param("0.weight")[k] - lr * r.grad("0.weight")[k], rtol=1e-6
        )


def test_minibatch_indices_cover_each_epoch_once():
    r = engine.record("05wk-2/minibatch")
    assert [list(b) for b in r.batches[:4]] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert list(r.epoch[:8]) == [0, 0, 0, 0, 1, 1, 1, 1]
    s = engine.record("05wk-2/minibatch", shuffle=True)
    epochs = [np.concatenate(s.batches[e * 4:(e + 1) * 4]) for e in range(s.n_epochs)]
    for idx in epochs:
        assert sorted(idx) == list(range(10))
    assert any(not np.array_equal(epochs[0], e) for e in epochs[1:])
    assert [len(b) for b in s.batches[:4]] == [3, 3, 3, 1]


def test_shuffled_loader_draws_like_the_course_dataloader():
    # the course writes DataLoader(ds, batch_size=3, shuffle=True); BatchLog must draw the same
    ds = torch.utils.data.TensorDataset(torch.arange(10.0).reshape(-1, 1))
    torch.manual_seed(7)
    course = [
        b[0].reshape(-1).long().tolist()
        for e in range(3)
        for b in torch.utils.data.DataLoader(ds, batch_size=3, shuffle=True)
    ]
    torch.manual_seed(7)
    log = BatchLog(torch.utils.data.BatchSampler(torch.utils.data.RandomSampler(ds), 3, False))
    ours = []
    for _ in range(3):
        for b in torch.utils.data.DataLoader(ds, batch_sampler=log):
            assert b[0].reshape(-1).long().tolist() == log.last
            ours.append(log.last)
    assert ours == course


def test_recorder_detaches_its_hooks():
    cfg = engine.get_config("05wk-1/dropout").replace(epochs=1)
    data, net = build(cfg)
    opt = torch.optim.Adam(net.parameters())
    loss_fn = torch.nn.MSELoss()
    with Recorder(net, opt, loss_fn, n_updates=1):
        assert net[2]._forward_hooks and loss_fn._forward_hooks
    assert not net[2]._forward_hooks and not net[2]._forward_pre_hooks and not loss_fn._forward_hooks


def test_buffers_grow_past_announced_length():
    cfg = engine.get_config("05wk-1/linreg").replace(epochs=3)
    data, net = build(cfg)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = torch.nn.MSELoss()
    with Recorder(net, opt, loss_fn, n_updates=1) as rec:
        for _ in range(5):
            loss_fn(net(data.x), data.y).backward()
            opt.step()
            opt.zero_grad()
    arrays = rec.result().arrays
    assert arrays["params/0.weight"].shape == (6, 1, 1) and arrays["loss/update"].shape == (5,)


def test_nonfinite_training_is_marked(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, lr=1e30, epochs=20)
    assert r.nonfinite_update is not None and 0 <= r.nonfinite_update < 20
    assert not np.isfinite(r.loss[r.nonfinite_update])


def test_sparse_masks_are_the_same_draws(tmp_path):
    # keeping every 3rd mask skips the replay on the other updates; the kept ones must not change
    every = engine.record("05wk-1/dropout", root=tmp_path, epochs=7)
    sparse = engine.record("05wk-1/dropout", root=tmp_path, epochs=7, mask_every=3)
    assert list(sparse.mask_steps("2")) == [0, 3, 6]
    assert np.array_equal(sparse.mask("2"), every.mask("2")[[0, 3, 6]])
    assert np.array_equal(sparse.param("3.weight"), every.param("3.weight"))
