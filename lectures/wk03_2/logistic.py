"""The logistic model of 03wk-2: what it predicts, four ways to build it, and one pass of the training loop.

``manim render scenes/logistic.py`` renders the whole lesson (``LogisticLesson``,
one section per part); each part renders alone by name, e.g.
``manim render -qh scenes/logistic.py TrainingLoopScene``.

Every number comes from a recording (``scenes.common.recordings.recording``,
the course's run ``03wk-2/mse-good``) or from torch at render time through
``engine.logistic_demos`` (the four nets run as the course writes them, curves
for given (w0, w1), torch's SGD step); nothing here trains.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    ReplacementTransform,
    ShowPassingFlash,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

import engine
from engine import logistic_demos as demos
from lectures.wk03_2.declaration import LECTURE
from scenes.common.code import CodeBlock
from scenes.common.contour import LossContour, PathOnContour
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.numbers import LiveNumber
from scenes.common.plots import FitPlot, axis_names, edge_axes
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.surface import TrainingCaption
from scenes.common.text import label
from scenes.common.tracking import add_layered, reuse_unchanged_frames
from scenes.strings import t

__all__ = [
    "LECTURE", "CodeBlock", "LogisticModel", "FourNets", "TrainingLoop", "LogisticLesson", "EXPERIMENT", "sweep_path",
    "zoom_window", "equal_window",
]

#: the course's run whose data and states these parts show (section D: MSE, SGD lr 0.25 from (-0.8, -0.3))
EXPERIMENT = "03wk-2/mse-good"


# --- shared pieces of the family ------------------------------------------------------------
def _write_title(part: Part, title) -> None:
    part.play(Write(title), run_time=1)


def _logistic_plot(rec, x_show, predictions, tracker, *, width: float, height: float) -> FitPlot:
    """The course's data (faint), its true probability and a fitted curve, on numbered axes."""
    # axes along the edges: crossed at x = 0 the y axis' numbers sat in the rows of data
    return edge_axes(FitPlot.from_run(rec.data("x"), rec.data("y"), x_show, predictions, tracker,
                                      truth=rec.data("prob"), x_range=[-1, 1, 0.5], y_range=[0, 1, 0.5],
                                      x_length=width, y_length=height, data_opacity=0.3))


def _build_plot(part: Part, plot: FitPlot, names: VGroup, legend_rows: VGroup | None = None) -> None:
    """Introduce a logistic plot: axes and their names, then the data, then the truth (each with its legend row)."""
    rows = list(legend_rows) if legend_rows is not None else []
    part.play(Create(plot.axes), FadeIn(names), run_time=1)
    part.play(FadeIn(plot.data), *(FadeIn(r) for r in rows[:1]), run_time=1)
    part.play(Create(plot.truth), *(FadeIn(r) for r in rows[1:2]), run_time=1.5)


def _legend(plot: FitPlot, keys, mobs, cols: int = 1, sample: float = 0.45, gap: float = 0.45,
            tex: dict | None = None) -> VGroup:
    """Legend entries, a sample of each mobject's colour with its string (data: a dot), in ``cols`` columns;
    ``tex`` maps a key to TeX set after its string (the course's $(x_i, y_i)$)."""
    from manim import Dot, Line
    rows = VGroup()
    for key, mob in zip(keys, mobs):
        if mob is plot.data:
            swatch = VGroup(Line(ORIGIN, RIGHT * sample, stroke_opacity=0),
                            Dot(RIGHT * sample / 2, radius=0.06, color=PALETTE["data"]))
        else:
            swatch = Line(ORIGIN, RIGHT * sample, stroke_width=4, color=mob.get_stroke_color())
        text = label(key, size="small")
        if tex and key in tex:
            text = VGroup(text, MathTex(tex[key], font_size=FONT_SIZE["small"])).arrange(RIGHT, buff=0.15)
        rows.add(VGroup(swatch, text).arrange(RIGHT, buff=0.12))
    if cols == 1:
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    return rows.arrange_in_grid(cols=cols, buff=(gap, 0.1), cell_alignment=LEFT)


def sweep_path(start=demos.FIRST_W, end=demos.TRUE_W, via_w0: float = 1.5, steps: int = 45) -> tuple[np.ndarray, np.ndarray, int]:
    """(w0s, w1s, k) of the logistic-model sweep: w1 from the start's to the end's first (states 0..k),
    then w0 through ``via_w0`` to the end's, so the curve steepens and flips, slides, and lands on the truth."""
    w0a, w1a = start
    w0b, w1b = end
    s = np.linspace(0, 1, steps + 1)
    eased = s * s * (3 - 2 * s)
    w1_leg = (np.full(steps + 1, w0a), w1a + (w1b - w1a) * eased)
    w0_out = (w0a + (via_w0 - w0a) * eased[1:], np.full(steps, w1b))
    w0_back = (via_w0 + (w0b - via_w0) * eased[1:], np.full(steps, w1b))
    w0s = np.concatenate([w1_leg[0], w0_out[0], w0_back[0]])
    w1s = np.concatenate([w1_leg[1], w0_out[1], w0_back[1]])
    return w0s.astype(np.float32), w1s.astype(np.float32), steps


def equal_window(w0_lo, w0_hi, w1_lo, w1_hi, aspect: float, n: int = 61) -> tuple[np.ndarray, np.ndarray]:
    """Grids covering the box with one scale on both axes for a plot ``aspect`` = width / height."""
    c0, c1 = (w0_lo + w0_hi) / 2, (w1_lo + w1_hi) / 2
    h = max(w1_hi - w1_lo, (w0_hi - w0_lo) / aspect)
    w = h * aspect
    return (np.linspace(c0 - w / 2, c0 + w / 2, n, dtype=np.float32),
            np.linspace(c1 - h / 2, c1 + h / 2, max(int(n / aspect), 11), dtype=np.float32))


def zoom_window(w, g, aspect: float, reach: float = 1.45) -> tuple[np.ndarray, np.ndarray]:
    """A window around (w0, w1) = ``w`` in which the gradient ``g`` drawn from ``w`` (both ways) fits."""
    r = reach * float(np.hypot(*g))
    return equal_window(w[0] - r, w[0] + r, w[1] - r, w[1] + r, aspect)


def window_box(contour: LossContour, x_range, y_range, **style):
    """The rectangle of a (w0, w1) window on ``contour`` (where a zoom of it sits)."""
    from manim import Rectangle
    dl, ur = contour.c2p(x_range[0], y_range[0]), contour.c2p(x_range[1], y_range[1])
    style = {"stroke_width": 2.5, **style}
    return Rectangle(width=abs(ur[0] - dl[0]), height=abs(ur[1] - dl[1]), **style).move_to((dl + ur) / 2)


def beside_arrow(name, arrow, buff: float = 0.12):
    """Put ``name`` beside ``arrow``'s shaft, across from its direction (never on its head); returns ``name``."""
    d = arrow.get_end() - arrow.get_start()
    side = (LEFT if d[0] <= 0 else RIGHT) if abs(d[1]) >= abs(d[0]) else (DOWN if d[1] <= 0 else UP)
    return name.next_to(arrow, side, buff=buff)


# --- logistic-model ---------------------------------------------------------------------
class LogisticModel(Part):
    """Regression predicts a normal mean, logistic regression a Bernoulli mean; the sigmoid curve and its (w0, w1).

    Beats:
    1. "What we predict": regression, the mean of a normal, yhat = w0 + w1 x; then logistic,
       the mean of a Bernoulli, the sigmoid formula (both forms of the course); y in {0, 1} so the mean is a probability.
    2. The formula moves left; on the right the axes (x, y) appear, then the 2,000 observations (faint),
       then the true probability exp(-1+5x)/(1+exp(-1+5x)), each with its legend row.
    3. The first curve for (w0, w1) = (-0.8, -0.3), with its two numbers beside the formula.
    4. w1 runs to 5: the curve flattens, flips, steepens (the w1 number boxed, "how steep, and which way").
    5. w0 runs out and back to -1: the curve slides along x (the w0 number boxed) and lands on the truth.
    6. Conclusion held 3 s: the curve is the truth at the true (w0, w1); learning finds them (arrow at the curve).
    """

    lecture = "03wk-2"
    id = "logistic.logistic-model"
    title_key = "logistic.model.title"
    experiments = (EXPERIMENT,)

    def build(self) -> dict:
        rec = recording(EXPERIMENT)
        tracker = ValueTracker(0)
        title = self.title_at_top()
        x_show = rec.data("x_show").ravel()
        w0s, w1s, k_turn = sweep_path()
        plot = _logistic_plot(rec, x_show, demos.curves(x_show, w0s, w1s), tracker, width=5.4, height=3.4)
        plot.move_to(RIGHT * 3.55 + UP * 0.35)
        names = axis_names(plot)
        legend = _legend(plot, ("logistic.model.data", "logistic.model.truth", "logistic.model.fit"),
                         (plot.data, plot.truth, plot.fit), tex={"logistic.model.data": r"(x_i,\ y_i)"})
        legend.next_to(plot.axes, DOWN, buff=0.6).align_to(plot.axes, LEFT)
        fs = FONT_SIZE["body"]
        what = label("logistic.model.what", size="body", color=PALETTE["muted"])
        reg_text = label("logistic.model.regression", size="body")
        reg_tex = MathTex(r"\hat y_i = \hat w_0 + \hat w_1 x_i", font_size=32)
        log_text = label("logistic.model.logistic", size="body")
        log_tex = MathTex(r"\hat y_i = \frac{\exp(\hat w_0+\hat w_1 x_i)}{1+\exp(\hat w_0+\hat w_1 x_i)}",
                          r"= \frac{1}{1+\exp(-\hat w_0-\hat w_1 x_i)}", font_size=32)
        bern = label("logistic.model.bernoulli", size="caption", color=PALETTE["muted"])
        intro = VGroup(what, reg_text, reg_tex, log_text, log_tex, bern).arrange(DOWN, buff=0.3)
        reg_tex.shift(DOWN * 0.05)
        log_text.shift(DOWN * 0.2)
        log_tex.shift(DOWN * 0.2)
        bern.shift(DOWN * 0.25)
        intro.move_to(DOWN * 0.3)
        # the left column after the intro: the logistic formula, then the live (w0, w1)
        # in two lines, the second form under the first's right-hand side
        formula_to = log_tex.copy().scale(0.75)
        formula_to[1].next_to(formula_to[0], DOWN, buff=0.2).align_to(formula_to[0][3], LEFT)  # under the "="
        formula_to.to_edge(LEFT, buff=0.35).set_y(1.85)
        numbers = VGroup(
            VGroup(MathTex(r"\hat w_0 =", font_size=fs),
                   LiveNumber(w0s, tracker, num_decimal_places=2, include_sign=True, font_size=fs)).arrange(RIGHT, buff=0.15),
            VGroup(MathTex(r"\hat w_1 =", font_size=fs),
                   LiveNumber(w1s, tracker, num_decimal_places=2, include_sign=True, font_size=fs)).arrange(RIGHT, buff=0.15),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        numbers.next_to(formula_to, DOWN, buff=0.55).align_to(formula_to, LEFT).shift(RIGHT * 0.3)
        first = label("logistic.model.first", size="caption").next_to(numbers, DOWN, buff=0.45).align_to(formula_to, LEFT)
        slope = label("logistic.model.slope", size="caption", color=PALETTE["fit"]).move_to(first, aligned_edge=LEFT)
        shift = label("logistic.model.shift", size="caption", color=PALETTE["fit"]).move_to(first, aligned_edge=LEFT)
        goal = _wrap("logistic.model.goal", 6.3, color=PALETTE["truth"])
        goal.move_to(first, aligned_edge=UP).align_to(formula_to, LEFT)   # in the captions' place: they have gone
        # where the curve and the truth meet at the end: the curve's middle, pointed at from below right
        mid = plot.point(-demos.TRUE_W[0] / demos.TRUE_W[1], 0.5)
        arrow = Arrow(mid + RIGHT * 1.3 + DOWN * 0.9, mid + RIGHT * 0.1 + DOWN * 0.07, buff=0.05, color=PALETTE["truth"],
                      stroke_width=5, max_tip_length_to_length_ratio=0.2)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, names=names, legend=legend, intro=intro,
                    what=what, reg=VGroup(reg_text, reg_tex), log_text=log_text, log_tex=log_tex, bern=bern,
                    formula_to=formula_to, numbers=numbers, first=first, slope=slope, shift=shift, goal=goal,
                    arrow=arrow, w0s=w0s, w1s=w1s, k_turn=k_turn)

    def run(self) -> None:
        m = self.build()
        plot, tracker = m["plot"], m["tracker"]
        _write_title(self, m["title"])
        # 1. what each model predicts
        self.play(FadeIn(m["what"]), run_time=0.6)
        self.play(FadeIn(m["reg"][0]), run_time=0.8)
        self.play(Write(m["reg"][1]), run_time=1.2)
        self.wait(1)
        self.play(FadeIn(m["log_text"]), run_time=0.8)
        self.play(Write(m["log_tex"][0]), run_time=1.8)
        self.play(Write(m["log_tex"][1]), run_time=1.2)
        self.play(FadeIn(m["bern"], shift=UP * 0.1), run_time=0.8)
        self.play(Indicate(m["log_text"], color=PALETTE["fit"], scale_factor=1.05), run_time=1.2)
        self.wait(1.5)
        # 2. the formula to the left; the plot built piece by piece
        self.play(FadeOut(m["what"]), FadeOut(m["reg"]), FadeOut(m["log_text"]), FadeOut(m["bern"]),
                  ReplacementTransform(m["log_tex"], m["formula_to"]), run_time=1.2)
        _build_plot(self, plot, m["names"], m["legend"])
        self.wait(0.8)
        # 3. the first curve and its numbers
        numbers = m["numbers"]
        self.play(FadeIn(numbers), FadeIn(m["first"]), run_time=0.8)
        self.play(Create(plot.fit), FadeIn(m["legend"][2]), run_time=1.5)
        self.wait(2)
        # 4. w1 moves
        box1 = SurroundingRectangle(numbers[1], color=PALETTE["fit"], buff=0.1)
        # one caption goes before the next comes: they share one place
        self.play(FadeOut(m["first"]), run_time=0.35)
        self.play(FadeIn(m["slope"]), Create(box1), run_time=0.6)
        with reuse_unchanged_frames(self.scene, lambda: round(tracker.get_value())):
            self.play(tracker.animate.set_value(m["k_turn"]), run_time=4.5, rate_func=linear)
        self.wait(0.8)
        # 5. w0 moves out and back, landing on the truth
        box0 = SurroundingRectangle(numbers[0], color=PALETTE["fit"], buff=0.1)
        self.play(FadeOut(m["slope"]), run_time=0.35)
        self.play(FadeIn(m["shift"]), ReplacementTransform(box1, box0), run_time=0.6)
        with reuse_unchanged_frames(self.scene, lambda: round(tracker.get_value())):
            self.play(tracker.animate.set_value(len(m["w0s"]) - 1), run_time=5, rate_func=linear)
        # 6. the conclusion, pointing at the curve lying on the truth
        self.play(FadeOut(box0), FadeOut(m["shift"]), run_time=0.5)   # the goal takes the caption's place after it
        self.play(FadeIn(m["goal"], shift=UP * 0.1), Create(m["arrow"]), run_time=1)
        self.play(ShowPassingFlash(plot.fit.copy().set_stroke(width=10, color=PALETTE["truth"]), time_width=0.5),
                  run_time=1.5)
        self.wait(3)


def _wrap(key: str, width: float, **style):
    """The caption ``key``, broken into two lines at the space nearest its middle when wider than ``width``."""
    from scenes.common.text import plain
    s = t(key)
    text = plain(s, size="caption", **style)
    cut = min((i for i, c in enumerate(s) if c == " "), key=lambda i: abs(i - len(s) / 2), default=None)
    if cut is None or text.width <= width:
        return text
    return VGroup(plain(s[:cut], size="caption", **style), plain(s[cut + 1:], size="caption", **style)
                  ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


# --- four-nets --------------------------------------------------------------------------
class FourNets(Part):
    """The course's four ways to build the net, each run by torch here, give one curve and one yhat.

    Beats:
    1. Title; on the right the axes (x, yhat), then the data (faint), then the true probability.
    2. Method 1 (l1 and a hand-written sigmoid): its code is written on the left; the curve it computes is
       drawn; below the plot a row of its yhat at i = 1, 1000, 2000.
    3. Methods 2, 3, 4 in turn: the code replaces the last one, the curve is traced again over the same line
       (a flash along it), and its row of yhat joins the table: the same digits. Method 3 also prints
       ``l1 is net[0]`` and ``a1 is net[1]``: True, True.
    4. Conclusion held 3 s: the table's column boxed, "four codes, one net: the same yhat", and the largest
       difference between the methods (computed by torch) written under it.
    """

    lecture = "03wk-2"
    id = "logistic.four-nets"
    title_key = "logistic.nets.title"
    experiments = (EXPERIMENT,)
    #: samples whose yhat the table shows (0-based; written 1-based like the course's (x_i, y_i))
    shown = (0, 999, 1999)

    def build(self) -> dict:
        rec = recording(EXPERIMENT)
        tracker = ValueTracker(0)
        title = self.title_at_top()
        x = rec.data("x").ravel()
        nets = demos.four_nets(x)
        plot = _logistic_plot(rec, x, nets[0].yhat[None, :], tracker, width=5.0, height=2.0)
        plot.move_to(RIGHT * 3.8 + UP * 0.4)      # the legend above it clear of the title; the x axis name clear of the edge
        names = axis_names(plot, "x", r"\hat y")
        legend = _legend(plot, ("common.data", "logistic.loop.truth", "logistic.nets.fit"),
                         (plot.data, plot.truth, plot.fit), cols=2, sample=0.35, gap=0.35)
        legend.next_to(names[1], UP, buff=0.15).to_edge(RIGHT, buff=0.3)
        codes, heads, checks = [], [], []
        for n, net in enumerate(nets, start=1):
            head = label("logistic.nets.method", size="body", color=PALETTE["fit"], n=n,
                         name=t(f"logistic.nets.name{n}"))
            head.to_corner(UL, buff=0.4).shift(DOWN * 0.85)
            code = CodeBlock(net.code).next_to(head, DOWN, buff=0.35, aligned_edge=LEFT)
            heads.append(head)
            codes.append(code)
            if net.checks:
                lines = "\n".join(f">>> {expr}\n{value}" for expr, value in net.checks.items())
                out = CodeBlock(lines).next_to(code, DOWN, buff=0.35, aligned_edge=LEFT)
                note = label("logistic.nets.true", size="caption", color=PALETTE["truth"]).next_to(out, RIGHT, buff=0.5)
                checks.append(VGroup(out, note))
            else:
                checks.append(None)
        table = self.table(nets, plot)
        ys = np.stack([n.yhat for n in nets])
        diff = float(np.abs(ys - ys[0]).max())
        verdict = label("logistic.nets.verdict", size="body", color=PALETTE["truth"])
        diff_row = VGroup(label("logistic.nets.diff", size="caption"),
                          MathTex(_sci(diff), font_size=FONT_SIZE["caption"]),
                          ).arrange(RIGHT, buff=0.15)
        rounding = label("logistic.nets.rounding", size="caption", color=PALETTE["muted"])
        summary = VGroup(verdict, diff_row, rounding).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        summary.to_corner(DOWN + LEFT, buff=0.4)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, names=names, legend=legend, nets=nets,
                    codes=codes, heads=heads, checks=checks, table=table, summary=summary, diff=diff)

    def table(self, nets, plot: FitPlot) -> VGroup:
        """Header and one row per method: yhat at the shown samples, 4 decimals (rows hidden until played)."""
        fs = FONT_SIZE["caption"]
        cols = [label("logistic.nets.row", size="caption")] + [
            MathTex(rf"\hat y_{{{i + 1}}}", font_size=fs) for i in self.shown]
        header = VGroup(*cols)
        rows = [VGroup(MathTex(str(n), font_size=fs),
                       *(MathTex(f"{float(net.yhat[i]):.4f}", font_size=fs) for i in self.shown))
                for n, net in enumerate(nets, start=1)]
        xs = [0.0, 1.35, 2.75, 4.15]
        for r, row in enumerate([header, *rows]):
            for c, cell in enumerate(row):
                # the header a little higher: the box round the values passes under its subscripts
                cell.move_to([xs[c], -0.45 * r + (0.12 if r == 0 else 0), 0])
        table = VGroup(header, *rows)
        table.next_to(plot.axes, DOWN, buff=0.7).align_to(plot.axes, LEFT).shift(RIGHT * 0.1)
        return table

    def run(self) -> None:
        m = self.build()
        plot, table = m["plot"], m["table"]
        _write_title(self, m["title"])
        _build_plot(self, plot, m["names"], m["legend"])
        self.play(FadeIn(table[0]), run_time=0.6)
        shown = None
        for k, (head, code, check) in enumerate(zip(m["heads"], m["codes"], m["checks"])):
            if shown:   # the last method goes before the next comes: the two headings share one place
                self.play(*(FadeOut(mob) for mob in shown), run_time=0.4)
            self.play(FadeIn(head), run_time=0.5)
            self.play(Write(code.text), run_time=2.2 if k == 0 else 1.6)
            if k == 0:
                self.play(Create(plot.fit), FadeIn(m["legend"][2]), run_time=1.5)
            else:
                self.play(ShowPassingFlash(plot.fit.copy().set_stroke(width=9, color=PALETTE["text"]), time_width=0.6),
                          run_time=1.2)
            self.play(FadeIn(table[k + 1], shift=DOWN * 0.1), run_time=0.7)
            if check is not None:
                self.play(FadeIn(check[0]), run_time=0.8)
                self.play(FadeIn(check[1], shift=LEFT * 0.1), run_time=0.6)
            self.wait(1.6 if k == 0 else 1.2)
            shown = [head, code] + ([check] if check is not None else [])
        # the conclusion: the columns agree
        box = SurroundingRectangle(VGroup(*(table[r][1:] for r in range(1, 5))), color=PALETTE["truth"], buff=0.1)
        self.play(Create(box), FadeIn(m["summary"][0]), run_time=1)
        self.play(FadeIn(m["summary"][1:]), run_time=0.8)
        self.wait(3.2)


def _sci(v: float) -> str:
    """A small difference as TeX: 0, or 6.0 x 10^-8."""
    if v == 0:
        return "0"
    mant, exp = f"{v:.1e}".split("e")
    return rf"{mant}\times 10^{{{int(exp)}}}"


# --- training-loop ----------------------------------------------------------------------
LOOP_CODE = """\
for epoc in range(100):
    yhat = net(x)
    loss = torch.mean((y-yhat)**2)
    loss.backward()
    optimizr.step()
    optimizr.zero_grad()"""


class TrainingLoop(Part):
    """The course's four steps on the real tensors of 03wk-2/mse-good, then the loop run fast.

    Beats:
    1. Title; the loop's code on the left; on the right the fit plot built (axes, data, truth) and under it
       the MSE loss around the start, zoomed in (colour bar, w0 and w1 named), the start marked.
    2. Step 1, ``yhat = net(x)`` highlighted: the curve of the current (w0, w1) is drawn.
    3. Step 2, ``loss = ...``: the recorded loss at the start, as a number.
    4. Step 3, ``loss.backward()``: the gradient as an arrow from the start on the contour (uphill), its two
       recorded components written.
    5. Step 4, ``optimizr.step()``: the step arrow -0.25 x gradient, the point moves along it, the new (w0, w1)
       computed by torch's SGD step equals the recorded state after update 1 (written, with a check), the
       curve follows.
    6. ``zero_grad()``: the gradient numbers go to 0, the arrow fades.
    7. The whole loop boxed; the zoom shrinks into its place on the wide view of the whole path (one colour
       scale for both, the zoom's window left outlined on it); 100 epochs run, slowly first, with
       epoch, (w0, w1), loss and gradient live below the code.
    8. Conclusion held 3 s: loss down, the curve closer to the truth (arrow at the curve).
    The student leaves knowing: one pass of the loop is curve -> loss -> gradient -> a step against it
    (and the gradient reset), with the very numbers torch records; repeating it walks (w0, w1) downhill.
    """

    lecture = "03wk-2"
    id = "logistic.training-loop"
    title_key = "logistic.loop.title"
    experiments = (EXPERIMENT,)
    #: epochs shown slowly after the single pass, then the rest fast (seconds per epoch)
    slow_epochs, slow_seconds, fast_seconds = 5, 0.45, 0.08

    def build(self) -> dict:
        rec = recording(EXPERIMENT)
        tracker = ValueTracker(0)
        title = self.title_at_top()
        lr = float(rec.config["lr"])
        w0s, w1s = rec.param("0.bias").ravel(), rec.param("0.weight").ravel()
        g0s, g1s = rec.grad("0.bias").ravel(), rec.grad("0.weight").ravel()
        w, g = np.array([w0s[0], w1s[0]]), np.array([g0s[0], g1s[0]])
        stepped = demos.sgd_step(w, g, lr)
        x, y = rec.data("x"), rec.data("y")
        code = CodeBlock(LOOP_CODE).to_corner(UL, buff=0.4).shift(DOWN * 0.75)
        # right: the fit plot above, the loss contour below
        plot = _logistic_plot(rec, rec.data("x_show").ravel(), rec.prediction, tracker, width=4.3, height=1.9)
        plot.move_to(RIGHT * 4.1 + UP * 1.2)
        names = axis_names(plot, "x", r"\hat y")
        legend = _legend(plot, ("common.data", "logistic.loop.truth", "logistic.loop.fit"),
                         (plot.data, plot.truth, plot.fit), cols=3, sample=0.3, gap=0.3)
        legend.next_to(plot.axes, DOWN, buff=0.5).to_edge(RIGHT, buff=0.25)
        cw, ch = 3.2, 2.15
        aspect = cw / ch
        b0, b1 = rec.param("0.bias").ravel(), rec.param("0.weight").ravel()
        wide = LossContour(engine.loss_grid(x, y, *equal_window(b0.min() - 0.35, b0.max() + 0.35, b1.min() - 0.3,
                                                                 b1.max() + 0.3, aspect), loss="mse"),
                           width=cw, height=ch, n_levels=10)
        # the zoom on the wide view's colour scale: zooming out changes the window, never the colours
        zoom = LossContour(engine.loss_grid(x, y, *zoom_window(w, g, aspect), loss="mse"), width=cw, height=ch,
                           n_levels=8, n_ticks=3, vrange=(wide.vmin, wide.vmax))
        for c in (zoom, wide):
            c.move_to(RIGHT * 3.3 + DOWN * 2.45)
        bar = wide.colorbar(height=ch * 0.8, title=label("common.loss", size="small")).next_to(wide.frame, RIGHT,
                                                                                              buff=0.25)
        # where the zoom was, outlined on the wide view
        zoom_box = window_box(wide, zoom.x_range, zoom.y_range, color=PALETTE["fit"])
        zoom_tag = label("logistic.loop.zoom", size="small", color=PALETTE["muted"]).to_corner(DOWN + RIGHT, buff=0.25)
        path_zoom = PathOnContour(zoom, w0s[:2], w1s[:2], tracker=tracker, color=PALETTE["path"])
        path_wide = PathOnContour(wide, w0s, w1s, tracker=tracker, color=PALETTE["path"])
        p0 = zoom.c2p(*w)
        grad_arrow = Arrow(p0, zoom.c2p(*(w + g)), buff=0, color=PALETTE["point"], stroke_width=5,
                           max_tip_length_to_length_ratio=0.18)
        grad_name = MathTex(r"\nabla \mathcal{L}", font_size=FONT_SIZE["caption"], color=PALETTE["point"])
        beside_arrow(grad_name, grad_arrow)   # beside the shaft: at its end it covered the arrowhead
        grad_name.add_background_rectangle(opacity=0.9, buff=0.04)   # over the iso-lines it crosses
        step_arrow = Arrow(p0, zoom.c2p(*stepped), buff=0, color=PALETTE["path"], stroke_width=5,
                           max_tip_length_to_length_ratio=0.35)
        # left, under the code: what each step produced
        fs = FONT_SIZE["caption"]
        panel_top = code.get_bottom()[1] - 0.62   # clear of the step's caption under the code
        left = code.get_left()[0]
        rows = {}
        rows["w"] = MathTex(rf"\hat w = (\hat w_0, \hat w_1) = ({w[0]:.4f},\ {w[1]:.4f})", font_size=fs)
        rows["yhat"] = MathTex(r"\hat y = (" + ",\\ ".join(f"{v:.4f}" for v in rec.prediction[0, [0, 1], 0])
                               + r",\ \dots,\ " + f"{rec.prediction[0, -1, 0]:.4f})", font_size=fs)
        rows["loss"] = MathTex(rf"\text{{loss}} = {rec.state_loss[0]:.4f}", font_size=fs)
        rows["grad"] = MathTex(rf"\nabla\mathcal{{L}} = ({g[0]:.4f},\ {g[1]:.4f})", font_size=fs)
        rows["grad0"] = MathTex(r"\nabla\mathcal{L} = (0,\ 0)", font_size=fs)
        rows["step"] = MathTex(rf"\hat w - {lr:g}\,\nabla\mathcal{{L}} = ({stepped[0]:.4f},\ {stepped[1]:.4f})",
                               font_size=fs)
        rows["recorded"] = VGroup(label("logistic.loop.recorded", size="caption"),
                                  MathTex(rf"({w0s[1]:.4f},\ {w1s[1]:.4f})\ \checkmark", font_size=fs,
                                          color=PALETTE["truth"])).arrange(RIGHT, buff=0.15)
        order = ["w", "yhat", "loss", "grad", "step", "recorded"]
        y_at = panel_top
        for key in order:
            rows[key].move_to([left, y_at, 0], aligned_edge=UL)
            y_at -= max(rows[key].height, 0.4) + 0.2
        rows["grad0"].move_to(rows["grad"], aligned_edge=LEFT)
        for key in order:
            if rows[key].width > 6.4:
                rows[key].scale_to_fit_width(6.4).move_to([left, rows[key].get_top()[1], 0], aligned_edge=UL)
        steps = VGroup(*(label(f"logistic.loop.step{k}", size="caption", color=PALETTE["fit"]) for k in range(1, 6)))
        for s in steps:
            s.next_to(code, DOWN, buff=0.12).align_to(code, LEFT)
        caption = TrainingCaption(rec, tracker, font_size=fs, columns=2, column_gap=0.5, row_height=0.55)
        caption.move_to([left, panel_top - 0.2, 0], aligned_edge=UL)
        repeat = label("logistic.loop.repeat", size="caption", color=PALETTE["fit"]).next_to(code, DOWN, buff=0.12)
        repeat.align_to(code, LEFT)
        verdict = _wrap("logistic.loop.verdict", 6.5, color=PALETTE["truth"])
        verdict.move_to([code.get_left()[0], -2.3, 0], aligned_edge=UL)
        end = plot.fit_point(1300, state=-1)
        arrow = Arrow(end + DOWN * 0.75 + RIGHT * 0.55, end + DOWN * 0.05 + RIGHT * 0.02, buff=0.05,
                      color=PALETTE["truth"], stroke_width=5, max_tip_length_to_length_ratio=0.25)
        return dict(rec=rec, tracker=tracker, title=title, code=code, plot=plot, names=names, legend=legend, zoom=zoom,
                    wide=wide, bar=bar, zoom_box=zoom_box, zoom_tag=zoom_tag, path_zoom=path_zoom, path_wide=path_wide,
                    grad_arrow=grad_arrow, grad_name=grad_name, step_arrow=step_arrow, rows=rows, steps=steps,
                    caption=caption, repeat=repeat, verdict=verdict, arrow=arrow, stepped=stepped, lr=lr)

    def run(self) -> None:
        m = self.build()
        code, plot, tracker, rows, steps = m["code"], m["plot"], m["tracker"], m["rows"], m["steps"]
        _write_title(self, m["title"])
        # 1. the code, the plot, the zoomed loss around the start
        self.play(FadeIn(code.text), run_time=1.2)
        _build_plot(self, plot, m["names"], m["legend"])
        zoom = m["zoom"]
        self.play(FadeIn(zoom), FadeIn(m["bar"]), FadeIn(m["zoom_tag"]), run_time=1.2)
        self.play(FadeIn(m["path_zoom"]), FadeIn(rows["w"]), run_time=0.8)
        # 2.-6. one pass: each line highlighted in turn, with what it computed
        band = code.highlight_box(1)
        self.play(FadeIn(band), *code.focus(0, 1), FadeIn(steps[0]), run_time=0.8)
        self.play(Create(plot.fit), FadeIn(m["legend"][2]), FadeIn(rows["yhat"]), run_time=1.5)
        self.wait(1.5)
        self._to_line(code, band, 2, steps, 1)
        self.play(Write(rows["loss"]), run_time=1)
        self.play(Indicate(rows["loss"], color=PALETTE["fit"], scale_factor=1.08), run_time=1)
        self.wait(1)
        self._to_line(code, band, 3, steps, 2)
        self.play(Create(m["grad_arrow"]), FadeIn(m["grad_name"]), Write(rows["grad"]), run_time=1.5)
        self.wait(2)
        self._to_line(code, band, 4, steps, 3)
        self.play(Create(m["step_arrow"]), Write(rows["step"]), run_time=1.5)
        self.play(tracker.animate.set_value(1), run_time=1.5, rate_func=smooth)
        self.play(FadeIn(rows["recorded"], shift=UP * 0.1), run_time=0.8)
        self.play(Indicate(rows["recorded"][1], color=PALETTE["truth"]), run_time=1)
        self.wait(1.5)
        self._to_line(code, band, 5, steps, 4)
        self.play(ReplacementTransform(rows["grad"], rows["grad0"]), FadeOut(m["grad_arrow"]), FadeOut(m["grad_name"]),
                  run_time=1)
        self.wait(1.2)
        # 7. the loop, repeated: zoom out to the whole path, 100 epochs
        loop_band = code.highlight_box(0, 5)
        panel = [rows[k] for k in ("w", "yhat", "loss", "grad0", "step", "recorded")]
        self.play(ReplacementTransform(band, loop_band), *code.focus(), FadeOut(steps[4]),
                  *(FadeOut(p) for p in panel), FadeOut(m["step_arrow"]), run_time=0.8)
        self.play(FadeIn(m["repeat"]), run_time=0.4)   # in the place of the step's caption, once it has gone
        wide = m["wide"]
        # the zoom shrinks into its place on the wide view (one colour scale), which stays outlined
        self.play(FadeOut(VGroup(zoom.x_ticks, zoom.y_ticks, zoom.x_label, zoom.y_label)), FadeOut(m["zoom_tag"]),
                  FadeOut(m["path_zoom"]), run_time=0.5)
        window = VGroup(zoom.heatmap, zoom.iso_lines, zoom.frame)
        self.add(wide)
        self.bring_to_front(window)
        self.play(FadeIn(wide), window.animate.stretch_to_fit_width(m["zoom_box"].width)
                  .stretch_to_fit_height(m["zoom_box"].height).move_to(m["zoom_box"]), run_time=1.5)
        self.play(FadeOut(window), Create(m["zoom_box"]), FadeIn(m["path_wide"]), run_time=0.8)
        self.wait(1)
        caption = m["caption"]
        self.play(FadeIn(caption), run_time=0.8)
        # statics under the movers, so Cairo paints them once per play
        self.remove(m["path_wide"], caption, plot.fit)
        add_layered(self, *caption.static_parts())
        add_layered(self, m["path_wide"], plot.fit, *caption.moving_parts())
        n = m["rec"].n_epochs
        with reuse_unchanged_frames(self.scene, lambda: round(tracker.get_value() * 4)):
            self.play(tracker.animate.set_value(self.slow_epochs), run_time=(self.slow_epochs - 1) * self.slow_seconds,
                      rate_func=linear)
        with reuse_unchanged_frames(self.scene, lambda: round(tracker.get_value())):
            self.play(tracker.animate.set_value(n), run_time=(n - self.slow_epochs) * self.fast_seconds, rate_func=linear)
        # 8. the conclusion
        self.play(FadeIn(m["verdict"], shift=UP * 0.1), Create(m["arrow"]), run_time=1)
        self.play(Indicate(caption.numbers["loss"], color=PALETTE["truth"]), run_time=1.2)
        self.wait(3)

    def _to_line(self, code: CodeBlock, band, line: int, steps, k: int) -> None:
        """Move the highlight band to ``line``, dim the others, and swap the step's caption."""
        self.play(band.animate.move_to([band.get_center()[0], code.line_y(line), 0]), *code.focus(0, line),
                  FadeOut(steps[k - 1]), run_time=0.45)
        self.play(FadeIn(steps[k]), run_time=0.35)   # after the last caption has gone: they share one place


# --- one scene per part (render by name) ------------------------------------------------
class LogisticModelScene(PartScene):
    part = LogisticModel


class FourNetsScene(PartScene):
    part = FourNets


class TrainingLoopScene(PartScene):
    part = TrainingLoop


class LogisticLesson(LessonScene):
    """The logistic model of 03wk-2; ``manim render scenes/logistic.py`` renders this."""

    parts = [LogisticModel, FourNets, TrainingLoop]


default_scene("LogisticLesson")
