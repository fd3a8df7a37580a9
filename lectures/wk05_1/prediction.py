"""Prediction videos of 05wk-1: once the line is fitted, ``net(xx)`` is what we are after.

``manim render scenes/prediction.py`` renders the whole lesson (``PredictionLesson``);
each part renders alone by name, e.g. ``manim render -qh scenes/prediction.py PredictionGoalScene``.

Every number comes from the recording ``05wk-1/linreg`` (data, fitted line, the last
state's weight and bias); the predictions at the course's ``xx`` are the last state's
float32 parameters applied as torch's ``Linear`` does (``scenes.common.recordings.predict_linear``), since the
recording's ``x_show`` (the data's x) does not hold 0.1 and 0.2. Nothing here trains.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Indicate,
    Line,
    MathTex,
    Rectangle,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    Write,
)

from lectures.wk05_1.declaration import LECTURE
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.plots import FitPlot, edge_axes
from scenes.common.recordings import predict_linear, recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label

__all__ = ["LECTURE", "PredictionGoal", "PredictionLesson", "prediction_tex", "fmt4"]

EXPERIMENT = "05wk-1/linreg"
#: the course's inputs: xx = torch.tensor([[0.1], [0.2]])
XX = (0.1, 0.2)
#: the zoomed window (x from 0 to 0.3, y from 2 to 4) where the two read-offs are apart
ZOOM_X, ZOOM_Y = (0.0, 0.3, 0.1), (2.0, 4.0, 0.5)


def fmt4(v: float) -> str:
    """Four decimals, as the course prints tensors."""
    return f"{float(v):.4f}"


def prediction_tex(bias: float, weight: float, xx, yhat) -> list[str]:
    """The pieces of ``net(xx) = b + xx * w = yhat`` in matrix form (one MathTex substring each)."""
    col = lambda vs: r"\begin{bmatrix}" + r"\\".join(vs) + r"\end{bmatrix}"  # noqa: E731
    return [r"\mathrm{net}(xx) =", fmt4(bias), "+", col(f"{q:g}" for q in xx), r"\times", fmt4(weight), "=",
            col(fmt4(v) for v in yhat)]


def _axis_names(plot: FitPlot) -> VGroup:
    """The names at the drawn edges (:func:`edge_axes`): x under the bottom edge's right end, y above the left's top."""
    ax = plot.axes
    (x0, x1), (y0, y1) = ax.x_range[:2], ax.y_range[:2]
    numbers = ax.drawn[0].numbers   # under the bottom edge's numbers, not among them
    x_name = label("prediction.goal.x_name", size="caption").next_to(numbers, DOWN, buff=0.08)
    x_name.align_to(ax.c2p(x1, y0), RIGHT)
    y_name = label("prediction.goal.y_name", size="caption").next_to(ax.c2p(x0, y1), UP, buff=0.15)
    y_name.align_to(ax.c2p(x0, y1), LEFT)
    return VGroup(x_name, y_name)


class PredictionGoal(Part):
    """Beats (05wk-1, 1. 예측).

    1. The goal: "predicting is our goal" under the title. Axes named temperature x / coffee sales y,
       numbered along the plot's bottom and left edges (no number sits where the data and the line pass);
       the data appear, then the recording's fitted line (last epoch, the previous part's) with a legend.
    2. The question "at 0.1 and 0.2, how much coffee?"; ``net(xx)`` written in matrix form with the
       recording's bias and weight, then its result, torch's numbers to four decimals.
    3. A small window of the big plot (x in [0, 0.3]) opens as a second plot on the right; on it, for each
       x, a dashed line rises from x to the line and runs across to y, and the value is written there.
       The result column of the equation flashes; the conclusion "net(xx) = the predictions" is held 3.5 s.

    The student leaves knowing: a prediction is the fitted net applied to new inputs; ``net(xx)`` with
    xx = [0.1, 0.2] computes 2.4459 + xx x 4.0042 for both rows at once, [2.8463, 3.2467], which are the
    heights of the fitted line at 0.1 and 0.2. (The fit itself and its loss surface are the previous part's,
    landscape.linreg, which ends at the line: the zoom and the read-offs are shown here only.)
    """

    lecture = "05wk-1"
    id = "prediction.prediction-goal"
    title_key = "prediction.goal.title"
    experiments = (EXPERIMENT,)

    def build(self) -> dict:
        rec = recording(EXPERIMENT)
        last = rec.n_states - 1
        tracker = ValueTracker(last)
        w = float(np.float32(rec.param("0.weight")[-1].ravel()[0]))
        b = float(np.float32(rec.param("0.bias")[-1].ravel()[0]))
        yhat = predict_linear(rec, XX)
        fs = FONT_SIZE["caption"]
        title = self.title_at_top()
        goal = label("prediction.goal.goal", size="body", color=PALETTE["fit"]).next_to(title, DOWN, buff=0.15)
        # beat 1: the data and the fitted line, big, on the left
        plot = FitPlot.from_run(rec.data("x"), rec.data("y"), rec.data("x_show"), rec.prediction, tracker,
                                x_range=[-3, 3, 1], y_range=[-10, 15, 5], x_length=5.4, y_length=3.9,
                                data_opacity=0.6, data_radius=0.04)
        edge_axes(plot)   # numbers along the edges: at the origin the data and the line ran through "-1"
        plot.move_to(LEFT * 3.55 + DOWN * 0.4)
        names = _axis_names(plot)
        dot_row = VGroup(Dot(radius=0.05, color=PALETTE["data"]), label("prediction.goal.data", size="small")
                         ).arrange(RIGHT, buff=0.15)
        line_row = VGroup(Line(LEFT * 0.22, RIGHT * 0.22, stroke_width=4, color=PALETTE["fit"]),
                          label("prediction.goal.fit", size="small", epoch=rec.n_epochs)).arrange(RIGHT, buff=0.12)
        # in the plot's empty upper left (the data run from lower left to upper right), clear of the x name
        legend = VGroup(dot_row, line_row).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        legend.next_to(plot.c2p(-3, 15), DOWN + RIGHT, buff=0.15)
        # beat 2: the question and net(xx) in matrix form
        # the question and the formula share the room between the goal and the zoom's tag, evenly spaced
        question = label("prediction.goal.question", size="caption").move_to(RIGHT * 3.45 + UP * 2.15)
        eq = MathTex(*prediction_tex(b, w, XX, yhat), font_size=FONT_SIZE["caption"]).move_to(UP * 1.08)
        eq.align_to(RIGHT * 6.8, RIGHT)   # as wide as the right half: ends inside the frame's safe area
        # beat 3: the zoomed plot with the two read-offs
        window = Rectangle(width=abs(plot.c2p(ZOOM_X[1], 0)[0] - plot.c2p(ZOOM_X[0], 0)[0]),
                           height=abs(plot.c2p(0, ZOOM_Y[1])[1] - plot.c2p(0, ZOOM_Y[0])[1]),
                           color=PALETTE["point"], stroke_width=3)
        window.move_to((plot.point(ZOOM_X[0], ZOOM_Y[0]) + plot.point(ZOOM_X[1], ZOOM_Y[1])) / 2)
        zoom = FitPlot(ZOOM_X, ZOOM_Y, width=4.4, height=2.5, tick_size=0.08, numbers=True)
        zoom.axes.x_axis.numbers.add(zoom.axes.x_axis.get_number_mobject(ZOOM_X[0]))  # Axes leaves out the origin's
        zoom.move_to(RIGHT * 3.75 + DOWN * 1.55)
        zoom_names = VGroup(MathTex("x", font_size=fs).next_to(zoom.axes.x_axis.get_right(), RIGHT, buff=0.15),
                            MathTex(r"\hat y", font_size=fs).next_to(zoom.axes.y_axis.get_top(), UP, buff=0.1))
        zx = np.array([ZOOM_X[0], ZOOM_X[1]])
        zoom_line = zoom.curve(zx, predict_linear(rec, zx), stroke_width=4)
        zoom_tag = label("prediction.goal.zoom", size="small", color=PALETTE["point"])
        zoom_tag.next_to(zoom.axes, UP, buff=0.15).align_to(zoom.axes, RIGHT)
        reads = VGroup()
        for q, v in zip(XX, yhat):
            p = zoom.point(q, float(v))
            guides = VGroup(DashedLine(zoom.c2p(q, ZOOM_Y[0]), p, color=PALETTE["point"], stroke_width=2.5),
                            DashedLine(p, zoom.c2p(ZOOM_X[0], float(v)), color=PALETTE["point"], stroke_width=2.5))
            dot = Dot(p, radius=0.07, color=PALETTE["point"])
            value = MathTex(fmt4(v), font_size=fs, color=PALETTE["point"]).next_to(dot, DOWN + RIGHT, buff=0.08)
            reads.add(VGroup(guides, dot, value))
        conclusion = label("prediction.goal.conclusion", size="body", color=PALETTE["fit"],
                           xx="[" + ", ".join(f"{q:g}" for q in XX) + "]").to_edge(DOWN, buff=0.25)
        return dict(rec=rec, tracker=tracker, weight=w, bias=b, yhat=yhat, title=title, goal=goal, plot=plot,
                    names=names, legend=legend, question=question, eq=eq, window=window, zoom=zoom,
                    zoom_line=zoom_line, zoom_names=zoom_names, zoom_tag=zoom_tag, reads=reads, conclusion=conclusion)

    def run(self) -> None:
        m = self.build()
        plot, eq = m["plot"], m["eq"]
        # 1. the goal, then the pieces one by one
        self.play(Write(m["title"]), run_time=1)
        self.play(FadeIn(m["goal"], shift=DOWN * 0.1), run_time=1)
        self.play(Create(plot.axes), FadeIn(m["names"]), run_time=1.2)
        self.play(FadeIn(plot.data), FadeIn(m["legend"][0]), run_time=1)
        plot.fit.suspend_updating()
        self.play(Create(plot.fit), FadeIn(m["legend"][1]), run_time=1.5)
        self.wait(1)
        # 2. the question, then net(xx) in matrix form, its result last
        self.play(FadeIn(m["question"]), run_time=1)
        self.play(Write(eq[:-2]), run_time=2)
        self.play(Write(eq[-2:]), run_time=1.2)
        self.wait(1)
        # 3. zoom in where x is 0.1 and 0.2; read each prediction off the line
        self.play(Create(m["window"]), run_time=0.8)
        self.play(ReplacementTransform(m["window"].copy(), m["zoom"].axes), FadeIn(m["zoom_tag"]),
                  FadeIn(m["zoom_names"]), run_time=1.2)
        self.play(Create(m["zoom_line"]), run_time=1)
        for guides, dot, value in m["reads"]:
            self.play(Create(guides[0]), run_time=0.6)
            self.play(FadeIn(dot), Create(guides[1]), run_time=0.6)
            self.play(Write(value), run_time=0.8)
        flash = [Indicate(eq[-1], color=PALETTE["point"]), *(Indicate(r[2], color=PALETTE["point"]) for r in m["reads"])]
        self.play(*flash, run_time=1.2)
        self.play(FadeIn(m["conclusion"], shift=UP * 0.1), run_time=1)
        self.wait(3.5)


# --- one scene per part (render by name) ------------------------------------------------
class PredictionGoalScene(PartScene):
    part = PredictionGoal


class PredictionLesson(LessonScene):
    """The prediction part of 05wk-1; ``manim render scenes/prediction.py`` renders this."""

    parts = [PredictionGoal]


default_scene("PredictionLesson")
