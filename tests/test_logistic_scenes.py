"""Logistic-model videos of 03wk-2: torch's demos reproduce the course, the parts show the recording's numbers."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from engine import logistic_demos as demos
from engine.experiments import LOGISTIC_STARTS
from scenes.common.recordings import recording

SCENES = "lectures/wk03_2/logistic.py"


def _update(mob) -> None:
    for m in mob.get_family():
        m.update(0, recursive=False)


# --- engine ------------------------------------------------------------------------------
def test_engine_demos_do_not_import_manim():
    import subprocess

    code = "import sys, engine.logistic_demos; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_four_nets_are_the_courses_and_give_the_same_yhat():
    rec = recording("03wk-2/mse-good")
    x = rec.data("x").ravel()
    import torch

    before = torch.get_rng_state()
    nets = demos.four_nets(x)
    # the caller's draws are untouched: the four Linear(1, 1) inits happened in a forked RNG
    assert torch.equal(torch.get_rng_state(), before)
    assert [n.name for n in nets] == ["l1, sigmoid", "l1, a1", "Sequential(l1, a1)", "Sequential(...)"]
    for n in nets:
        assert n.w == pytest.approx(LOGISTIC_STARTS["good"], abs=1e-7)  # the code sets the course's first curve
        # each is the recorded first curve of the course's run, to float32 rounding
        assert np.allclose(n.yhat, rec.prediction[0, :, 0], rtol=1e-6, atol=0)
    assert nets[2].checks == {"l1 is net[0]": True, "a1 is net[1]": True}
    # methods 2-4 are one computation: bit for bit the same; the hand-written sigmoid agrees to float32 rounding
    assert all(np.array_equal(n.yhat, nets[1].yhat) for n in nets[2:])
    assert np.abs(nets[0].yhat - nets[1].yhat).max() < 1e-6
    # the course's printed first values
    assert [f"{v:.4f}" for v in nets[0].yhat[[0, 1999]]] == ["0.3775", "0.2497"]


def test_true_probability_and_curves_are_the_generators():
    rec = recording("03wk-2/mse-good")
    x = rec.data("x").ravel()
    assert np.array_equal(demos.course_x(), x)
    assert np.allclose(demos.true_prob(x), rec.data("prob").ravel(), rtol=1e-6, atol=0)
    assert np.allclose(demos.curves(x, [demos.TRUE_W[0]], [demos.TRUE_W[1]])[0], rec.data("prob").ravel(),
                       rtol=1e-5, atol=1e-7)
    first = demos.curves(x, [demos.FIRST_W[0]], [demos.FIRST_W[1]])[0]
    assert np.allclose(first, rec.prediction[0, :, 0], rtol=1e-6, atol=0)


def test_sgd_step_gives_the_next_recorded_state():
    rec = recording("03wk-2/mse-good")
    lr = rec.config["lr"]
    for name in ("0.bias", "0.weight"):
        p, g = rec.param(name), rec.grad(name)
        nxt = demos.sgd_step(p[:-1], g[:-1], lr)
        assert np.allclose(nxt, p[1:], rtol=4 * np.finfo(np.float32).eps, atol=0), name


# --- scenes ------------------------------------------------------------------------------
@pytest.mark.parametrize("eid", ["03wk-2/mse-worst", "03wk-2/bce-worst", "03wk-2/mse-good"])
def test_per_point_gradients_add_up_to_the_recorded_gradient(eid):
    rec = recording(eid)
    x, y = rec.data("x").ravel(), rec.data("y").ravel()
    b, w = rec.param("0.bias").ravel(), rec.param("0.weight").ravel()
    parts = demos.per_point_gradients(x, y, b, w)
    g = parts[rec.config["loss"]]
    # the mean of the per-point terms (times x for w1) is torch's recorded gradient, at every state
    pairs = ((g.mean(axis=1), rec.grad("0.bias").ravel()), ((g * x).mean(axis=1), rec.grad("0.weight").ravel()))
    for mine, recorded in pairs:
        assert np.allclose(mine, recorded, rtol=1e-5, atol=1e-6 * float(np.abs(recorded).max()))
    assert np.allclose(parts["slope"], parts["yhat"] * (1 - parts["yhat"]))
    if eid.endswith("worst"):
        # at the worst start the sigmoid's slope, the factor on every MSE term, is about 0 for every point,
        # while BCE's term is about -1 for every y = 1 point
        assert parts["slope"][0].max() < 1.3e-4
        assert np.all(parts["bce"][0][y == 1] < -0.999)


def test_logistic_model_sweep_starts_at_the_first_curve_and_ends_at_the_truth():
    from lectures.wk03_2.logistic import LogisticModel

    m = LogisticModel(scene=None).build()
    w0n, w1n = (row[1] for row in m["numbers"])
    assert (w0n.get_value(), w1n.get_value()) == pytest.approx(demos.FIRST_W, abs=1e-6)
    plot, rec = m["plot"], m["rec"]
    assert np.allclose(plot.predictions[0], rec.prediction[0, :, 0], rtol=1e-6)
    m["tracker"].set_value(len(m["w0s"]) - 1)
    _update(m["numbers"])
    assert (w0n.get_value(), w1n.get_value()) == pytest.approx(demos.TRUE_W, abs=1e-6)
    assert np.allclose(plot.predictions[-1], rec.data("prob").ravel(), atol=1e-6)
    # the first leg moves w1 only, the rest w0 only
    k = m["k_turn"]
    assert np.all(m["w0s"][: k + 1] == m["w0s"][0]) and np.all(m["w1s"][k:] == m["w1s"][-1])


def test_four_nets_table_shows_torchs_yhat():
    from lectures.wk03_2.logistic import FourNets

    part = FourNets(scene=None)
    m = part.build()
    nets = m["nets"]
    for r, net in enumerate(nets, start=1):
        row = m["table"][r]
        shown = [cell.tex_string for cell in row[1:]]
        assert shown == [f"{float(net.yhat[i]):.4f}" for i in part.shown]
    assert m["diff"] == float(max(np.abs(n.yhat - nets[0].yhat).max() for n in nets))
    # each code block is the code that ran, line for line
    for code, net in zip(m["codes"], nets):
        assert code.code == net.code
        assert len(code.lines) == len(net.code.split("\n"))


def test_training_loop_numbers_are_the_recordings():
    from manim import DL, UR

    from lectures.wk03_2.logistic import TrainingLoop

    m = TrainingLoop(scene=None).build()
    rec = m["rec"]
    b, w = rec.param("0.bias").ravel(), rec.param("0.weight").ravel()
    gb, gw = rec.grad("0.bias").ravel(), rec.grad("0.weight").ravel()
    rows = m["rows"]
    assert f"{rec.state_loss[0]:.4f}" in rows["loss"].tex_string
    assert f"({gb[0]:.4f},\\ {gw[0]:.4f})" in rows["grad"].tex_string
    # the step written on screen is torch's SGD step, and it lands on the recorded state after update 1
    stepped = m["stepped"]
    assert np.allclose(stepped, [b[1], w[1]], rtol=4 * float(np.finfo(np.float32).eps), atol=0)
    assert rows["step"].tex_string.endswith(f"= ({stepped[0]:.4f},\\ {stepped[1]:.4f})")
    assert f"({b[1]:.4f},\\ {w[1]:.4f})" in rows["recorded"][1].tex_string
    # the step arrow ends where the path's point goes after one update
    path = m["path_zoom"]
    assert np.allclose(m["step_arrow"].get_end(), path.points_2d[1], atol=0.02)
    # the gradient's name keeps clear of its arrowhead (it covered it)
    tip = m["grad_arrow"].tip
    name = m["grad_name"]
    assert (name.get_left()[0] > tip.get_right()[0] or name.get_right()[0] < tip.get_left()[0]
            or name.get_bottom()[1] > tip.get_top()[1] or name.get_top()[1] < tip.get_bottom()[1])
    # zooming out keeps one colour scale, and the box on the wide view is where the zoom's window was
    zoom, wide, box = m["zoom"], m["wide"], m["zoom_box"]
    assert (zoom.vmin, zoom.vmax) == (wide.vmin, wide.vmax)
    assert np.allclose(box.get_corner(DL), wide.c2p(zoom.x_range[0], zoom.y_range[0]), atol=1e-6)
    assert np.allclose(box.get_corner(UR), wide.c2p(zoom.x_range[1], zoom.y_range[1]), atol=1e-6)
    # the live caption follows the recording through the fast loop
    m["tracker"].set_value(rec.n_epochs)
    _update(m["caption"])
    assert m["caption"].values()["loss"] == pytest.approx(float(rec.state_loss[-1]), abs=0)
    assert m["caption"].values()["w1"] == pytest.approx(float(w[-1]), abs=0)


def test_code_block_lines_hold_their_glyphs():
    from lectures.wk03_2.logistic import LOOP_CODE, CodeBlock

    block = CodeBlock(LOOP_CODE)
    lines = LOOP_CODE.split("\n")
    assert [len(g) for g in block.lines] == [len("".join(s.split())) for s in lines]
    # lines go down the screen evenly, and indented lines start right of the `for`
    ys = [block.line_y(i) for i in range(len(lines))]
    assert all(a > b for a, b in zip(ys, ys[1:]))
    assert block.lines[1].get_left()[0] > block.lines[0].get_left()[0] + 0.3
    band = block.highlight_box(2)
    assert band.get_top()[1] > block.lines[2].get_top()[1] and band.get_bottom()[1] < block.lines[2].get_bottom()[1]


def test_catalog_lists_the_family_first_in_03wk_2():
    from lecture.catalog import Catalog

    cat = Catalog.discover()
    ids = [p.id for p in cat.lecture("03wk-2").parts]
    assert ids[:3] == ["logistic.logistic-model", "logistic.four-nets", "logistic.training-loop"]
    for p in cat.lecture("03wk-2").parts[:3]:
        assert p.title("en") != p.id and p.title("ko") != p.id


@pytest.mark.slow
@pytest.mark.parametrize("scene", ["LogisticModelScene", "FourNetsScene", "TrainingLoopScene"])
def test_last_frame_renders(last_frame, scene):
    frame = last_frame(SCENES, scene)
    assert frame.shape[0] > 0 and (frame.max(axis=-1) > 80).mean() > 0.02
