"""Loss-landscape videos: numbers equal the recordings, and frames show them where they belong."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

import numpy as np
import pytest
from manim import DL, UR, ManimColor, MathTex, ValueTracker, VGroup, config

import engine
from lectures.wk03_2.landscape import (
    W_STAR,
    LearningBceGood,
    LearningBcePossible,
    LearningBceWorst,
    LearningMseGood,
    LearningMseLong,
    LearningMsePossible,
    LearningMseWorst,
    MseVsBce,
    ThreeStarts,
    predict_linear,
    sig_text,
    top_down_view,
)
from lectures.wk03_2.parts import LandscapeLesson, Lesson
from lectures.wk05_1.landscape import LinregPrediction
from scenes.common.numbers import LiveNumber
from scenes.common.recordings import recording
from scenes.common.runs import final_weights
from scenes.common.style import PALETTE
from scenes.common.surface import TrainingCaption, caption_values, gradient_norm
from scenes.common.tracking import epoch_state, reuse_unchanged_frames, split_static

SCENES = "lectures/wk03_2/landscape.py"
LEARNING_PARTS = [LearningMseGood, LearningMseLong, LearningMsePossible, LearningMseWorst, LearningBceGood,
                  LearningBcePossible, LearningBceWorst]
LINREG = "lectures/wk05_1/landscape.py"


def _update(mob) -> None:
    for m in mob.get_family():
        m.update(0, recursive=False)


def test_caption_numbers_equal_the_recording_at_an_epoch():
    rec = recording("03wk-2/mse-good")
    tracker = ValueTracker(0)
    caption = TrainingCaption(rec, tracker)
    tracker.set_value(37)
    _update(caption)
    shown = caption.values()
    want = {
        "epoch": 37, "w0": rec.param("0.bias")[37, 0], "w1": rec.param("0.weight")[37, 0, 0],
        "g0": rec.grad("0.bias")[37, 0], "g1": rec.grad("0.weight")[37, 0, 0], "loss": rec.state_loss[37],
    }
    assert shown == pytest.approx({k: float(v) for k, v in want.items()}, abs=0)
    assert caption_values(rec, 37) == shown
    # and the glyphs written are those numbers, to the caption's decimals
    assert caption.numbers["w1"].text(shown["w1"]) == f"{float(want['w1']):+.4f}"


def test_the_last_epoch_is_shown():
    rec = recording("03wk-2/mse-worst")
    tracker = ValueTracker(rec.n_epochs)
    assert epoch_state(tracker, rec.n_states) == rec.n_states - 1 == 100
    number = LiveNumber(rec.state_loss, tracker, num_decimal_places=4)
    _update(number)
    assert number.get_value() == pytest.approx(float(rec.state_loss[-1]), abs=0)


def test_worst_start_sits_on_the_plateau_and_bce_escapes():
    # what the three-starts and MSE-vs-BCE parts say on screen, checked on the recordings
    mse, bce = recording("03wk-2/mse-worst"), recording("03wk-2/bce-worst")
    assert gradient_norm(mse).max() < 1e-4
    assert gradient_norm(bce)[0] > 1e3 * gradient_norm(mse)[0]
    assert abs(bce.param("0.bias")[-1, 0] - bce.param("0.bias")[0, 0]) > 5


@pytest.mark.parametrize("part", LEARNING_PARTS, ids=lambda p: p.id.rsplit(".", 1)[-1])
def test_every_learning_part_has_a_top_down_view_of_its_recorded_path(part):
    m = part(scene=None).build()
    rec, surface = m["rec"], m["surface"]
    top = top_down_view(rec, surface, with_star=part.top_down_with_star)
    contour, path = top["contour"], top["path"]
    assert np.array_equal(path.w0, rec.param("0.bias").ravel().astype(float))
    assert np.array_equal(path.w1, rec.param("0.weight").ravel().astype(float))
    # in the surface's place, every recorded state inside its frame; W* too (marked) unless the path is
    # too short to read in a window that reaches it (mse-possible: an arrow toward it instead)
    assert abs(contour.frame.get_center()[0] - surface.box.get_center()[0]) < 1e-6
    lo, hi = contour.frame.get_corner(DL)[:2], contour.frame.get_corner(UR)[:2]
    inside = lambda p: bool(np.all(p[..., :2] >= lo) and np.all(p[..., :2] <= hi))  # noqa: E731
    assert inside(path.points_2d)
    assert inside(contour.c2p(*W_STAR)) == part.top_down_with_star
    assert (top["star"] is None) == (top["toward"] is not None) == (part is LearningMsePossible)
    # its name and W*'s lie outside the path's way: W*'s name inside the frame, clear of the colour bar
    if top["star"] is not None:
        assert inside(top["star"][1].get_corner(DL)) and inside(top["star"][1].get_corner(UR))
        assert top["star"][1].get_right()[0] < top["bar"].get_left()[0]


def test_linreg_predictions_are_the_courses():
    rec = recording("05wk-1/linreg")
    got = predict_linear(rec, LinregPrediction.queries)
    assert [f"{v:.4f}" for v in got] == ["2.8463", "3.2467"]


def _pixel(point, frame) -> tuple[int, int]:
    h, w = frame.shape[:2]
    x = (point[0] / config.frame_width + 0.5) * w
    y = (0.5 - point[1] / config.frame_height) * h
    return int(round(y)), int(round(x))


def _near(frame, point, color, radius=2, tol=60) -> bool:
    """Some pixel within ``radius`` of ``point`` has ``color`` (max channel difference < tol)."""
    r, c = _pixel(point, frame)
    patch = frame[max(r - radius, 0): r + radius + 1, max(c - radius, 0): c + radius + 1].astype(int)
    want = (np.array(ManimColor(color).to_rgb()) * 255).astype(int)
    return bool((np.abs(patch - want).max(axis=-1) < tol).any())


@pytest.mark.slow
def test_learning_last_frame_has_the_fit_and_path_where_the_recording_says(last_frame):
    frame = last_frame(SCENES, "LearningMseGoodScene")
    m = LearningMseGood(scene=None).build()
    rec, plot = m["rec"], m["plot"]
    m["tracker"].set_value(rec.n_epochs)
    # the fitted curve at the last epoch (not the first) passes through its recorded outputs
    for i in (300, 1000, 1700):
        assert _near(frame, plot.fit_point(i, state=-1), PALETTE["fit"]), i
    assert not _near(frame, plot.fit_point(1700, state=0), PALETTE["fit"])
    # the part ends on its top-down view: the path's head sits on the recorded final (w0, w1)
    top = top_down_view(rec, m["surface"])
    assert _near(frame, top["contour"].c2p(*final_weights(rec)), PALETTE["path"], radius=1)


@pytest.mark.slow
def test_linreg_last_frame_shows_the_final_line_and_the_point_at_the_bottom(last_frame):
    frame = last_frame(LINREG, "LinregPredictionScene")
    part = LinregPrediction(scene=None)
    m = part.build()
    rec, plot, path = m["rec"], m["plot"], m["path"]
    m["tracker"].set_value(rec.n_epochs)
    assert _near(frame, plot.fit_point(len(plot.x_show) - 1, state=-1), PALETTE["fit"])
    assert _near(frame, path.point(rec.n_states - 1), PALETTE["point"], radius=1)


@pytest.mark.slow
def test_korean_frame_has_text_where_english_has(last_frame):
    en = last_frame(SCENES, "ThreeStartsScene", lang="en")
    ko = last_frame(SCENES, "ThreeStartsScene", lang="ko")
    m = ThreeStarts(scene=None).build()
    rows = m["rows"]
    (x0, y0), (x1, y1) = rows.get_corner([-1, 1, 0])[:2], rows.get_corner([1, -1, 0])[:2]
    (r0, c0), (r1, c1) = _pixel((x0, y0), en), _pixel((x1, y1), en)

    def ink(frame):
        return float((frame[r0:r1, c0:c1].max(axis=-1) > 80).mean())

    assert ink(en) > 0.05
    # Hangul drawn, not empty boxes or nothing: comparable ink, and a different picture
    assert ink(ko) > 0.5 * ink(en)
    assert np.abs(ko[r0:r1, c0:c1].astype(int) - en[r0:r1, c0:c1].astype(int)).mean() > 2


def test_only_a_few_leaf_mobjects_move_per_frame():
    # Cairo redraws every moving mobject each frame: the caption numbers are one VMobject each,
    # the surface, axes, data and labels are static (painted once per play)
    m = LearningMseGood(scene=None).build()
    static, moving = split_static(m["plot"], m["surface"], m["bar"], m["star"], m["legend"], m["caption"], m["path"])
    drawn = [v for mob in moving for v in mob.family_members_with_points()]
    assert len(drawn) <= 12
    assert m["surface"] in static and m["plot"].fit in moving and m["path"] in moving
    assert all(n in moving for n in m["caption"].numbers.values())
    # the numbers still follow the tracker after being laid out and moved
    number = m["caption"].numbers["loss"]
    left = number.get_left()[0]
    m["tracker"].set_value(60)
    _update(m["caption"])
    assert number.get_value() == float(m["rec"].state_loss[60])
    assert number.get_left()[0] == pytest.approx(left, abs=1e-9)


def test_path_points_are_the_surface_points():
    m = LearningMseGood(scene=None).build()
    surface, path = m["surface"], m["path"]
    fast = surface.path_points(path.w0s, path.w1s, path.losses)
    slow = np.array([surface.point(a, b, c) for a, b, c in zip(path.w0s, path.w1s, path.losses)])
    assert np.allclose(fast, slow, atol=1e-9)


def test_a_frame_is_drawn_only_when_the_key_changes():
    class Renderer:
        def __init__(self):
            self.drawn, self.written = 0, []

        def update_frame(self, scene, mobjects=None):
            self.drawn += 1

        def get_frame(self):
            return object()

        def add_frame(self, frame, num_frames=1):
            self.written.append(frame)

        def render(self, scene, time, moving_mobjects=None):
            raise RuntimeError("the class's render")

    scene = SimpleNamespace(renderer=Renderer())
    r, state = scene.renderer, {"epoch": 0}
    with reuse_unchanged_frames(scene, lambda: state["epoch"]):
        for epoch in (0, 0, 0, 1, 1, 2):
            state["epoch"] = epoch
            r.render(scene, 0.0, [])
    assert r.drawn == 3 and len(r.written) == 6
    assert r.written[0] is r.written[2] and r.written[3] is not r.written[2] and r.written[4] is r.written[3]
    with pytest.raises(RuntimeError):  # the renderer is itself again afterwards
        r.render(scene, 0.0, [])


# --- issue 15: what each part shows is true and readable ---------------------------------------
def _texts(mob) -> list[str]:
    """The strings of every Text in ``mob`` (the sentences on screen)."""
    from manim import Text
    return [getattr(m, "original_text", m.text) for m in mob.get_family() if isinstance(m, Text)]


def test_mse_and_bce_each_have_their_own_labelled_height_and_colour_scale():
    # on one shared scale MSE's 0.10..0.56 was a dark flat sheet under BCE's 4.18: "MSE is flat everywhere"
    m = MseVsBce(scene=None).build()
    for p in m["panels"]:
        land = p["surface"].landscape
        assert p["surface"].loss_range == pytest.approx((float(land.loss.min()), float(land.loss.max())))
        assert (p["bar"].vmin, p["bar"].vmax) == p["surface"].loss_range
        assert p["rec"].config["loss"].upper() in " ".join(_texts(p["bar"]))          # each bar names its loss
    (a, b) = (p["surface"] for p in m["panels"])
    assert a.loss_range[1] < 0.6 and b.loss_range[1] == pytest.approx(4.18223, abs=1e-4)
    # each bar right of its own surface, between it and the next
    assert m["panels"][0]["surface"].get_right()[0] < m["panels"][0]["bar"].get_x() < b.get_left()[0]
    assert b.get_right()[0] < m["panels"][1]["bar"].get_x()


def test_mse_vs_bce_formulas_inside_the_frame_and_w_star_uncovered():
    from manim import config as mconfig
    m = MseVsBce(scene=None).build()
    half = mconfig.frame_width / 2
    for p in m["panels"]:
        assert -half + 0.2 < p["formula"].get_left()[0] and p["formula"].get_right()[0] < half - 0.2
        # the path's end dot covers neither W*'s dot nor its label
        end = p["surface"].point(p["path"].w0s[-1], p["path"].w1s[-1], p["path"].losses[-1])
        dot, _, name = p["star"]
        for piece in (dot, name):
            box = piece.get_center(), np.array([piece.width, piece.height]) / 2 + 0.08
            assert (np.abs(end[:2] - box[0][:2]) > box[1]).any()


def test_bce_formula_is_the_mean_torch_computes_and_says_so():
    import torch
    rec = recording("03wk-2/bce-worst")
    x, y = (torch.tensor(rec.data(k)).reshape(-1, 1) for k in ("x", "y"))
    w0, w1 = final_weights(rec, 0)
    yhat = torch.sigmoid(w0 + w1 * x)
    mean = torch.nn.functional.binary_cross_entropy(yhat, y).item()
    assert rec.state_loss[0] == pytest.approx(mean, rel=1e-6)  # the recording's loss is the mean
    assert re.search(r"-\\t?frac\{1\}\{n\}(\\textstyle)?\\sum", MseVsBce.formulas["bce"])   # -1/n sum: the mean
    m = MseVsBce(scene=None).build()
    assert "mean" in " ".join(_texts(m["note"])) and "sum" in " ".join(_texts(m["note"]))


def test_no_w_tick_sits_at_the_foot_of_the_loss_axis():
    for part in (MseVsBce, ThreeStarts):
        m = part(scene=None).build()
        surfaces = [p["surface"] for p in m["panels"]] if "panels" in m else [m["surface"]]
        for s in surfaces:
            foot = s.loss_edge.get_start()
            ticks = s.labels[1]
            assert all(np.linalg.norm((t.get_center() - foot)[:2]) > 0.35 for t in ticks)
            assert len(s.loss_ticks) >= 1  # and the loss axis has numbers of its own


@pytest.mark.parametrize("part", [LearningMseGood, LearningBceWorst, ThreeStarts, MseVsBce])
def test_w_star_and_every_path_point_are_in_front_of_the_hills(part):
    m = part(scene=None).build()
    if "panels" in m:
        pairs = [(p["surface"], [p["path"]]) for p in m["panels"]]
    elif "paths" in m:
        pairs = [(m["surface"], list(m["paths"]))]
    else:
        pairs = [(m["surface"], [m["path"]])]
    for surface, paths in pairs:
        star = surface.point(*W_STAR, surface.landscape.at(*W_STAR))
        assert not surface.occluded(star).any()
        for path in paths:
            pts = surface.path_points(path.w0s, path.w1s, path.losses)
            assert not surface.occluded(pts).any(), path.w0s[0]


def test_occlusion_is_detected_behind_a_hill():
    # the old view (theta -60 degrees) hid W* behind the MSE hill: the check must see it
    from manim import DEGREES

    import engine
    from scenes.common.surface import LossSurface
    land = engine.landscape_for(recording("03wk-2/mse-good"))
    s = LossSurface(land, theta=-60 * DEGREES)
    assert s.occluded(s.point(*W_STAR, land.at(*W_STAR))).all()


def test_linreg_ends_at_the_fitted_line_on_readable_axes():
    """Issue 29: linreg's zoom repeated prediction-goal's (and its y-hat name touched the subtitle), and its
    3D axes had about one number each. It ends at the fitted line now; the surface numbers every axis."""
    part = LinregPrediction(scene=None)
    m = part.build()
    assert "zoom" not in m and "predictions" not in m   # the read-offs are prediction.prediction-goal's
    w0, w1 = m["weights"]
    assert f"{w0:.4f}" == "2.4459" and f"{w1:.4f}" == "4.0042"
    assert "2.4459" in m["formula"].tex_string and "4.0042" in m["formula"].tex_string
    s = m["surface"]
    w_ticks = [float(t.tex_string) for t in s.labels[1]]
    assert len(w_ticks) >= 6   # w0 0, 1, 2, 3 and w1 0, 2, 4 (one may be left out at the loss axis' foot)
    assert len(s.loss_ticks) >= 3
    # the formula sits under the plot, clear of the data and the line
    assert m["formula"].get_top()[1] < m["plot"].axes.c2p(0, -10)[1]


def test_edge_axes_number_zero_and_keep_the_data_map():
    m = LearningMseGood(scene=None).build()
    plot = m["plot"]
    before = plot.point(0.5, 0.5)
    xa, ya = plot.axes.drawn
    assert any(abs(n.get_value()) < 1e-9 for n in xa.numbers) and any(abs(n.get_value()) < 1e-9 for n in ya.numbers)
    assert ya.n2p(0.5)[0] == pytest.approx(plot.point(-1, 0.5)[0], abs=1e-9)  # the y axis is at the left edge
    step = np.array([1.0, 0.5, 0.0])
    plot.shift(step)
    assert np.allclose(plot.point(0.5, 0.5), before + step)


def test_worst_mse_says_plateau_with_the_recorded_gradient(monkeypatch):
    rec = recording("03wk-2/mse-worst")
    g = gradient_norm(rec)[:6].max()
    shown = sig_text(g, round_up=True)
    assert shown == "2.5e-5"      # the recorded 2.4497e-5, never the 0.00002 that :.5f printed (below it)
    assert g <= float(shown) <= 1.05 * g          # an honest bound, and a tight one
    from lectures.wk03_2.landscape import FORMULAS, _sentence
    for lang in ("en", "ko"):
        monkeypatch.setenv("LECTURE_LANG", lang)
        plateau = _sentence("landscape.worst.plateau", g=shown)
        texts = " ".join(_texts(plateau))
        # the bound typeset (||grad L|| <=), the number beside it; no plain-text formula left
        assert [m.tex_string for m in plateau.get_family() if isinstance(m, MathTex)] == [FORMULAS["grad_le"]]
        assert texts.endswith(shown) and "|" not in texts and "<=" not in texts
    monkeypatch.setenv("LECTURE_LANG", "en")
    m = LearningMseWorst(scene=None).build()
    assert "-10.00" in " ".join(_texts(m["verdict"]))


@pytest.mark.parametrize("v, digits, up, text", [
    (2.44963922e-05, 2, False, "2.4e-5"), (2.44963922e-05, 2, True, "2.5e-5"), (-2.28e-05, 2, False, "-2.3e-5"),
    (0.31, 2, False, "0.31"), (-1.234, 2, True, "-1.3"), (9.96e-5, 2, False, "1.0e-4"), (0.0, 2, False, "0"),
])
def test_sig_text_keeps_significant_figures(v, digits, up, text):
    assert sig_text(v, digits, round_up=up) == text
    if up:
        assert abs(float(text)) >= abs(v)


def test_three_starts_have_their_own_colours_and_honest_verdicts():
    m = ThreeStarts(scene=None).build()
    colors = [p.dot.get_color().to_hex() for p in m["paths"]]
    assert len(set(colors)) == 3
    assert [p.trail.get_stroke_color().to_hex() for p in m["paths"]] == colors
    good = " ".join(_texts(m["verdicts"][0]))
    w0, w1 = final_weights(m["recs"][0])
    assert f"({w0:.2f}, {w1:.2f})" == "(-0.40, 1.42)"  # the review's numbers, from the recording
    assert "(-0.40, 1.42)" in good
    assert "converges" not in good


def test_mse_long_reads_the_5000_epoch_run():
    m = LearningMseLong(scene=None).build()
    rec = m["rec"]
    assert rec.n_epochs == 5000 and rec.n_states == 5001
    w0, w1 = final_weights(rec)
    assert " ".join(_texts(m["verdict"])).count(f"({w0:.2f}, {w1:.2f})") == 1
    assert abs(w0 - W_STAR[0]) < 0.1 and abs(w1 - W_STAR[1]) < 0.5  # the curve has nearly reached the truth
    # its own experiment, so `lecture render` records it before the part (the scene never trains)
    assert LearningMseLong.id.endswith("mse-long") and LearningMseLong.experiments == ("03wk-2/mse-long",)
    long, good = engine.get_config("03wk-2/mse-long"), engine.get_config("03wk-2/mse-good")
    assert long == dataclasses.replace(good, id="03wk-2/mse-long", epochs=5000)


def test_the_lesson_has_every_learning_process_part():
    ids = [p.id for p in LandscapeLesson.parts]
    for name in ("mse-good", "mse-possible", "mse-worst", "bce-good", "bce-possible", "bce-worst", "mse-long"):
        assert f"landscape.learning.{name}" in ids
    assert len(ids) == len(set(ids))


def test_manim_render_of_scenes_loss_landscape_is_the_story_in_the_lectures_order_why_included():
    import runpy

    from lectures.wk03_2.why import WhyMseStalls

    offered = runpy.run_path("scenes/loss_landscape.py")
    lesson = offered["LandscapeLesson"]          # what `manim render scenes/loss_landscape.py` renders
    assert issubclass(lesson, LandscapeLesson) and WhyMseStalls in lesson.parts
    # the lecture's order, from its first landscape part to its last part
    assert lesson.parts == Lesson.parts[Lesson.parts.index(LearningMseGood):] and lesson.parts[-1] is MseVsBce
    assert {"MseVsBceScene", "WhyMseStallsScene", "LearningMseGoodScene", "LinregPredictionScene"} <= set(offered)


def test_every_string_has_english_and_korean():
    from lectures.wk03_2.strings import STRINGS
    for key, row in STRINGS.items():
        assert set(row) >= {"en", "ko"}, key
        assert row["en"].count("{") == row["ko"].count("{"), key


def test_cross_section_through_the_start_shows_plateau_and_slope():
    import engine
    m = MseVsBce(scene=None).build()
    sec = m["section"]
    rows = sec["rows"]
    w0s = sec["w0s"]
    for name, row in rows.items():
        rec = row["rec"]
        start = final_weights(rec, 0)
        assert sec["w1"] == start[1] and w0s[0] == start[0]                      # the section runs through the start
        # the curve is torch's loss along w0 at the start's w1; at the start it is the recorded loss
        ref = engine.loss_grid(rec.data("x"), rec.data("y"), w0s, [start[1]], loss=name).loss[0]
        np.testing.assert_allclose(row["loss"], ref, rtol=1e-6)
        assert row["loss"][0] == pytest.approx(float(rec.state_loss[0]), rel=1e-6)
        assert row["slope"] == pytest.approx(float(rec.grad("0.bias")[0].ravel()[0]), abs=0)
        # both curves on one chart: the same axes map both, and every point is inside it
        y_top = sec["plot"].y_range[1]
        assert row["loss"].max() <= y_top
    assert abs(rows["mse"]["slope"]) < 1e-4 < 0.3 < abs(rows["bce"]["slope"])     # plateau vs slope
    assert np.ptp(rows["mse"]["loss"][:40]) < 0.01 < np.ptp(rows["bce"]["loss"][:40])   # flat vs falling near it
    texts = " ".join(_texts(sec["verdicts"]))
    assert f"{sig_text(rows['mse']['slope'])}" == "-2.3e-5" and "-2.3e-5" in texts
    assert f"{rows['bce']['slope']:.2f}" in texts
    # w0 runs as in the 3D view (0 left of -10): the start, w0 = -10, at the chart's right end, as on the surface
    plot, surface = sec["plot"], m["panels"][0]["surface"]
    on_chart = [plot.c2p(-w, 0)[0] for w in (-10.0, 0.0)]
    on_surface = [surface.point(w, sec["w1"], 0.3)[0] for w in (-10.0, 0.0)]
    assert (on_chart[0] > on_chart[1]) == (on_surface[0] > on_surface[1]) == True  # noqa: E712
    numbers = [float(n.tex_string) for n in plot.axes.drawn[0].numbers]
    assert numbers[0] > numbers[-1] and -10 in numbers and 0 in numbers
    for row in rows.values():      # the start dots sit clear of the axes' numbers
        for num in plot.axes.drawn[0].numbers:
            assert np.linalg.norm((row["start"].get_center() - num.get_center())[:2]) > 0.3
    assert len(sec["legend"]) == 2 and len(sec["plot"].axes.drawn[0].numbers) >= 5   # legend and numbered ticks


def test_why_mse_stalls_draws_each_points_share_from_the_recorded_weights():
    from engine import logistic_demos as demos
    from lectures.wk03_2.parts import Lesson
    from lectures.wk03_2.why import WhyMseStalls

    m = WhyMseStalls(scene=None).build()
    k0 = m["k0"]
    x, y = m["mse"].data("x").ravel(), m["mse"].data("y").ravel()
    for name in ("mse", "bce"):
        rec, (w0s, w1s) = m[name], m["paths"][name]
        # the sweep starts at the good start and hands over to the recorded states (state k0 = recorded state 0)
        assert (w0s[0], w1s[0]) == WhyMseStalls.sweep_from
        assert np.array_equal(w0s[k0:], rec.param("0.bias").ravel())
        assert np.array_equal(w1s[k0:], rec.param("0.weight").ravel())
        # what the charts draw is the per-point share whose mean is the recorded gradient
        share = demos.per_point_gradients(x, y, w0s[k0:], w1s[k0:])[name]
        np.testing.assert_allclose(share.mean(axis=1), rec.grad("0.bias").ravel(), rtol=1e-5)
    slope, bce = m["on_data"]["mse"]["slope"], m["on_data"]["bce"]["bce"]
    assert slope[0].max() > 0.2 and slope[k0].max() < 1.3e-4            # the factor collapses on the way
    assert bce[k0, y == 1].mean() < -0.999                              # BCE's y = 1 points push with about -1
    texts = " ".join(_texts(VGroup(m["mse_says"], m["bce_says"], m["ending"])))
    assert sig_text(float(gradient_norm(m["mse"])[0])) in texts and sig_text(float(gradient_norm(m["bce"])[0])) in texts
    w = final_weights(m["bce"])
    assert f"({w[0]:.2f}, {w[1]:.2f})" in texts
    ids = [p.id for p in Lesson.parts]
    assert ids.index("landscape.why-mse-stalls") == ids.index("landscape.mse-vs-bce") - 1


def test_the_lecture_ends_on_every_start_under_each_loss_with_the_recorded_ends():
    su = MseVsBce(scene=None).summary()
    mse, bce = su["sides"]["mse"], su["sides"]["bce"]
    # each loss on its own colour scale
    assert (mse["contour"].vmin, mse["contour"].vmax) != (bce["contour"].vmin, bce["contour"].vmax)
    for loss, side in su["sides"].items():
        texts = " ".join(_texts(side["rows"]) + [m.tex_string for m in side["rows"].get_family()
                                                  if isinstance(m, MathTex)])
        for start, path in zip(("good", "possible", "worst"), side["paths"]):
            rec = recording(f"03wk-2/{loss}-{start}")
            w0, w1 = final_weights(rec)
            assert f"({w0:.2f},\\ {w1:.2f})" in texts and f"{float(rec.state_loss[-1]):.3f}" in texts
            assert np.array_equal(path.w0, rec.param("0.bias").ravel().astype(float))
    assert MseVsBce.experiments[:2] == MseVsBce.pair
    runs = {f"03wk-2/{lo}-{st}" for lo in ("mse", "bce") for st in ("good", "possible", "worst")}
    assert runs <= set(MseVsBce.experiments)


def test_formulas_in_the_verdicts_are_typeset():
    from lectures.wk03_2.landscape import FORMULAS, _sentence

    worst = ThreeStarts(scene=None).build()["verdicts"][2]
    tex = [m.tex_string for m in worst.get_family() if isinstance(m, MathTex)]
    assert FORMULAS["grad"] in tex and not any("|grad|" in s for s in _texts(worst))
    section = _sentence("landscape.mse_bce.section_mse_verdict", slope="-2.3e-5")
    assert any(isinstance(m, MathTex) and m.tex_string == FORMULAS["dldw0"] for m in section.get_family())
    assert not any("dL/dw0" in s for s in _texts(section)) and "= -2.3e-5" in " ".join(_texts(section))
