"""Why MSE stalls at the worst start and BCE does not: each point's share of the gradient, drawn.

``manim render lectures/wk03_2/why.py WhyMseStallsScene`` renders the part alone.

The per-point values are a pure function of (w0, w1) (``engine.logistic_demos.per_point_gradients``): of a
sweep from the good start to the worst, then of the recorded states of ``03wk-2/mse-worst`` and
``03wk-2/bce-worst``; their means are the recorded gradients (tested). Nothing here trains.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
)

from engine import logistic_demos as demos
from lectures.wk03_2.declaration import LECTURE
from lectures.wk03_2.landscape import HOLD, SECTION_COLORS, _sentence, sig_text
from scenes.common import runs
from scenes.common.lesson import Part, PartScene, default_scene
from scenes.common.numbers import LiveNumber
from scenes.common.plots import FitPlot, edge_axes
from scenes.common.plots import axis_names as _axis_names
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.surface import gradient_norm
from scenes.common.text import keep_in_frame, label

__all__ = ["LECTURE", "WhyMseStalls", "WhyMseStallsScene", "sweep_then_recorded"]

#: colours: MSE's factor and fit, BCE's terms and fit (as in the cross-section of landscape.mse-vs-bce)
MSE_COLOR, BCE_COLOR = SECTION_COLORS["mse"], SECTION_COLORS["bce"]


def sweep_then_recorded(rec, start, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """(w0s, w1s): ``steps`` eased steps from ``start`` to the recording's first state, then its recorded states.

    The sweep's last point is the recording's state 0, so state ``steps + k`` is recorded state ``k``."""
    b, w = rec.param("0.bias").ravel().astype(float), rec.param("0.weight").ravel().astype(float)
    s = np.linspace(0, 1, steps + 1)[:-1]
    eased = s * s * (3 - 2 * s)
    return (np.concatenate([start[0] + (b[0] - start[0]) * eased, b]),
            np.concatenate([start[1] + (w[0] - start[1]) * eased, w]))


class WhyMseStalls(Part):
    """Why MSE stalls at the worst start and BCE does not: the factor yhat(1 - yhat) on every MSE term.

    Storyboard:

    1. Title; the chain rule written for both losses (z = w0 + w1 x, yhat = sigmoid(z)): MSE's gradient
       is a mean of 2(yhat - y) * yhat(1 - yhat) * x_ik, BCE's of (yhat - y) * x_ik; the factor
       yhat(1 - yhat) boxed in MSE's colour, and the note that in BCE it cancels.
    2. Left: the data and the model's curve at the good start (-0.8, -0.3). Right: two charts over x,
       each point's share: MSE's factor yhat_i(1 - yhat_i) (0 to 1/4) and BCE's yhat_i - y_i, one curve
       for the y = 1 points and one for the y = 0 points; a live number under each (the largest factor;
       the mean of yhat - y over the y = 1 points).
    3. (w0, w1) slides from the good start to the worst start (-10, -1): the curve sinks to 0, the
       factor collapses from about 0.2 to at most 1.2e-4; BCE's y = 1 terms go to -1.
    4. At the worst start, each held >= 3 s: MSE: every term times about 0, so the recorded gradient is
       2.4e-5; BCE: every y = 1 point pushes with about -1, the recorded gradient 0.45.
    5. The recorded 100 epochs of both runs (mse-worst, bce-worst): MSE's factor stays flat at 0 and its
       curve does not move; BCE's curve rises and its terms shrink as it fits.
    6. Conclusion held >= 3 s with the recordings' ends.
    The student leaves knowing: MSE's gradient is multiplied, point by point, by the sigmoid's slope
    yhat(1 - yhat), which is about 0 where the curve is flat at 0 or 1, so a bad start stalls; BCE's log
    cancels that factor, so every misclassified point keeps pushing with about 1.
    """

    lecture = "03wk-2"
    id = "landscape.why-mse-stalls"
    title_key = "landscape.why.title"
    experiments = ("03wk-2/mse-worst", "03wk-2/bce-worst")
    #: the sweep's start (the course's good start) and its number of steps
    sweep_from, sweep_steps = (-0.8, -0.3), 40

    def build(self) -> dict:
        mse, bce = (recording(e) for e in self.experiments)
        tracker = ValueTracker(0)
        title = self.title_at_top(max_width=12.8)
        fs = FONT_SIZE["caption"]
        x, y = mse.data("x").ravel(), mse.data("y").ravel()
        x_show = mse.data("x_show").ravel()
        paths = {name: sweep_then_recorded(rec, self.sweep_from, self.sweep_steps) for name, rec in
                 (("mse", mse), ("bce", bce))}
        on_show = {n: demos.per_point_gradients(x_show, 0.0, *p) for n, p in paths.items()}
        on_data = {n: demos.per_point_gradients(x, y, *p) for n, p in paths.items()}
        # left: the formulas, then the data with the model's curves
        z = MathTex(r"z_i = w_0 + w_1 x_i,\quad \hat y_i = \sigma(z_i),\quad x_{i0} = 1,\ x_{i1} = x_i",
                    font_size=FONT_SIZE["small"], color=PALETTE["muted"])
        f_mse = MathTex(r"\mathrm{MSE}:\ \frac{\partial\mathcal{L}}{\partial w_k} = \frac{1}{n}\sum_i 2(\hat y_i - y_i)",
                        r"\,\hat y_i(1-\hat y_i)", r"\,x_{ik}", font_size=fs)
        f_mse[1].set_color(MSE_COLOR)
        f_bce = MathTex(r"\mathrm{BCE}:\ \frac{\partial\mathcal{L}}{\partial w_k} = \frac{1}{n}\sum_i (\hat y_i - y_i)",
                        r"\,x_{ik}", font_size=fs)
        cancels = VGroup(MathTex(r"\hat y_i(1-\hat y_i)", font_size=FONT_SIZE["small"], color=MSE_COLOR),
                         label("landscape.why.cancels", size="small", color=MSE_COLOR)).arrange(RIGHT, buff=0.12)
        formulas = VGroup(z, f_mse, f_bce, cancels).arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        formulas.to_corner(LEFT + UP, buff=0.35).shift(DOWN * 0.7)
        factor_box = SurroundingRectangle(f_mse[1], color=MSE_COLOR, buff=0.06)
        fit = FitPlot.from_run(x, y, x_show, on_show["mse"]["yhat"], tracker, x_range=[-1, 1, 1], y_range=[0, 1, 1],
                               x_length=4.4, y_length=1.45, data_opacity=0.12, fit_color=PALETTE["fit"])
        edge_axes(fit)
        fit.move_to(LEFT * 3.9 + DOWN * 1.8)
        fit_names = _axis_names(fit, "x", r"\hat y")
        fits = {"mse": fit.fit, "bce": fit.follower(x_show, on_show["bce"]["yhat"], tracker, color=BCE_COLOR)}
        fit_legend = runs.legend([(runs.line_sample(MSE_COLOR), "landscape.why.fit_mse"),
                                  (runs.line_sample(BCE_COLOR), "landscape.why.fit_bce")])
        fit_legend.next_to(fit.axes.c2p(-1, 1), DOWN + RIGHT, buff=0.1)
        where_now = VGroup(MathTex(r"w_0 =", font_size=fs),
                           LiveNumber(paths["mse"][0], tracker, num_decimal_places=2, include_sign=True, font_size=fs),
                           MathTex(r"w_1 =", font_size=fs),
                           LiveNumber(paths["mse"][1], tracker, num_decimal_places=2, include_sign=True, font_size=fs)
                           ).arrange(RIGHT, buff=0.12)
        where_now[2].shift(RIGHT * 0.25)
        where_now[3].shift(RIGHT * 0.25)
        where_now.next_to(fit.axes, UP, buff=0.22).align_to(fit.axes, RIGHT)   # clear of the y name, top left
        # right: each point's share, MSE's factor above, BCE's term below; under each head its live number
        small = FONT_SIZE["small"]
        top = FitPlot((-1, 1, 1), (0, 0.25, 0.25), width=4.8, height=1.0, tick_size=0.06, numbers=True)
        top_curve = top.follower(x_show, on_show["mse"]["slope"], tracker, color=MSE_COLOR)
        top_head = VGroup(label("landscape.why.mse_factor", size="small", color=MSE_COLOR),
                          MathTex(r"\hat y_i(1-\hat y_i)", font_size=small, color=MSE_COLOR)).arrange(RIGHT, buff=0.12)
        largest = VGroup(MathTex(r"\max_i\,\hat y_i(1-\hat y_i) =", font_size=small),
                         LiveNumber(on_data["mse"]["slope"].max(axis=1), tracker, num_decimal_places=5,
                                    font_size=small, color=MSE_COLOR)).arrange(RIGHT, buff=0.1)
        bottom = FitPlot((-1, 1, 1), (-1, 1, 1), width=4.8, height=1.0, tick_size=0.06, numbers=True)
        terms = {"y1": bottom.follower(x_show, on_show["bce"]["bce"] - 1.0, tracker, color=BCE_COLOR),
                 "y0": bottom.follower(x_show, on_show["bce"]["bce"], tracker, color=BCE_COLOR)}
        terms["y0"].set_stroke(opacity=0.55)
        bottom_head = VGroup(label("landscape.why.bce_term", size="small", color=BCE_COLOR),
                             MathTex(r"\hat y_i - y_i", font_size=small, color=BCE_COLOR)).arrange(RIGHT, buff=0.12)
        push = VGroup(MathTex(r"\text{mean}_{y_i=1}\,(\hat y_i - y_i) =", font_size=small),
                      LiveNumber(on_data["bce"]["bce"][:, y == 1].mean(axis=1), tracker, num_decimal_places=3,
                                 include_sign=True, font_size=small, color=BCE_COLOR)
                      ).arrange(RIGHT, buff=0.1)
        for head, plot, live, top_y in ((top_head, top, largest, 2.95), (bottom_head, bottom, push, 0.0)):
            edge_axes(plot)
            head.move_to([0.9, top_y, 0], aligned_edge=LEFT + UP)
            live.next_to(head, DOWN, buff=0.1, aligned_edge=LEFT)
            plot.next_to(live, DOWN, buff=0.15).align_to(head, LEFT).shift(RIGHT * 0.1)
        top_names, bottom_names = (VGroup(_axis_names(p)[0]) for p in (top, bottom))   # the heads name y
        # which curve is which: a legend right of the head (on the chart, the curves would cross any tag)
        tags = VGroup(*(VGroup(runs.line_sample(BCE_COLOR).set_stroke(opacity=o),
                               MathTex(tex, font_size=small, color=BCE_COLOR)).arrange(RIGHT, buff=0.1)
                        for tex, o in ((r"y_i = 1", 1.0), (r"y_i = 0", 0.55))))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.08).next_to(bottom_head, RIGHT, buff=0.4, aligned_edge=UP)
        tags.align_to(bottom.axes, RIGHT)
        # the sentences at the worst start, then the ending
        k0 = self.sweep_steps
        mse_says = _sentence("landscape.why.mse_stalls", color=MSE_COLOR, size="small",
                             f=sig_text(float(on_data["mse"]["slope"][k0].max()), round_up=True),
                             g=sig_text(float(gradient_norm(mse)[0])))
        bce_says = _sentence("landscape.why.bce_pushes", color=BCE_COLOR, size="small",
                             m=f"{float(on_data['bce']['bce'][k0, y == 1].mean()):.3f}",
                             g=sig_text(float(gradient_norm(bce)[0])))
        # side by side under everything, each in its loss's colour (they go before the curves move again)
        mse_says.to_edge(DOWN, buff=0.3).to_edge(LEFT, buff=0.4)
        bce_says.to_edge(DOWN, buff=0.3).set_x(0.9, LEFT)
        for s in (mse_says, bce_says):
            keep_in_frame(s)
        (mw0, mw1), (bw0, bw1) = runs.final_weights(mse), runs.final_weights(bce)
        ending = _sentence("landscape.why.verdict", color=PALETTE["fit"], size="caption", n=mse.n_epochs,
                           mw0=f"{mw0:.2f}", mw1=f"{mw1:.2f}", bw0=f"{bw0:.2f}", bw1=f"{bw1:.2f}")
        ending = VGroup(ending, _sentence("landscape.why.reason", color=PALETTE["fit"])).arrange(DOWN, buff=0.12)
        keep_in_frame(ending.to_edge(DOWN, buff=0.25))
        return dict(mse=mse, bce=bce, tracker=tracker, title=title, formulas=formulas, factor_box=factor_box,
                    cancels=cancels, fit=fit, fit_names=fit_names, fits=fits, fit_legend=fit_legend, top=top,
                    top_names=top_names, top_curve=top_curve, top_head=top_head, bottom=bottom,
                    bottom_names=bottom_names, terms=terms, bottom_head=bottom_head, tags=tags, largest=largest,
                    push=push, where_now=where_now, mse_says=mse_says, bce_says=bce_says, ending=ending,
                    on_data=on_data, paths=paths, k0=k0)

    def run(self) -> None:
        m = self.build()
        tracker, fit, top, bottom = m["tracker"], m["fit"], m["top"], m["bottom"]
        runs.write_title(self, m["title"])
        # 1. the chain rule for both losses; the factor on every MSE term
        f = m["formulas"]
        self.play(FadeIn(f[0]), run_time=0.8)
        self.play(Write(f[1]), run_time=1.5)
        self.play(Write(f[2]), run_time=1.5)
        self.play(Create(m["factor_box"]), run_time=0.6)
        self.play(FadeIn(m["cancels"], shift=UP * 0.1), run_time=0.6)
        self.wait(2)
        # 2. the data and the curve at the good start; each point's share on the right
        self.play(Create(fit.axes), FadeIn(m["fit_names"]), FadeIn(fit.data), run_time=1)
        self.play(Create(m["fits"]["mse"].set_color(PALETTE["fit"])), FadeIn(m["where_now"]), run_time=0.8)
        self.play(Create(top.axes), FadeIn(m["top_names"]), FadeIn(m["top_head"]), run_time=0.8)
        self.play(Create(m["top_curve"]), FadeIn(m["largest"]), run_time=0.8)
        self.play(Create(bottom.axes), FadeIn(m["bottom_names"]), FadeIn(m["bottom_head"]), run_time=0.8)
        self.play(Create(m["terms"]["y1"]), Create(m["terms"]["y0"]), FadeIn(m["tags"]), FadeIn(m["push"]),
                  run_time=0.8)
        self.wait(1.5)
        # 3. slide to the worst start: the factor collapses
        self.play(tracker.animate.set_value(m["k0"]), run_time=4.5)
        self.wait(0.5)
        # 4. at the worst start: MSE multiplied by about 0, BCE pushed by about -1
        self.play(FadeIn(m["mse_says"], shift=UP * 0.1), Create(SurroundingRectangle(m["largest"], color=MSE_COLOR,
                                                                                    buff=0.06)), run_time=1)
        self.wait(HOLD)
        self.play(FadeIn(m["bce_says"], shift=UP * 0.1), Create(SurroundingRectangle(m["push"], color=BCE_COLOR,
                                                                                    buff=0.06)), run_time=1)
        self.wait(HOLD)
        # 5. the recorded 100 epochs of both runs from there
        fits = m["fits"]
        fits["mse"].set_color(MSE_COLOR)
        # the two runs part from here: one (w0, w1) readout no longer fits both, the legend names the curves
        self.play(FadeOut(m["mse_says"]), FadeOut(m["bce_says"]), FadeOut(m["where_now"]), FadeIn(fits["bce"]),
                  FadeIn(m["fit_legend"]), run_time=0.8)
        n = m["mse"].n_epochs
        runs.run_epochs(self, tracker, m["k0"] + n, [], ((m["k0"] + 5, 0.5), (None, 0.06)), start=m["k0"])
        # 6. the conclusion
        self.play(FadeIn(m["ending"], shift=UP * 0.1), run_time=1)
        self.wait(HOLD + 1)


class WhyMseStallsScene(PartScene):
    part = WhyMseStalls


default_scene("WhyMseStallsScene")
