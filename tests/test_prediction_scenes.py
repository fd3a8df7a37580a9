"""Prediction videos of 05wk-1: the part shows the recording's fitted line and torch's numbers, as the course prints."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.common.recordings import recording

SCENES = "lectures/wk05_1/prediction.py"


def test_predictions_are_the_float32_params_applied_and_the_courses_digits():
    from lectures.wk05_1.prediction import XX
    from scenes.common.recordings import predict_linear

    rec = recording("05wk-1/linreg")
    # the recording's x_show is the data's x: it does not hold the course's xx, so the part applies the params
    assert not np.isin(np.float32(XX), rec.data("x_show").ravel()).any()
    got = predict_linear(rec, XX)
    assert got.dtype == np.float32
    # as torch's Linear computes them (xx @ W^T + b), to float32 rounding
    import torch

    w = torch.tensor(rec.param("0.weight")[-1], dtype=torch.float32).reshape(1, 1)
    b = torch.tensor(rec.param("0.bias")[-1], dtype=torch.float32).reshape(1)
    want = torch.nn.functional.linear(torch.tensor([[q] for q in XX]), w, b).numpy().ravel()
    assert np.allclose(got, want, rtol=1e-6, atol=0)
    assert [f"{v:.4f}" for v in got] == ["2.8463", "3.2467"]  # the course's printed output


def test_equation_on_screen_shows_the_recordings_numbers():
    from lectures.wk05_1.prediction import PredictionGoal

    m = PredictionGoal(scene=None).build()
    tex = [sub.tex_string for sub in m["eq"].submobjects]
    assert tex[1] == "2.4459" and tex[5] == "4.0042"
    assert "2.8463" in tex[-1] and "3.2467" in tex[-1]
    assert "0.1" in tex[3] and "0.2" in tex[3]
    assert f"{m['bias']:.4f}" == "2.4459" and f"{m['weight']:.4f}" == "4.0042"
    # the read-offs on the zoomed plot say the same numbers, on the line, at x = 0.1 and 0.2
    assert [r[2].tex_string for r in m["reads"]] == ["2.8463", "3.2467"]
    zoom = m["zoom"]
    for (_guides, dot, _), q, v in zip(m["reads"], (0.1, 0.2), m["yhat"]):
        assert np.allclose(dot.get_center(), zoom.point(q, float(v)))
    # every tick of the zoomed plot is numbered, the origin's 0 included (Axes leaves it out)
    assert sorted(round(n.get_value(), 6) for n in zoom.axes.x_axis.numbers) == [0.0, 0.1, 0.2, 0.3]
    # the big plot's line is the recording's last state
    plot = m["plot"]
    assert plot.state() == m["rec"].n_states - 1


def test_every_string_has_both_languages():
    from lectures.wk05_1 import strings as prediction

    for key, row in prediction.STRINGS.items():
        assert row.get("en") and row.get("ko"), key


def test_catalog_lists_it_in_05wk_1_right_after_landscape_linreg():
    from lecture.catalog import Catalog

    cat = Catalog.discover()
    ids = [p.id for p in cat.lecture("05wk-1").parts]
    i = ids.index("landscape.linreg")
    assert ids[i + 1] == "prediction.prediction-goal"
    part = cat.lecture("05wk-1").parts[i + 1]
    assert part.experiments == ("05wk-1/linreg",)
    assert part.title("en") != part.id and part.title("ko") != part.id


@pytest.mark.slow
def test_last_frame_renders(last_frame):
    frame = last_frame(SCENES, "PredictionGoalScene")
    assert frame.shape[0] > 0 and (frame.max(axis=-1) > 80).mean() > 0.02


def test_no_axis_number_sits_where_the_data_or_the_line_pass():
    """Issue 29: the axes crossed at the origin and the data and the line ran through the "-1" tick."""
    from lectures.wk05_1.prediction import PredictionGoal

    m = PredictionGoal(scene=None).build()
    plot, rec = m["plot"], m["rec"]
    xs = np.linspace(-3, 3, 121)
    line = [plot.point(x, m["bias"] + m["weight"] * x) for x in xs if -10 <= m["bias"] + m["weight"] * x <= 15]
    data = [plot.point(x, y) for x, y in zip(rec.data("x").ravel(), rec.data("y").ravel())]
    numbers = [n for axis in plot.axes.drawn for n in axis.numbers]
    assert len(numbers) >= 10
    for n in numbers:
        (x0, y0), (x1, y1) = n.get_corner([-1, -1, 0])[:2] - 0.05, n.get_corner([1, 1, 0])[:2] + 0.05
        for p in [*line, *data]:
            assert not (x0 <= p[0] <= x1 and y0 <= p[1] <= y1), f"{n.get_value():g} is crossed at {p[:2]}"
    # the x axis' name sits under its numbers, not among them
    assert m["names"][0].get_top()[1] < min(n.get_bottom()[1] for n in plot.axes.drawn[0].numbers)
