"""NetworkDiagram: structure from nn.Sequential, elision, layer counts, edge styles from recorded weights."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import DL, UR, ManimColor, MathTex
from torch import nn

import engine
from engine import forward
from lectures.wk05_2.diagram import chain_tex, counting_examples, course_net
from scenes.common.network import NetworkDiagram, WeightImage
from scenes.common.style import PALETTE

MNIST = "05wk-2/mnist-gd"


def _course_sequentials() -> list[nn.Sequential]:
    """Every Sequential in LECTURES.md (the experiments' models) and the counting exercises."""
    nets = []
    for eid in engine.experiments(course=True):
        torch.manual_seed(0)  # init values are irrelevant here; keep the global stream deterministic
        nets.append(engine.build_model(engine.get_config(eid).model))
    return nets + counting_examples()


@pytest.mark.parametrize("compact", [False, True])
def test_every_course_sequential_builds(compact):
    for net in _course_sequentials():
        specs = engine.describe(net)
        d = NetworkDiagram.from_model(net, compact=compact)
        linear = [s for s in specs if s.kind == "linear"]
        assert len(d.edges) == len(linear)
        n_cols = 1 + (len(linear) if compact else len(specs))
        assert len(d.columns) == n_cols
        assert d.columns[0].size == linear[0].in_features
        assert d.columns[-1].size == linear[-1].out_features
        for bundle, s in zip(d.edges, linear):
            assert (bundle.left.size, bundle.right.size) == (s.in_features, s.out_features)
            # never one line per weight for wide layers: at most (shown+1)^2 lines
            assert len(bundle.lines()) + len(bundle.summary) <= (len(bundle.left.shown) + 1) * (
                len(bundle.right.shown) + 1
            )


def test_course_net_staged_and_compact():
    staged = NetworkDiagram.from_model(course_net())
    assert [c.size for c in staged.columns] == [1, 2, 2, 1, 1]
    # the course's X -> l1 -> u(1) -> relu -> v(1) -> l2 -> u(2) -> sig -> v(2) = yhat: u(2) is named
    assert [c.label.tex_string if c.label else None for c in staged.columns] == [
        "X", "u^{(1)}", "v^{(1)}", "u^{(2)}", r"\hat{y}"]
    assert [lab.tex_string for lab in staged.stage_labels] == ["l_{1}", r"\mathrm{relu}", "l_{2}", r"\mathrm{sig}"]
    compact = NetworkDiagram.from_model(course_net(), compact=True)
    assert [c.size for c in compact.columns] == [1, 2, 1]
    assert len(compact.stage_labels) == 0
    # the compact form keeps the activations: each node is a (u -> v) pair, its activation under it
    assert [c.tag.tex_string if c.tag else None for c in compact.columns] == [None, r"\mathrm{relu}", r"\mathrm{sig}"]
    assert len(compact.edges[0].lines()) == 2 and len(compact.edges[1].lines()) == 2
    assert not any(c.collapsed for c in compact.columns)


def test_mnist_elision_784_32_1():
    net = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
    d = NetworkDiagram.from_model(net, compact=True, keep=3)
    x, h, y = d.columns
    assert x.collapsed and h.collapsed and not y.collapsed
    assert x.shown == [0, 1, 2, 781, 782, 783] and len(x.nodes) == 6
    assert x.count.tex_string == "784" and h.count.tex_string == "32"
    assert x.brace is not None and x.ellipsis is not None and y.brace is None
    # the hidden count sits under its nodes, clear of both edge bundles (it used to sit on the 784 -> 32 edges)
    assert h.brace is None and h.count.get_top()[1] < h.nodes.get_bottom()[1]
    for bundle in d.edges:
        for line in [ln for _, _, ln in bundle.lines()] + list(bundle.summary):
            assert not _crosses(line, h.count), "an edge runs through the hidden column's count"
    first = d.edges[0]
    assert len(first.lines()) == 36  # 6 x 6 shown, not 25,088
    assert len(first.summary) == 6 + 6 + 1
    with pytest.raises(KeyError, match="elided"):
        first[10]
    with pytest.raises(KeyError, match="elided"):
        first[0][400]
    # the diagram fits a 16:9 frame
    assert d.width < 14.2 and d.height < 8.0


def _crosses(line, mob) -> bool:
    """Whether the segment ``line`` passes through ``mob``'s bounding box (sampled along the segment)."""
    a, b = line.get_start(), line.get_end()
    lo, hi = mob.get_corner(DL), mob.get_corner(UR)
    pts = a[None, :2] + np.linspace(0, 1, 200)[:, None] * (b - a)[None, :2]
    return bool(np.any(np.all((pts >= lo[:2]) & (pts <= hi[:2]), axis=1)))


def test_layer_counts():
    # the course's six examples: 2, 2, 1 (Linear alone), 1 (Linear then Sigmoid), 3, 3 layers
    expected = [(2, 1), (2, 1), (1, 0), (1, 0), (3, 2), (3, 2)]
    assert len(counting_examples()) == len(expected)
    for net, (layers, hidden) in zip(counting_examples(), expected):
        specs = engine.describe(net)
        assert engine.count_layers(specs) == (layers, hidden)
        assert NetworkDiagram.from_model(net).n_layers == layers
    # parameters per layer, as the video counts them: in*out + out
    specs = engine.describe(counting_examples()[5])
    assert [s.n_params for s in specs if s.kind == "linear"] == [2 * 3 + 3, 3 * 3 + 3, 3 * 1 + 1]


def test_modules_beyond_the_course_are_drawn_not_refused():
    # once refused ("not supported in a diagram"); now a labelled stage (tests/test_draw_any.py has the rest)
    d = NetworkDiagram.from_model(nn.Sequential(nn.Linear(2, 2), nn.Softmax(dim=1)))
    assert [m.tex_string for m in d.stage_labels] == ["l_{1}", r"\mathrm{softmax}"]


def test_chain_mismatch_is_an_error():
    with pytest.raises(engine.EngineError, match="does not chain"):
        NetworkDiagram.from_model(nn.Sequential(nn.Linear(2, 3), nn.Linear(4, 1)))


def _sign_of(line) -> int:
    c = ManimColor(line.get_stroke_color()).to_hex().lower()
    if c == ManimColor(PALETTE["positive"]).to_hex().lower():
        return 1
    if c == ManimColor(PALETTE["negative"]).to_hex().lower():
        return -1
    raise AssertionError(f"edge colour {c} is neither the positive nor the negative colour")


@pytest.fixture(scope="module")
def mnist():
    from scenes.common.recordings import recording

    return recording(MNIST)


@pytest.mark.slow
@pytest.mark.parametrize("state", [0, 350, -1])
def test_edges_follow_recorded_weights(mnist, state):
    d = NetworkDiagram.from_recording(mnist, state=state, compact=True)
    ws = forward.weights_at(mnist, state)
    scales = forward.weight_scales(mnist)
    for bundle, w, scale in zip(d.edges, ws, scales):
        lines = bundle.lines()
        assert lines
        for j, i, line in lines:
            assert bundle[j][i] is line
            assert _sign_of(line) == (1 if w[j, i] >= 0 else -1)
        # width and opacity grow with |W|
        mags = np.array([abs(w[j, i]) for j, i, _ in lines])
        widths = np.array([line.get_stroke_width() for _, _, line in lines])
        opac = np.array([line.get_stroke_opacity() for _, _, line in lines])
        order = np.argsort(mags)
        assert np.all(np.diff(widths[order]) >= -1e-9) and np.all(np.diff(opac[order]) >= -1e-9)
        full = mags >= scale
        assert np.allclose(widths[full], bundle.width_range[1])


@pytest.mark.slow
def test_set_weights_restyles_without_rebuilding(mnist):
    d = NetworkDiagram.from_recording(mnist, state=0, compact=True)
    lines_before = [id(line) for b in d.edges for _, _, line in b.lines()]
    family_before = len(d.get_family())
    w_end = forward.weights_at(mnist, -1)
    anim = d.animate_weights([forward.weights_at(mnist, 0), w_end], run_time=1)
    anim.begin()
    anim.interpolate(1.0)
    anim.finish()
    assert [id(line) for b in d.edges for _, _, line in b.lines()] == lines_before
    assert len(d.get_family()) == family_before
    j, i, line = d.edges[1].lines()[0]
    assert _sign_of(line) == (1 if w_end[1][j, i] >= 0 else -1)


@pytest.mark.slow
@pytest.mark.parametrize("callers_threads", [1, 2, 4])
def test_forward_pass_equals_recorded_prediction(mnist, callers_threads):
    """The recorded prediction is the net on ``x_show`` at the recording's thread count, on inputs in torch's
    memory: the same batch through the same kernels with the same split of the sums gives it bit for bit,
    whatever the caller's thread count (issue 25: otherwise the last bit can move)."""
    x = mnist.data("x_show")
    before = torch.get_num_threads()
    torch.set_num_threads(callers_threads)
    try:
        for state in (0, -1):
            acts = forward.activations(mnist, x, state=state)
            assert [a.shape for a in acts] == [(16, 784), (16, 32), (16, 32), (16, 1), (16, 1)]
            np.testing.assert_array_equal(acts[-1], mnist.prediction[state])
            assert np.all(acts[2] >= 0) and np.array_equal(acts[2], np.maximum(acts[1], 0))
        assert torch.get_num_threads() == callers_threads
    finally:
        torch.set_num_threads(before)
    # one digit alone gives the same probability (up to float32 rounding of a different batch)
    d = 8
    one = forward.activations(mnist, x[d:d + 1])[-1][0, 0]
    assert one == pytest.approx(float(mnist.prediction[-1][d, 0]), abs=1e-6)
    # training moved the ones up and the zeros down
    p = mnist.prediction[-1][:, 0]
    y = mnist.data("y_show")[:, 0]
    assert p[y == 1].min() > p[y == 0].max()


def test_forward_pass_runs_at_the_given_threads_and_restores_the_callers():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    seen, aligned = [], []
    net[0].register_forward_hook(lambda *_: seen.append(torch.get_num_threads()))
    net[0].register_forward_pre_hook(lambda m, inp: aligned.append(inp[0].data_ptr() % 64 == 0))
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        x = np.frombuffer(np.ones(7, np.float32).tobytes(), np.float32)[1:].reshape(2, 3)   # 4 bytes off
        forward.module_outputs(net, x)
        forward.module_outputs(net, x, threads=2)
        assert seen == [engine.numerics.TRAIN_THREADS, 2] and torch.get_num_threads() == 3
        assert aligned == [True, True]   # a copy in torch's memory, as the recorder's inputs are
    finally:
        torch.set_num_threads(before)


@pytest.mark.slow
def test_forward_restores_rng(mnist):
    torch.manual_seed(123)
    before = torch.get_rng_state()
    forward.model_at(mnist, 0)
    assert torch.equal(torch.get_rng_state(), before)


def test_weight_image_pixels_follow_sign():
    w = np.linspace(-1, 1, 784)
    im = WeightImage(w, scale=1.0)
    px = im.get_pixel_array()
    assert px.shape[:2] == (28, 28)
    first, last = px[0, 0, :3].astype(int), px[-1, -1, :3].astype(int)
    pos = (np.array(ManimColor(PALETTE["positive"]).to_rgb()) * 255).astype(int)
    neg = (np.array(ManimColor(PALETTE["negative"]).to_rgb()) * 255).astype(int)
    assert np.abs(first - neg).max() <= 1 and np.abs(last - pos).max() <= 1
    im.set_values(-w)
    assert np.abs(im.get_pixel_array()[0, 0, :3].astype(int) - pos).max() <= 1


def test_weight_image_grid_cells():
    from scenes.common.network import WeightImageGrid

    values = np.stack([np.full(784, v) for v in (1.0, -1.0, 0.5, 0.0)])
    grid = WeightImageGrid(values, scale=1.0, rows=2, gap=8)
    px = grid.get_pixel_array()
    assert px.shape[:2] == (2 * 28 + 8, 2 * 28 + 8)
    assert px[0, 28:36, 3].max() == 0  # the gap is transparent
    pos = (np.array(ManimColor(PALETTE["positive"]).to_rgb()) * 255).astype(int)
    neg = (np.array(ManimColor(PALETTE["negative"]).to_rgb()) * 255).astype(int)
    assert np.abs(px[5, 5, :3].astype(int) - pos).max() <= 1
    assert np.abs(px[5, 40, :3].astype(int) - neg).max() <= 1
    cells = [grid.cell(n).get_center() for n in range(4)]
    assert cells[0][0] < cells[1][0] and cells[0][1] > cells[2][1]
    grid.set_values(-values)
    assert np.abs(grid.get_pixel_array()[5, 5, :3].astype(int) - neg).max() <= 1


def test_chain_is_the_courses_formula():
    pieces = chain_tex(engine.describe(course_net()))
    # X (n,1) -l1-> u(1) (n,2) -relu-> v(1) (n,2) -l2-> u(2) (n,1) -sig-> v(2) (n,1) = yhat (n,1)
    assert pieces[0] == r"\underset{(n,1)}{\bf X}"
    assert pieces[5] == r"\xrightarrow{l_{2}}" and pieces[6] == r"\underset{(n,1)}{\boldsymbol u^{(2)}}"
    assert pieces[7] == r"\xrightarrow{\mathrm{sig}}" and pieces[8] == r"\underset{(n,1)}{\boldsymbol v^{(2)}}"
    assert pieces[2] == r"\underset{(n,2)}{\boldsymbol u^{(1)}}" and pieces[-2:] == [
        "=",
        r"\underset{(n,1)}{\hat{\bf y}}",
    ]


def test_sequential_code_lines():
    from scenes.common.network import SequentialCode, sequential_code

    specs = engine.describe(counting_examples()[5])
    lines = sequential_code(specs)
    assert lines[0] == "torch.nn.Sequential(" and lines[-1] == ")"
    assert lines[1] == "    torch.nn.Linear(2, 3)," and lines[3] == "    torch.nn.Dropout(0.5),"
    code = SequentialCode(specs)
    assert len(code.lines) == len(lines)
    # each module's glyphs are its own line: the Dropout line is below the ReLU line, left-aligned with it
    relu, drop = code.module_line(1), code.module_line(2)
    assert drop.get_y() < relu.get_y() and abs(drop.get_left()[0] - relu.get_left()[0]) < 0.02
    assert len(code.module_line(2)) == len("torch.nn.Dropout(0.5),")
    band = code.highlight(2)
    assert band.get_stroke_width() == 0 and abs(band.get_y() - code.line_y(3)) < 1e-6
    assert band.get_top()[1] > drop.get_top()[1] and band.get_bottom()[1] < drop.get_bottom()[1]
    # the diagram family's listing is the shared code mobject (syntax colours, the same line API)
    from scenes.common.code import CodeBlock
    assert isinstance(code, CodeBlock) and code.source_lines == lines


def test_colour_bars_have_numbered_ticks():
    from scenes.common.network import diverging_bar, intensity_bar

    bar = diverging_bar(0.04)
    texts = [m for m in bar.submobjects if isinstance(m, MathTex)]
    assert [m.tex_string for m in texts] == ["0"]
    assert bar.low.get_value() == pytest.approx(-0.04) and bar.high.get_value() == pytest.approx(0.04)
    # the 0 tick is at the middle of the bar
    assert texts[0].get_y() == pytest.approx(bar.bar.get_y(), abs=1e-6)
    ib = intensity_bar(1.0)
    assert ib.low.get_value() == 0 and ib.high.get_value() == 1


def test_representations_are_diagrams_of_the_sequentials():
    from lectures.wk05_2.diagram import logistic_nets, representation_labels

    no_bias, bias = logistic_nets()
    assert engine.describe(no_bias)[0].bias is False and engine.describe(bias)[0].bias is True
    sizes = {}
    for version in ("1", "2", "3", "4", "4b", "5"):
        net = no_bias if version in ("1", "2", "3") else bias
        d = NetworkDiagram.from_model(net, names=[None] * 3, **representation_labels(version))
        sizes[version] = [c.size for c in d.columns]
        texts = [[m.tex_string for m in group] for group in d.node_labels]
        edge = [m.tex_string for m in d.edge_labels[0]]
        if version in ("1", "2", "3"):
            # the 1 is an input node, with its own weight w0-hat
            assert texts[0][0] == "1" and len(edge) == 2 and r"\hat{w}_0" in edge[0]
        else:
            assert len(texts[0]) == 1 and len(edge) == 1
        # each label is beside its node: inputs left, output right, the linear node above
        assert d.node_labels[0][0].get_right()[0] < d.columns[0].nodes[0].get_left()[0]
        assert d.node_labels[2][0].get_left()[0] > d.columns[2].nodes[0].get_right()[0]
        assert d.node_labels[1][0].get_bottom()[1] > d.columns[1].nodes[0].get_top()[1]
    assert sizes["3"] == [2, 1, 1] and sizes["4"] == [1, 1, 1]
    five = NetworkDiagram.from_model(bias, **representation_labels("5")).node_labels[1][0].tex_string
    assert five.startswith(r"\begin{gathered}u\\")
    # the linear node says which Linear it is, as the course's figures: the bias of (4) lives inside the node
    middle = {v: representation_labels(v)["node_labels"][1][0] for v in ("2", "3", "4", "4b", "5")}
    assert r"\hat{w}_0 + x\hat{w}_1" in middle["3"] and "bias=False" in middle["3"] and "bias=False" in middle["2"]
    assert r"x\hat{w}_1" in middle["4"] and all("bias=True" in middle[v] for v in ("4", "4b", "5"))
    assert "x_{i}" in representation_labels("2")["node_labels"][0][1]
    assert representation_labels("3")["node_labels"][0][1] == "x"


def test_node_labels_must_fit_the_columns():
    with pytest.raises(ValueError, match="labels"):
        NetworkDiagram.from_model(course_net(), node_labels=[["X"], None])


def test_layer_names_groups_each_pair():
    from lectures.wk05_2.diagram import _grouped_chain, mnist_specs

    pieces = _grouped_chain(engine.describe(course_net()))
    # X -l1-> ( u(1) -relu-> v(1) ) -l2-> ( u(2) -sig-> v(2) )
    assert pieces[2] == r"\Big(" and pieces[6] == r"\Big)" and pieces[8] == r"\Big(" and pieces[-1] == r"\Big)"
    assert "u^{(2)}" in pieces[9]
    before = torch.get_rng_state()
    specs = mnist_specs()
    assert torch.equal(torch.get_rng_state(), before)
    d = NetworkDiagram.from_spec(specs, compact=True)
    assert [c.size for c in d.columns] == [784, 32, 1]


def test_chosen_input_nodes_follow_true_indices():
    net = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
    pixels = [100, 300, 301, 400, 500, 650]
    d = NetworkDiagram.from_model(net, compact=True, shown={0: pixels})
    x = d.columns[0]
    assert x.shown == pixels and len(x.elided()) == 784 - 6
    w = net[0].weight.detach().numpy()
    d.edges[0].set_weights(w, scale=1.0)
    # the edge drawn from pixel 400 into hidden unit 0 is W[0, 400]'s
    assert _sign_of(d.edges[0][0][400]) == (1 if w[0, 400] >= 0 else -1)
    with pytest.raises(ValueError, match="distinct"):
        NetworkDiagram.from_model(net, shown={0: [1, 1, 2, 3, 4, 5]})
    from lectures.wk05_2.diagram import ForwardPass

    images = np.zeros((16, 784), np.float32)
    images[0, [10, 20, 30]] = 1.0
    images[8, [40, 50, 60, 70]] = [0.9, 0.8, 0.7, 0.6]
    assert ForwardPass.input_pixels(images) == [10, 20, 30, 40, 50, 60]


def test_module_piece_is_what_draws_each_module():
    """Diagram to code: each module of the Sequential is pointed at by the piece that draws it."""
    specs = engine.describe(course_net())      # Linear, ReLU, Linear, Sigmoid
    compact = NetworkDiagram.from_spec(specs, compact=True)
    assert compact.module_piece(0)[0] is compact.edges[0] and compact.module_piece(2)[0] is compact.edges[1]
    assert compact.module_piece(1)[0] is compact.columns[1].tag            # relu names the hidden column
    assert compact.module_piece(3)[0] is compact.columns[2].tag            # sig names the output
    staged = NetworkDiagram.from_spec(specs)
    for i in range(4):
        assert staged.module_piece(i)[0] is staged.stages[i] and staged.module_piece(i)[1] is staged.stage_labels[i]
    bare = NetworkDiagram.from_spec(engine.describe(nn.Sequential(nn.Flatten(), nn.Linear(4, 2))), compact=True)
    with pytest.raises(KeyError, match="module 0 \\(flatten\\) is not drawn"):
        bare.module_piece(0)
    with pytest.raises(IndexError):
        compact.module_piece(4)


def test_mnist_part_shows_the_units_it_draws_and_their_change():
    """diagram.mnist: the hidden nodes are the units whose images are shown; edges draw the change since epoch 0."""
    from lectures.wk05_2.diagram import mnist_view

    rec = engine.record(MNIST)
    view = mnist_view(rec, 4)
    assert sorted(view["units"].tolist()) == sorted(forward.strongest_units(rec, 4).tolist())
    d = NetworkDiagram.from_recording(rec, state=0, compact=True, keep=2, weight_scales=view["scales"],
                                      shown={0: view["pixels"], 1: view["units"]})
    assert d.columns[1].shown == view["units"].tolist()
    assert all(np.abs(w).max() == 0 for w in view["changes"](0))            # epoch 0: nothing changed yet
    last = view["changes"](-1)
    np.testing.assert_array_equal(last[0], rec.param("0.weight")[-1] - rec.param("0.weight")[0])
    # the drawn edges visibly grow: hairlines at epoch 0, at the end the largest at full width and half of
    # them over a quarter of it
    lo, hi = d.edges[0].width_range
    d.set_weights(view["changes"](0))
    assert all(abs(line.get_stroke_width() - lo) < 1e-9 for _, _, line in d.edges[0].lines())
    d.set_weights(last)
    widths = np.array([line.get_stroke_width() for _, _, line in d.edges[0].lines()])
    assert widths.max() == pytest.approx(hi) and (widths > lo + (hi - lo) / 4).mean() >= 0.5
