"""Recording what later lessons train (schema 2's named streams), each against a hand-made trace.

A GAN (two models, two optimizers, alternating steps), an RNN cell driven by a loop over time
steps, an LSTM whose gates are recomputed from the recorded parameters, a CNN's feature maps
and a Q-learning loop with no model at all. Each loop runs twice: once with copies taken by
hand, once under the recorder; the recorder must keep the same numbers and change nothing
(final weights bit-identical, the random stream continuing identically). Sizes are tiny.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from torch import nn

import engine


def _copy(model: nn.Module, prefix: str = "") -> dict[str, np.ndarray]:
    return {f"{prefix}{k}": v.detach().clone().numpy() for k, v in model.named_parameters()}


# -- a GAN: faker and police, two optimizers, alternating steps (08wk) -------------------------------

EPOCHS_GAN = 4


def _gan(record: bool, path=None):
    torch.manual_seed(43052)
    x_real = torch.rand(12, 3)
    police = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())
    faker = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid())
    bce = nn.BCELoss()
    opt_police = torch.optim.Adam(police.parameters(), lr=0.01, betas=(0.5, 0.999))
    opt_faker = torch.optim.Adam(faker.parameters(), lr=0.002, betas=(0.5, 0.999))
    y_real, y_fake = torch.ones(12, 1), torch.zeros(12, 1)
    show = torch.rand(2, 2)   # drawn in both runs: the recorder must not be what changes the stream
    trace = {"faker": [_copy(faker)], "police": [_copy(police)], "loss_police": [], "loss_faker": [],
             "grad_police": []}
    rec = engine.Recorder({"faker": faker, "police": police}, {"faker": opt_faker, "police": opt_police},
                          x_show={"faker": show}) if record else None
    with rec if record else warnings.catch_warnings():
        for _ in range(EPOCHS_GAN):   # the course's loop, as written in 08wk
            noise = torch.randn(12, 2)
            x_fake = faker(noise).data
            loss_police = bce(police(x_real), y_real) + bce(police(x_fake), y_fake)
            loss_police.backward()
            trace["loss_police"].append(loss_police.item())
            trace["grad_police"].append({k: p.grad.clone().numpy() for k, p in police.named_parameters()})
            opt_police.step()
            opt_police.zero_grad()
            trace["police"].append(_copy(police))
            noise = torch.randn(12, 2)
            loss_faker = bce(police(faker(noise)), y_real)
            loss_faker.backward()
            trace["loss_faker"].append(loss_faker.item())
            opt_faker.step()
            opt_faker.zero_grad()
            trace["faker"].append(_copy(faker))
    after = torch.rand(3)
    r = rec.save(path, id="mine/gan", epochs=EPOCHS_GAN) if record else None
    return trace, r, after, {"faker": _copy(faker), "police": _copy(police)}


def test_gan_two_models_two_optimizers_match_a_hand_trace(tmp_path):
    trace, _, after_plain, final_plain = _gan(False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # the course's loop zeroes its gradients: no warning
        _, r, after_rec, final_rec = _gan(True, tmp_path / "gan.safetensors")
    assert r.schema == 2 and r.models == ["faker", "police"] and r.optimizers == ["faker", "police"]
    assert r.n_updates == 2 * EPOCHS_GAN and r.n_epochs == EPOCHS_GAN
    # each model: state 0 the init, one state after each step of its own optimizer
    for m in ("faker", "police"):
        assert len(r.states(m)) == EPOCHS_GAN + 1
        for k, state in enumerate(trace[m]):
            for name, v in state.items():
                np.testing.assert_array_equal(r.param(f"{m}/{name}")[k], v)
    np.testing.assert_array_equal(r.states("police"), [0, 1, 3, 5, 7])
    np.testing.assert_array_equal(r.states("faker"), [0, 2, 4, 6, 8])
    # the police loss is the sum of two calls of one BCELoss: the tensor backward() ran on
    np.testing.assert_array_equal(r.loss_of("police"), np.array(trace["loss_police"], np.float32))
    np.testing.assert_array_equal(r.loss_of("faker"), np.array(trace["loss_faker"], np.float32))
    np.testing.assert_array_equal(r.loss_steps("police"), [0, 2, 4, 6])
    np.testing.assert_array_equal(r.loss_steps("faker"), [1, 3, 5, 7])
    for k, grads in enumerate(trace["grad_police"]):
        for name, g in grads.items():
            np.testing.assert_array_equal(r.grad(f"police/{name}")[k], g)
    assert r.prediction_of("faker").shape == (EPOCHS_GAN + 1, 2, 3)   # the faker's samples of 2 noise vectors
    with pytest.raises(ValueError, match="loss_of"):
        _ = r.loss
    # the recorder changed nothing
    assert torch.equal(after_plain, after_rec)
    for m in final_plain:
        for name, v in final_plain[m].items():
            np.testing.assert_array_equal(final_rec[m][name], v)


def test_a_named_recording_is_deterministic(tmp_path):
    _, a, _, _ = _gan(True, tmp_path / "a.safetensors")
    _, b, _, _ = _gan(True, tmp_path / "b.safetensors")
    assert a.keys() == b.keys()
    for k in a.keys():
        np.testing.assert_array_equal(a.array(k), b.array(k))


# -- an RNN cell driven by a loop over time steps, one optimizer over two models (12wk-1) -----------

class RNNCell(nn.Module):
    def __init__(self):
        super().__init__()
        self.i2h, self.h2h, self.tanh = nn.Linear(4, 2), nn.Linear(2, 2), nn.Tanh()

    def forward(self, xt, ht):
        return self.tanh(self.i2h(xt) + self.h2h(ht))


def _rnn(record: bool, path=None, epochs=5):
    torch.manual_seed(43052)
    X = torch.eye(4)[[0, 1, 2, 3, 0, 1]]
    y = torch.tensor([1, 2, 3, 0, 1, 2])
    rnncell, cook = RNNCell(), nn.Linear(2, 4)
    loss_fn = nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(rnncell.parameters()) + list(cook.parameters()), lr=0.1)
    trace = {"rnncell": [_copy(rnncell)], "cook": [_copy(cook)], "loss": [], "h": []}
    rec = engine.Recorder({"rnncell": rnncell, "cook": cook}, optimizr) if record else None
    with rec if record else warnings.catch_warnings():
        for _ in range(epochs):
            ht, loss, hs = torch.zeros(2), 0, []
            for t in range(len(X)):
                ht = rnncell(X[t], ht)
                hs.append(ht)
                loss = loss + loss_fn(cook(ht), y[t])
            loss = loss / len(X)
            loss.backward()
            trace["loss"].append(loss.item())
            optimizr.step()
            optimizr.zero_grad()
            trace["rnncell"].append(_copy(rnncell))
            trace["cook"].append(_copy(cook))
            trace["h"].append(torch.stack(hs).detach().numpy().copy())
            if record:
                rec.log("h", torch.stack(hs))   # every h_t of the sequence, after each epoch
    after = torch.rand(2)
    return trace, (rec.save(path, id="mine/rnn") if record else None), after


def test_rnn_cell_loop_over_time_steps_matches_a_hand_trace(tmp_path):
    trace, _, after_plain = _rnn(False)
    _, r, after_rec = _rnn(True, tmp_path / "rnn.safetensors")
    assert r.models == ["cook", "rnncell"] and r.n_updates == 5 and r.n_states == 5 + 1
    for m in ("rnncell", "cook"):
        np.testing.assert_array_equal(r.states(m), np.arange(6))
        for k, state in enumerate(trace[m]):
            for name, v in state.items():
                np.testing.assert_array_equal(r.param(f"{m}/{name}")[k], v)
    # one optimizer: r.loss is its losses (the mean over the sequence the loop computed itself)
    np.testing.assert_array_equal(r.loss, np.array(trace["loss"], np.float32))
    np.testing.assert_array_equal(r.series("h"), np.stack(trace["h"]))
    np.testing.assert_array_equal(r.series_steps("h"), np.arange(1, 6))
    assert r.series("h").shape == (5, 6, 2) and r.state_dict(-1, "cook").keys() == {"weight", "bias"}
    assert torch.equal(after_plain, after_rec)


# -- an LSTM, its gates recomputed from the recorded parameters (13wk-1) -----------------------------

def test_lstm_gates_from_a_recording_match_nn_lstm(tmp_path):
    torch.manual_seed(43052)
    X = torch.eye(4)[[0, 1, 2, 3, 0, 1]]
    y = torch.tensor([1, 2, 3, 0, 1, 2])
    lstm, cook = nn.LSTM(4, 2), nn.Linear(2, 4)
    loss_fn = nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(lstm.parameters()) + list(cook.parameters()), lr=0.1)
    water = torch.zeros(1, 2)
    hand = [_copy(lstm)]
    with engine.Recorder({"lstm": lstm, "cook": cook}, optimizr) as rec:
        for _ in range(3):
            h, _ = lstm(X, (water, water))
            loss = loss_fn(cook(h), y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            hand.append(_copy(lstm))
    r = rec.save(tmp_path / "lstm.safetensors", id="mine/lstm")
    for k in range(4):
        for name, v in hand[k].items():
            np.testing.assert_array_equal(r.param(f"lstm/{name}")[k], v)
        gates = engine.lstm_gates(X.numpy(), **engine.lstm_params(r, "lstm", state=k))
        assert set(gates) == {"i", "f", "g", "o", "c", "h"} and gates["f"].shape == (6, 2)
        # nn.LSTM with the recorded weights: its output is every h_t, its last cell state c_L
        check = nn.LSTM(4, 2)
        check.load_state_dict({n: torch.from_numpy(v.copy()) for n, v in r.state_dict(k, "lstm").items()})
        with torch.no_grad():
            out, (_, cL) = check(X, (water, water))
        np.testing.assert_allclose(gates["h"], out.numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(gates["c"][-1], cL[0].numpy(), rtol=1e-5, atol=1e-6)
        assert ((gates["i"] > 0) & (gates["i"] < 1)).all() and (np.abs(gates["g"]) < 1).all()


def test_lstm_gates_refuse_a_wrong_input_in_one_line():
    with pytest.raises(engine.EngineError) as e:
        engine.lstm_gates(np.zeros((3, 5)), np.zeros((8, 4)), np.zeros((8, 2)))
    assert "(L, 4)" in str(e.value) and "\n" not in str(e.value)


# -- a CNN's feature maps on shown images (05wk-2) ---------------------------------------------------

def _cnn(record: bool, path=None):
    torch.manual_seed(1)
    x = torch.rand(8, 1, 8, 8)
    y = (x.mean((1, 2, 3)) > 0.5).float().reshape(-1, 1)
    net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(36, 1), nn.Sigmoid())
    loss_fn = nn.BCELoss()
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    hand = [_copy(net)]
    rec = engine.Recorder(net, opt, loss_fn, x_show=x[:2], activations=True) if record else None
    with rec if record else warnings.catch_warnings():
        for _ in range(3):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
            hand.append(_copy(net))
    after = torch.rand(2)
    return hand, (rec.save(path, data=(x, y)) if record else None), after, x


def test_cnn_feature_maps_are_the_layers_outputs_at_each_state(tmp_path):
    hand, _, after_plain, x = _cnn(False)
    _, r, after_rec, _ = _cnn(True, tmp_path / "cnn.safetensors")
    assert r.activation_names == ["0", "1", "2", "3", "4", "5"]
    assert r.activation("0").shape == (4, 2, 4, 6, 6) and r.activation("2").shape == (4, 2, 4, 3, 3)
    for k, state in enumerate(hand):
        conv = nn.Conv2d(1, 4, 3)
        conv.load_state_dict({"weight": torch.from_numpy(state["0.weight"]), "bias": torch.from_numpy(state["0.bias"])})
        with torch.no_grad():
            maps = conv(x[:2])
        np.testing.assert_array_equal(r.activation("0")[k], maps.numpy())
        np.testing.assert_array_equal(r.activation("1")[k], np.maximum(maps.numpy(), 0))
        np.testing.assert_array_equal(r.param("0.weight")[k], state["0.weight"])   # the 4 filters as they change
    np.testing.assert_array_equal(r.activation("5"), r.prediction)
    assert torch.equal(after_plain, after_rec)
    with pytest.raises(KeyError, match="activations=True"):
        r.activation("9")


def test_activations_name_unknown_modules_in_one_line():
    net = nn.Sequential(nn.Linear(2, 1))
    with pytest.raises(engine.EngineError) as e:
        engine.Recorder(net, torch.optim.SGD(net.parameters(), lr=0.1), x_show=torch.zeros(1, 2), activations=["fc"])
    assert "'fc'" in str(e.value) and "its modules: 0" in str(e.value) and "\n" not in str(e.value)


# -- Q-learning: no model, no optimizer, a Q-table per episode (14wk-2) ------------------------------

def _q_learning(rec=None):
    rng = np.random.default_rng(43052)
    q_table = np.zeros((4, 4, 4))
    tables, returns = [], []
    for _episode in range(5):
        s, ret = (0, 0), 0.0
        for _ in range(20):
            a = int(rng.integers(4))
            ds = [(0, 1), (1, 0), (0, -1), (-1, 0)][a]
            nxt = (min(max(s[0] + ds[0], 0), 3), min(max(s[1] + ds[1], 0), 3))
            r = 100.0 if nxt == (3, 3) else -1.0
            future = 0.0 if nxt == (3, 3) else q_table[nxt].max()
            q_table[s + (a,)] += 0.05 * (r + 0.95 * future - q_table[s + (a,)])
            ret += r
            s = nxt
            if s == (3, 3):
                break
        tables.append(q_table.copy())
        returns.append(ret)
        if rec is not None:
            rec.log("q", q_table)
            rec.log("return", ret)
    return tables, returns


def test_q_learning_without_model_or_optimizer_is_a_recording(tmp_path):
    tables, returns = _q_learning()
    with engine.Recorder(None, None) as rec:
        _q_learning(rec)
    r = rec.save(tmp_path / "q.safetensors", id="mine/qlearn", epochs=5)
    again = engine.load_recording(r.path)
    assert again.n_updates == 0 and again.models == [] and again.series_names == ["q", "return"]
    np.testing.assert_array_equal(again.series("q"), np.stack(tables))
    assert again.series("q").dtype == np.float64 and again.series("return").tolist() == returns
    np.testing.assert_array_equal(again.series_steps("q"), np.zeros(5, np.int64))


def test_log_refuses_a_changed_shape_or_an_object_in_one_line():
    with engine.Recorder(None, None) as rec:
        rec.log("acc", np.zeros(3))
        with pytest.raises(engine.EngineError, match=r"shape \(4,\) after values of shape \(3,\)"):
            rec.log("acc", np.zeros(4))
        with pytest.raises(engine.EngineError, match="cannot be kept"):
            rec.log("name", "text")
        with pytest.raises(engine.EngineError, match="must be letters"):
            rec.log("a/b", 1.0)


def test_a_streams_file_with_missing_losses_is_refused(tmp_path):
    import json

    _, r, _, _ = _gan(True, tmp_path / "gan.safetensors")
    arrays = {k: r.array(k) for k in r.keys() if k != "losses/faker"}
    md = {"config": r.config, "meta": r.meta, "architecture": [], "mask_shapes": {}, "streams": r.streams}
    bad = engine.save_recording(tmp_path / "bad.safetensors", arrays, md)
    with pytest.raises(engine.RecordingError, match="losses of optimizer 'faker'") as e:
        engine.load_recording(bad)
    assert "\n" not in str(e.value) and json.dumps(r.streams)


def test_a_gan_that_zeroes_before_backward_does_not_warn():
    """The faker's backward reaches the police's parameters before the police zeroes them: not a left-over."""
    torch.manual_seed(0)
    police, faker = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid()), nn.Linear(2, 3)
    opt_p, opt_f = torch.optim.SGD(police.parameters(), lr=0.1), torch.optim.SGD(faker.parameters(), lr=0.1)
    bce = nn.BCELoss()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with engine.Recorder({"faker": faker, "police": police}, {"faker": opt_f, "police": opt_p}):
            for _ in range(3):
                opt_p.zero_grad()
                bce(police(torch.rand(4, 3)), torch.ones(4, 1)).backward()
                opt_p.step()
                opt_f.zero_grad()
                bce(police(faker(torch.randn(4, 2))), torch.ones(4, 1)).backward()
                opt_f.step()
