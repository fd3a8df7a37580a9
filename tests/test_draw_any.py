"""Drawing any run: diagrams of any Sequential or list of layers, two-parameter pictures without config fields."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import engine
from scenes.common.network import ElementwiseStage, ModuleBox, NetworkDiagram


class Scale(nn.Module):
    """A module no family knows (a teacher's own)."""

    def __init__(self):
        super().__init__()
        self.s = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * self.s


class Net(nn.Module):
    """The docs' model: its forward calls the modules, so a diagram needs them in order."""

    def __init__(self):
        super().__init__()
        self.fc1, self.act, self.drop, self.fc2 = nn.Linear(3, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(self.drop(self.act(self.fc1(x))))


def test_describe_names_every_family_and_refuses_none():
    net = nn.Sequential(nn.Linear(3, 8), nn.GELU(), nn.BatchNorm1d(8), Scale(), nn.Linear(8, 4), nn.LeakyReLU(0.1),
                        nn.ELU(), nn.SiLU(), nn.Identity(), nn.LayerNorm(4), nn.Linear(4, 2), nn.Softmax(dim=1))
    specs = engine.describe(net)
    assert [(s.kind, s.cls) for s in specs] == [
        ("linear", None), ("activation", "GELU"), ("norm", "BatchNorm1d"), ("module", "Scale"), ("linear", None),
        ("activation", "LeakyReLU"), ("activation", "ELU"), ("activation", "SiLU"), ("identity", "Identity"),
        ("norm", "LayerNorm"), ("linear", None), ("softmax", "Softmax")]
    assert specs[2].features == 8 and specs[2].n_params == 16 and specs[3].n_params == 1
    # the course's specs are unchanged: no new field appears in their dicts
    assert engine.describe(nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Dropout(0.5)))[2].to_dict() == \
        {"name": "2", "kind": "dropout", "p": 0.5}
    assert engine.spec_from_dicts([s.to_dict() for s in specs]) == specs


def test_describe_a_module_that_is_not_sequential_says_to_pass_the_layers():
    with pytest.raises(engine.EngineError, match=r"forward order.*\(name, module\)"):
        engine.describe(Net())


def test_any_sequential_is_drawn_with_labelled_stages():
    net = nn.Sequential(nn.Linear(3, 8), nn.GELU(), nn.BatchNorm1d(8), Scale(), nn.Linear(8, 2), nn.Softmax(dim=1))
    d = NetworkDiagram.from_model(net)
    assert [m.tex_string for m in d.stage_labels] == [
        "l_{1}", r"\mathrm{GELU}", r"\mathrm{BatchNorm}", r"\text{Scale}", "l_{2}", r"\mathrm{softmax}"]
    assert [type(s) for s in d.stages][1:4] == [ElementwiseStage, ElementwiseStage, ModuleBox]
    assert d.n_layers == 2 and [c.size for c in d.columns] == [3, 8, 8, 8, 8, 2, 2]
    box = d.stages[3]
    assert len(box.links) == 16 and box.box.width > 0   # every node runs into and out of the box
    # no two stage labels overlap
    labels = list(d.stage_labels)
    for a, b in zip(labels, labels[1:]):
        assert a.get_right()[0] < b.get_left()[0] or abs(a.get_y() - b.get_y()) > 0.2


def test_an_unknown_module_may_change_the_feature_count():
    class Pick(nn.Module):
        def forward(self, x):
            return x[:, :2]

    d = NetworkDiagram.from_model(nn.Sequential(nn.Linear(3, 4), Pick(), nn.Linear(2, 1)))
    assert [c.size for c in d.columns] == [3, 4, 2, 1] and isinstance(d.stages[1], ModuleBox)


def test_from_layers_draws_the_docs_net_with_its_weights():
    net = Net()
    for layers in ([net.fc1, net.act, net.drop, net.fc2],
                   [("fc1", net.fc1), ("act", net.act), ("drop", net.drop), ("fc2", net.fc2)]):
        d = NetworkDiagram.from_layers(layers)
        assert [m.tex_string for m in d.stage_labels] == ["l_{1}", r"\tanh", r"\mathrm{drop}_{0.5}", "l_{2}"]
        assert [c.size for c in d.columns] == [3, 8, 8, 8, 2]
    d = NetworkDiagram.from_layers([nn.Linear(3, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 2)])
    assert d.n_layers == 2
    with pytest.raises(engine.EngineError, match="forward order"):
        NetworkDiagram.from_layers(net)


def _record(model, steps=5, lr=0.1, x=None, y=None, path=None, **save):
    torch.manual_seed(0)
    x = torch.randn(20, 3) if x is None else x
    y = (x[:, 0] > 0).long() if y is None else y
    loss_fn = nn.CrossEntropyLoss() if y.dtype == torch.long else nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    with engine.Recorder(model, opt, loss_fn, x_show=x[:4]) as rec:
        for _ in range(steps):
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    return rec.save(path, data=(x, y), **save)


def test_from_recording_of_a_net_without_architecture_needs_the_layers(tmp_path):
    net = Net()
    r = _record(net, path=tmp_path / "net.safetensors")
    assert r.architecture == []
    with pytest.raises(engine.EngineError, match="no architecture.*layers="):
        NetworkDiagram.from_recording(r)
    layers = [("fc1", net.fc1), ("act", net.act), ("drop", net.drop), ("fc2", net.fc2)]
    d = NetworkDiagram.from_recording(r, state=2, layers=layers)
    assert d.n_layers == 2
    with pytest.raises(engine.EngineError, match="'0.weight', which the recording has not"):
        NetworkDiagram.from_recording(r, layers=[net.fc1, net.act, net.fc2])
    # saved with its layers, the file carries its architecture
    torch.manual_seed(1)
    net = Net()
    r2 = _record(net, path=tmp_path / "net2.safetensors",
                 layers=[("fc1", net.fc1), ("act", net.act), ("drop", net.drop), ("fc2", net.fc2)])
    assert [a["kind"] for a in r2.architecture] == ["linear", "tanh", "dropout", "linear"]
    assert NetworkDiagram.from_recording(r2).n_layers == 2


def test_a_diverged_run_is_one_line_naming_the_update(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(20, 3) * 100
    y = torch.randn(20, 2) * 100
    net = nn.Sequential(nn.Linear(3, 8), nn.GELU(), nn.Linear(8, 2))
    r = _record(net, steps=30, lr=10.0, x=x, y=y, path=tmp_path / "nan.safetensors")
    bad = int(np.flatnonzero(~np.isfinite(r.param("0.weight").reshape(r.n_states, -1)).all(1))[0])
    with pytest.raises(engine.EngineError, match=f"diverged.*after update {bad}.*state={bad - 1}"):
        NetworkDiagram.from_recording(r)
    d = NetworkDiagram.from_recording(r, state=bad - 1)   # before it: drawn, scales from finite states
    assert all(np.isfinite(s) for s in d.weight_scales)
    assert all(np.isfinite(line.get_stroke_width()) for b in d.edges for _, _, line in b.lines())


def test_sequential_code_writes_any_module():
    from scenes.common.network import sequential_code

    specs = engine.describe(nn.Sequential(nn.Linear(3, 8), nn.GELU(), nn.BatchNorm1d(8), Scale(), nn.Linear(8, 2)))
    assert sequential_code(specs)[1:-1] == ["    torch.nn.Linear(3, 8),", "    torch.nn.GELU(),",
                                            "    torch.nn.BatchNorm1d(8),", "    Scale(),",
                                            "    torch.nn.Linear(8, 2),"]


# -- two-parameter runs of one's own ---------------------------------------------------------------------

def _line_run(path, *, lr=0.1, steps=8, scale=1.0):
    """A teacher's nn.Linear(1, 1) with MSELoss and SGD, recorded with engine.Recorder (no config fields)."""
    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 20).reshape(-1, 1) * scale
    y = 2.5 + 4.0 * x
    net = nn.Linear(1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    with engine.Recorder(net, opt, loss_fn, x_show=x) as rec:
        for _ in range(steps):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    return rec.save(path)


@pytest.fixture(scope="module")
def own_line(tmp_path_factory):
    return _line_run(tmp_path_factory.mktemp("own") / "line.safetensors")


def test_two_parameter_mobjects_take_an_own_recording(own_line):
    from manim import ValueTracker

    from scenes.common.contour import LossContour, PathOnContour
    from scenes.common.surface import LossSurface, ParameterPath, TrainingCaption

    r = own_line
    assert set(r.config) >= {"loss", "optimizer"} and "data" not in r.config   # only what save() writes
    tracker = ValueTracker(0)
    surface = LossSurface(r, faces=12)
    assert surface.landscape.loss_name == "mse"
    assert LossSurface.from_recording(r, faces=8).loss_range == surface.loss_range
    path = ParameterPath.from_recording(surface, r, tracker)
    np.testing.assert_array_equal(path.w0s, r.param("bias").ravel())
    np.testing.assert_array_equal(path.w1s, r.param("weight").ravel())
    np.testing.assert_array_equal(path.losses, r.state_loss)
    tracker.set_value(r.n_states - 1)
    path.update()
    assert np.allclose(path.dot.get_center(), path.point(r.n_states - 1))
    contour = LossContour(r, n_levels=4)
    on = PathOnContour.from_recording(contour, r, tracker=tracker)
    assert on.n_states == r.n_states
    caption = TrainingCaption(r, tracker)
    assert [m.tex_string for m in caption.cells[3] if hasattr(m, "tex_string")][0] == r"\text{MSE}="
    assert caption.values()["w1"] == pytest.approx(float(r.param("weight")[-1, 0, 0]), abs=1e-4)


def test_missing_config_fields_are_one_line_naming_what_to_pass(own_line, tmp_path):
    from manim import ValueTracker

    from scenes.common.surface import LossSurface, TrainingCaption

    arrays = {k: own_line.array(k) for k in own_line.keys()}
    config = {k: v for k, v in own_line.config.items() if k not in ("loss", "optimizer", "lr")}
    bare = engine.save_recording(tmp_path / "bare.safetensors", arrays, {
        "config": config, "meta": own_line.meta, "architecture": own_line.architecture, "mask_shapes": {}})
    bare = engine.load_recording(bare)
    with pytest.raises(engine.EngineError, match="names no loss; pass loss= one of: bce, mse, sse"):
        LossSurface(bare)
    assert LossSurface.from_recording(bare, loss="mse", faces=8).landscape.loss_name == "mse"
    with pytest.raises(engine.EngineError, match="does not name its loss; pass loss="):
        TrainingCaption(bare, ValueTracker(0))
    with pytest.raises(engine.EngineError, match="does not name its optimizer and lr; pass optimizer=, lr="):
        TrainingCaption(bare, ValueTracker(0), loss="MSELoss")
    caption = TrainingCaption(bare, ValueTracker(0), loss="MSE", optimizer="SGD", lr=0.1)
    assert caption.values()["epoch"] == 0
    with pytest.raises(engine.EngineError, match="unknown head 'relu'; use one of: identity, sigmoid"):
        LossSurface.from_recording(own_line, head="relu")


def test_any_two_scalars_and_plain_arrays(tmp_path):
    from manim import ValueTracker

    from scenes.common.contour import LossContour, PathOnContour
    from scenes.common.surface import LossSurface, ParameterPath, TrainingCaption

    class Two(nn.Module):   # yhat = a + b x, two bare parameters
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Parameter(torch.tensor(-1.0)), nn.Parameter(torch.tensor(0.5))

        def forward(self, x):
            return self.a + self.b * x

    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 10)
    y = 1 + 2 * x
    net, loss_fn = Two(), nn.MSELoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.2)
    with engine.Recorder(net, opt, loss_fn) as rec:
        for _ in range(5):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    r = rec.save(tmp_path / "two.safetensors")
    tracker = ValueTracker(0)
    caption = TrainingCaption(r, tracker)
    assert caption.values()["w0"] == pytest.approx(-1.0) and caption.values()["w1"] == pytest.approx(0.5)
    # no Linear(1, 1): the landscape is the teacher's to compute, drawn from plain arrays
    with pytest.raises(engine.EngineError, match="Linear\\(1, 1\\).*arrays"):
        LossSurface(r)
    w0s, w1s = np.linspace(-2, 3, 21), np.linspace(-1, 4, 17)
    grid = ((w0s[None, :, None] + w1s[:, None, None] * x.numpy()[None, None]) - y.numpy()) ** 2
    arrays = (w0s, w1s, grid.mean(-1))
    surface = LossSurface(arrays, faces=10)
    path = ParameterPath(surface, r.param("a"), r.param("b"), r.state_loss, tracker)
    assert path.n_states == r.n_states
    contour = LossContour(arrays, n_levels=3)
    assert PathOnContour.from_recording(contour, r).n_states == r.n_states
    with pytest.raises(engine.EngineError, match=r"must be 1-D, 1-D and \(len\(w1s\), len\(w0s\)\)"):
        LossContour((w0s, w1s, grid.mean(-1).T))


def test_a_diverged_two_parameter_run_is_one_line(tmp_path):
    from manim import ValueTracker

    from scenes.common.surface import LossSurface, ParameterPath, TrainingCaption

    r = _line_run(tmp_path / "nan.safetensors", lr=50.0, steps=80, scale=30.0)
    assert r.nonfinite_update is not None
    with pytest.raises(engine.EngineError, match="diverged.*from update \\d+"):
        LossSurface(r)
    with pytest.raises(engine.EngineError, match="diverged.*after update \\d+"):
        TrainingCaption(r, ValueTracker(0))
    flat = ((-1, 0, 1), (-1, 0, 1), np.ones((3, 3)))   # a flat grid draws (a flat surface), never divides by 0
    surface = LossSurface(flat, faces=2)
    assert surface.loss_range == (0.5, 1.5)
    from scenes.common.contour import LossContour
    assert LossContour(flat, n_levels=2).vmin < 1 < LossContour(flat, n_levels=2).vmax
    with pytest.raises(engine.EngineError, match="diverged.*after update \\d+"):
        ParameterPath.from_recording(surface, r, ValueTracker(0))
    with pytest.raises(engine.EngineError, match="not finite at state \\d+"):
        ParameterPath(surface, r.param("bias"), r.param("weight"), r.state_loss, ValueTracker(0))
