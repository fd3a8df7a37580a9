"""The dropout lesson's scenes: they build, their last frames render, and the mask grid shows the recorded mask."""

from __future__ import annotations

import re

import numpy as np
import pytest

import engine

SCENE = "lectures/wk05_1/dropout.py"
DROPPED = np.array([0x20, 0x20, 0x20])


def test_lesson_lists_every_part_with_a_stable_id():
    from lectures.wk05_1 import dropout

    ids = [p.id for p in dropout.DropoutLesson.parts]
    assert ids == [
        "dropout.overfitting-definition",
        "dropout.overfit",
        "dropout.masks",
        "dropout.eval",
        "dropout.training-flag",
        "dropout.arithmetic",
        "dropout.placement",
        "dropout.scaling",
        "dropout.dropout-summary",
    ]
    assert all(p.lecture == "05wk-1" for p in dropout.DropoutLesson.parts)


def test_mask_grid_draws_kept_and_dropped_cells_from_the_mask():
    from scenes.common.dropout_mobjects import MaskGrid

    mask = np.zeros(512, bool)
    mask[[0, 5, 511]] = True
    g = MaskGrid(512, 16, width=6.4).shift([1.0, -0.5, 0])
    g.set_mask(mask)
    assert len(g.kept_cells.points) == 3 * 16 and len(g.dropped_cells.points) == 509 * 16
    np.testing.assert_allclose(g.kept_cells.points[:16].mean(0), g.cell_center(0))
    assert g.cell_center(511)[0] > g.cell_center(0)[0] and g.cell_center(511)[1] < g.cell_center(0)[1]


def _grid_cells(
    frame: np.ndarray, rows: int, cols: int, gap: float, band: tuple[float, float] | None = None,
    right: float | None = None,
) -> np.ndarray:
    """(rows, cols, 3) colours at the cell centres of the grid found by its dropped cells' colour.

    ``band``: the grid's (top, bottom) in scene units; the colour key's dark cell below it is left out.
    ``right``: the grid's right edge in scene units; a key beside it is left out.
    """
    dark = (np.abs(frame.astype(int) - DROPPED).max(axis=2) <= 6)
    dark[:, frame.shape[1] // 2:] = False  # the grid is on the left half
    if right is not None:
        dark[:, int((right + 0.05) / 14.2222 * frame.shape[1] + frame.shape[1] / 2):] = False
    if band is not None:
        px = frame.shape[0] / 8  # the frame is 8 units high
        top, bottom = int((4 - band[0]) * px) - 3, int((4 - band[1]) * px) + 3
        dark[:max(top, 0)] = False
        dark[bottom:] = False
    # keep only the insides of filled cells: a 5x5 block of the cell colour (text edges are thinner)
    core = dark.copy()
    for dy in (-2, 0, 2):
        for dx in (-2, 0, 2):
            core &= np.roll(np.roll(dark, dy, axis=0), dx, axis=1)
    dark = core
    # rows and columns crossing many dark cells (anti-aliased text has only a few such pixels)
    ys, xs = np.nonzero(dark)
    # the eroded box lies 2 px inside the cells' edges
    top, bottom, left, right = ys.min() - 2, ys.max() + 3, xs.min() - 2, xs.max() + 3
    pitch_x = (right - left) / (cols - gap)
    pitch_y = (bottom - top) / (rows - gap)
    side_x, side_y = pitch_x * (1 - gap), pitch_y * (1 - gap)
    cx = (left + side_x / 2 + np.arange(cols) * pitch_x).round().astype(int)
    cy = (top + side_y / 2 + np.arange(rows) * pitch_y).round().astype(int)
    return frame[cy][:, cx]


@pytest.mark.slow
def test_rendered_mask_frame_shows_the_recorded_mask(last_frame):
    from engine import dropout_demos as demos
    from lectures.wk05_1.dropout import Masks

    rec = engine.record("05wk-1/dropout")
    assert Masks.later[-1] == rec.mask_steps("2")[-1]   # the last update shown is the last recorded
    mask = rec.mask("2")[-1, Masks.sample].reshape(16, 32)
    active = demos.unit_terms(rec, Masks.later[-1], Masks.sample).active.reshape(16, 32)
    frame = last_frame(SCENE, "MasksScene")
    bottom = Masks.grid_top - Masks.grid_rows * Masks.grid_width / 32
    right = -14.2222 / 2 + 0.6 + Masks.grid_width   # the grid is at the left edge, 0.6 in; its key is beside it
    cells = _grid_cells(frame, Masks.grid_rows, 32, gap=0.15, band=(Masks.grid_top, bottom), right=right)
    dark = np.abs(cells.astype(int) - DROPPED).max(axis=2) <= 12
    bright = cells.astype(int).sum(axis=2) > 350  # the kept yellow; a kept unit ReLU zeroed is blue
    blue = (cells[..., 2].astype(int) > cells[..., 0].astype(int) + 40) & ~dark
    np.testing.assert_array_equal(dark, ~mask)
    np.testing.assert_array_equal(bright, mask & active)
    np.testing.assert_array_equal(blue, mask & ~active)


@pytest.mark.slow
@pytest.mark.parametrize("scene,lang", [("ArithmeticScene", "ko"), ("ScalingScene", "en"),
                                        ("TrainingFlagScene", "ko"), ("OverfitDefinitionScene", "en"),
                                        ("SummaryScene", "ko")])
def test_last_frames_render(last_frame, scene, lang):
    frame = last_frame(SCENE, scene, lang=lang)
    assert frame.shape == (480, 854, 3)
    lit = (frame.max(axis=2) > 40).mean()
    assert 0.02 < lit < 0.5, f"{scene}: {lit:.3f} of the frame is lit"


def test_tensor_table_highlight_boxes_stay_clear_of_the_brackets():
    from scenes.common.dropout_mobjects import TensorTable

    values = np.array([[-14.4352, 0.1420], [-0.9469, 1.5440], [2.0675, -0.0]], np.float32)
    table = TensorTable(values, fmt="{: .4f}", zero=None, cell_width=1.5).shift([2.0, -1.0, 0])
    boxes = table.highlight(np.ones(values.shape, bool), "#ffff00")
    # the brackets' vertical strokes ("[" opens right, "]" left); their short serifs run above and below the rows
    left, right = table.brackets[0].get_left()[0], table.brackets[1].get_right()[0]
    top = max(b.points[:, 1].max() for b in table.brackets)
    bottom = min(b.points[:, 1].min() for b in table.brackets)
    for box in boxes:
        assert box.get_left()[0] > left + 0.05 and box.get_right()[0] < right - 0.05
        assert box.get_top()[1] < top - 0.05 and box.get_bottom()[1] > bottom + 0.05
    # every entry sits inside its box
    for entry, box in zip(table.entries, boxes):
        assert box.get_left()[0] < entry.get_left()[0] and entry.get_right()[0] < box.get_right()[0]


def test_arithmetic_tables_show_torchs_four_decimals():
    from engine import dropout_demos as demos
    from lectures.wk05_1.dropout import Arithmetic
    from scenes.common.dropout_mobjects import TensorTable

    d = demos.arithmetic_demo()
    table = TensorTable(d.train, fmt=Arithmetic.fmt, zero=None)
    texts = [e.text.strip() for e in table.entries]   # Text drops the sign's space
    assert texts == [f"{v: .4f}".strip() for v in d.train.ravel()]
    assert "-9.4690" in texts  # -0.9469 x 10, not -0.95 -> -9.47
    assert "-0.0000" in texts   # a dropped negative, printed as torch prints it


def test_plot_frame_numbers_every_tick_and_names_both_axes():
    from lectures.wk05_1.dropout import NOISE_X, NOISE_Y
    from scenes.common.dropout_mobjects import PlotFrame, tick_text
    from scenes.common.plots import FitPlot

    plot = FitPlot(NOISE_X, NOISE_Y, width=7, height=4)
    frame = PlotFrame(plot, "x", "y")
    # the lowest y number would crowd the first x number at the corner: left out, its tick kept
    assert [m.tex_string for m in frame.y_numbers] == ["-0.04", "0", "0.04", "0.08"]
    assert [m.tex_string for m in frame.x_numbers] == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    assert len(frame.ticks) == 6 + 5
    assert frame.x_name.tex_string == "x" and frame.y_name.tex_string == "y"
    assert frame.x_name.get_left()[0] > frame.x_numbers[-1].get_right()[0]   # after the last x number
    # the numbers sit outside the plotting area
    assert frame.x_numbers.get_top()[1] < plot.c2p(0, NOISE_Y[0])[1]
    assert frame.y_numbers.get_right()[0] < plot.c2p(0, 0)[0]
    assert tick_text(10.0, 10) == "10" and tick_text(-0.0, 0.5) == "0"


def test_every_dropout_string_is_used_and_has_both_languages():
    import re
    from pathlib import Path

    from lectures.wk05_1 import strings

    source = Path(__file__).resolve().parents[1].joinpath("lectures", "wk05_1", "dropout.py").read_text()
    for key, row in strings.STRINGS.items():
        if not key.startswith("dropout."):
            continue   # the lecture's other parts' strings
        assert set(row) == {"en", "ko"}, key
        assert set(re.findall(r"\{(\w+)\}", row["en"])) == set(re.findall(r"\{(\w+)\}", row["ko"])), key
        assert f'"{key}"' in source, f"{key} is never shown"


def test_c2p_many_places_points_exactly_as_c2p_one_at_a_time():
    """dropout.masks moves its 80 output dots every frame: one vectorized c2p instead of 80 (25x faster)."""
    from lectures.wk05_1.dropout import Masks
    from scenes.common.plots import FitPlot

    plot = FitPlot((0, 0.8, 0.2), Masks.wide_y, width=4.9, height=3.0).shift([1.5, -0.3, 0])
    x, y = np.linspace(0, 0.8, 80), np.linspace(-1.6, 1.6, 80)
    many = plot.c2p_many(x, y)
    assert many.shape == (80, 3)
    assert np.array_equal(many, np.array([plot.c2p(a, b) for a, b in zip(x, y)]))


def test_overfitting_definition_claims_no_more_than_the_course():
    """The course's "2D. 시벤코정리의 올바른 이해": the theorem guarantees nothing about unseen data (it does not
    say the fit is wrong there); dropout is introduced only in the next section, so neither overfitting part
    names it. Issue 29: the definition part no longer repeats the next part's fit (one story, not two copies)."""
    import inspect

    from lectures.wk05_1 import dropout
    from scenes.strings import STRINGS

    cyb = STRINGS["dropout.overfit.cybenko"]
    assert "guarantees nothing" in cyb["en"] and "wrong" not in cyb["en"]
    assert "보장은 없다" in cyb["ko"] and "엉망" not in cyb["ko"]
    for part in (dropout.OverfitDefinition, dropout.Overfitting):
        keys = set(re.findall(r'"(dropout\.[\w.]+)"', inspect.getsource(part))) & set(STRINGS)
        assert keys
        for key in keys:
            assert "dropout" not in STRINGS[key]["en"].lower() and "드랍아웃" not in STRINGS[key]["ko"], key
    definition = inspect.getsource(dropout.OverfitDefinition)
    # its fit is the course's 2B (all 100 points), not a copy of the next part's; Cybenko is the next part's
    assert "rec.prediction" not in definition and "cybenko" not in definition
    assert dropout.OverfitDefinition.experiments == ("05wk-1/overfit", "05wk-1/overfit-all")


def test_the_courses_2b_fit_uses_all_100_points_and_goes_below_predicting_zero():
    rec = engine.record("05wk-1/overfit-all")
    split = engine.record("05wk-1/overfit")
    assert int(rec.data("n_train")) == 100 and rec.data("x").shape == (100, 1)
    np.testing.assert_array_equal(rec.data("y_show"), split.data("y_show"))   # the same 100 noise points
    y, fit = rec.data("y_show")[:, 0].astype(np.float64), rec.prediction[-1][:, 0].astype(np.float64)
    assert [f"{v:.1e}" for v in (np.mean(y ** 2), np.mean((fit - y) ** 2))] == ["1.1e-04", "8.7e-05"]


def test_overfit_is_measured_against_predicting_zero_with_the_recordings_numbers():
    """Issue 29: "fits the error" measured: train and test MSE of the fit against predicting 0 (the underlying)."""
    from engine import dropout_demos as demos
    from lectures.wk05_1.dropout import Overfitting

    rec = engine.record("05wk-1/overfit")
    (fit_tr, fit_te), (zero_tr, zero_te) = demos.split_mse(rec), demos.zero_mse(rec)
    assert [f"{v:.2e}" for v in (zero_tr, fit_tr, zero_te, fit_te)] == ["1.28e-04", "9.52e-05", "4.28e-05", "2.32e-03"]
    assert fit_tr < zero_tr and fit_te > 50 * zero_te
    bars = Overfitting.mse_bars(Overfitting(scene=None), rec)
    shown = [[n.text for n in panel.bars.numbers] for panel in bars.panels]
    assert shown == [["1.3e-04", "9.5e-05"], ["4.3e-05", "2.3e-03"]]
    assert f"{bars.ratio:.0f}" == "54"
    # each panel on its own scale: its taller bar is full height
    for panel in bars.panels:
        assert max(b.height for b in panel.bars.bars) == pytest.approx(1.3)


def test_masks_shows_one_points_terms_adding_up_to_torchs_output():
    """Issue 29: dropout.masks shows one point's 512 terms v_j w_j: dropped ones vanish, survivors grow x5, and
    they add up to the training-mode output; the plot's y axis and the bars' scale shrink with the outputs."""
    from engine import dropout_demos as demos
    from lectures.wk05_1.dropout import Masks

    part = Masks(scene=None)
    m = part.read()
    for k in (0, *part.later):
        t = m.terms(k)
        assert t.v.shape == (512,) and (t.v >= 0).all()
        assert np.array_equal(t.kept_terms == 0, ~t.mask | ~t.active | (t.w == 0))
        np.testing.assert_allclose(t.kept_terms[t.mask], 5 * t.terms[t.mask], rtol=1e-6)
        assert t.train_output == pytest.approx(float(demos.train_mode_output(m.rec, k)[m.s]), rel=1e-5, abs=1e-7)
    first, last = part.output_range(m, 0), part.output_range(m, part.later[-1])
    assert first[1] >= 1.5 and last[1] <= 0.05   # the axis follows the outputs down to the noise's scale
    tex = part.sum_tex(m.terms(0), dropout=True).get_tex_string()
    assert r"m_j\,5\,v_j w_j" in tex and f"{m.terms(0).train_output:.4f}" in tex


def test_mask_grid_colours_activation_zeros_apart_from_dropped_units():
    from scenes.common.dropout_mobjects import MaskGrid

    keep = np.zeros(512, bool)
    keep[:100] = True
    off = np.zeros(512, bool)
    off[50:300] = True
    g = MaskGrid(512, 16, width=5.0).set_mask(keep, off)
    n_cells = lambda mob: len(mob.points) // 16   # noqa: E731 (16 Bezier points per cell)
    assert (n_cells(g.kept_cells), n_cells(g.inactive_cells), n_cells(g.dropped_cells)) == (50, 50, 412)
    assert g.inactive_cells.get_fill_color() != g.kept_cells.get_fill_color() != g.dropped_cells.get_fill_color()
    plain = MaskGrid(512, 16, width=5.0).set_mask(keep)   # without inactive=, as before
    assert n_cells(plain.kept_cells) == 100 and plain.inactive_cells.get_fill_opacity() == 0


def test_term_bars_put_each_value_on_its_own_bar_around_the_zero_line():
    from scenes.common.dropout_mobjects import TermBars

    values = np.zeros(8)
    values[2], values[5] = 0.5, -1.0
    bars = TermBars(8, width=4.0, height=2.0).shift([1.0, -1.0, 0.0]).set_values(values, 1.0)
    assert bars.positive.get_top()[1] == pytest.approx(-1.0 + 0.5)
    assert bars.negative.get_bottom()[1] == pytest.approx(-1.0 - 1.0)
    top = bars.positive.points[np.argmax(bars.positive.points[:, 1])]
    assert abs(top[0] - bars.bar_x(2)) < 4.0 / 8 / 2   # the tall positive bar is bar 2
    with pytest.raises(ValueError, match="3 values for 8 bars"):
        bars.set_values(np.zeros(3), 1.0)


def test_arithmetic_shows_the_courses_printout_with_its_digits():
    """Issue 29: the course's printed tensors (its unseeded draws) beside the seeded ones, labelled as the course's."""
    from lectures.wk05_1.dropout import COURSE_ON_OFF, COURSE_U, course_dropout_print

    out, kept = course_dropout_print()
    fmt = "{: .4f}".format
    assert [fmt(v) for v in COURSE_U[:, 0]][:4] == [" 0.2325", "-1.1099", "-0.6292", "-0.7331"]
    assert [fmt(v) for v in out.ravel()][:8] == [" 0.0000", "-0.0000", "-0.0000", " 0.0000",
                                                 "-6.2916", "-0.0000", "-7.3306", "-4.0995"]   # as the course printed
    assert kept.sum() == 3
    # its survivors are its u x 10 (torch scales the unrounded value: within the print's rounding)
    assert np.all(np.abs(out[kept] - 10 * COURSE_U[kept]) <= 10 * 5e-5 + 5e-5 + 1e-6)
    assert (COURSE_ON_OFF["u"], COURSE_ON_OFF["on"]) == (0.9358, 9.3584)
    assert abs(COURSE_ON_OFF["on"] - 10 * COURSE_ON_OFF["u"]) <= 10 * 5e-5 + 5e-5
