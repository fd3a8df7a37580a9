"""Shapes from a real forward pass (``describe(model, example_input)``) and loss slices of any recorded model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import engine
from engine.architecture import describe, spec_from_dicts
from engine.slices import filter_normalized_direction, loss_slice


def test_cnn_shapes_are_the_ones_torch_computes():
    """The course's CNN (DL2024 05wk-2): 1x28x28 -> 16x24x24 -> 16x12x12 -> 2304 -> 1, as the notes print."""
    cnn = nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2304, 1), nn.Sigmoid())
    specs = describe(cnn, torch.zeros(4, 1, 28, 28))
    assert [s.kind for s in specs] == ["conv", "relu", "pool", "flatten", "linear", "sigmoid"]
    assert [s.out_shape for s in specs] == [(16, 24, 24), (16, 24, 24), (16, 12, 12), (2304,), (1,), (1,)]
    assert specs[0].in_shape == (1, 28, 28) and specs[0].kernel_size == (5, 5) and specs[0].in_features == 1
    assert specs[2].kernel_size == (2, 2) and specs[2].stride == (2, 2)
    assert spec_from_dicts([s.to_dict() for s in specs]) == specs   # JSON round trip keeps tuples
    # without an input: today's behaviour, no shapes
    assert describe(cnn)[0].in_shape is None


def test_any_module_is_traced_in_call_order_with_calls_counted():
    class Cell(nn.Module):   # the course's rNNCell loop: a cell over time steps, then a Linear
        def __init__(self):
            super().__init__()
            self.cook = nn.Linear(2, 4)        # declared first, called last
            self.rnncell = nn.RNNCell(4, 2)

        def forward(self, x):
            h, hs = torch.zeros(2), []
            for t in range(x.shape[0]):
                h = self.rnncell(x[t], h)
                hs.append(h)
            return self.cook(torch.stack(hs))

    specs = describe(Cell(), torch.zeros(6, 4))
    assert [(s.name, s.kind, s.calls) for s in specs] == [("rnncell", "recurrent", 6), ("cook", "linear", 1)]
    assert specs[0].in_shape == (4,) and specs[0].out_shape == (2,)


@pytest.mark.parametrize("batch_first", [True, False])
def test_recurrent_shapes_drop_the_batch_axis_where_torch_keeps_it(batch_first):
    class Gru(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru, self.fc = nn.GRU(1, 8, batch_first=batch_first), nn.Linear(8, 1)

        def forward(self, x):
            out, _ = self.gru(x)
            return self.fc(out[:, -1] if batch_first else out[-1])

    x = torch.zeros(3, 20, 1) if batch_first else torch.zeros(20, 3, 1)
    gru, fc = describe(Gru(), x)
    assert (gru.cls, gru.in_shape, gru.out_shape) == ("GRU", (20, 1), (20, 8))   # the output sequence
    assert fc.in_shape == (8,)


def test_tracing_leaves_training_flags_and_the_random_stream_alone():
    net = nn.Sequential(nn.Linear(3, 5), nn.Dropout(0.5), nn.BatchNorm1d(5), nn.Linear(5, 1)).train()
    stats = net[2].running_mean.clone()
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    describe(net, torch.randn(7, 3, generator=torch.Generator().manual_seed(1)))
    assert torch.equal(torch.rand(3), expected)
    assert all(m.training for m in net.modules()) and torch.equal(net[2].running_mean, stats)


def test_a_failing_forward_is_one_line():
    with pytest.raises(engine.EngineError, match=r"forward pass on example_input \(2, 5\) failed"):
        describe(nn.Sequential(nn.Linear(3, 1)), torch.zeros(2, 5))


def test_filter_normalized_direction_matches_each_filters_norm():
    params = {"w": torch.randn(4, 3, 2, 2), "b": torch.randn(4)}
    d = filter_normalized_direction(params, torch.Generator().manual_seed(0))
    assert torch.allclose(d["w"].flatten(1).norm(dim=1), params["w"].flatten(1).norm(dim=1))
    assert not d["b"].any()   # biases are not moved (Li et al.'s default)


def _own_run(tmp_path, net, loss_fn, x, y, epochs=30, lr=0.1):
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    with engine.Recorder(net, opt, loss_fn) as rec:
        for _ in range(epochs):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    return rec.save(tmp_path / "run.safetensors", id="mine/run", data=(x, y))


def test_slice_of_an_own_mlp_is_centred_on_the_recorded_loss(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(64, 3)
    y = (x.sum(1, keepdim=True) > 0).float()
    net = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1), nn.Sigmoid())
    r = _own_run(tmp_path, net, nn.BCELoss(), x, y)
    alphas, betas, loss = s = loss_slice(r, state=10, steps=9, span=0.5)
    assert loss.shape == (9, 9) and alphas[4] == betas[4] == 0
    assert s.centre_loss == pytest.approx(float(r.loss[10]), rel=1e-6)   # state 10's loss, before update 11
    assert s.path.shape == (r.n_states, 2) and np.allclose(s.path[10], 0)
    # deterministic, and the global random stream untouched
    torch.manual_seed(5)
    expected = torch.rand(2)
    torch.manual_seed(5)
    again = loss_slice(r, state=10, steps=9, span=0.5)
    assert torch.equal(torch.rand(2), expected)
    assert np.array_equal(again.loss, loss)


def test_slice_along_two_named_parameters_is_the_loss_of_those_values(tmp_path):
    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 40).reshape(-1, 1)
    y = 2.5 + 4.0 * x
    r = _own_run(tmp_path, nn.Linear(1, 1), nn.MSELoss(), x, y)
    s = loss_slice(r, state=-1, directions=("bias", "weight"), span=1.0, steps=5)
    b, w = r.param("bias")[-1][0], r.param("weight")[-1][0, 0]
    # the corner (alpha=-1, beta=+1) is the loss with bias - 1 and weight + 1
    expected = float(np.mean((b - 1 + (w + 1) * x.numpy()[:, 0] - y.numpy()[:, 0]) ** 2))
    assert s.loss[-1, 0] == pytest.approx(expected, rel=1e-5)
    assert s.path[0] == pytest.approx([r.param("bias")[0][0] - b, r.param("weight")[0][0, 0] - w], rel=1e-6)


def test_a_model_of_ones_own_class_is_passed_as_model(tmp_path):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv, self.fc = nn.Conv2d(1, 2, 3), nn.Linear(2 * 4 * 4, 2)

        def forward(self, x):
            return self.fc(torch.relu(self.conv(x)).flatten(1))

    torch.manual_seed(0)
    x, y = torch.randn(16, 1, 6, 6), torch.randint(0, 2, (16,))
    r = _own_run(tmp_path, Net(), nn.CrossEntropyLoss(), x, y, epochs=5)
    with pytest.raises(engine.EngineError, match="pass model="):
        loss_slice(r)
    s = loss_slice(r, model=Net(), steps=5)
    assert s.centre_loss == pytest.approx(float(r.final_loss), rel=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": 4}, "odd whole number"),
    ({"span": -1}, "positive number"),
    ({"state": 99}, "out of range"),
    ({"directions": ("bias", "nope")}, "no parameter 'nope'"),
    ({"directions": "pca"}, "filter-normalized"),
])
def test_bad_arguments_are_one_line(tmp_path, kwargs, message):
    x = torch.linspace(-1, 1, 8).reshape(-1, 1)
    r = _own_run(tmp_path, nn.Linear(1, 1), nn.MSELoss(), x, 2 * x, epochs=3)
    with pytest.raises(engine.EngineError, match=message):
        loss_slice(r, **kwargs)


def test_a_slice_is_drawn_as_a_surface_and_a_contour_with_the_projected_path(tmp_path):
    """LossSurface and LossContour draw a loss slice of any model, its axes named by its directions."""
    from manim import ValueTracker

    from scenes.common.contour import LossContour, PathOnContour
    from scenes.common.surface import LossSurface, ParameterPath

    torch.manual_seed(0)
    x = torch.randn(64, 3)
    y = (x.sum(1, keepdim=True) > 0).float()
    r = _own_run(tmp_path, nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1), nn.Sigmoid()), nn.BCELoss(), x, y)
    s = loss_slice(r, steps=11, span="path")
    assert np.abs(s.path).max() <= s.alphas[-1]          # span="path": every recorded state inside the picture
    surface = LossSurface(s, axis_labels=True)
    assert surface.landscape.axis_names == (r"\alpha", r"\beta")
    path = ParameterPath.from_slice(surface, s, r, ValueTracker(r.n_states - 1))
    assert path.n_states == r.n_states and path.losses[-1] == pytest.approx(r.final_loss, rel=1e-6)
    contour = LossContour(s)
    on = PathOnContour.from_slice(contour, s)
    pts = on.points_2d
    left, right = contour.c2p(s.alphas[0], s.betas[0]), contour.c2p(s.alphas[-1], s.betas[-1])
    assert (pts[:, 0] >= left[0] - 1e-6).all() and (pts[:, 0] <= right[0] + 1e-6).all()
    line = _own_run(tmp_path, nn.Linear(1, 1), nn.MSELoss(), x[:, :1], 2 * x[:, :1])
    named = loss_slice(line, directions=("bias", "weight"), steps=5)
    assert LossSurface(named).landscape.axis_names == (r"\texttt{bias}", r"\texttt{weight}")
