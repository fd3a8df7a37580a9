"""Lecture 05wk-1: overfitting and dropout, from the course's recorded runs.

``manim render scenes/dropout.py`` renders the whole lesson (``DropoutLesson``);
each part renders alone by its scene name, e.g. ``manim render scenes/dropout.py MasksScene``.

Every curve, mask and number comes from a recording (``05wk-1/overfit``,
``05wk-1/dropout``, ``05wk-1/sum-of-relus``) or from torch in
``engine.dropout_demos``; this file draws and computes nothing random.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, DashedLine, FadeIn, FadeOut, MathTex, Rectangle, Transform,
    ValueTracker, VGroup, Write, always_redraw, linear, Create, Indicate,
)

from engine import dropout_demos as demos
from scenes.common.dropout_mobjects import MaskGrid, TensorTable
from scenes.common.numbers import MonoText
from scenes.common.plots import FitPlot
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain
from scenes.strings import t as _t

__all__ = [
    "Overfitting", "Masks", "TrainVsEval", "Arithmetic", "Placement", "Scaling",
    "OverfittingScene", "MasksScene", "TrainVsEvalScene", "ArithmeticScene", "PlacementScene",
    "ScalingScene", "DropoutLesson",
]

#: the noise data's y values are ~0.01; this range shows them and lets wild fits leave the plot
NOISE_Y = (-0.08, 0.08, 0.04)
NOISE_X = (0, 1, 0.2)


class DropoutPart(Part):
    """A part of the dropout lesson: a title at the top, then the beats."""

    lecture = "05wk-1"

    def show_title(self):
        self.title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        self.play(FadeIn(self.title, shift=DOWN * 0.2), run_time=0.6)
        return self.title

    def caption(self, key: str, *, size: str = "body", color=None, **fmt):
        """A caption line of string ``key``, scaled down to fit the frame's width."""
        c = label(key, size=size, color=color, **fmt)
        if c.width > 13.2:
            c.scale_to_fit_width(13.2)
        return c

    def noise_plot(self, rec, *, width=8.5, height=4.4, test=True) -> FitPlot:
        """The noise data on a FitPlot: train dots, and test dots right of a dashed boundary."""
        plot = FitPlot(NOISE_X, NOISE_Y, width=width, height=height)
        x, y = rec.data("x_show")[:, 0], rec.data("y_show")[:, 0]
        n = int(rec.data("n_train"))
        plot.train_dots = plot.dots(x[:n], y[:n], color=PALETTE["train"])
        plot.test_dots = plot.dots(x[n:], y[n:], color=PALETTE["test"]) if test else VGroup()
        xb = (x[n - 1] + x[n]) / 2
        plot.boundary = DashedLine(plot.c2p(xb, NOISE_Y[0]), plot.c2p(xb, NOISE_Y[1]),
                                   color=PALETTE["muted"], stroke_width=2) if test else VGroup()
        plot.add(plot.train_dots, plot.test_dots, plot.boundary)
        return plot


# ---------------------------------------------------------------------------------------------
class Overfitting(DropoutPart):
    id = "dropout.overfit"
    title_key = "dropout.overfit.title"

    def run(self):
        rec = recording("05wk-1/overfit")
        self.show_title()
        setup = self.caption("dropout.overfit.setup", size="caption").next_to(self.title, DOWN, buff=0.2)
        plot = self.noise_plot(rec).shift(DOWN * 0.45 + LEFT * 1.4)
        n = int(rec.data("n_train"))
        tags = VGroup(
            label("common.train", size="caption", color=PALETTE["train"])
            .next_to(plot.c2p(0.4, NOISE_Y[1]), DOWN, buff=0.1),
            label("common.test", size="caption", color=PALETTE["test"])
            .next_to(plot.c2p(0.9, NOISE_Y[1]), DOWN, buff=0.1),
        )
        net = self.caption("dropout.overfit.net", size="small", color=PALETTE["muted"]) \
            .next_to(plot, DOWN, buff=0.2)
        self.play(FadeIn(setup), Create(plot.axes), run_time=1)
        self.play(FadeIn(plot.train_dots), FadeIn(plot.test_dots), Create(plot.boundary),
                  FadeIn(tags), FadeIn(net), run_time=1.2)

        # the fit, epoch by epoch: early epochs change fast, so time runs as epoch ~ t^2
        x = rec.data("x_show")[:, 0]
        pred = rec.prediction[:, :, 0]
        last = rec.n_states - 1
        t = ValueTracker(0)
        state = lambda: int(round(last * t.get_value() ** 2))
        curve = always_redraw(lambda: plot.curve(x, pred[state()]))
        counter = self.epoch_counter(lambda: state()).next_to(plot, RIGHT, buff=0.4).align_to(plot, UP)
        self.add(curve, counter)
        self.play(t.animate.set_value(1), run_time=10, rate_func=linear)
        curve.clear_updaters()
        counter[1].clear_updaters()

        tr, te = demos.split_mse(rec, last)
        mse = VGroup(
            label("dropout.overfit.train_mse", size="caption", color=PALETTE["train"], value=f"{tr:.1e}"),
            label("dropout.overfit.test_mse", size="caption", color=PALETTE["test"], value=f"{te:.1e}"),
        ).arrange(DOWN, aligned_edge=LEFT).next_to(counter, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(mse), run_time=0.8)
        chases = self.caption("dropout.overfit.chases", size="caption").next_to(net, DOWN, buff=0.15).set_x(0)
        self.play(FadeIn(chases), Indicate(plot.train_dots, scale_factor=1.2, color=PALETTE["train"]), run_time=1.5)
        xs = rec.data("x_show")[:, 0]
        box = Rectangle(width=abs(plot.c2p(xs[-1], 0)[0] - plot.c2p(xs[n], 0)[0]) + 0.3,
                        height=plot.axes.y_length, stroke_width=0, fill_color=PALETTE["test"],
                        fill_opacity=0.15).move_to(plot.c2p((xs[n] + xs[-1]) / 2, 0))
        wild = self.caption("dropout.overfit.wild", size="caption").move_to(chases)
        self.play(FadeOut(chases), FadeIn(wild), FadeIn(box), run_time=1)
        self.wait(1)
        cyb = self.caption("dropout.overfit.cybenko", size="caption", color=PALETTE["fit"]).move_to(wild)
        self.play(FadeOut(wild), FadeIn(cyb), run_time=1)
        self.wait(2.5)

    def epoch_counter(self, value):
        """``epoch N`` following ``value()`` (an int), one Text rewritten per frame."""
        return live_value("common.epoch", lambda: str(value()), size="body")


# ---------------------------------------------------------------------------------------------
class Masks(DropoutPart):
    id = "dropout.masks"
    title_key = "dropout.masks.title"
    #: which training sample's mask row the grid shows (its point is marked on the curve)
    sample = 40
    #: epochs stepped through one by one before the sweep through all of them
    stepped = 8

    def run(self):
        rec = recording("05wk-1/dropout")
        masks = rec.mask("2")                       # (n_updates, 80, 512) keep draws
        steps = rec.mask_steps("2")
        x = rec.data("x")[:, 0]
        s = self.sample
        self.show_title()
        net = self.caption("dropout.masks.net", size="small", color=PALETTE["muted"]).next_to(self.title, DOWN, buff=0.15)

        grid = MaskGrid(masks.shape[-1], rows=16, width=6.4).to_edge(LEFT, buff=0.45)
        grid.align_to(UP * 2.0, UP)
        grid_cap = self.caption("dropout.masks.grid", size="small", sample=s, x=f"{x[s]:.2f}")
        grid_cap.scale_to_fit_width(min(grid_cap.width, grid.width)).next_to(grid, UP, buff=0.12)
        state_cap = self.caption("dropout.masks.before", size="caption").next_to(grid, DOWN, buff=0.3)
        self.play(FadeIn(net), FadeIn(grid), FadeIn(grid_cap), FadeIn(state_cap), run_time=1)
        self.wait(0.8)

        legend = VGroup(
            VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["dropped"], fill_opacity=1),
                   label("dropout.masks.legend_dropped", size="small")).arrange(RIGHT, buff=0.12),
            VGroup(Rectangle(width=0.25, height=0.25, stroke_width=0, fill_color=PALETTE["kept"], fill_opacity=1),
                   label("dropout.masks.legend_kept", size="small")).arrange(RIGHT, buff=0.12),
        ).arrange(RIGHT, buff=0.4)
        after = self.caption("dropout.masks.after", size="caption").move_to(state_cap)
        legend.next_to(after, DOWN, buff=0.2)
        self.play(grid.show_mask(masks[0, s]), FadeOut(state_cap), FadeIn(after), FadeIn(legend), run_time=1.2)

        # right: the training-mode output each update was computed from, and its loss
        plot = FitPlot((0, 0.8, 0.2), NOISE_Y, width=5.6, height=3.2).to_edge(RIGHT, buff=0.45)
        plot.align_to(grid, DOWN)
        dots = plot.dots(x, rec.data("y")[:, 0], color=PALETTE["train"], radius=0.03)
        curve_cap = self.caption("dropout.masks.curve", size="small").next_to(plot, UP, buff=0.12)
        curve_cap.scale_to_fit_width(min(curve_cap.width, plot.width + 0.4)).align_to(grid_cap, DOWN)
        outputs = {int(k): None for k in steps}

        def out(k):
            if outputs[k] is None:
                outputs[k] = demos.train_mode_output(rec, k)
            return outputs[k]

        k_now = ValueTracker(0)
        k = lambda: int(steps[min(int(k_now.get_value()), len(steps) - 1)])
        curve = always_redraw(lambda: plot.curve(x, out(k())))
        marker = always_redraw(lambda: plot.dots([x[s]], [out(k())[s]], color=PALETTE["point"], radius=0.08))
        epoch = live_value("common.epoch", lambda: str(rec.epoch[k()]), size="body")
        n_units = masks.shape[-1]
        kept = live_value("dropout.masks.kept", lambda: f"{int(masks[k(), s].sum())}/{n_units} "
                          f"({100 * masks[k(), s].mean():.1f}%)", sample=s)
        loss = live_value("dropout.masks.loss", lambda: f"{rec.loss[k()]:.2e}")
        info = VGroup(epoch, kept, loss)

        info.arrange(DOWN, buff=0.12, aligned_edge=LEFT).next_to(plot, DOWN, buff=0.3).align_to(plot, LEFT)
        self.play(FadeIn(plot.axes), FadeIn(dots), FadeIn(curve_cap), run_time=0.8)
        self.add(curve, marker, info)
        # what changes every frame goes on top: manim redraws every mobject above the first moving one
        self.bring_to_front(grid, curve, marker, info)
        self.wait(1)

        # a few epochs, one by one
        for j in range(1, self.stepped):
            self.play(grid.show_mask(masks[j, s]), k_now.animate.set_value(j), run_time=0.5)
            self.wait(0.25)
        # then every recorded epoch, the grid rewritten as one image per frame
        grid.add_updater(lambda g: g.set_mask(masks[min(int(k_now.get_value()), len(steps) - 1), s]))
        self.play(k_now.animate.set_value(len(steps) - 1), run_time=12, rate_func=linear)
        grid.clear_updaters()
        for m in (curve, marker, *(row[1] for row in info)):
            m.clear_updaters()
        overall = self.caption("dropout.masks.all_kept", size="caption", color=PALETTE["fit"],
                               percent=f"{100 * demos.kept_fraction(rec).mean():.1f}")
        recorded = self.caption("dropout.masks.recorded", size="small", color=PALETTE["muted"])
        VGroup(overall, recorded).arrange(DOWN, buff=0.12).next_to(after, DOWN, buff=0.25)
        for c in (overall, recorded):
            c.scale_to_fit_width(min(c.width, grid.width + 0.4))
        self.play(FadeOut(legend), FadeIn(overall), FadeIn(recorded), run_time=1)
        self.wait(2.5)


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
    id = "dropout.eval"
    title_key = "dropout.eval.title"
    draws = 5

    def run(self):
        rec = recording("05wk-1/dropout")
        self.show_title()
        plot = self.noise_plot(rec, width=9, height=4.6).shift(DOWN * 0.5)
        x = rec.data("x_show")[:, 0]
        jagged = demos.train_mode_draws(rec, self.draws)
        smooth = rec.prediction[-1][:, 0]
        wrong = self.caption("dropout.eval.wrong", color=PALETTE["test"]).next_to(self.title, DOWN, buff=0.25)
        self.play(FadeIn(plot), FadeIn(wrong), run_time=1)

        curve = plot.curve(x, jagged[0], color=PALETTE["test"])
        draw = label("dropout.eval.draw", size="caption", n=1).next_to(plot, DOWN, buff=0.25)
        self.play(Create(curve), FadeIn(draw), run_time=1)
        ghosts = VGroup()
        for i in range(1, self.draws):
            ghosts.add(curve.copy().set_stroke(opacity=0.25, width=2))
            self.add(ghosts)
            new_draw = label("dropout.eval.draw", size="caption", n=i + 1).move_to(draw)
            self.play(Transform(curve, plot.curve(x, jagged[i], color=PALETTE["test"])),
                      Transform(draw, new_draw), run_time=0.7)
            self.wait(0.4)
        self.wait(0.5)

        right = self.caption("dropout.eval.right", color=PALETTE["truth"]).move_to(wrong)
        good = plot.curve(x, smooth, color=PALETTE["fit"], stroke_width=5)
        same = label("dropout.eval.smooth", size="caption").move_to(draw)
        self.play(FadeOut(wrong), FadeIn(right), curve.animate.set_stroke(opacity=0.25, width=2),
                  Transform(draw, same), run_time=1)
        self.play(Create(good), run_time=1.5)
        self.wait(2.5)


# ---------------------------------------------------------------------------------------------
class Arithmetic(DropoutPart):
    id = "dropout.arithmetic"
    title_key = "dropout.arithmetic.title"

    def run(self):
        d = demos.arithmetic_demo()
        self.show_title()
        code = VGroup(
            plain(_t("dropout.arithmetic.seed", seed=demos.ARITHMETIC_SEED) + ";  u = torch.randn(10, 2)", size="small"),
            plain(_t("dropout.arithmetic.seed", seed=demos.ARITHMETIC_MASK_SEED) + f";  torch.nn.Dropout({d.p:g})(u)",
                  size="small"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(self.title, DOWN, buff=0.2)
        for c in code:
            c.set_color(PALETTE["muted"])

        u = TensorTable(d.input, fmt="{:+.2f}").move_to(LEFT * 4.6 + DOWN * 0.7)
        out = TensorTable(d.input, fmt="{:+.2f}").move_to(DOWN * 0.7)
        ev = TensorTable(d.eval, fmt="{:+.2f}").move_to(RIGHT * 4.6 + DOWN * 0.7)
        heads = VGroup(
            MathTex("u").next_to(u, UP, buff=0.2),
            MathTex(rf"\mathrm{{Dropout}}({d.p:g})(u)").next_to(out, UP, buff=0.2),
            MathTex(rf"\mathrm{{Dropout}}({d.p:g}).\mathrm{{eval}}()(u)").scale(0.9).next_to(ev, UP, buff=0.2),
        )
        self.play(FadeIn(code), FadeIn(u), Write(heads[0]), run_time=1.2)
        self.play(FadeIn(out), Write(heads[1]), run_time=1)

        # training mode: the dropped cells go to 0, the kept ones are multiplied by 1/(1-p)
        dropped_col = np.where(d.mask, None, PALETTE["muted"])
        drop_boxes = out.highlight(~d.mask, PALETTE["dropped"])
        zero = self.caption("dropout.arithmetic.zeroed", size="caption", n_dropped=int((~d.mask).sum()))
        zero.next_to(out, DOWN, buff=0.25)
        zeroed_vals = np.where(d.mask, d.input, 0.0)
        self.play(FadeIn(drop_boxes), out.become_values(zeroed_vals, colors=dropped_col), FadeIn(zero), run_time=1.5)
        kept_boxes = out.highlight(d.mask, PALETTE["kept"])
        scaled = self.caption("dropout.arithmetic.scaled", size="caption", n_kept=d.n_kept, scale=f"{d.scale:g}")
        scaled.next_to(zero, DOWN, buff=0.1)
        kept_col = np.where(d.mask, PALETTE["kept"], PALETTE["muted"])
        self.play(FadeIn(kept_boxes), out.become_values(d.train, colors=kept_col), FadeIn(scaled),
                  FadeIn(u.highlight(d.mask, PALETTE["kept"])), run_time=1.5)
        self.wait(1.5)

        # eval mode: the output is the input
        ev_cap = self.caption("dropout.arithmetic.eval", size="caption", color=PALETTE["truth"]).next_to(ev, DOWN, buff=0.25)
        self.play(FadeIn(ev), Write(heads[2]), FadeIn(ev_cap), run_time=1.2)
        self.play(Indicate(u.entries, color=PALETTE["truth"], scale_factor=1.05),
                  Indicate(ev.entries, color=PALETTE["truth"], scale_factor=1.05), run_time=1.2)
        self.wait(2)


# ---------------------------------------------------------------------------------------------
class Placement(DropoutPart):
    id = "dropout.placement"
    title_key = "dropout.placement.title"

    def run(self):
        d = demos.placement_demo()
        self.show_title()
        same = self.caption("dropout.placement.same_mask", size="caption", color=PALETTE["muted"]) \
            .next_to(self.title, DOWN, buff=0.2)
        y = DOWN * 0.75
        u = TensorTable(d.u, fmt="{:+.2f}").move_to(LEFT * 4.9 + y)
        lhs = TensorTable(d.relu_then_drop, fmt="{:.2f}").move_to(LEFT * 0.4 + y)
        rhs = TensorTable(d.drop_then_relu, fmt="{:.2f}").move_to(RIGHT * 4.3 + y)
        kept = u.highlight(d.mask, PALETTE["kept"])
        heads = VGroup(
            MathTex(r"u", r"\;\;(\text{mask})").next_to(u, UP, buff=0.2),
            MathTex(r"\mathrm{dropout}(\mathrm{relu}(u))").next_to(lhs, UP, buff=0.2),
            MathTex(r"\mathrm{relu}(\mathrm{dropout}(u))").next_to(rhs, UP, buff=0.2),
        )
        sign = MathTex("=", font_size=56, color=PALETTE["truth"]).move_to((lhs.get_right() + rhs.get_left()) / 2)
        self.play(FadeIn(same), FadeIn(u), FadeIn(kept), Write(heads[0]), run_time=1.2)
        self.play(FadeIn(lhs), FadeIn(rhs), Write(heads[1]), Write(heads[2]), run_time=1.2)
        self.play(Write(sign), run_time=0.6)
        verdict = self.caption("dropout.placement.relu_equal", color=PALETTE["truth"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(verdict), run_time=0.8)
        self.wait(2)

        # sigmoid: a dropped cell is 0 on one side and sigmoid(0) = 0.5 on the other
        heads2 = VGroup(
            MathTex(r"\mathrm{dropout}(\sigma(u))").move_to(heads[1]),
            MathTex(r"\sigma(\mathrm{dropout}(u))").move_to(heads[2]),
        )
        sign2 = MathTex(r"\neq", font_size=56, color=PALETTE["test"]).move_to(sign)
        verdict2 = self.caption("dropout.placement.sigmoid_differ", color=PALETTE["test"]).move_to(verdict)
        self.play(lhs.become_values(d.sigmoid_then_drop), rhs.become_values(d.drop_then_sigmoid),
                  Transform(heads[1], heads2[0]), Transform(heads[2], heads2[1]),
                  Transform(sign, sign2), FadeOut(verdict), FadeIn(verdict2), run_time=1.5)
        # the dropped cells: 0 on the left, sigmoid(0) = 0.5 on the right
        boxes = VGroup(lhs.highlight(~d.mask, PALETTE["test"]), rhs.highlight(~d.mask, PALETTE["test"]))
        self.play(FadeIn(boxes), run_time=0.8)
        self.wait(2.5)


# ---------------------------------------------------------------------------------------------
class Scaling(DropoutPart):
    id = "dropout.scaling"
    title_key = "dropout.scaling.title"
    #: how many of the 1000 pieces are drawn faintly
    n_drawn = 100
    #: thinned draws averaged at the end
    n_draws = 20

    def run(self):
        rec = recording("05wk-1/sum-of-relus")
        pieces = demos.relu_pieces(rec)
        x, total = pieces.x, pieces.total
        self.show_title()
        net = self.caption("dropout.scaling.net", size="small", color=PALETTE["muted"]).next_to(self.title, DOWN, buff=0.15)
        lo, hi = float(min(pieces.y.min(), total.min())), float(max(pieces.y.max(), total.max()))
        y_range = _nice_range(lo, hi, n=6)
        x_range = _nice_range(float(x.min()), float(x.max()), n=6)
        plot = FitPlot(x_range, y_range, width=8.2, height=4.6).to_edge(LEFT, buff=0.4).shift(DOWN * 0.45)
        data = plot.dots(x, pieces.y, color=PALETTE["data_faint"], radius=0.025)
        self.play(FadeIn(net), FadeIn(plot), FadeIn(data), run_time=1)

        # a sample of the pieces, faint, as one VGroup drawn once; each piece is tiny next to
        # the sum, so they get their own axes (same x) beside the main plot
        idx = pieces.sample(self.n_drawn)
        drawn = pieces.pieces[:, idx].T
        inset = FitPlot(x_range, _nice_range(float(drawn.min()), float(drawn.max()), n=4), width=3.9, height=1.9)
        inset.to_edge(RIGHT, buff=0.35).align_to(plot, UP)
        faint = inset.curves(x, drawn, color=PALETTE["path"], stroke_width=1.5, opacity=0.5)
        cap = self.caption("dropout.scaling.pieces", size="caption").next_to(plot, DOWN, buff=0.2)
        self.play(FadeIn(inset), FadeIn(faint), FadeIn(cap), run_time=1.2)

        # adding up: the partial sum over the first n of 1000 pieces
        n_units = pieces.pieces.shape[1]
        partial = pieces.partial_sums(np.arange(n_units + 1))
        n = ValueTracker(0)
        running = always_redraw(lambda: plot.curve(x, partial[int(n.get_value())], color=PALETTE["fit"], stroke_width=4))
        count = live_value("dropout.scaling.count", lambda: str(int(n.get_value())))
        count.next_to(inset, DOWN, buff=0.3).align_to(inset, LEFT)
        self.add(running, count)
        self.play(n.animate.set_value(n_units), run_time=5, rate_func=linear)
        running.clear_updaters()
        count[1].clear_updaters()
        self.wait(0.8)

        # keep only ~10%
        masks, sums = demos.thinned_sums(pieces, self.n_draws)
        scale = 1 / (1 - demos.ARITHMETIC_P)
        keep = self.caption("dropout.scaling.keep", size="caption", kept=int(masks[0].sum()),
                            percent=f"{100 * masks[0].mean():.1f}").move_to(cap)
        shown = masks[0][idx]
        self.play(FadeOut(cap), FadeIn(keep),
                  *(faint[i].animate.set_stroke(opacity=0.06) for i in np.flatnonzero(~shown)),
                  running.animate.set_stroke(opacity=0.35), run_time=1.2)
        tags = VGroup(
            label("dropout.scaling.full", size="small", color=PALETTE["fit"]),
            label("dropout.scaling.without", size="small", color=PALETTE["test"]),
            label("dropout.scaling.with", size="small", color=PALETTE["truth"]),
            label("dropout.scaling.average", size="small", color=PALETTE["train"], n=self.n_draws),
        )
        for tag in tags:
            tag.scale_to_fit_width(min(tag.width, inset.width + 0.3))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(count, DOWN, buff=0.3, aligned_edge=LEFT)

        without = plot.curve(x, sums[0], color=PALETTE["test"], stroke_width=4)
        self.play(FadeIn(tags[0]), Create(without), FadeIn(tags[1]), run_time=1.5)
        self.wait(1.2)
        with_ = plot.curve(x, sums[0] * scale, color=PALETTE["truth"], stroke_width=4)
        self.play(Transform(without.copy(), with_), FadeIn(tags[2]), run_time=1.5)
        self.wait(1.2)
        avg = plot.curve(x, sums.mean(axis=0) * scale, color=PALETTE["train"], stroke_width=4)
        self.play(Create(avg), FadeIn(tags[3]), run_time=1.5)
        self.wait(2.5)


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


class DropoutLesson(LessonScene):
    parts = [Overfitting, Masks, TrainVsEval, Arithmetic, Placement, Scaling]


default_scene("DropoutLesson")
