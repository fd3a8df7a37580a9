"""Lecture 05wk-1: overfitting and dropout, from the course's recorded runs.

``manim render scenes/dropout.py`` renders the whole lesson (``DropoutLesson``);
each part renders alone by its scene name, e.g. ``manim render scenes/dropout.py MasksScene``.

Every curve, mask and number comes from a recording (``05wk-1/overfit``,
``05wk-1/dropout``, ``05wk-1/sum-of-relus``) or from torch in
``engine.dropout_demos``; this file draws and computes nothing random.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    DoubleArrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    Indicate,
    Line,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    Transform,
    TransformFromCopy,
    TransformMatchingShapes,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    linear,
)

from engine import dropout_demos as demos
from lectures.wk05_1.declaration import LECTURE
from scenes.common.code import code_line
from scenes.common.dropout_mobjects import LineLegend, MaskGrid, PlotFrame, TensorTable, TermBars, tick_text
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.numbers import MonoText
from scenes.common.plots import FitPlot
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain
from scenes.common.value_bars import ValueBars
from scenes.strings import t as _t

__all__ = [
    "LECTURE", "Overfitting", "Masks", "TrainVsEval", "Arithmetic", "Placement", "Scaling",
    "OverfittingScene", "MasksScene", "TrainVsEvalScene", "ArithmeticScene", "PlacementScene",
    "ScalingScene", "TrainingFlag", "TrainingFlagScene", "OverfitDefinition", "OverfitDefinitionScene", "Summary", "SummaryScene",
    "DropoutLesson",
]

#: the noise data's y values are ~0.01; this range shows them and lets wild fits leave the plot
NOISE_Y = (-0.08, 0.08, 0.04)
NOISE_X = (0, 1, 0.2)

#: the course's own printout of 05wk-1 B (its unseeded draws, so no run here reproduces them; shown beside
#: the seeded, reproducible ones and labelled as the course's). Property 1: ``u = torch.randn(10, 2)`` and
#: ``Dropout(0.9)(u)``, whose three survivors it printed; property 2: ``Sequential(Dropout(0.9))`` on another u,
#: one survivor, 0.9358 -> 9.3584, and after ``net.eval()`` the output is u again.
COURSE_U = np.array([[0.2325, -0.2137], [-1.1099, 0.1651], [-0.6292, -0.6375], [-0.7331, -0.4100],
                     [0.3024, 0.1195], [1.6408, 0.9799], [0.6248, -0.6950], [-0.4911, -1.5387],
                     [0.3758, 0.2701], [1.5462, -0.1872]], np.float32)
COURSE_SURVIVORS = {(2, 0): -6.2916, (3, 0): -7.3306, (3, 1): -4.0995}
COURSE_ON_OFF = {"u": 0.9358, "on": 9.3584, "cell": (9, 0), "n": 20}


def course_dropout_print() -> tuple[np.ndarray, np.ndarray]:
    """(the course's printed d(u), which cells survived): its survivors, and signed zeros elsewhere
    (torch prints a dropped negative entry as -0.0000)."""
    kept = np.zeros(COURSE_U.shape, bool)
    out = np.copysign(np.zeros_like(COURSE_U), COURSE_U)
    for (i, j), v in COURSE_SURVIVORS.items():
        kept[i, j], out[i, j] = True, v
    return out, kept


class DropoutPart(Part):
    """A part of the dropout lesson: a title at the top, then the beats."""

    lecture = "05wk-1"

    def noise_plot(self, rec, *, width=8.5, height=4.4, test=True) -> FitPlot:
        """The noise data on a FitPlot: numbered axes with names (``plot.frame``), train dots,
        and test dots right of a dashed boundary. Nothing is added to the scene."""
        plot = FitPlot(NOISE_X, NOISE_Y, width=width, height=height)
        plot.frame = PlotFrame(plot, "x", "y")
        x, y = rec.data("x_show")[:, 0], rec.data("y_show")[:, 0]
        n = int(rec.data("n_train"))
        plot.train_dots = plot.dots(x[:n], y[:n], color=PALETTE["train"])
        plot.test_dots = plot.dots(x[n:], y[n:], color=PALETTE["test"]) if test else VGroup()
        xb = (x[n - 1] + x[n]) / 2
        plot.boundary = DashedLine(plot.c2p(xb, NOISE_Y[0]), plot.c2p(xb, NOISE_Y[1]),
                                   color=PALETTE["muted"], stroke_width=2) if test else VGroup()
        plot.add(plot.frame, plot.train_dots, plot.test_dots, plot.boundary)
        return plot

    @staticmethod
    def test_region(plot, x, n: int, *, opacity: float) -> Rectangle:
        """The test points' region (``x[n:]``, a margin either side), shaded over the plot's full height."""
        return Rectangle(width=abs(plot.c2p(x[-1], 0)[0] - plot.c2p(x[n], 0)[0]) + 0.3, height=plot.axes.y_length,
                         stroke_width=0, fill_color=PALETTE["test"],
                         fill_opacity=opacity).move_to(plot.c2p((x[n] + x[-1]) / 2, 0))

    def show_noise_axes(self, plot, run_time: float = 1.2):
        """Axes, numbers and names first (the data comes after)."""
        self.play(Create(plot.axes), FadeIn(plot.frame), run_time=run_time)

    @staticmethod
    def mse_panel(key: str, zero: float, fit: float, height: float = 1.3, **fmt) -> VGroup:
        """Two bars on their own scale, the MSE of predicting 0 (the underlying) and of the fit, headed by
        string ``key``; ``.bars`` is the ``ValueBars``."""
        names = [MathTex(r"\hat y = 0", font_size=FONT_SIZE["small"], color=PALETTE["truth"]),
                 MathTex(r"\mathrm{net}(x)", font_size=FONT_SIZE["small"], color=PALETTE["fit"])]
        chart = ValueBars([zero, fit], names=names, top=max(zero, fit), height=height, width=0.6, gap=0.55,
                          colors=[PALETTE["truth"], PALETTE["fit"]], fmt=".1e", size="small")
        panel = VGroup(label(key, size="small", **fmt).next_to(chart, UP, buff=0.1), chart)
        panel.bars = chart
        return panel


# ---------------------------------------------------------------------------------------------
class Overfitting(DropoutPart):
    """The course's 05wk-1 2C and 2D: the split, the fit of pure noise, and what it fitted, measured.

    Beats:
    1. The setup (y is pure noise, randn x 0.01); axes with numbers and names; the 80 train and the
       20 test points, named, with the boundary between them.
    2. The fit of 05wk-1/overfit epoch by epoch (time ~ epoch^(1/2): the early epochs slowed down).
    3. Measured, each on its own scale: the MSE of predicting 0 (the underlying) and of the fit, as bars with
       their values (from the recording). Train first: the fit's 9.5e-5 is below 0's 1.28e-4, so the net has
       fitted part of the error (train dots flash), held 3 s.
    4. Test: the 20 unseen points' region shaded, an arrow at the largest test error, the test panel: the
       fit's 2.3e-3 against 0's 4.3e-5, about 54 times larger: overfitting, held 3 s.
    5. Cybenko: one hidden layer can fit anything, the error included; it guarantees nothing about unseen
       data. Held 3.5 s.
    The student leaves knowing: "fits the error" is measured: below the underlying's error on the data it
    saw, far above it on data it did not see.
    """

    id = "dropout.overfit"
    title_key = "dropout.overfit.title"
    experiments = ("05wk-1/overfit",)

    def run(self):
        rec = recording("05wk-1/overfit")
        self.show_title()
        setup = self.caption("dropout.overfit.setup", size="caption").next_to(self.title, DOWN, buff=0.2)
        plot = self.noise_plot(rec, width=7.0, height=3.9).shift(DOWN * 0.35 + LEFT * 2.2)
        n = int(rec.data("n_train"))
        # above the plotting area: a wild fit leaves through the top edge and must not cross them
        tags = VGroup(
            label("common.train", size="caption", color=PALETTE["train"])
            .next_to(plot.c2p(0.4, NOISE_Y[1]), UP, buff=0.1),
            label("common.test", size="caption", color=PALETTE["test"])
            .next_to(plot.c2p(0.9, NOISE_Y[1]), UP, buff=0.1),
        )
        net = self.caption("dropout.overfit.net", size="small", color=PALETTE["muted"]).next_to(setup, DOWN, buff=0.12)
        self.play(FadeIn(setup), run_time=0.8)
        self.show_noise_axes(plot)
        self.play(FadeIn(plot.train_dots, lag_ratio=0.05), FadeIn(tags[0]), run_time=1.2)
        self.play(FadeIn(plot.test_dots, lag_ratio=0.05), Create(plot.boundary), FadeIn(tags[1]), run_time=1)
        self.wait(0.5)

        # the fit, epoch by epoch: early epochs change fast, so time runs as epoch ~ t^2
        x = rec.data("x_show")[:, 0]
        pred = rec.prediction[:, :, 0]
        last = rec.n_states - 1
        t = ValueTracker(0)
        state = lambda: int(round(last * t.get_value() ** 2))
        curve = always_redraw(lambda: plot.curve(x, pred[state()]))
        counter = self.epoch_counter(lambda: state())
        counter.next_to(plot.axes, RIGHT, buff=0.6).align_to(plot.axes, UP)
        fit_key = LineLegend([("dropout.overfit.legend_fit", PALETTE["fit"])])
        fit_key.next_to(counter, DOWN, buff=0.3).align_to(counter, LEFT)
        self.add(curve, counter)
        self.play(FadeIn(net), FadeIn(fit_key), run_time=0.5)
        self.play(t.animate.set_value(1), run_time=11, rate_func=linear)
        curve.clear_updaters()
        counter[1].clear_updaters()

        # measured: train and test MSE of the fit, each against predicting 0 (the underlying), on its own scale
        bars = self.mse_bars(rec)
        bars.next_to(fit_key, DOWN, buff=0.35).align_to(fit_key, LEFT)
        self.play(FadeIn(bars.title), FadeIn(bars.panels[0]), run_time=1)
        chases = self.caption("dropout.overfit.chases", size="caption").to_edge(DOWN, buff=0.3)
        self.play(FadeIn(chases), Indicate(plot.train_dots, scale_factor=1.2, color=PALETTE["train"]),
                  Indicate(bars.panels[0].bars.bars[1], color=PALETTE["fit"]), run_time=1.5)
        self.wait(3)
        xs, ys = rec.data("x_show")[:, 0], rec.data("y_show")[:, 0]
        box = self.test_region(plot, xs, n, opacity=0.15)
        worst = n + int(np.argmax(np.abs(pred[last, n:] - ys[n:])))
        gap = DoubleArrow(plot.c2p(xs[worst], ys[worst]), plot.c2p(xs[worst], min(pred[last, worst], NOISE_Y[1])),
                          buff=0.05, color=PALETTE["test"], stroke_width=3, tip_length=0.15)
        wild = self.caption("dropout.overfit.wild", size="caption", ratio=f"{bars.ratio:.0f}").move_to(chases)
        self.swap_caption(chases, wild)
        self.play(FadeIn(box), GrowFromCenter(gap), FadeIn(bars.panels[1]), run_time=1.2)
        self.play(Indicate(bars.panels[1].bars.bars[1], color=PALETTE["test"]), run_time=1)
        self.wait(3)
        cyb = self.caption("dropout.overfit.cybenko", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.2)
        self.swap_caption(wild, cyb)
        self.wait(3.5)

    def mse_bars(self, rec) -> VGroup:
        """Two panels, train and test, each its own scale: the MSE of predicting 0 (the underlying) and of the
        fit, from the recording (``engine.dropout_demos``). ``.ratio``: test MSE of the fit / of predicting 0."""
        fit_tr, fit_te = demos.split_mse(rec)
        zero_tr, zero_te = demos.zero_mse(rec)
        panels = VGroup(self.mse_panel("dropout.overfit.train_panel", zero_tr, fit_tr),
                        self.mse_panel("dropout.overfit.test_panel", zero_te, fit_te))
        panels.arrange(RIGHT, buff=0.5, aligned_edge=DOWN)
        title = label("dropout.overfit.mse_title", size="small").next_to(panels, UP, buff=0.15).align_to(panels, LEFT)
        group = VGroup(title, panels)
        group.title, group.panels, group.ratio = title, panels, fit_te / zero_te
        return group

    def epoch_counter(self, value):
        """``epoch N`` following ``value()`` (an int), one Text rewritten per frame."""
        return live_value("common.epoch", lambda: str(value()), size="body")


class OverfitDefinition(DropoutPart):
    """The course's 05wk-1 2A and 2B: what overfitting is, the net that can fit almost anything, and data
    that is all error.

    Beats:
    1. The definition typeset: data = underlying + error (each word in its colour).
    2. The network family of 2B, typeset with its shapes: X (n,1) -> l1 -> u (n,m) -> relu -> v (n,m) -> l2 ->
       yhat (n,1); with m large it can fit almost anything (the course's words).
    3. The course's model typeset, y_i = 0 x_i + eps_i with eps_i ~ N(0, 0.01^2); axes with numbers and
       names; the 100 points, one colour (no split yet). The underlying here is 0 (a green line at y = 0):
       every point is all error (grey segments to the line).
    4. What we should fit is the underlying (held). Then the course's 2B fit: the net (m = 512) trained on
       all 100 points (05wk-1/overfit-all, its last state) follows them; measured on its own scale, its MSE
       8.7e-5 against predicting 0's 1.1e-4: below the underlying's, so it has fitted error. Overfitting:
       fitting the error term instead of the underlying. Held 3.5 s. (The split, and what this does on unseen
       points, is the next part's: dropout.overfit.)
    The student leaves knowing: overfitting is fitting the error; a wide one-hidden-layer net can fit
    almost anything, so on data that is pure noise whatever it fits beyond 0 is error. Dropout is not named yet.
    """

    id = "dropout.overfitting-definition"
    title_key = "dropout.def.title"
    experiments = ("05wk-1/overfit", "05wk-1/overfit-all")

    @staticmethod
    def family_tex() -> MathTex:
        """The course's X -> u -> v -> yhat with each shape under it (2B), relu between u and v."""
        return MathTex(r"\underset{(n,1)}{\mathbf X}", r"\overset{l_1}{\to}", r"\underset{(n,m)}{\boldsymbol u^{(1)}}",
                       r"\overset{relu}{\to}", r"\underset{(n,m)}{\boldsymbol v^{(1)}}", r"\overset{l_2}{\to}",
                       r"\underset{(n,1)}{\hat{\boldsymbol y}}", font_size=FONT_SIZE["body"])

    def run(self):
        rec = recording("05wk-1/overfit")
        self.show_title()
        parts = VGroup(
            label("dropout.def.data", size="body", color=PALETTE["data"]), plain("=", size="body"),
            label("dropout.def.underlying", size="body", color=PALETTE["truth"]), plain("+", size="body"),
            label("dropout.def.error", size="body", color=PALETTE["muted"]),
        ).arrange(RIGHT, buff=0.2).next_to(self.title, DOWN, buff=0.3)
        self.play(FadeIn(parts[0]), run_time=0.6)
        self.play(FadeIn(parts[1:]), run_time=1)
        self.wait(1.5)

        # 2B: the family that fits almost anything
        family = self.family_tex().next_to(parts, DOWN, buff=0.35)
        anything = self.caption("dropout.def.anything", size="caption").to_edge(DOWN, buff=0.3)
        self.play(Write(family), run_time=1.5)
        self.play(FadeIn(anything), run_time=0.8)
        self.wait(3)

        # the model: all error
        model = MathTex(r"y_i = 0 \times x_i + \epsilon_i,\quad \epsilon_i \sim N(0,\, 0.01^2)",
                        font_size=FONT_SIZE["caption"]).next_to(family, DOWN, buff=0.3)
        plot = self.noise_plot(rec, width=6.6, height=3.0).to_edge(LEFT, buff=1.0).align_to(DOWN * 3.05, DOWN)
        model.align_to(plot.axes, LEFT)
        x, y = rec.data("x_show")[:, 0], rec.data("y_show")[:, 0]
        dots = VGroup(*plot.train_dots, *plot.test_dots).set_color(PALETTE["data"])   # the 100 points, no split yet
        legend = LineLegend([("dropout.def.legend_data", PALETTE["data"], {"dot": True, "n": len(x)})])
        legend.next_to(plot.axes, RIGHT, buff=0.45).align_to(plot.axes, UP)
        self.play(FadeOut(anything), FadeIn(model), run_time=1)
        self.show_noise_axes(plot)
        self.play(FadeIn(dots, lag_ratio=0.02), FadeIn(legend), Indicate(parts[0], color=PALETTE["data"]), run_time=1.5)

        # the underlying of pure noise is 0: every point is all error
        under = Line(plot.c2p(0, 0), plot.c2p(1, 0), color=PALETTE["truth"], stroke_width=5)
        errors = VGroup(*(Line(plot.c2p(a, 0), plot.c2p(a, b), color=PALETTE["muted"], stroke_width=2)
                          for a, b in zip(x, y)))
        legend2 = LineLegend([("dropout.def.legend_underlying", PALETTE["truth"])])
        legend2.next_to(legend, DOWN, buff=0.14).align_to(legend, LEFT)
        cap = self.caption("dropout.def.noise", size="caption").to_edge(DOWN, buff=0.3)
        self.play(Create(under), FadeIn(legend2), Indicate(parts[2], color=PALETTE["truth"]), FadeIn(cap), run_time=1.2)
        self.play(Create(errors, lag_ratio=0.02), Indicate(parts[4], color=PALETTE["muted"]), run_time=1.5)
        self.wait(2)
        should = self.caption("dropout.def.should", size="caption", color=PALETTE["truth"]).move_to(cap)
        self.swap_caption(cap, should)
        self.play(Indicate(under, color=PALETTE["truth"], scale_factor=1.0), run_time=1)
        self.wait(1.5)
        # the course's 2B: the net fitted to all 100 points follows them, below the underlying's error
        full = recording("05wk-1/overfit-all")
        fit = plot.curve(full.data("x_show")[:, 0], full.prediction[-1][:, 0], color=PALETTE["fit"], stroke_width=4)
        legend3 = LineLegend([("dropout.def.legend_fit_all", PALETTE["fit"], {"n": len(x)})])
        legend3.next_to(legend2, DOWN, buff=0.14).align_to(legend, LEFT)
        y_all = full.data("y_show")[:, 0].astype(np.float64)
        panel = self.mse_panel("dropout.def.mse_all", float(np.mean(y_all ** 2)),
                               float(np.mean((full.prediction[-1][:, 0] - y_all) ** 2)), height=0.9, n=len(y_all))
        panel.next_to(legend3, DOWN, buff=0.25).align_to(legend, LEFT).shift(RIGHT * 0.4)   # clear of the x name
        over = self.caption("dropout.def.overfit", size="caption", color=PALETTE["fit"]).move_to(should)
        self.play(FadeOut(should), errors.animate.set_stroke(opacity=0.35), run_time=0.5)
        self.play(Create(fit), FadeIn(legend3), run_time=2)
        self.play(FadeIn(panel), run_time=1)
        self.play(FadeIn(over), Indicate(panel.bars.bars[1], color=PALETTE["fit"]), run_time=1.2)
        self.wait(3.5)


# ---------------------------------------------------------------------------------------------
class Masks(DropoutPart):
    """The course's 05wk-1 3A, training the dropout net: what one mask does to one point's output.

    Beats:
    1. The net (Linear(1,512) → ReLU → Dropout(0.8) → Linear(512,1)); the 512 hidden units of one training
       point as a grid, every unit passing (x1); then the units ReLU already made 0 coloured apart
       (blue, "ReLU: v_j = 0"), so they are never confused with dropped ones later.
    2. The point's output unit by unit: a bar per unit, its term v_j w_j, and under the bars the typeset sum
       net(x) = sum_j v_j w_j + b with its value (dropout off).
    3. Dropout's mask, torch's own draw of the first update: dropped cells go dark and their bars vanish
       (the sum drops with them), then the survivors' bars grow x5 = 1/(1-p) (the chart's scale follows),
       and the sum, now sum_j m_j 5 v_j w_j + b, is the training-mode output torch computed. Held.
    4. Right: numbered axes with names, the 80 training points and the training-mode output of each (each
       point has its own mask: no smooth curve); the grid's point marked, at the value of the sum.
    5. Six later updates, one at a time (a new mask each): grid, bars, sum, outputs and the recorded loss
       change together; the outputs shrink to the noise's scale and the plot's y axis and the bars' scale
       rescale with them (their numbers change), so nothing goes flat.
    6. Over all 80 points and 1000 updates the kept fraction is about 1 - p; the masks are torch's own. Held.

    The student leaves knowing: in training, each point's output is the sum of its 512 terms with a fresh
    random 80% of them removed and the rest x5; a ReLU zero and a dropped unit both contribute 0 but for
    different reasons; the masks change every update.
    """

    id = "dropout.masks"
    title_key = "dropout.masks.title"
    experiments = ("05wk-1/dropout",)
    #: which training sample's mask row the grid shows (its point is marked on the plot)
    sample = 40
    #: the updates shown after the first one, one at a time
    later = (1, 2, 10, 50, 200, 999)
    #: the grid's rows, width and top edge (scene units); the bars' chart size
    grid_rows, grid_width, grid_top = 16, 4.6, 2.35
    bars_size = (5.8, 1.8)
    #: the y range of the training-mode outputs of the first updates (they reach about +-1.5)
    wide_y = (-1.6, 1.6, 0.8)

    def run(self):
        m = self.read()
        self.show_title()
        self.show_grid(m)
        self.show_terms(m)
        self.apply_mask(m)
        self.show_outputs(m)
        self.run_updates(m)
        self.conclude(m)

    def read(self) -> SimpleNamespace:
        """The recording, its masks of the hidden layer and the terms the beats show."""
        rec = recording("05wk-1/dropout")
        p = demos.dropout_p(rec)
        return SimpleNamespace(rec=rec, masks=rec.mask("2"), x=rec.data("x")[:, 0], y=rec.data("y")[:, 0],
                               s=self.sample, p=p, scale=1 / (1 - p), terms=lambda k: demos.unit_terms(rec, k, self.sample))

    # -- pieces ---------------------------------------------------------------------------
    def key_row(self, color, key: str, **fmt) -> VGroup:
        row = VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=color, fill_opacity=1),
                     label(key, size="small", **fmt)).arrange(RIGHT, buff=0.12)
        row[0].set_stroke(PALETTE["muted"], width=1)   # the dark cell on a black background needs an edge
        return row

    def sum_tex(self, t, dropout: bool) -> MathTex:
        """net(x) = the sum of the terms + b, with its value (the training-mode one under dropout)."""
        if dropout:
            body, value = rf"\sum_j m_j\,{self.scale_text(t)}\,v_j w_j + b", t.train_output
        else:
            body, value = r"\sum_j v_j w_j + b", t.eval_output
        tex = MathTex(r"\mathrm{net}(x) =", body, "=", f"{value:.4f}", font_size=FONT_SIZE["caption"])
        tex[3].set_color(PALETTE["point"])
        return tex

    @staticmethod
    def scale_text(t) -> str:
        return f"{t.scale:g}"

    def bar_limit_labels(self, bars) -> VGroup:
        """The chart's scale: +limit at its top edge, 0 at the zero line, -limit at the bottom, right of it."""
        lim, right = bars.limit, bars.zero.get_end()
        half = bars.chart_height / 2
        out = VGroup()
        for v, dy in ((lim, half), (0.0, 0.0), (-lim, -half)):
            out.add(MathTex(tick_text(v, lim), font_size=FONT_SIZE["small"], color=PALETTE["muted"])
                    .next_to(right + UP * dy, RIGHT, buff=0.12))
        return out

    def output_range(self, m, k: int) -> tuple[float, float, float]:
        """A symmetric y range around the outputs of update ``k`` and the data: it shrinks with them."""
        a = float(max(np.abs(demos.train_mode_output(m.rec, k)).max(), np.abs(m.y).max()))
        return _nice_range(-a, a, n=4)

    def output_plot(self, m, k: int) -> SimpleNamespace:
        plot = FitPlot((0, 0.8, 0.2), self.output_range(m, k), width=3.6, height=1.95)
        plot.move_to(RIGHT * 4.35 + UP * 1.22)
        frame = PlotFrame(plot, "x", r"\mathrm{net}(x)", y_every=2)
        dots = plot.dots(m.x, m.y, color=PALETTE["train"], radius=0.03, clip=False)
        out = demos.train_mode_output(m.rec, k)
        lo, hi = plot.y_range[:2]
        outs = VGroup(*(Dot(pt, radius=0.035, color=PALETTE["train_mode"])
                        for pt in plot.c2p_many(m.x, np.clip(out, lo, hi))))
        marker = Dot(outs[m.s].get_center(), radius=0.08, color=PALETTE["point"])
        return SimpleNamespace(plot=plot, frame=frame, dots=dots, outs=outs, marker=marker)

    # -- beats ----------------------------------------------------------------------------
    def show_grid(self, m: SimpleNamespace) -> None:
        """Beat 1: the net, the point's 512 units passing, then the ReLU zeros coloured apart."""
        masks, s, t0 = m.masks, m.s, m.terms(0)
        net = self.caption("dropout.masks.net", size="small", color=PALETTE["muted"]).next_to(self.title, DOWN, buff=0.15)
        grid = MaskGrid(masks.shape[-1], rows=self.grid_rows, width=self.grid_width).to_edge(LEFT, buff=0.6)
        grid.align_to(UP * self.grid_top, UP)
        grid_cap = self.caption("dropout.masks.grid", size="small", sample=s, x=f"{m.x[s]:.2f}", n=masks.shape[-1])
        grid_cap.next_to(grid, UP, buff=0.12).align_to(grid, LEFT)
        m.cap = self.caption("dropout.masks.before", size="caption").to_edge(DOWN, buff=0.3)
        self.play(FadeIn(net), run_time=0.6)
        self.play(FadeIn(grid), FadeIn(grid_cap), FadeIn(m.cap), run_time=1)
        self.wait(1)
        m.key = VGroup(self.key_row(PALETTE["inactive"], "dropout.masks.legend_relu"),
                       self.key_row(PALETTE["dropped"], "dropout.masks.legend_dropped"),
                       self.key_row(PALETTE["kept"], "dropout.masks.legend_kept", scale=f"{m.scale:g}"))
        m.key.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(grid, RIGHT, buff=0.3).align_to(grid, UP)
        relu = self.caption("dropout.masks.relu", size="caption", n=int((~t0.active).sum()), total=masks.shape[-1])
        relu.move_to(m.cap)
        self.play(grid.show_mask(None, ~t0.active), FadeIn(m.key[0]), FadeOut(m.cap), run_time=1)
        self.play(FadeIn(relu), run_time=0.6)
        self.wait(2)
        m.grid, m.cap = grid, relu

    def show_terms(self, m: SimpleNamespace) -> None:
        """Beat 2: one bar per unit, v_j w_j, and their sum: the point's output with dropout off."""
        t0 = m.terms(0)
        w, h = self.bars_size
        m.bars = TermBars(len(t0.v), width=w, height=h, positive_color=PALETTE["kept"],
                          negative_color=PALETTE["path"])
        m.bars.set_values(t0.terms, _nice_limit(np.abs(t0.kept_terms).max()))
        m.bars.move_to(LEFT * 3.5 + DOWN * 1.75)
        m.bar_labels = self.bar_limit_labels(m.bars)
        top = m.bars.zero.get_start() + UP * m.bars.chart_height / 2   # the chart's top edge, not its tallest bar
        m.bars_cap = VGroup(self.caption("dropout.masks.terms", size="small", sample=m.s),
                            MathTex(r"v_j\,w_j", font_size=FONT_SIZE["caption"])).arrange(RIGHT, buff=0.15)
        m.bars_cap.next_to(top, UP, buff=0.12).align_to(m.bars, LEFT)
        m.sum = self.sum_tex(t0, dropout=False).move_to(RIGHT * 0.75 + DOWN * 0.75, aligned_edge=LEFT)
        cap = self.caption("dropout.masks.sum", size="caption", sample=m.s).move_to(m.cap)
        self.play(FadeIn(m.bars.zero), FadeIn(m.bar_labels), FadeIn(m.bars_cap), FadeOut(m.cap), run_time=0.8)
        self.play(FadeIn(m.bars.positive), FadeIn(m.bars.negative), run_time=1.2)
        self.play(Write(m.sum), FadeIn(cap), run_time=1.2)
        self.wait(2.5)
        m.cap = cap

    def apply_mask(self, m: SimpleNamespace) -> None:
        """Beat 3: the mask: dropped bars vanish, then the survivors grow x5; the sum is the training output."""
        t0 = m.terms(0)
        cap = self.caption("dropout.masks.after", size="caption", percent=f"{100 * m.p:.0f}",
                           scale=f"{m.scale:g}").move_to(m.cap)
        thinned = m.bars.copy().set_values(t0.terms * t0.mask, m.bars.limit)
        dropped_sum = MathTex(r"\mathrm{net}(x) =", r"\sum_j m_j\,v_j w_j + b", "=",
                              f"{float((t0.terms * t0.mask).sum(dtype=np.float64) + t0.bias):.4f}",
                              font_size=FONT_SIZE["caption"]).move_to(m.sum, aligned_edge=LEFT)
        self.play(m.grid.show_mask(t0.mask, ~t0.active), FadeIn(m.key[1]), FadeOut(m.cap), run_time=1.2)
        self.play(Transform(m.bars, thinned), TransformMatchingShapes(m.sum, dropped_sum), FadeIn(cap), run_time=1.5)
        m.sum = dropped_sum
        self.wait(1.5)
        grown = m.bars.copy().set_values(t0.kept_terms, m.bars.limit)
        final = self.sum_tex(t0, dropout=True).move_to(m.sum, aligned_edge=LEFT)
        self.play(Transform(m.bars, grown), FadeIn(m.key[2]), TransformMatchingShapes(m.sum, final), run_time=1.5)
        m.sum = final
        self.play(Indicate(m.key[2], scale_factor=1.1), Indicate(m.sum[3], color=PALETTE["point"]), run_time=1)
        self.wait(3)
        m.cap = cap

    def show_outputs(self, m: SimpleNamespace) -> None:
        """Beat 4, right: each training point's training-mode output in the first update; the grid's point marked."""
        rec, s = m.rec, m.s
        p = self.output_plot(m, 0)
        legend = LineLegend([("common.train", PALETTE["train"], {"dot": True}),
                             ("dropout.masks.legend_output", PALETTE["train_mode"], {"dot": True}),
                             ("dropout.masks.legend_point", PALETTE["point"], {"dot": True, "sample": s})])
        m.info_state = {"k": 0}
        n_units = m.masks.shape[-1]
        epoch = live_value("common.epoch", lambda: str(rec.epoch[m.info_state["k"]]), size="small")
        kept = live_value("dropout.masks.kept", lambda: f"{int(m.masks[m.info_state['k'], s].sum())}/{n_units}",
                          size="small", sample=s)
        loss = live_value("dropout.masks.loss", lambda: f"{rec.loss[m.info_state['k']]:.2e}", size="small")
        m.info = VGroup(epoch, kept, loss).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        m.info.next_to(m.key, DOWN, buff=0.3).align_to(m.key, LEFT)
        legend.next_to(m.sum, DOWN, buff=0.35).align_to(m.sum, LEFT)
        cap = self.caption("dropout.masks.each", size="caption").move_to(m.cap)
        self.play(Create(p.plot.axes), FadeIn(p.frame), FadeOut(m.cap), run_time=1)
        self.play(FadeIn(p.dots), FadeIn(legend[0]), run_time=0.8)
        self.play(FadeIn(p.outs), FadeIn(p.marker), FadeIn(legend[1:]), FadeIn(m.info), FadeIn(cap), run_time=1)
        self.play(Indicate(p.marker, color=PALETTE["point"]), Indicate(m.sum[3], color=PALETTE["point"]), run_time=1)
        self.wait(2)
        m.out, m.legend, m.cap = p, legend, cap

    def run_updates(self, m: SimpleNamespace) -> None:
        """Beat 5: later updates one at a time: a new mask each, everything rescaled to the shrinking outputs."""
        cap = self.caption("dropout.masks.updates", size="caption").move_to(m.cap)
        self.play(FadeOut(m.cap), run_time=0.4)
        self.play(FadeIn(cap), run_time=0.6)
        for k in self.later:
            t = m.terms(k)
            new = self.output_plot(m, k)
            bars = m.bars.copy().set_values(t.kept_terms, _nice_limit(np.abs(t.kept_terms).max()))
            labels = self.bar_limit_labels(bars)
            total = self.sum_tex(t, dropout=True).move_to(m.sum, aligned_edge=LEFT)
            m.info_state["k"] = k
            self.play(m.grid.show_mask(t.mask, ~t.active), Transform(m.bars, bars), Transform(m.bar_labels, labels),
                      Transform(m.sum, total), Transform(m.out.plot.axes, new.plot.axes),
                      Transform(m.out.frame, new.frame), Transform(m.out.dots, new.dots),
                      Transform(m.out.outs, new.outs), Transform(m.out.marker, new.marker), run_time=1.2)
            self.wait(1.0)
        for row in m.info:
            row[1].clear_updaters()
        m.cap = cap

    def conclude(self, m: SimpleNamespace) -> None:
        """Beat 6: over all samples and updates the kept fraction is about 1 - p; the masks are torch's own."""
        p = m.p
        overall = self.caption("dropout.masks.all_kept", size="caption", color=PALETTE["fit"],
                               percent=f"{100 * demos.kept_fraction(m.rec).mean():.1f}", p=f"{p:g}",
                               keep=f"{100 * (1 - p):.0f}").move_to(m.cap)
        recorded = self.caption("dropout.masks.recorded", size="small", color=PALETTE["muted"])
        recorded.next_to(m.key, DOWN, buff=0.3).align_to(m.key, LEFT)
        self.play(FadeOut(m.cap), FadeOut(m.info), run_time=0.4)   # the running numbers make room for their source
        self.play(FadeIn(overall), FadeIn(recorded), Indicate(m.grid, scale_factor=1.02), run_time=1.2)
        self.wait(3.5)


def _nice_limit(v: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above ``v`` (a chart's top edge)."""
    v = float(v) if v > 0 else 1e-12
    mag = 10 ** np.floor(np.log10(v))
    return float(min(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= v * (1 - 1e-9)))


def live_value(key: str, value, size: str = "caption", **fmt) -> VGroup:
    """The label of string ``key`` and a number ``value()`` (a str) that follows it every frame.

    The number is a ``MonoText``: re-set per frame without typesetting a new Text.
    """
    name = label(key, size=size, **fmt)
    num = MonoText(value(), font_size=FONT_SIZE[size]).next_to(name, RIGHT, buff=0.18)
    num.align_to(name, DOWN)
    num.add_updater(lambda m: m.set_text(value()))
    return VGroup(name, num)


# ---------------------------------------------------------------------------------------------
class TrainVsEval(DropoutPart):
    """The course's 05wk-1 3A: the dropout net drawn wrongly (training mode) and rightly (net.eval()),
    then shown to help on the unseen test points.

    Beats:
    1. Axes with numbers and names, the train and test points, a legend for every colour.
    2. Wrong: ``net(x)`` with the net still in training mode, five calls, a new mask each (pink, jagged).
    3. Right: ``net.eval()`` turns dropout off: one smooth curve (yellow).
    4. Against the net without dropout (05wk-1/overfit, orange dashed): on the 20 test points its
       error is many times larger; both test MSEs (computed from the recordings) and their ratio, held.
    """

    id = "dropout.eval"
    title_key = "dropout.eval.title"
    experiments = ("05wk-1/dropout", "05wk-1/overfit")
    draws = 5

    def run(self):
        rec = recording("05wk-1/dropout")
        base = recording("05wk-1/overfit")
        self.show_title()
        plot = self.noise_plot(rec, width=7.0, height=4.2).to_edge(LEFT, buff=1.0).shift(DOWN * 0.35)
        x = rec.data("x_show")[:, 0]
        jagged = demos.train_mode_draws(rec, self.draws)
        smooth = rec.prediction[-1][:, 0]
        n = int(rec.data("n_train"))
        legend = LineLegend([
            ("common.train", PALETTE["train"], {"dot": True}),
            ("common.test", PALETTE["test"], {"dot": True}),
            ("dropout.eval.legend_train_mode", PALETTE["train_mode"]),
            ("dropout.eval.legend_eval", PALETTE["fit"]),
            ("dropout.eval.legend_no_dropout", PALETTE["path"], {"dashed": True}),
        ])
        legend.next_to(plot.axes, RIGHT, buff=0.45).align_to(plot.axes, UP)
        self.show_noise_axes(plot)
        self.play(FadeIn(plot.train_dots), FadeIn(plot.test_dots), Create(plot.boundary),
                  FadeIn(legend[:2]), run_time=1.2)
        wrong = self.caption("dropout.eval.wrong", size="caption", color=PALETTE["train_mode"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(wrong), run_time=0.8)

        curve = plot.curve(x, jagged[0], color=PALETTE["train_mode"])
        draw = label("dropout.eval.draw", size="caption", n=1).next_to(legend, DOWN, buff=0.4).align_to(legend, LEFT)
        self.play(Create(curve), FadeIn(draw), FadeIn(legend[2]), run_time=1.5)
        self.wait(0.5)
        ghosts = VGroup()
        for i in range(1, self.draws):
            ghosts.add(curve.copy().set_stroke(opacity=0.25, width=2))
            self.add(ghosts)
            new_draw = label("dropout.eval.draw", size="caption", n=i + 1).move_to(draw, aligned_edge=LEFT)
            self.play(Transform(curve, plot.curve(x, jagged[i], color=PALETTE["train_mode"])),
                      Transform(draw, new_draw), run_time=0.8)
            self.wait(0.4)
        self.wait(0.5)

        right = self.caption("dropout.eval.right", size="caption", color=PALETTE["fit"]).move_to(wrong)
        good = plot.curve(x, smooth, color=PALETTE["fit"], stroke_width=5)
        same = label("dropout.eval.smooth", size="caption").move_to(draw, aligned_edge=LEFT)
        self.play(FadeOut(wrong), FadeOut(draw), curve.animate.set_stroke(opacity=0.25, width=2), run_time=0.5)
        self.play(FadeIn(right), FadeIn(same), run_time=0.6)
        self.play(Create(good), FadeIn(legend[3]), run_time=1.5)
        self.wait(2)

        # shown, not asserted: the test error against the same net without dropout
        no_drop = DashedVMobject(plot.curve(x, base.prediction[-1][:, 0], color=PALETTE["path"], stroke_width=4),
                                 num_dashes=60)
        self.play(FadeOut(ghosts), FadeOut(curve), FadeOut(same), legend[2].animate.set_opacity(0.35), run_time=0.6)
        self.play(Create(no_drop), FadeIn(legend[4]), run_time=1.5)
        _, te_base = demos.split_mse(base)
        _, te_drop = demos.split_mse(rec)
        scores = VGroup(
            label("dropout.eval.test_mse_title", size="caption"),
            label("dropout.eval.test_mse_no_dropout", size="caption", color=PALETTE["path"], value=f"{te_base:.1e}"),
            label("dropout.eval.test_mse_dropout", size="caption", color=PALETTE["fit"], value=f"{te_drop:.1e}"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(legend, DOWN, buff=0.45).align_to(legend, LEFT)
        xs = rec.data("x_show")[:, 0]
        box = self.test_region(plot, xs, n, opacity=0.12)
        self.play(FadeIn(box), FadeIn(scores), run_time=1.2)
        helps = self.caption("dropout.eval.helps", size="caption", color=PALETTE["fit"],
                             ratio=f"{te_base / te_drop:.0f}").move_to(right)
        self.swap_caption(right, helps)
        self.play(Indicate(scores[1:], scale_factor=1.05), run_time=1.2)
        self.wait(3)


# ---------------------------------------------------------------------------------------------
class Arithmetic(DropoutPart):
    """The course's 05wk-1 B, property 1: what ``Dropout(0.9)`` computes, on a real tensor.

    Beats:
    1. The code ``u = torch.randn(10, 2)``, then u itself (4 decimals, as torch prints it).
    2. ``d = torch.nn.Dropout(0.9); d(u)``: a copy of u appears beside it.
    3. 90% chosen at random are set to 0 (dark boxes); the count is the draw's.
    4. The survivors are multiplied by 10 = 1/(1-p): yellow boxes on u and on d(u), and one
       survivor written out (u x 10 = d(u)), held.
    5. ``d.eval(); d(u)``: the output equals the input, both tables flash together.
    6. The course's own printout beside ours, labelled as the course's (its draws were not seeded, so they
       differ): its u and d(u) with its three survivors boxed (-0.6292 -> -6.2916, ...), and its property 2:
       Dropout(0.9) on, the only survivor of 20 0.9358 -> 9.3584; after net.eval(), net(u) = u. Held 3.5 s.
    The student leaves knowing: Dropout(p) zeroes each entry with probability p and multiplies the rest by
    1/(1-p); which entries survive is random (ours and the course's differ), the rule is the same; in eval
    mode it does nothing.
    """

    id = "dropout.arithmetic"
    title_key = "dropout.arithmetic.title"
    #: torch's own print format: 4 decimals, a space for the sign of positive numbers
    fmt = "{: .4f}"

    def run(self):
        d = demos.arithmetic_demo()
        self.show_title()
        code_u = plain(_t("dropout.arithmetic.seed", seed=demos.ARITHMETIC_SEED) + "; u = torch.randn(10, 2)",
                       size="small", color=PALETTE["muted"])
        code_d = plain(_t("dropout.arithmetic.seed", seed=demos.ARITHMETIC_MASK_SEED)
                       + f"; d = torch.nn.Dropout({d.p:g}); d(u)", size="small", color=PALETTE["muted"])
        VGroup(code_u, code_d).arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(self.title, DOWN, buff=0.2)
        y = DOWN * 0.55
        table = dict(fmt=self.fmt, zero=None, cell_width=1.5)
        u = TensorTable(d.input, **table).move_to(LEFT * 4.6 + y)
        out = TensorTable(d.input, **table).move_to(y)
        ev = TensorTable(d.eval, **table).move_to(RIGHT * 4.6 + y)
        heads = VGroup(
            MathTex("u", font_size=28).next_to(u, UP, buff=0.2),
            MathTex(r"d(u)", font_size=28).next_to(out, UP, buff=0.2),
            MathTex(r"d.\mathrm{eval}();\; d(u)", font_size=28).next_to(ev, UP, buff=0.2),
        )
        self.play(FadeIn(code_u), run_time=0.8)
        self.play(FadeIn(u), Write(heads[0]), run_time=1.2)
        self.wait(0.5)
        self.play(FadeIn(code_d), run_time=0.8)
        self.play(TransformFromCopy(u, out), Write(heads[1]), run_time=1.2)
        self.wait(0.5)

        # training mode: the dropped cells go to 0, the kept ones are multiplied by 1/(1-p)
        dropped_col = np.where(d.mask, None, PALETTE["muted"])
        drop_boxes = out.highlight(~d.mask, PALETTE["dropped"])
        n_cells = d.mask.size
        zero = self.caption("dropout.arithmetic.zeroed", size="caption", n_dropped=int((~d.mask).sum()),
                            n=n_cells, p=f"{d.p:g}").next_to(out, DOWN, buff=0.3)
        zeroed_vals = np.where(d.mask, d.input, d.train)   # the dropped cells as torch wrote them (-0.0 included)
        self.play(FadeIn(drop_boxes), out.become_values(zeroed_vals, colors=dropped_col), FadeIn(zero), run_time=1.5)
        self.wait(1.5)
        kept_boxes = out.highlight(d.mask, PALETTE["kept"])
        # one survivor written out, u x 10 = d(u): one whose 4 printed decimals multiply out exactly
        # (torch scales the unrounded value, so 0.14199... x 10 prints as 0.1420 x 10 = 1.4199)
        shown = lambda v: float(self.fmt.format(float(v)))
        kept_ij = np.argwhere(d.mask)
        exact = [(i, j) for i, j in kept_ij if round(shown(d.input[i, j]) * d.scale, 4) == shown(d.train[i, j])]
        i, j = exact[0] if exact else kept_ij[0]
        scaled = self.caption("dropout.arithmetic.scaled", size="caption", n_kept=d.n_kept, scale=f"{d.scale:g}",
                              before=self.fmt.format(float(d.input[i, j])).strip(),
                              after=self.fmt.format(float(d.train[i, j])).strip()).next_to(zero, DOWN, buff=0.15)
        kept_col = np.where(d.mask, PALETTE["kept"], PALETTE["muted"])
        self.play(FadeIn(kept_boxes), out.become_values(d.train, colors=kept_col), FadeIn(scaled),
                  FadeIn(u.highlight(d.mask, PALETTE["kept"])), run_time=1.5)
        self.play(Indicate(u.get_entry(i, j), color=PALETTE["kept"]), Indicate(out.get_entry(i, j), color=PALETTE["kept"]),
                  run_time=1.5)
        self.wait(2)

        # eval mode: the output is the input
        code_e = plain("d.eval(); d(u)", size="small", color=PALETTE["muted"]).next_to(code_d, RIGHT, buff=0.5)
        ev_cap = self.caption("dropout.arithmetic.eval", size="caption", color=PALETTE["truth"])
        # the boxes stay on screen: their key takes the captions' place, under u and d(u)
        key = VGroup(*(
            VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=c, fill_opacity=0.25),
                   label(k, size="small", scale=f"{d.scale:g}")).arrange(RIGHT, buff=0.12)
            for c, k in ((PALETTE["dropped"], "dropout.arithmetic.key_dropped"),
                         (PALETTE["kept"], "dropout.arithmetic.key_kept"))
        )).arrange(RIGHT, buff=0.45)
        key[0][0].set_stroke(PALETTE["muted"], width=1)   # the dark box on a black background needs an edge
        key.move_to(VGroup(u, out)).align_to(zero, UP)
        ev_cap.next_to(ev, DOWN, buff=0.3).align_to(zero, UP)
        self.play(FadeOut(zero), FadeOut(scaled), FadeIn(code_e), run_time=0.6)
        self.play(FadeIn(ev), Write(heads[2]), FadeIn(ev_cap), FadeIn(key), run_time=1.2)
        self.play(Indicate(u.entries, color=PALETTE["truth"], scale_factor=1.05),
                  Indicate(ev.entries, color=PALETTE["truth"], scale_factor=1.05), run_time=1.5)
        self.wait(3)
        self.course_print()

    def course_print(self) -> None:
        """Beat 6: the course's printed tensors, labelled as the course's, beside the rule they follow."""
        self.play(*(FadeOut(mob) for mob in list(self.mobjects) if mob is not self.title), run_time=0.6)
        head = self.caption("dropout.arithmetic.course", size="caption", color=PALETTE["muted"])
        head.next_to(self.title, DOWN, buff=0.25)
        out, kept = course_dropout_print()
        y = DOWN * 0.45
        table = dict(fmt=self.fmt, zero=None, cell_width=1.5)
        u = TensorTable(COURSE_U, **table).move_to(LEFT * 5.0 + y)
        du = TensorTable(out, **table).move_to(LEFT * 1.4 + y)
        heads = VGroup(MathTex("u", font_size=28).next_to(u, UP, buff=0.2),
                       MathTex(r"d(u)", font_size=28).next_to(du, UP, buff=0.2))
        boxes = VGroup(u.highlight(kept, PALETTE["kept"]), du.highlight(kept, PALETTE["kept"]))
        c = COURSE_ON_OFF
        on_off = VGroup(
            label("dropout.arithmetic.course_onoff", size="small", color=PALETTE["muted"]),
            MathTex(rf"\mathrm{{Dropout}}(0.9):\; {c['u']:.4f} \to {c['on']:.4f}", font_size=FONT_SIZE["caption"],
                    color=PALETTE["kept"]),
            label("dropout.arithmetic.course_only", size="small", n=c["n"]),
            MathTex(r"\mathrm{net.eval}():\; \mathrm{net}(u) = u", font_size=FONT_SIZE["caption"],
                    color=PALETTE["truth"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).move_to(RIGHT * 4.3 + y)
        same = self.caption("dropout.arithmetic.same_rule", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(head), FadeIn(u), FadeIn(du), Write(heads), run_time=1.2)
        self.play(FadeIn(boxes), run_time=0.8)
        self.play(FadeIn(on_off[:3]), run_time=1)
        self.play(FadeIn(on_off[3]), run_time=0.8)
        self.play(FadeIn(same), run_time=0.8)
        self.wait(3.5)


# ---------------------------------------------------------------------------------------------
class Placement(DropoutPart):
    """The course's 05wk-1 3C: where the dropout layer goes.

    Beats:
    1. The code (``Dropout()``, p = 0.5, the RNG reseeded before each call so both sides share one mask);
       u (4 decimals, as torch prints) with the kept cells boxed.
    2. dropout(relu(u)) and relu(dropout(u)): equal, "=" between them; relu(0) = 0, held.
    3. The same with sigmoid: not equal, the dropped cells boxed on both sides: 0 on one, 0.5000 on the other.
    4. The course's conclusion: dropout goes right after the activation (otherwise it cannot make zeros);
       with ReLU it is sometimes put just before. The correct side is framed, held.
    """

    id = "dropout.placement"
    title_key = "dropout.placement.title"
    fmt = "{: .4f}"

    def run(self):
        d = demos.placement_demo()
        self.show_title()
        code = plain(f"d = torch.nn.Dropout()   # p = {d.p:g}", size="small", color=PALETTE["muted"])
        same = self.caption("dropout.placement.same_mask", size="small", color=PALETTE["muted"],
                            seed=demos.PLACEMENT_MASK_SEED)
        VGroup(code, same).arrange(DOWN, buff=0.1).next_to(self.title, DOWN, buff=0.2)
        y = DOWN * 0.5
        u = TensorTable(d.u, fmt=self.fmt, zero=None, cell_width=1.5).move_to(LEFT * 4.7 + y)
        lhs = TensorTable(d.relu_then_drop, fmt=self.fmt, zero=None, cell_width=1.35).move_to(LEFT * 0.2 + y)
        rhs = TensorTable(d.drop_then_relu, fmt=self.fmt, zero=None, cell_width=1.35).move_to(RIGHT * 4.4 + y)
        kept = u.highlight(d.mask, PALETTE["kept"])
        heads = VGroup(
            MathTex(r"u", font_size=28).next_to(u, UP, buff=0.2),
            MathTex(r"\mathrm{dropout}(\mathrm{relu}(u))", font_size=28).next_to(lhs, UP, buff=0.2),
            MathTex(r"\mathrm{relu}(\mathrm{dropout}(u))", font_size=28).next_to(rhs, UP, buff=0.2),
        )
        mask_key = VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["kept"],
                                    fill_opacity=0.25),
                          label("dropout.placement.kept", size="small")).arrange(RIGHT, buff=0.12)
        mask_key.next_to(u, DOWN, buff=0.2)
        sign = MathTex("=", font_size=40, color=PALETTE["truth"]).move_to((lhs.get_right() + rhs.get_left()) / 2)
        self.play(FadeIn(code), FadeIn(same), run_time=1)
        self.play(FadeIn(u), Write(heads[0]), run_time=1)
        self.play(FadeIn(kept), FadeIn(mask_key), run_time=0.8)
        self.wait(0.8)
        self.play(FadeIn(lhs), Write(heads[1]), run_time=1.2)
        self.play(FadeIn(rhs), Write(heads[2]), run_time=1.2)
        self.play(Write(sign), run_time=0.6)
        verdict = self.caption("dropout.placement.relu_equal", size="caption", color=PALETTE["truth"]) \
            .to_edge(DOWN, buff=0.45)
        self.play(FadeIn(verdict), Indicate(sign, color=PALETTE["truth"]), run_time=1)
        self.wait(2.5)

        # sigmoid: a dropped cell is 0 on one side and sigmoid(0) = 0.5 on the other
        heads2 = VGroup(
            MathTex(r"\mathrm{dropout}(\sigma(u))", font_size=28).move_to(heads[1]),
            MathTex(r"\sigma(\mathrm{dropout}(u))", font_size=28).move_to(heads[2]),
        )
        sign2 = MathTex(r"\neq", font_size=40, color=PALETTE["test"]).move_to(sign)
        verdict2 = self.caption("dropout.placement.sigmoid_differ", size="caption", color=PALETTE["test"]).move_to(verdict)
        self.play(FadeOut(verdict), run_time=0.4)
        self.play(lhs.become_values(d.sigmoid_then_drop), rhs.become_values(d.drop_then_sigmoid),
                  Transform(heads[1], heads2[0]), Transform(heads[2], heads2[1]),
                  Transform(sign, sign2), run_time=1.5)
        # the dropped cells: 0 on the left, sigmoid(0) = 0.5 on the right
        boxes = VGroup(lhs.highlight(~d.mask, PALETTE["test"]), rhs.highlight(~d.mask, PALETTE["test"]))
        drop_key = VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["test"],
                                    fill_opacity=0.25),
                          label("dropout.placement.dropped", size="small")).arrange(RIGHT, buff=0.12)
        drop_key.next_to(rhs, DOWN, buff=0.2).align_to(rhs, RIGHT).align_to(mask_key, DOWN)
        self.play(FadeIn(boxes), FadeIn(verdict2), FadeIn(drop_key), run_time=1)
        self.wait(2.5)

        # the course's conclusion, pointing at the right order
        frame = SurroundingRectangle(VGroup(lhs, heads[1]), color=PALETTE["truth"], buff=0.08)
        rule = self.caption("dropout.placement.rule", size="caption", color=PALETTE["truth"])
        relu_note = self.caption("dropout.placement.relu_note", size="small", color=PALETTE["muted"])
        VGroup(rule, relu_note).arrange(DOWN, buff=0.1).to_edge(DOWN, buff=0.25)
        self.play(FadeOut(verdict2), run_time=0.4)
        self.play(Create(frame), FadeIn(rule), FadeIn(relu_note), run_time=1.2)
        self.wait(3.5)


# ---------------------------------------------------------------------------------------------
class Scaling(DropoutPart):
    """Why survivors are multiplied by 1/(1-p): the course's 05wk-1 D, "the need for mean correction".

    Beats:
    1. The trained net (Dropout(0.1), 5000 epochs, then ``net.eval()``); axes with their names and numbers,
       then the data ``y = relu(20x) + noise``.
    2. The course's "1,000 ReLUs": 100 of the pieces U·W on their own axes (each is tiny next to the sum).
    3. The pieces added one by one (slow at first) into the main plot: the partial sum grows into
       net(x); the complete sum (all 1000 pieces) stays as a dashed line on top, named in the legend.
    4. The course's supposition, on screen: what if only 10% of the pieces were used, as dropout
       with p = 0.9 would do? Each piece survives with probability 0.1; this draw keeps k of 1000
       (a random draw, so not exactly 100). 90% of the drawn pieces fade.
    5. Survivors only: the red sum is about a tenth of the dashed one (an arrow points at the gap).
    6. Survivors x10 = x1/(1-p): the green curve is back on the dashed one; the mean of 20 draws x10
       lies on it. Conclusion held: "x10 corrects the mean", pointing at the curves.
    """

    id = "dropout.scaling"
    title_key = "dropout.scaling.title"
    experiments = ("05wk-1/sum-of-relus",)
    #: how many of the 1000 pieces are drawn faintly
    n_drawn = 100
    #: thinned draws averaged at the end
    n_draws = 20

    def run(self):
        m = self.read()
        self.show_title()
        self.show_data(m)
        self.show_pieces(m)
        self.add_up(m)
        self.suppose(m)
        self.survivors(m)
        self.correct(m)

    def read(self) -> SimpleNamespace:
        """The recording, its ReLU pieces and the course's supposed dropout rate."""
        rec = recording("05wk-1/sum-of-relus")
        pieces = demos.relu_pieces(rec)
        p = demos.SCALING_P
        return SimpleNamespace(rec=rec, pieces=pieces, x=pieces.x, total=pieces.total, p_train=demos.dropout_p(rec),
                               p=p, scale=1 / (1 - p), n_units=pieces.pieces.shape[1])

    def show_data(self, m: SimpleNamespace) -> None:
        """Beat 1: the trained net; axes, then the data."""
        pieces, x = m.pieces, m.x
        net = self.caption("dropout.scaling.net", size="small", color=PALETTE["muted"], p=f"{m.p_train:g}",
                           epochs=m.rec.n_states - 1).next_to(self.title, DOWN, buff=0.15)
        lo, hi = float(min(pieces.y.min(), m.total.min())), float(max(pieces.y.max(), m.total.max()))
        y_range = _nice_range(lo, hi, n=5)
        m.x_range = _nice_range(float(x.min()), float(x.max()), n=6)
        m.plot = plot = FitPlot(m.x_range, y_range, width=7.4, height=4.0).to_edge(LEFT, buff=1.0).shift(DOWN * 0.15)
        frame = PlotFrame(plot, "x", "y")
        data = plot.dots(x, pieces.y, color=PALETTE["data"], radius=0.03, opacity=0.35)
        self.play(FadeIn(net), Create(plot.axes), FadeIn(frame), run_time=1.2)
        m.data_cap = self.caption("dropout.scaling.data", size="caption").to_edge(DOWN, buff=0.22)
        self.play(FadeIn(data, lag_ratio=0.01), FadeIn(m.data_cap), run_time=1.2)
        self.wait(0.5)

    def show_pieces(self, m: SimpleNamespace) -> None:
        """Beat 2: a sample of the pieces on their own axes, faint, drawn once."""
        pieces = m.pieces
        m.idx = pieces.sample(self.n_drawn)
        drawn = pieces.pieces[:, m.idx].T
        inset = FitPlot(m.x_range, _nice_range(float(drawn.min()), float(drawn.max()), n=2), width=3.6, height=1.7)
        inset.to_edge(RIGHT, buff=0.8).align_to(m.plot, UP).shift(DOWN * 0.25)
        m.inset_frame = inset_frame = PlotFrame(inset, "x", r"U_j W_j", x_every=2)
        inset_title = self.caption("dropout.scaling.pieces_title", size="small", n=self.n_drawn,
                                   total=f"{m.n_units:,}").next_to(inset_frame.y_name, RIGHT, buff=0.25)
        m.faint = inset.curves(m.x, drawn, color=PALETTE["path"], stroke_width=1.5, opacity=0.5)
        m.cap = self.caption("dropout.scaling.pieces", size="caption", total=f"{m.n_units:,}").move_to(m.data_cap)
        self.play(FadeIn(inset.axes), FadeIn(inset_frame), FadeIn(inset_title), FadeOut(m.data_cap), run_time=1)
        self.play(FadeIn(m.faint, lag_ratio=0.02), FadeIn(m.cap), run_time=1.5)

    def add_up(self, m: SimpleNamespace) -> None:
        """Beat 3: adding up: the partial sum over the first n pieces, slow at first; the whole sum dashed."""
        x, plot, n_units = m.x, m.plot, m.n_units
        partial = m.pieces.partial_sums(np.arange(n_units + 1))
        n = ValueTracker(0)
        running = always_redraw(lambda: plot.curve(x, partial[int(n.get_value())], color=PALETTE["fit"], stroke_width=4))
        count = live_value("dropout.scaling.count", lambda: f"{int(n.get_value())}/{n_units}")
        count.next_to(m.inset_frame.x_numbers, DOWN, buff=0.25).align_to(m.inset_frame.y_numbers, LEFT)
        self.add(running, count)
        self.play(n.animate.set_value(n_units), run_time=6, rate_func=lambda t: t ** 2)
        running.clear_updaters()
        count[1].clear_updaters()
        full = DashedVMobject(plot.curve(x, m.total, color=PALETTE["fit"], stroke_width=5), num_dashes=70)
        full.set_z_index(3)
        m.legend = LineLegend([("dropout.scaling.legend_data", PALETTE["data"], {"dot": True, "n": len(x)}),
                               ("dropout.scaling.full", PALETTE["fit"], {"dashed": True, "n": f"{n_units:,}"})])
        m.legend.next_to(count, DOWN, buff=0.2).align_to(count, LEFT)
        m.summed = self.caption("dropout.scaling.summed", size="caption", color=PALETTE["fit"],
                                total=f"{n_units:,}").move_to(m.cap)
        self.play(FadeOut(running), FadeIn(full), FadeIn(m.legend), FadeOut(m.cap), run_time=1)
        self.play(FadeIn(m.summed), Indicate(full, color=PALETTE["fit"], scale_factor=1.0), run_time=1.5)
        self.wait(2)

    def suppose(self, m: SimpleNamespace) -> None:
        """Beat 4: the course's supposition: only 10% of the pieces used (dropout with p = 0.9)."""
        p = m.p
        masks, m.sums = demos.thinned_sums(m.pieces, self.n_draws)
        m.supposed = self.caption("dropout.scaling.suppose", size="caption", p=f"{p:g}", keep=f"{1 - p:g}") \
            .move_to(m.summed)
        m.keep = self.caption("dropout.scaling.keep", size="caption", kept=int(masks[0].sum()), total=f"{m.n_units:,}",
                              percent=f"{100 * masks[0].mean():.1f}").next_to(m.supposed, UP, buff=0.15)
        m.keep.align_to(m.plot.axes, LEFT)   # under the plot, clear of the legend on the right
        shown = masks[0][m.idx]
        self.play(FadeOut(m.summed), run_time=0.4)
        self.play(FadeIn(m.supposed), run_time=0.8)
        self.wait(1.5)
        self.play(FadeIn(m.keep), *(m.faint[i].animate.set_stroke(opacity=0.06) for i in np.flatnonzero(~shown)),
                  run_time=1.5)
        self.wait(1.5)

    def survivors(self, m: SimpleNamespace) -> None:
        """Beat 5: the survivors alone: about a tenth of the sum."""
        x, plot, sums, total = m.x, m.plot, m.sums, m.total
        m.without = plot.curve(x, sums[0], color=PALETTE["test"], stroke_width=4)
        rows = [("dropout.scaling.without", PALETTE["test"], {}),
                ("dropout.scaling.with", PALETTE["truth"], {"scale": f"{m.scale:g}"}),
                ("dropout.scaling.average", PALETTE["train"], {"n": self.n_draws, "scale": f"{m.scale:g}"})]
        m.legend2 = LineLegend(rows)
        m.legend2.next_to(m.legend, DOWN, buff=0.14).align_to(m.legend, LEFT)
        self.play(Create(m.without), FadeIn(m.legend2[0]), run_time=1.5)
        i_end = len(x) - 1
        m.gap = Arrow(plot.c2p(x[i_end], total[i_end]), plot.c2p(x[i_end], sums[0][i_end]), buff=0.05,
                      color=PALETTE["test"], stroke_width=4, max_tip_length_to_length_ratio=0.08)
        m.gap.shift(RIGHT * 0.25)
        self.play(GrowArrow(m.gap), run_time=1)
        self.wait(2)

    def correct(self, m: SimpleNamespace) -> None:
        """Beat 6: x10: back on the full sum; the mean of many draws x10 lies on it. Held."""
        x, plot, sums, scale, legend2 = m.x, m.plot, m.sums, m.scale, m.legend2
        with_ = plot.curve(x, sums[0] * scale, color=PALETTE["truth"], stroke_width=4)
        self.play(FadeOut(m.gap), TransformFromCopy(m.without, with_), FadeIn(legend2[1]), run_time=1.5)
        self.wait(1.5)
        avg = plot.curve(x, sums.mean(axis=0) * scale, color=PALETTE["train"], stroke_width=4)
        self.play(Create(avg), FadeIn(legend2[2]), run_time=1.5)
        why = self.caption("dropout.scaling.why", size="caption", color=PALETTE["truth"], scale=f"{scale:g}") \
            .move_to(m.supposed)
        self.play(FadeOut(m.supposed), FadeOut(m.keep), run_time=0.4)
        self.play(FadeIn(why), Indicate(legend2[1:], scale_factor=1.05), run_time=1.2)
        self.wait(3)


class TrainingFlag(DropoutPart):
    """The course's ``net.training`` and ``net.eval()``: dropout on while training, off afterwards.

    Beats:
    1. The trained dropout net (05wk-1/dropout) and an input xx: the last 4 test points, as a table.
    2. ``net.training`` -> True; ``net(xx)`` twice: two different outputs (a new mask each call),
       the cells that differ boxed, a "≠" between them. Held.
    3. ``net.eval()``; ``net.training`` -> False; ``net(xx)`` twice: equal outputs, "=". Held.
    4. The course's rule: dropout on in training, off when not training. Held.
    All outputs are torch's, computed at render time (``engine.dropout_demos.training_flag_demo``).
    """

    id = "dropout.training-flag"
    title_key = "dropout.flag.title"
    experiments = ("05wk-1/dropout",)
    fmt = "{: .4f}"

    def run(self):
        rec = recording("05wk-1/dropout")
        d = demos.training_flag_demo(rec)
        self.show_title()
        sub = self.caption("dropout.flag.net", size="small", color=PALETTE["muted"], n=len(d.x),
                           p=f"{demos.dropout_p(rec):g}").next_to(self.title, DOWN, buff=0.15)
        table = dict(fmt=self.fmt, zero=None, cell_width=1.45)
        xx = TensorTable(d.x[:, None], **table).move_to(LEFT * 5.7 + DOWN * 0.5)
        xx_head = MathTex("xx", font_size=26).next_to(xx, UP, buff=0.2)
        self.play(FadeIn(sub), run_time=0.8)
        self.play(FadeIn(xx), Write(xx_head), run_time=1)
        self.wait(0.5)

        def row(y, outputs, flag_code, flag_value, equal):
            code = VGroup(code_line(flag_code), code_line(f"→ {flag_value}", color=PALETTE["fit"]))
            code.arrange(RIGHT, buff=0.25)
            a = TensorTable(outputs[0][:, None], **table)
            b = TensorTable(outputs[1][:, None], **table)
            sign = MathTex("=" if equal else r"\neq", font_size=36,
                           color=PALETTE["truth"] if equal else PALETTE["train_mode"])
            pair = VGroup(a, sign, b).arrange(RIGHT, buff=0.35)
            pair.move_to(RIGHT * 3.0 + UP * y)
            heads = VGroup(*(code_line("net(xx)").next_to(t, UP, buff=0.15) for t in (a, b)))
            code.next_to(pair, LEFT, buff=0.5).align_to(heads, UP)
            return code, a, b, sign, heads

        # training mode: two calls, two masks, two outputs
        code1, a1, b1, s1, h1 = row(1.0, d.train_outputs, "net.training", d.training_before, equal=False)
        code2, a2, b2, s2, h2 = row(-2.0, d.eval_outputs, "net.training", d.training_after, equal=True)
        self.play(FadeIn(code1), run_time=0.8)
        self.play(FadeIn(h1[0]), TransformFromCopy(xx, a1), run_time=1)
        self.play(FadeIn(h1[1]), TransformFromCopy(xx, b1), run_time=1)
        differ = d.train_outputs[0] != d.train_outputs[1]
        boxes = VGroup(a1.highlight(differ[:, None], PALETTE["train_mode"]),
                       b1.highlight(differ[:, None], PALETTE["train_mode"]))
        key = VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["train_mode"],
                               fill_opacity=0.25),
                     label("dropout.flag.differ", size="small")).arrange(RIGHT, buff=0.12)
        key.next_to(code1, DOWN, buff=0.35).align_to(code1, LEFT)
        cap1 = self.caption("dropout.flag.train", size="caption", color=PALETTE["train_mode"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(boxes), FadeIn(key), Write(s1), FadeIn(cap1), run_time=1)
        self.wait(2.5)

        # eval mode: dropout off, the same output every call
        ev = code_line("net.eval()").next_to(code2, UP, buff=0.2).align_to(code2, LEFT)
        self.play(FadeOut(cap1), run_time=0.4)
        self.play(FadeIn(ev), run_time=0.8)
        self.play(FadeIn(code2), run_time=0.8)
        self.play(FadeIn(h2[0]), TransformFromCopy(xx, a2), run_time=1)
        self.play(FadeIn(h2[1]), TransformFromCopy(xx, b2), run_time=1)
        cap2 = self.caption("dropout.flag.eval", size="caption", color=PALETTE["truth"]).move_to(cap1)
        self.play(Write(s2), FadeIn(cap2), Indicate(VGroup(a2.entries, b2.entries), color=PALETTE["truth"],
                                                         scale_factor=1.05), run_time=1.2)
        self.wait(2.5)
        rule = self.caption("dropout.flag.rule", size="caption", color=PALETTE["fit"]).move_to(cap1)
        self.swap_caption(cap2, rule)
        self.play(Indicate(code1[1], color=PALETTE["fit"]), Indicate(code2[1], color=PALETTE["fit"]), run_time=1.2)
        self.wait(3)


class Summary(DropoutPart):
    """The course's summary of the dropout layer (05wk-1 3B) and the placement rule (3C).

    Beats: the points appear one by one on the left, the current one bright; the right panel shows,
    for each, the frame of an earlier part it comes from, rebuilt from the same data:
    1. computation: some inputs set to 0, the rest scaled so the total stays the same on average
       (dropout.arithmetic: rows of u and d(u), survivors boxed, each column's total under it: this
       one mask takes -0.07 to -9.47, and the mean total over 1,000,000 masks torch draws is -0.07
       again: the x1/(1-p) keeps the expected total, not each mask's);
    2. on/off: on in training, off otherwise (dropout.training-flag: net.training True / False);
    3. feeling: learning under a deliberate penalty (dropout.masks: a recorded mask, 80% dark);
    4. effect: it curbs overfitting (dropout.eval: the two test MSEs, from the recordings);
    5. note: dropout is not the only way to fight overfitting (text only);
    6. placement: right after the activation; relu does not care (dropout.placement's identities).
    The last frame holds the whole list.
    """

    id = "dropout.dropout-summary"
    title_key = "dropout.summary.title"
    experiments = ("05wk-1/dropout", "05wk-1/overfit")
    keys = ("dropout.summary.compute", "dropout.summary.onoff", "dropout.summary.penalty", "dropout.summary.effect",
            "dropout.summary.note", "dropout.summary.placement")

    def run(self):
        rec, base = recording("05wk-1/dropout"), recording("05wk-1/overfit")
        self.show_title()
        items = VGroup(*(label(k, size="caption") for k in self.keys))
        items.arrange(DOWN, aligned_edge=LEFT, buff=0.32).to_edge(LEFT, buff=0.5).shift(DOWN * 0.3)
        panel_center = RIGHT * 4.1 + DOWN * 0.3
        panels = [self.panel_compute(), self.panel_onoff(rec), self.panel_penalty(rec),
                  self.panel_effect(rec, base), VGroup(), self.panel_placement()]
        for panel in panels:
            panel.move_to(panel_center)
        shown = None
        for item, panel in zip(items, panels):
            anims = [FadeIn(item, shift=RIGHT * 0.2)]
            if shown is not None:
                anims += [FadeOut(shown[1]), shown[0].animate.set_opacity(0.55)]
            self.play(*anims, run_time=0.8)
            if len(panel):
                self.play(FadeIn(panel), run_time=0.8)
            self.wait(4.0 if panel is panels[0] else 2.6)   # the first panel has three totals to read
            shown = (item, panel)
        self.play(FadeOut(shown[1]), items.animate.set_opacity(1), run_time=0.8)
        self.wait(3)

    # -- the panels: frames of the earlier parts, from the same data -----------------------
    def panel_compute(self) -> VGroup:
        d = demos.arithmetic_demo()
        rows = (slice(0, 5), slice(0, 1))   # the first column's top: it holds the survivor -0.9469 -> -9.4690
        table = dict(fmt=Arithmetic.fmt, zero=None, cell_width=1.45)
        u, out = TensorTable(d.input[rows], **table), TensorTable(d.train[rows], **table)
        VGroup(u, out).arrange(RIGHT, buff=0.9)     # room for each total under its column
        boxes = VGroup(u.highlight(d.mask[rows], PALETTE["kept"]), out.highlight(d.mask[rows], PALETTE["kept"]))
        heads = VGroup(MathTex("u", font_size=26).next_to(u, UP, buff=0.15),
                       MathTex(rf"\mathrm{{Dropout}}({d.p:g})(u)", font_size=26).next_to(out, UP, buff=0.15))
        key = VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["kept"], fill_opacity=0.25),
                     label("dropout.arithmetic.key_kept", size="small", scale=f"{d.scale:g}")).arrange(RIGHT, buff=0.12)
        # each column's total under it: this mask moves it (-0.07 -> -9.47); the mean over many masks does not
        sums = VGroup(*(MathTex(rf"\textstyle\sum = {float(np.sum(t.values, dtype=np.float64)):.2f}", font_size=26)
                        .next_to(t, DOWN, buff=0.2) for t in (u, out)))
        many = demos.masked_sums(d.input[rows], d.p)
        mean = VGroup(label("dropout.summary.mean_total", size="small", n=f"{many.n_masks:,}"),
                      MathTex(rf"\textstyle\sum = {many.mean:.2f}", font_size=26, color=PALETTE["kept"]))
        mean.arrange(DOWN, buff=0.12)
        key.next_to(sums, DOWN, buff=0.25)
        mean.next_to(key, DOWN, buff=0.25)
        return VGroup(boxes, u, out, heads, sums, key, mean)

    def panel_onoff(self, rec) -> VGroup:
        f = demos.training_flag_demo(rec)
        return VGroup(
            code_line(f"net.training  → {f.training_before}"),
            code_line("net.eval()"),
            code_line(f"net.training  → {f.training_after}"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)

    def panel_penalty(self, rec) -> VGroup:
        mask = rec.mask("2")[0, Masks.sample]
        grid = MaskGrid(mask.size, rows=16, width=4.2).set_mask(mask)
        cap = label("dropout.summary.penalty_panel", size="small", percent=f"{100 * (1 - mask.mean()):.0f}",
                    n=mask.size).next_to(grid, DOWN, buff=0.2)
        return VGroup(grid, cap)

    def panel_effect(self, rec, base) -> VGroup:
        _, te_base = demos.split_mse(base)
        _, te_drop = demos.split_mse(rec)
        top = max(te_base, te_drop)
        rows = VGroup()
        for key, value, color in (("dropout.eval.test_mse_no_dropout", te_base, PALETTE["path"]),
                                  ("dropout.eval.test_mse_dropout", te_drop, PALETTE["fit"])):
            bar = Rectangle(width=max(3.6 * value / top, 0.04), height=0.35, stroke_width=0, fill_color=color,
                            fill_opacity=0.9)
            name = label(key, size="small", color=color, value=f"{value:.1e}")
            rows.add(VGroup(name, bar).arrange(DOWN, aligned_edge=LEFT, buff=0.1))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        head = label("dropout.eval.test_mse_title", size="small").next_to(rows, UP, buff=0.25, aligned_edge=LEFT)
        return VGroup(head, rows)

    def panel_placement(self) -> VGroup:
        # each identity on two lines, the sign under its left side: one line does not fit beside the list
        return VGroup(
            MathTex(r"&\mathrm{dropout}(\mathrm{relu}(u))\\ &\quad= \mathrm{relu}(\mathrm{dropout}(u))", font_size=26,
                    color=PALETTE["truth"]),
            MathTex(r"&\mathrm{dropout}(\sigma(u))\\ &\quad\neq \sigma(\mathrm{dropout}(u))", font_size=26,
                    color=PALETTE["test"]),
            MathTex(r"\sigma(0) = 0.5", font_size=26, color=PALETTE["muted"]),
        ).arrange(DOWN, buff=0.4, aligned_edge=LEFT)




def _nice_range(lo: float, hi: float, n: int = 5) -> tuple[float, float, float]:
    """An axis range covering [lo, hi] with about ``n`` round ticks."""
    span = hi - lo
    raw = span / n
    mag = 10 ** np.floor(np.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step), float(step)


# ---------------------------------------------------------------------------------------------
class OverfittingScene(PartScene):
    part = Overfitting


class OverfitDefinitionScene(PartScene):
    part = OverfitDefinition


class MasksScene(PartScene):
    part = Masks


class TrainVsEvalScene(PartScene):
    part = TrainVsEval


class ArithmeticScene(PartScene):
    part = Arithmetic


class PlacementScene(PartScene):
    part = Placement


class ScalingScene(PartScene):
    part = Scaling


class TrainingFlagScene(PartScene):
    part = TrainingFlag


class SummaryScene(PartScene):
    part = Summary


class DropoutLesson(LessonScene):
    parts = [OverfitDefinition, Overfitting, Masks, TrainVsEval, TrainingFlag, Arithmetic, Placement, Scaling, Summary]


default_scene("DropoutLesson")
