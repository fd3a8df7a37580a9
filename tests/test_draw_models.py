"""Any model drawn truthfully (issue 28): every shape on the picture from a real forward pass, conv and
recurrent layers as their own stages, values from arrays per state, and each picture laid out cleanly.

The activations, hidden states, gates and filters here are computed with torch in the test (forward
hooks on a tiny model over a few SGD steps): the mobjects take plain arrays ``(n_states, ...)``, as a
recording's accessors give them.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import Arrow, FadeIn, Scene, ValueTracker
from torch import nn

import engine
import scenes.common.lesson  # noqa: F401  (installs tex_size, as every scene does)
from scenes.common.conv import (
    ConvStage,
    FeatureMaps,
    FilterImages,
    FlattenStage,
    PoolStage,
    flatten_animation,
    map_pixels,
    shape_text,
)
from scenes.common.dashboard import (
    DecisionBoundary,
    PredictionPlot,
    TrainingDashboard,
    plane_grid,
    series_index,
    weight_norms,
)
from scenes.common.layout_check import check_scene
from scenes.common.model_diagram import ModelDiagram, model_steps
from scenes.common.network import EdgeBundle, FeatureColumn, NetworkDiagram
from scenes.common.recurrent import LSTMGates, UnrolledRNN

# -- the models ---------------------------------------------------------------------------------------------

def cnn() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(100, 2))


class GRUNet(nn.Module):
    def __init__(self, cell=nn.GRU):
        super().__init__()
        self.rnn, self.fc = cell(1, 8, batch_first=True), nn.Linear(8, 1)

    def forward(self, x):
        out = self.rnn(x)[0]
        return self.fc(out[:, -1])


class CellNet(nn.Module):
    """A teacher's own loop: a GRUCell called once per time step."""

    def __init__(self):
        super().__init__()
        self.cell, self.fc = nn.GRUCell(1, 8), nn.Linear(8, 1)

    def forward(self, x):
        h = torch.zeros(x.shape[0], 8)
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.fc(h)


class ToMaps(nn.Module):
    """A module of one's own that changes the shape: a box with its true input and output shapes."""

    def forward(self, x):
        return x.reshape(x.shape[0], 4, 5, 5)


def generator() -> nn.Sequential:
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))


def discriminator() -> nn.Sequential:
    return nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.act, self.drop, self.fc2 = nn.Linear(3, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(self.drop(self.act(self.fc1(x))))


def traced_shapes(model, x, batch_axis=0) -> list[str]:
    """What every shape label must say: the input's shape, then each called module's traced output."""
    specs = engine.describe(model, x)
    first = tuple(n for k, n in enumerate(x.shape) if k != batch_axis)
    steps, _ = model_steps(specs, first)
    return [shape_text(steps[0])] + [shape_text(shape) for _, shape in steps[1:]]


# -- shapes from the forward pass ------------------------------------------------------------------------------

def test_cnn_is_feature_maps_with_kernels_and_true_shapes():
    x = torch.rand(2, 1, 12, 12)
    d = NetworkDiagram.from_model(cnn(), x)
    assert isinstance(d, ModelDiagram)
    labels = [lab.string for lab in d.shape_labels]
    assert labels == traced_shapes(cnn(), x) == ["1×12×12", "4×10×10", "4×10×10", "4×5×5", "100", "2"]
    assert [t.shape for t in d.tensors] == [(1, 12, 12), (4, 10, 10), (4, 10, 10), (4, 5, 5), (100,), (2,)]
    assert [type(op) for op in d.ops] == [ConvStage, Arrow, PoolStage, FlattenStage, EdgeBundle]
    assert [g[0].string for g in d.op_labels] == ["Conv2d(1, 4)", "ReLU", "MaxPool2d", "Flatten", "Linear(100, 2)"]
    assert d.op_labels[0][1].string == "3×3, stride 1, pad 0" and d.op_labels[2][1].string == "2×2, stride 2, pad 0"
    maps = d.tensor("0")
    assert isinstance(maps, FeatureMaps) and len(maps.frames) == 4 and maps.front.height > d.tensor("2").front.height
    # the input is the example's first image, drawn as it is
    inp = d.tensors[0]
    np.testing.assert_array_equal(inp.images[0].pixel_array, map_pixels(x[0, 0].numpy(), float(x[0, 0].max()), False))
    # the vector after Flatten is 100 long: a collapsed column, its count said by the shape label only
    col = d.tensor("3")
    assert isinstance(col, FeatureColumn) and col.size == 100 and col.collapsed and col.count is None
    # the Linear's edges carry its weights
    assert d.op("4").left is col and d.op("4").right.size == 2


def test_an_option_of_the_column_diagram_on_a_cnn_is_one_line():
    with pytest.raises(ValueError, match=r"ModelDiagram.*takes no compact; it takes input_values"):
        NetworkDiagram.from_model(cnn(), torch.rand(1, 1, 12, 12), compact=True)


def test_a_padded_strided_kernel_says_so_and_runs_over_the_edge():
    net = nn.Sequential(nn.Conv2d(3, 6, 3, stride=2, padding=1), nn.BatchNorm2d(6), nn.Dropout(0.2),
                        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(54, 3))
    x = torch.rand(2, 3, 11, 11)
    d = NetworkDiagram.from_model(net, x)
    assert [lab.string for lab in d.shape_labels] == traced_shapes(net, x) == \
        ["3×11×11", "6×6×6", "6×6×6", "6×6×6", "6×3×3", "54", "3"]
    assert engine.describe(net)[1].kind == "norm"     # BatchNorm2d is a norm stage, not an unknown box
    conv = d.op("0")
    assert d.op_labels[0][1].string == "3×3, stride 2, pad 1"
    assert conv.window.get_left()[0] < d.tensors[0].front.get_left()[0]   # the padding lies outside the map
    assert [g[0].string for g in d.op_labels][1:4] == ["BatchNorm2d", "Dropout(0.2)", "AvgPool2d"]


def test_a_module_of_ones_own_is_a_box_between_its_true_shapes():
    net = nn.Sequential(nn.Linear(3, 100), ToMaps(), nn.Conv2d(4, 2, 3), nn.Flatten(), nn.Linear(18, 1))
    x = torch.rand(5, 3)
    d = NetworkDiagram.from_model(net, x)
    assert [lab.string for lab in d.shape_labels] == ["3", "100", "4×5×5", "2×3×3", "18", "1"]
    assert d.op_labels[1][0].string == "ToMaps"
    box = d.op("1")[1]
    assert d.tensors[1].get_right()[0] < box.get_left()[0] < box.get_right()[0] < d.tensors[2].get_left()[0]


def test_gru_is_unrolled_over_its_traced_steps():
    x = torch.randn(3, 20, 1)
    d = NetworkDiagram.from_model(GRUNet(), x)
    assert [lab.string for lab in d.shape_labels] == traced_shapes(GRUNet(), x) == ["20×1", "20×8", "8", "1"]
    chain = d.op("rnn")
    assert isinstance(chain, UnrolledRNN) and chain.steps == 20 and chain.hidden_size == 8
    assert chain.steps_shown == [0, 1, 2, 19]
    assert [m.tex_string for m in chain.input_labels] == ["x_{1}", "x_{2}", "x_{3}", "x_{20}"]
    assert [g[0].string for g in d.op_labels] == ["GRU(1, 8)", "forward", "Linear(8, 1)"]
    assert d.op_labels[0][1].string == "20 steps"
    # recorded hidden states of one sequence: each drawn step's h_t in numbers, following the tracker
    h = gru_states()
    tracker = ValueTracker(3)
    d = NetworkDiagram.from_model(GRUNet(), x[:1], activations={"rnn": h}, tracker=tracker)
    column = d.op("rnn").state_column(19)
    d.update()
    assert column.number(0).get_value() == pytest.approx(h[3, 19, 0])


def test_an_rnn_without_batch_first_takes_its_batch_axis():
    net = nn.RNN(2, 5)
    x = torch.randn(7, 3, 2)       # (T, batch, features)
    d = NetworkDiagram.from_model(net, x, batch_axis=1)
    assert [lab.string for lab in d.shape_labels] == ["7×2", "7×5"]
    assert d.ops[0].steps == 7


def test_a_cell_called_per_step_is_unrolled_over_its_calls():
    x = torch.randn(2, 12, 1)
    d = NetworkDiagram.from_model(CellNet(), x)
    assert [lab.string for lab in d.shape_labels] == ["12×1", "8", "1"]
    chain = d.op("cell")
    assert isinstance(chain, UnrolledRNN) and chain.steps == 12
    assert d.op_labels[0][1].string == "12 calls"


@pytest.mark.parametrize("make, x, shapes", [
    (generator, torch.randn(4, 2), ["2", "16", "16", "2"]),
    (discriminator, torch.randn(4, 2), ["2", "16", "16", "1", "1"]),
    (MLP, torch.randn(4, 3), ["3", "8", "8", "8", "2"]),
])
def test_mlps_keep_the_column_diagram_with_shape_labels(make, x, shapes):
    torch.manual_seed(0)
    net = make()
    d = NetworkDiagram.from_model(net, x)
    assert type(d) is NetworkDiagram
    assert [lab.string for lab in d.shape_labels] == shapes == traced_shapes(net, x)
    assert [c.size for c in d.columns] == [int(s) for s in shapes]
    for col, lab in zip(d.columns, d.shape_labels):
        assert abs(col.get_x() - lab.get_x()) < 1e-6
    with pytest.raises(ValueError, match="column diagram.*takes no activations; light a column"):
        NetworkDiagram.from_model(net, x, activations={})
    # the old call is unchanged: no input, no shape labels
    if isinstance(net, nn.Sequential):
        assert len(NetworkDiagram.from_model(net).shape_labels) == 0


# -- values per state ---------------------------------------------------------------------------------------------

def cnn_states(n_steps: int = 3):
    """Activations of one shown image after the conv, and the conv's filters, over a few SGD steps."""
    net = cnn()
    torch.manual_seed(1)
    x, y = torch.rand(8, 1, 12, 12), torch.randint(0, 2, (8,))
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    acts, filters = [], []
    hook = net[0].register_forward_hook(lambda m, a, out: acts.append(out[0].detach().numpy().copy()))
    for _ in range(n_steps + 1):
        filters.append(net[0].weight.detach().numpy().copy())
        with torch.no_grad():
            net(x[:1])
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    hook.remove()
    return np.stack(acts[0::2]), np.stack(filters)


def test_feature_maps_and_filters_follow_the_states():
    acts, filters = cnn_states()
    assert acts.shape == (4, 4, 10, 10) and filters.shape == (4, 4, 1, 3, 3)
    tracker = ValueTracker(0)
    maps = FeatureMaps((4, 10, 10), values=acts, tracker=tracker)
    imgs = FilterImages(filters, tracker)
    scale = np.max(np.abs(acts), axis=(0, 2, 3))
    tracker.set_value(3)
    maps.update()
    imgs.update()
    for image in maps.images:
        c = image.channel
        np.testing.assert_array_equal(image.pixel_array, map_pixels(acts[3, c], scale[c], bool(acts.min() < 0)))
    ref = FilterImages(filters[3], scale=imgs.scale_value)
    np.testing.assert_array_equal(imgs.grid.pixel_array, ref.grid.pixel_array)
    assert not np.array_equal(maps.images[-1].pixel_array, FeatureMaps((4, 10, 10), values=acts).images[-1].pixel_array)
    with pytest.raises(ValueError, match=r"\(n_states, 4, 10, 10\)"):
        FeatureMaps((4, 10, 10), values=acts[:, :2])


def test_model_diagram_draws_recorded_activations():
    acts, _ = cnn_states(2)
    tracker = ValueTracker(2)
    d = NetworkDiagram.from_model(cnn(), torch.rand(1, 1, 12, 12), activations={"0": acts}, tracker=tracker)
    maps = d.tensor("0")
    maps.update()
    assert maps.state() == 2 and len(maps.images) == 4


def test_flatten_animation_needs_the_traced_length():
    maps = FeatureMaps((4, 5, 5))
    anim = flatten_animation(maps, FeatureColumn(100))
    # what the play adds to the scene is the moving copies of the maps only, not the bars they become
    # (those would show over the column for the whole play)
    shown = anim.mobject.family_members_with_points()
    assert len(shown) == 4 and all(abs(m.width - maps.map_width) < 1e-6 for m in shown)
    with pytest.raises(ValueError, match="flattens to 100"):
        flatten_animation(maps, FeatureColumn(90))


def gru_states(n_steps: int = 3):
    torch.manual_seed(0)
    net = GRUNet()
    x = torch.randn(16, 20, 1)
    y = x.sum(dim=1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    hs = []
    for _ in range(n_steps + 1):
        with torch.no_grad():
            hs.append(net.rnn(x[:1])[0][0].numpy().copy())
        loss = nn.functional.mse_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return np.stack(hs)


def test_unrolled_hidden_states_are_the_recorded_numbers():
    h = gru_states()
    assert h.shape == (4, 20, 8)
    tracker = ValueTracker(0)
    rnn = UnrolledRNN(20, 8, cell="GRU", hidden=h, tracker=tracker, max_values=4)
    column = rnn.state_column(19)
    assert column.shown == [0, 1, 6, 7] and column.ellipsis is not None
    tracker.set_value(3)
    rnn.update()
    for unit in column.shown:
        assert column.number(unit).get_value() == pytest.approx(h[3, 19, unit])
        assert column.number(unit).string == f"{h[3, 19, unit]:+.2f}"
    with pytest.raises(KeyError, match="elided"):
        rnn.cell(10)
    with pytest.raises(ValueError, match=r"\(n_states, 20, 8\)"):
        UnrolledRNN(20, 8, hidden=h[:, :10])


def lstm_gates(lstm: nn.LSTM, x: torch.Tensor) -> dict[str, np.ndarray]:
    """i, f, g, o, c, h of every step of one sequence (x: (T, input)), from the LSTM's weights (torch's order)."""
    w_ih, w_hh, b = lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0 + lstm.bias_hh_l0
    h = c = torch.zeros(lstm.hidden_size)
    out = {k: [] for k in "ifgoch"}
    for x_t in x:
        i, f, g, o = (w_ih @ x_t + w_hh @ h + b).chunk(4)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        for k, v in zip("ifgoch", (i, f, g, o, c, h)):
            out[k].append(v.detach().numpy())
    return {k: np.stack(v) for k, v in out.items()}


def test_lstm_is_unrolled_and_its_gates_drawn_per_step():
    torch.manual_seed(0)
    net = GRUNet(cell=nn.LSTM)
    x = torch.randn(2, 6, 1)
    d = NetworkDiagram.from_model(net, x)
    assert [lab.string for lab in d.shape_labels] == traced_shapes(net, x) == ["6×1", "6×8", "8", "1"]
    assert d.op("rnn").steps == 6 and d.op_labels[0][0].string == "LSTM(1, 8)"
    assert d.op("rnn").carried == ("c", "h") and [m.tex_string for m in d.op("rnn").carry_labels] == ["c", "h"]
    states = []
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(3):
        with torch.no_grad():
            gates = lstm_gates(net.rnn, x[0])
            out, (h_n, c_n) = net.rnn(x[:1])
        np.testing.assert_allclose(gates["h"], out[0].numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(gates["c"][-1], c_n[0, 0].numpy(), rtol=1e-5, atol=1e-6)
        states.append(gates)
        loss = net(x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    arrays = {k: np.stack([s[k] for s in states]) for k in "ifgoch"}     # (n_states, T, H)
    tracker = ValueTracker(2)
    view = LSTMGates(arrays, step=4, tracker=tracker)
    assert [m.tex_string for m in view.headers] == ["i_{5}", "f_{5}", "g_{5}", "o_{5}", "c_{5}", "h_{5}"]
    view.update()
    for k in "ifgoch":
        col = view.column(k)
        assert col.number(col.shown[0]).get_value() == pytest.approx(arrays[k][2, 4, col.shown[0]])


# -- generic parts ------------------------------------------------------------------------------------------------

def test_dashboard_follows_loss_series_norms_and_epochs():
    n = 12
    loss = np.linspace(1.0, 0.1, n)
    norms = weight_norms({"fc.weight": np.ones((n + 1, 2, 2)) * np.arange(1, n + 2)[:, None, None],
                          "fc.bias": np.zeros((n + 1, 2))})
    assert list(norms) == ["fc.weight"] and norms["fc.weight"][0] == pytest.approx(2.0)
    epochs = np.arange(n + 1) // 3
    tracker = ValueTracker(0)
    board = TrainingDashboard(loss, tracker, series={"acc": np.linspace(0.5, 0.9, 4)}, weight_norms=norms,
                              epochs=epochs)
    tracker.set_value(7)
    board.update()
    chart = board.loss_chart
    np.testing.assert_allclose(chart.dot.get_center(), chart.chart.axes.c2p(8, loss[7]), atol=1e-6)
    acc = board.series_charts["acc"]
    assert acc.index() == 1      # 2 epochs done at update 7: the first two per-epoch values shown
    tracker.set_value(2)
    board.update()
    assert acc.index() == -1 and acc.dot.get_fill_opacity() == 0 and len(acc.progress.points) == 0
    tracker.set_value(7)
    board.update()
    assert board.counter[1].get_value() == 2 and board.counter[3].get_value() == 7
    bar = board.norm_bars.bars[0]
    assert bar.height == pytest.approx(board.norm_bars.height_max * norms["fc.weight"][7] / norms["fc.weight"].max())
    with pytest.raises(ValueError, match="per state"):
        series_index(5, 0, n + 1)


def test_predictions_and_decision_boundary_follow_the_states():
    tracker = ValueTracker(0)
    y = np.linspace(-1, 1, 20)
    preds = np.stack([y * a for a in (0.0, 0.5, 1.0)])
    plot = PredictionPlot(y, preds, tracker)
    tracker.set_value(2)
    plot.update()
    np.testing.assert_allclose(plot.dots[5].get_center(), plot.plot.c2p(y[5], y[5]), atol=1e-6)

    x = np.random.default_rng(0).normal(size=(30, 2))
    gx, gy, pts = plane_grid(x, steps=12)
    probs = np.stack([1 / (1 + np.exp(-a * pts[:, 0])).reshape(12, 12) for a in (0.0, 3.0)])
    tracker.set_value(0)
    board = DecisionBoundary(x, (x[:, 0] > 0).astype(int), gx, gy, probs, tracker)
    slots = list(board.heat.submobjects)
    before = [len(s.points) for s in slots]
    tracker.set_value(1)
    board.update()
    assert list(board.heat.submobjects) == slots        # the same mobjects, new cells: Cairo draws them
    assert [len(s.points) for s in slots] != before
    with pytest.raises(ValueError, match=r"\(n_states, 12, 12\)"):
        DecisionBoundary(x, x[:, 0] > 0, gx, gy, probs[:, :5], tracker)


# -- the layout check on each picture ------------------------------------------------------------------------------

def _scene(build):
    class Drawn(Scene):
        def construct(self):
            tracker = ValueTracker(0)
            mob = build(tracker)
            self.play(FadeIn(mob))
            self.play(tracker.animate.set_value(3))
    Drawn.__name__ = build.__name__
    return Drawn


def draw_cnn(tracker):
    acts, _ = cnn_states()
    return NetworkDiagram.from_model(cnn(), torch.rand(1, 1, 12, 12), activations={"0": acts}, tracker=tracker)


def draw_gru(tracker):
    return NetworkDiagram.from_model(GRUNet(), torch.randn(1, 20, 1))


def draw_gru_with_states(tracker):
    return NetworkDiagram.from_model(GRUNet(), torch.randn(1, 20, 1), activations={"rnn": gru_states()},
                                     tracker=tracker)


def draw_lstm(tracker):
    return NetworkDiagram.from_model(GRUNet(cell=nn.LSTM), torch.randn(1, 20, 1))


def draw_gan_generator(tracker):
    return NetworkDiagram.from_model(generator(), torch.randn(1, 2), height=4.5)


def draw_gan_discriminator(tracker):
    return NetworkDiagram.from_model(discriminator(), torch.randn(1, 2), height=4.5)


def draw_deep_cnn(tracker):
    """Ten stages: the names stagger into rows where they would meet, the maps shrink to fit the frame."""
    net = nn.Sequential(*[m for _ in range(4) for m in (nn.Conv2d(3, 3, 3, padding=1), nn.ReLU())], nn.Flatten(),
                        nn.Linear(3 * 8 * 8, 2))
    return NetworkDiagram.from_model(net, torch.rand(1, 3, 8, 8))


def draw_mlp(tracker):
    return NetworkDiagram.from_model(MLP(), torch.randn(1, 3), width=9, height=4)


def draw_unrolled(tracker):
    from manim import LEFT, RIGHT, Group

    h = gru_states()
    rnn = UnrolledRNN(20, 8, cell="GRU", hidden=h, tracker=tracker)
    rng = np.random.default_rng(0)
    gates = LSTMGates({k: rng.normal(size=(4, 20, 8)) for k in "ifgoch"}, step=3, tracker=tracker)
    return Group(rnn, gates).arrange(RIGHT, buff=0.6).shift(LEFT * 0.1)


def draw_dashboard(tracker):
    n = 40
    rng = np.random.default_rng(0)
    loss = np.exp(-np.arange(n) / 10) + 0.05 * rng.random(n)
    norms = {"conv.weight": np.linspace(1, 2, n + 1), "fc.weight": np.linspace(0.5, 3, n + 1)}
    norms.update({f"features.{k}.weight": np.linspace(0.2, 1, n + 1) * k for k in (2, 4, 6)})   # long names
    return TrainingDashboard(loss, tracker, series={"accuracy": 1 - loss[3::4] / 2, "test loss": loss[3::4]},
                             weight_norms=norms, epochs=np.arange(n + 1) // 4)


def draw_plots(tracker):
    from manim import RIGHT, Group

    rng = np.random.default_rng(0)
    y = rng.normal(size=40)
    preds = np.stack([y * a + (1 - a) * rng.normal(size=40) for a in np.linspace(0, 1, 4)])
    x = rng.normal(size=(40, 2))
    gx, gy, pts = plane_grid(x, 20)
    probs = np.stack([1 / (1 + np.exp(-a * (pts[:, 0] + pts[:, 1]))).reshape(20, 20) for a in np.linspace(0, 4, 4)])
    return Group(PredictionPlot(y, preds, tracker),
                 DecisionBoundary(x, (x.sum(axis=1) > 0).astype(int), gx, gy, probs, tracker)).arrange(RIGHT, buff=1.2)


@pytest.mark.parametrize("build", [draw_cnn, draw_deep_cnn, draw_gru, draw_gru_with_states, draw_lstm,
                                   draw_gan_generator, draw_gan_discriminator, draw_mlp, draw_unrolled, draw_dashboard,
                                   draw_plots], ids=lambda f: f.__name__)
def test_layout_is_clean(build):
    report = check_scene(_scene(build))
    assert report.ok, "\n".join(map(str, report.violations))


@pytest.mark.parametrize("build", [draw_gru, draw_dashboard, draw_plots], ids=lambda f: f.__name__)
def test_layout_is_clean_in_korean(build):
    report = check_scene(_scene(build), lang="ko")
    assert report.ok, "\n".join(map(str, report.violations))


def test_every_model_string_has_both_languages_and_is_used():
    from pathlib import Path

    from scenes.strings.models import STRINGS

    code = "".join((Path(__file__).resolve().parents[1] / "scenes" / "common" / f).read_text(encoding="utf-8")
                   for f in ("model_diagram.py", "dashboard.py"))
    for key, row in STRINGS.items():
        assert set(row) == {"en", "ko"} and row["en"].count("{") == row["ko"].count("{"), key
        assert f'"{key}"' in code, f"{key} is not used"


@pytest.mark.slow
def test_cnn_flatten_renders(tmp_path):
    from manim import tempconfig

    class Flatten(Scene):
        def construct(self):
            d = NetworkDiagram.from_model(cnn(), torch.rand(1, 1, 12, 12))
            self.add(d)
            self.play(flatten_animation(d.tensor("2"), d.tensor("3")), run_time=1)

    with tempconfig({"media_dir": str(tmp_path), "quality": "low_quality", "disable_caching": True,
                     "progress_bar": "none"}):
        scene = Flatten()
        scene.render()
    assert list(tmp_path.rglob("Flatten.mp4"))
    assert len(scene.mobjects) == 1       # the shares of the vector leave nothing behind


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_example_cnn_lecture_is_laid_out_cleanly(lang):
    """examples/own_cnn.py: a teacher's CNN lecture (model from one forward pass, maps and filters over
    training, a dashboard), recorded once, each part through the layout check."""
    from pathlib import Path

    from lecture.catalog import Catalog
    from scenes.common.layout_check import check_part

    root = Path(__file__).resolve().parents[1]
    cat = Catalog.discover(lectures=[str(root / "examples" / "own_cnn.py")])
    parts = cat.lecture("cnn-01").parts
    assert [p.id for p in parts] == ["owncnn.model", "owncnn.training"]
    for part in parts:
        report = check_part(part, lang)
        assert report.ok, f"{part.id} [{lang}]:\n" + "\n".join(map(str, report.violations))
