"""A teacher's own loop, recorded with the public ``engine.Recorder`` and read back with ``engine.load_recording``.

The trace the recorder keeps is compared with one made by hand from the same loop
(copies of params, grads and losses taken inside the loop, masks read off the
dropout output), and the recorded run must end bit-identical to an unrecorded one.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import engine


class TwoLayer(nn.Module):
    """Not a Sequential: named submodules, as a teacher would write it."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 8)
        self.act = nn.Tanh()
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(self.drop(self.act(self.fc1(x))))


def _setup():
    torch.manual_seed(7)
    x = torch.randn(20, 3)
    y = (x[:, 0] > 0).long()
    net = TwoLayer()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    return x, y, net, opt, nn.CrossEntropyLoss()


EPOCHS = 6


def _hand_trace():
    """The loop with copies taken by hand: what the recorder must agree with."""
    x, y, net, opt, loss_fn = _setup()
    captured = {}
    net.drop.register_forward_hook(lambda m, a, out: captured.__setitem__("mask", (out != 0)))
    trace = {"params": [{n: p.detach().clone() for n, p in net.named_parameters()}], "grads": [],
             "loss": [], "masks": []}
    for _ in range(EPOCHS):
        loss = loss_fn(net(x), y)
        loss.backward()
        trace["loss"].append(loss.item())
        trace["grads"].append({n: p.grad.detach().clone() for n, p in net.named_parameters()})
        trace["masks"].append(captured["mask"].clone())
        opt.step()
        opt.zero_grad()
        trace["params"].append({n: p.detach().clone() for n, p in net.named_parameters()})
    return trace, torch.rand(3)


def _recorded(path):
    x, y, net, opt, loss_fn = _setup()
    rec = engine.Recorder(net, opt, loss_fn, x_show=x[:5])
    with rec:
        for _ in range(EPOCHS):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    r = rec.save(path, id="mine/two-layer", data=(x, y))
    return r, torch.rand(3)


def test_own_module_crossentropy_momentum_matches_a_hand_trace(tmp_path):
    trace, after_hand = _hand_trace()
    r, after_rec = _recorded(tmp_path / "run.safetensors")
    assert r.id == "mine/two-layer" and r.n_updates == EPOCHS and r.n_epochs == EPOCHS
    assert sorted(r.param_names) == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]
    for k in range(EPOCHS + 1):
        for n, v in trace["params"][k].items():
            np.testing.assert_array_equal(r.param(n)[k], v.numpy())
    for k in range(EPOCHS):
        for n, v in trace["grads"][k].items():
            np.testing.assert_array_equal(r.grad(n)[k], v.numpy())
        # the draw itself; tanh is never exactly 0 here, so the output's zeros are the drops
        np.testing.assert_array_equal(r.mask("drop")[k], trace["masks"][k].numpy())
    np.testing.assert_array_equal(r.loss, np.array(trace["loss"], dtype=np.float32))
    # the random stream goes on as if nothing had watched
    assert torch.equal(after_hand, after_rec)
    assert r.config["loss"] == "CrossEntropyLoss" and r.config["optimizer"] == "SGD"
    assert r.prediction.shape == (EPOCHS + 1, 5, 2)
    assert r.architecture == []   # not a Sequential: diagrams take an explicit layer list


def test_sequential_run_with_adamw_and_bce_logits_describes_its_architecture(tmp_path):
    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 30).reshape(-1, 1)
    y = (x > 0).float()
    net = nn.Sequential(nn.Linear(1, 4), nn.ReLU(), nn.Linear(4, 1))
    opt = torch.optim.AdamW(net.parameters(), lr=0.05)
    loss_fn = nn.BCEWithLogitsLoss()
    with engine.Recorder(net, opt, loss_fn) as rec:
        for _ in range(5):
            for xb, yb in ((x[:15], y[:15]), (x[15:], y[15:])):
                loss_fn(net(xb), yb).backward()
                opt.step()
                opt.zero_grad()
    r = rec.save(tmp_path / "bce.safetensors", epochs=5, batch_size=15)
    assert r.id == "own/bce" and r.n_updates == 10 and r.updates_per_epoch == 2
    assert [a["kind"] for a in r.architecture] == ["linear", "relu", "linear"]
    # with no data given, the final gradient is taken on the last batch the loop used
    np.testing.assert_array_equal(r.data("x"), x[15:].numpy())
    assert r.param("0.weight").shape == (11, 4, 1)


def test_own_recording_errors_name_the_file_and_the_script(tmp_path):
    x, y, net, opt, loss_fn = _setup()
    with engine.Recorder(net, opt, loss_fn) as rec:
        loss_fn(net(x), y).backward()
        opt.step()
    r = rec.save(tmp_path / "one.safetensors", script="make_my_video.py")
    with pytest.raises(KeyError):
        r.param("nope")
    # a broken array of a teacher's file: the fix is their script, not `lecture record`
    (tmp_path / "one.safetensors").write_bytes((tmp_path / "one.safetensors").read_bytes()[:-8])
    with pytest.raises(engine.RecordingError) as e:
        engine.load_recording(tmp_path / "one.safetensors").param("fc1.weight")
    msg = str(e.value)
    assert "one.safetensors" in msg and "\n" not in msg


@pytest.mark.parametrize("bad, words", [
    (lambda net, opt: engine.Recorder(net, opt, torch.nn.functional.mse_loss), "loss as a module"),
    (lambda net, opt: engine.Recorder(net, None), "one model takes one optimizer"),
    (lambda net, opt: engine.Recorder({"a/b": net}, opt), "letters, digits"),
    (lambda net, opt: engine.Recorder(lambda x: x, opt, nn.MSELoss()), "nn.Module"),
])
def test_recorder_refuses_what_it_cannot_watch_in_one_line(bad, words):
    _, _, net, opt, _ = _setup()
    with pytest.raises(engine.EngineError) as e:
        bad(net, opt)
    assert words in str(e.value) and "\n" not in str(e.value)


def test_saving_before_any_step_is_one_line(tmp_path):
    _, _, net, opt, loss_fn = _setup()
    with engine.Recorder(net, opt, loss_fn) as rec:
        pass
    with pytest.raises(engine.EngineError, match="never ran"):
        rec.save(tmp_path / "empty.safetensors")
    assert not (tmp_path / "empty.safetensors").exists()


def test_recording_shows_a_short_html_summary_in_a_notebook(tmp_path):
    r, _ = _recorded(tmp_path / "run.safetensors")
    html = r._repr_html_()
    assert "mine/two-layer" in html and "fc1.weight" in html and "8 x 3" in html
    assert f"{r.final_loss:.6g}" in html and "drop" in html


def _own_logistic(tmp_path, lr=0.5, name="logit", sigmoid=True):
    torch.manual_seed(3)
    x = torch.linspace(-1, 1, 50).reshape(-1, 1)
    y = (x > 0.2).float()
    net = nn.Sequential(nn.Linear(1, 1), *([nn.Sigmoid()] if sigmoid else []))
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    with engine.Recorder(net, opt, loss_fn) as rec:
        for _ in range(8):
            loss_fn(net(x), y).backward()
            opt.step()
            opt.zero_grad()
    return rec.save(tmp_path / f"{name}.safetensors", data=(x, y))


def test_landscape_of_an_own_run_needs_no_course_config_fields(tmp_path):
    r = _own_logistic(tmp_path)
    land = engine.landscape_for(r)
    b, w = r.param("0.bias")[-1, 0], r.param("0.weight")[-1, 0, 0]
    assert land.w0s.min() < b < land.w0s.max() and land.w1s.min() < w < land.w1s.max()
    assert land.loss_name == "mse" and np.isfinite(land.loss).all()


@pytest.mark.parametrize("kw, words", [({"head": "softmax"}, "unknown head 'softmax'; use one of: identity, sigmoid"),
                                        ({"loss": "huber"}, "unknown loss 'huber'; use one of: bce, mse, sse")])
def test_loss_grid_names_are_checked_in_one_line(kw, words):
    args = {"loss": "mse", "head": "sigmoid", **kw}
    with pytest.raises(engine.EngineError) as e:
        engine.loss_grid([0.0, 1.0], [0.0, 1.0], [0.0], [1.0], **args)
    assert str(e.value) == words


def test_loss_grid_head_name_is_case_insensitive():
    a = engine.loss_grid([0.0, 1.0], [0.0, 1.0], [0.5], [1.0], loss="MSELoss", head="Sigmoid")
    b = engine.loss_grid([0.0, 1.0], [0.0, 1.0], [0.5], [1.0], loss="mse", head="sigmoid")
    np.testing.assert_array_equal(a.loss, b.loss)


def test_landscape_of_a_diverged_run_names_the_update(tmp_path):
    r = _own_logistic(tmp_path, lr=1e30, name="diverged", sigmoid=False)
    assert r.nonfinite_update is not None
    with pytest.raises(engine.EngineError, match=r"diverged .*update \d+"):
        engine.landscape_for(r)


# -- a teacher's mistakes are never silent (issue 25) ----------------------------------------------

def _loop(net, opt, loss_fn, x, y, epochs=3, zero_grad=True, set_to_none=True):
    for _ in range(epochs):
        loss_fn(net(x), y).backward()
        opt.step()
        if zero_grad:
            opt.zero_grad(set_to_none=set_to_none)


def test_a_loop_without_zero_grad_warns_once(tmp_path):
    x, y, net, opt, loss_fn = _setup()
    with pytest.warns(RuntimeWarning, match=r"zero_grad\(\)") as seen:
        with engine.Recorder(net, opt, loss_fn):
            _loop(net, opt, loss_fn, x, y, epochs=4, zero_grad=False)
    assert len([w for w in seen if "zero_grad" in str(w.message)]) == 1
    assert "update 1" in str(seen[0].message) and "\n" not in str(seen[0].message)


@pytest.mark.parametrize("set_to_none", [True, False])
def test_a_loop_with_zero_grad_does_not_warn(set_to_none):
    import warnings

    x, y, net, opt, loss_fn = _setup()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with engine.Recorder(net, opt, loss_fn):
            _loop(net, opt, loss_fn, x, y, set_to_none=set_to_none)
        # zero_grad before backward (the other common order) is as good
        with engine.Recorder(net, opt, loss_fn):
            for _ in range(3):
                opt.zero_grad()
                loss_fn(net(x), y).backward()
                opt.step()


def test_a_float64_model_is_recorded_in_float64(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(20, 3, dtype=torch.float64)
    y = x.sum(1, keepdim=True)
    net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()
    with engine.Recorder(net, opt, loss_fn, x_show=x[:3]) as rec:
        _loop(net, opt, loss_fn, x, y)
    r = rec.save(tmp_path / "f64.safetensors", data=(x, y))
    assert r.param("0.weight").dtype == np.float64 and r.grad("2.bias").dtype == np.float64
    assert r.loss.dtype == np.float64 and r.prediction.dtype == np.float64 and r.state_loss.dtype == np.float64
    np.testing.assert_array_equal(r.param("0.weight")[-1], net[0].weight.detach().numpy())


def test_x_show_of_the_wrong_width_is_one_line_naming_it():
    x, y, net, opt, loss_fn = _setup()
    with pytest.raises(engine.EngineError) as e:
        with engine.Recorder(net, opt, loss_fn, x_show=torch.zeros(5, 4)):
            pass
    msg = str(e.value)
    assert "x_show has shape (5, 4)" in msg and "(n, 3)" in msg and "'fc1'" in msg and "\n" not in msg
    # nothing stays attached
    assert not net.drop._forward_hooks and torch.autograd.backward.__name__ == "backward"


def test_a_recording_too_big_for_memory_is_refused_before_training(monkeypatch):
    import engine.training

    x, y, net, opt, loss_fn = _setup()
    import engine.memory

    monkeypatch.setattr(engine.memory, "available_memory", lambda: 100 << 20)
    with pytest.raises(engine.EngineError) as e:
        with engine.Recorder(net, opt, loss_fn, n_updates=10 ** 7, x_show=x):
            pytest.fail("trained although the recording cannot fit")
    assert "of recording in memory" in str(e.value) and "fewer updates" in str(e.value) and "\n" not in str(e.value)
    assert not net.drop._forward_hooks and torch.autograd.backward.__name__ == "backward"


def test_one_model_without_a_loss_module_takes_its_losses_from_backward(tmp_path):
    x, y, net, opt, _ = _setup()
    with engine.Recorder(net, opt) as rec:
        hand = []
        for _ in range(3):
            loss = torch.nn.functional.cross_entropy(net(x), y)   # a function: seen through backward()
            loss.backward()
            hand.append(loss.item())
            opt.step()
            opt.zero_grad()
    r = rec.save(tmp_path / "fn.safetensors", data=(x, y))
    np.testing.assert_array_equal(r.loss, np.array(hand, np.float32))
    assert r.grad("fc1.weight").shape[0] == 3 and "loss/final" not in r   # no loss module: no final gradient
