"""Every Python snippet of docs/your-own-model.md runs, in order, as a teacher would paste them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "your-own-model.md"


def _snippets() -> list[str]:
    """The notebook snippets; a block that is a whole file of its own (first line ``# <name>.py: ...``)
    is checked where that file lives (examples/, tests/test_own_lecture.py)."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [b for b in blocks if not re.match(r"# \S+\.py: ", b)]


@pytest.mark.slow
def test_doc_snippets_run(tmp_path, monkeypatch):
    pytest.importorskip("IPython")
    monkeypatch.chdir(tmp_path)   # the snippets write media/recordings/mine/... under the working folder
    snippets = _snippets()
    assert len(snippets) >= 5
    import conftest
    from manim import tempconfig

    ns: dict = {"__name__": "doc"}
    # the session's LaTeX cache, not a fresh one under tmp_path (which would recompile every MathTex)
    with tempconfig({"tex_dir": str(conftest.TEX_CACHE / "Tex"), "text_dir": str(conftest.TEX_CACHE / "texts")}):
        for i, code in enumerate(snippets):
            try:
                exec(compile(code, f"{DOC.name} snippet {i}", "exec"), ns)
            except Exception as e:   # name the snippet that broke
                raise AssertionError(f"snippet {i} of {DOC.name} failed: {type(e).__name__}: {e}\n{code}") from e
    assert (tmp_path / "media/recordings/mine/net.safetensors").is_file()
    assert ns["caption"].values()["epoch"] == 0 and ns["diagram"].n_layers == 2
    # params= names the axes: the weight on the w0 axis
    np.testing.assert_array_equal(ns["flipped"].landscape.loss, ns["surface"].landscape.loss.T)


def _line_recording(path, model=None):
    """The doc's two-parameter run (a few updates), or ``model``'s."""
    import torch
    from torch import nn

    import engine

    torch.manual_seed(0)
    xs = torch.linspace(-1, 1, 40).reshape(-1, 1)
    ys = 2.5 + 4.0 * xs
    net = model or nn.Linear(1, 1)
    opt, mse = torch.optim.SGD(net.parameters(), lr=0.2), nn.MSELoss()
    with engine.Recorder(net, opt, mse) as rec:
        for _ in range(5):
            mse(net(xs), ys).backward()
            opt.step()
            opt.zero_grad()
    return rec.save(path)


def test_loss_surface_takes_params_as_the_doc_says(tmp_path):
    """docs/your-own-model.md: ``LossSurface(r, params=(w0_name, w1_name))`` (issue 25: it raised TypeError)."""
    import engine
    from scenes.common.surface import LossSurface

    r = _line_recording(tmp_path / "line.safetensors")
    plain = engine.landscape_for(r)
    flipped = LossSurface(r, params=("weight", "bias"), axis_labels=False).landscape
    np.testing.assert_array_equal(flipped.w0s, plain.w1s)      # the weight on the w0 axis
    np.testing.assert_array_equal(flipped.w1s, plain.w0s)
    np.testing.assert_array_equal(flipped.loss, plain.loss.T)
    same = LossSurface.from_recording(r, params=("bias", "weight"), axis_labels=False).landscape
    np.testing.assert_array_equal(same.loss, plain.loss)
    assert flipped.at(plain.w1s[3], plain.w0s[7]) == plain.at(plain.w0s[7], plain.w1s[3])


@pytest.mark.parametrize("params, words", [
    (("weight",), "params must name two of its parameters (bias, weight), got ('weight',)"),
    (("bias", "w"), "params must name two of its parameters (bias, weight), got ('bias', 'w')"),
])
def test_loss_surface_params_that_name_nothing_are_one_line(tmp_path, params, words):
    import engine
    from scenes.common.surface import LossSurface

    r = _line_recording(tmp_path / "line.safetensors")
    with pytest.raises(engine.EngineError) as e:
        LossSurface(r, params=params, axis_labels=False)
    assert str(e.value).endswith(words)


def test_params_of_a_larger_model_say_what_to_draw_instead(tmp_path):
    from torch import nn

    import engine
    from scenes.common.surface import LossSurface

    r = _line_recording(tmp_path / "net.safetensors", nn.Sequential(nn.Linear(1, 1), nn.Tanh(), nn.Linear(1, 1)))
    with pytest.raises(engine.EngineError) as e:
        LossSurface(r, params=("0.bias", "2.weight"))
    assert "\n" not in str(e.value)
    assert "computed for a Linear(1, 1) model" in str(e.value)
    assert "LossSurface((w0s, w1s, loss))" in str(e.value) and "params=('0.bias', '2.weight')" in str(e.value)
    with pytest.raises(engine.EngineError, match="already are the two axes"):
        LossSurface(([0.0, 1.0], [0.0, 1.0], np.zeros((2, 2))), params=("0.bias", "2.weight"))
