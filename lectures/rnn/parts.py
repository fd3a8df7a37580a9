"""The parts of the ``rnn`` lecture, in the course's order (12wk-1, then 12wk-2).

    lecture --lectures lectures/rnn render rnn --lang en,ko
    manim render lectures/rnn/parts.py          # the whole lesson
"""

from __future__ import annotations

import numpy as np
import torch
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    MathTex,
    Rectangle,
    RoundedRectangle,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    linear,
)

from lectures.rnn.experiments import ABCABC, COMPARISON_RUNS, HIDDEN, MLP, NN_RNN, NO_WATER, RNNCELL, RNNCELL_SEED4
from lectures.rnn.strings import STRINGS
from scenes.common.code import CodeBlock
from scenes.common.heatmap import HeatmapMosaic, MatrixHeatmap
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.numbers import LiveNumber
from scenes.common.recordings import recording
from scenes.common.recurrent import UnrolledRNN
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import keep_in_frame, label, plain

LECTURE = Lecture("rnn", title={"en": "Recurrent networks: AbAcAd", "ko": "순환신경망: AbAcAd"}, strings=STRINGS,
                  week="12wk-1")

ABACAD = "Abcd"
ABC = "abcC"
#: the course's printed yhat[0] and yhat[-1] of the rNNCell run (12wk-1 4.C)
COURSE_RNNCELL = ([4.1978e-03, 9.4555e-01, 1.9557e-06, 5.0253e-02], [7.2919e-04, 2.5484e-02, 3.3011e-02, 9.4078e-01])
#: the course's printed yhat[0] of 12wk-2: RNNCell (3.B) and nn.RNN (3.C), seed 4
COURSE_SEED4 = {"cell": [2.1032e-03, 7.4842e-01, 2.4849e-01, 9.8890e-04],
                "rnn": [2.1032e-03, 7.4842e-01, 2.4849e-01, 9.8888e-04]}
P_NAMES = [r"P_A", r"P_b", r"P_c", r"P_d"]
#: colours of the six positions of 'AbAcAd' (A before b, b, A before c, c, A before d, d)
POSITION_COLORS = ["#f4a261", "#2a9d8f", "#e9c46a", "#8ab17d", "#c77dff", "#6fa8dc"]
POSITION_TEX = [r"A\to b", "b", r"A\to c", "c", r"A\to d", "d"]


def title_of(part) -> object:
    return label(part.title_key, size="title").to_edge(UP, buff=0.3)


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def torch_e(v: float) -> str:
    """A probability as torch prints it: ``4.1978e-03``."""
    return f"{v:.4e}"


def letter_box(ch: str, color=None) -> VGroup:
    box = RoundedRectangle(width=0.55, height=0.55, corner_radius=0.08, stroke_width=2,
                           color=color or PALETTE["muted"])
    return VGroup(box, plain(ch, size="body").move_to(box))


def conclusion(key: str, **fmt):
    return keep_in_frame(label(key, size="body", color=PALETTE["fit"], **fmt).to_edge(DOWN, buff=0.35))


def h_plane(side: float) -> tuple[Axes, VGroup]:
    """Axes of the hidden space (h_1, h_2 in -1..1) in a frame, the numbers and names outside it, so no
    point of the data ever covers them."""
    axes = Axes(x_range=[-1, 1, 0.5], y_range=[-1, 1, 0.5], x_length=side, y_length=side, tips=False,
                axis_config={"stroke_width": 1.5, "color": PALETTE["data_faint"]})
    frame = Rectangle(width=side, height=side, stroke_width=1.5, color=PALETTE["muted"]).move_to(axes.c2p(0, 0))
    ticks = VGroup(*(MathTex(f"{v:g}", font_size=FONT_SIZE["small"], color=PALETTE["muted"])
                     .next_to(axes.c2p(v, -1), DOWN, buff=0.1) for v in (-1, 0, 1)),
                   *(MathTex(f"{v:g}", font_size=FONT_SIZE["small"], color=PALETTE["muted"])
                     .next_to(axes.c2p(-1, v), LEFT, buff=0.1) for v in (-1, 0, 1)))
    names = VGroup(MathTex("h_1", font_size=FONT_SIZE["caption"]).next_to(ticks[:3], DOWN, buff=0.08),
                   MathTex("h_2", font_size=FONT_SIZE["caption"]).next_to(ticks[3:], LEFT, buff=0.12))
    return axes, VGroup(frame, ticks, names)


def learnt(accuracy: np.ndarray) -> np.ndarray:
    """A run learnt the sequence when 99% or more of its next letters are right."""
    return np.asarray(accuracy) >= 0.99


class Data(Part):
    """Beats.

    1. Title; ``txt = list('AbAcAd'*50)``; the first 12 letters of the recorded x in boxes.
    2. Under them y, each the letter after; arrows x_t -> y_t; "x: each letter, y: the letter after it (299 pairs)".
    3. The one-hot code of A, b, c, d (from the recorded indices).
    4. The A's and the letters after them light up; conclusion (bottom): after A, only the past tells; held 3 s.
    """

    id = "rnn.data"
    lecture = "rnn"
    title_key = "rnn.data.title"
    experiments = (MLP,)

    def run(self):
        rec = recording(MLP)
        x, y = rec.data("x").astype(int), rec.data("y").astype(int)
        n = 12
        title = title_of(self)
        code = label("rnn.data.text", size="caption", color=PALETTE["muted"]).next_to(title, DOWN, buff=0.3)
        xs = VGroup(*(letter_box(ABACAD[i]) for i in x[:n])).arrange(RIGHT, buff=0.2).move_to([0.3, 1.6, 0])
        ys = VGroup(*(letter_box(ABACAD[i]) for i in y[:n])).arrange(RIGHT, buff=0.2).move_to([0.3, 0.0, 0])
        dots = VGroup(MathTex(r"\cdots", font_size=FONT_SIZE["body"]).next_to(xs, RIGHT, buff=0.25),
                      MathTex(r"\cdots", font_size=FONT_SIZE["body"]).next_to(ys, RIGHT, buff=0.25))
        names = VGroup(MathTex("x", font_size=FONT_SIZE["body"]).next_to(xs, LEFT, buff=0.35),
                       MathTex("y", font_size=FONT_SIZE["body"]).next_to(ys, LEFT, buff=0.35))
        arrows = VGroup(*(Arrow(a.get_bottom(), b.get_top(), buff=0.08, stroke_width=2, color=PALETTE["muted"],
                                max_tip_length_to_length_ratio=0.2) for a, b in zip(xs, ys)))
        pairs = label("rnn.data.pairs", size="caption", n=len(x)).next_to(ys, DOWN, buff=0.35)
        self.play(Write(title), FadeIn(code), run_time=1)
        self.play(FadeIn(xs, lag_ratio=0.1), FadeIn(names[0]), FadeIn(dots[0]), run_time=1.5)
        self.wait(1.5)
        self.play(FadeIn(ys, lag_ratio=0.1), FadeIn(arrows), FadeIn(names[1]), FadeIn(dots[1]), FadeIn(pairs),
                  run_time=1.5)
        self.wait(2)
        onehot_title = label("rnn.data.onehot", size="caption", color=PALETTE["muted"])
        onehots = np.eye(4, dtype=int)[x]      # the course's one_hot(x)
        codes = VGroup(*(MathTex(ABACAD[k] + r"=[" + ",".join(str(v) for v in onehots[np.flatnonzero(x == k)[0]])
                                 + "]", font_size=FONT_SIZE["caption"]) for k in range(4)))
        codes.arrange(RIGHT, buff=0.6)
        onehot = VGroup(onehot_title, codes).arrange(DOWN, buff=0.2).next_to(pairs, DOWN, buff=0.45)
        self.play(FadeIn(onehot), run_time=1)
        self.wait(2)
        lit = VGroup(*(SurroundingRectangle(xs[i], color=PALETTE["fit"], buff=0.05) for i in range(n) if x[i] == 0),
                     *(SurroundingRectangle(ys[i], color=PALETTE["path"], buff=0.05) for i in range(n) if x[i] == 0))
        self.play(FadeIn(lit), FadeIn(conclusion("rnn.data.conclusion")), run_time=1)
        self.wait(3)


class PlainNet(Part):
    """Beats.

    1. Title; the net as a formula (Embedding -> tanh -> Linear -> soft) and its setup line.
    2. The course's matrix of the first 10 inputs after training: h_1, h_2 | P_A..P_d (recorded), the
       rows named by the input letter; net(x) after A as numbers (recorded logits).
    3. The P_b, P_c, P_d cells of the A rows boxed; conclusion (bottom): after A all three get 0.33; held 3 s.
    4. Right: the embedding space h with A at one point and b, c, d at another; conclusion:
       b, c, d are practically one letter; held 3 s.
    """

    id = "rnn.mlp"
    lecture = "rnn"
    title_key = "rnn.mlp.title"
    experiments = (MLP,)

    def run(self):
        rec = recording(MLP)
        x = rec.data("x").astype(int)
        h, netout = rec.series("h")[-1], rec.series("netout")[-1]
        p = softmax(netout)
        title = title_of(self)
        formula = MathTex(r"\hat{y}=\mathrm{soft}\big(\mathrm{Linear}(\tanh(\mathrm{Embedding}(x)))\big)",
                          font_size=FONT_SIZE["caption"])
        setup = label("rnn.mlp.setup", size="small", color=PALETTE["muted"])
        head = VGroup(formula, setup).arrange(DOWN, buff=0.15).next_to(title, DOWN, buff=0.25)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(head), run_time=1)
        self.wait(1.5)
        rows = 10
        mat = np.concatenate([h[:rows], p[:rows]], axis=1)
        heat = MatrixHeatmap(mat, cell_width=0.85, cell_height=0.4, decimals=2, column_labels=["h_1", "h_2"] + P_NAMES,
                             row_labels=[ABACAD[i] for i in x[:rows]], dividers={2: "solid"})
        heat.next_to(head, DOWN, buff=0.3).to_edge(LEFT, buff=0.9)
        caption = label("rnn.mlp.matrix", size="small", color=PALETTE["muted"]).next_to(heat, DOWN, buff=0.15)
        caption.align_to(heat, LEFT)
        a = int(np.flatnonzero(x == 0)[0])
        logits = VGroup(label("rnn.mlp.logits", size="caption"),
                        MathTex(", ".join(f"{v:.4f}" for v in netout[a]), font_size=FONT_SIZE["caption"]))
        logits.arrange(DOWN, buff=0.15, aligned_edge=LEFT).next_to(heat, RIGHT, buff=0.8).align_to(heat, UP)
        self.play(FadeIn(heat), FadeIn(caption), run_time=1.5)
        self.play(FadeIn(logits), run_time=1)
        self.wait(1.5)
        boxes = VGroup(*(SurroundingRectangle(VGroup(*(heat.cell(i, j) for j in (3, 4, 5))), color=PALETTE["fit"],
                                              buff=0.02) for i in range(rows) if x[i] == 0))
        first = conclusion("rnn.mlp.same", p=f"{p[a, 1]:.2f}")
        self.play(FadeIn(boxes), FadeIn(first), run_time=1)
        self.wait(3)
        axes, names = h_plane(2.6)
        VGroup(axes, names).next_to(logits, DOWN, buff=0.8).align_to(logits, LEFT).shift(RIGHT * 0.8)
        space = label("rnn.mlp.space", size="caption").next_to(VGroup(axes, names), UP, buff=0.15)
        a_dot = Dot(axes.c2p(*h[a]), radius=0.1, color=PALETTE["path"])
        b = int(np.flatnonzero(x != 0)[0])
        bcd_dot = Dot(axes.c2p(*h[b]), radius=0.1, color=PALETTE["train"])
        a_name = MathTex("A", font_size=FONT_SIZE["caption"], color=PALETTE["path"]).next_to(a_dot, UP + RIGHT, buff=0.08)
        bcd_name = label("rnn.mlp.bcd", size="caption", color=PALETTE["train"]).next_to(bcd_dot, DOWN + LEFT, buff=0.1)
        self.play(FadeOut(first), FadeIn(axes), FadeIn(names), FadeIn(space), run_time=1)
        self.play(FadeIn(a_dot), FadeIn(bcd_dot), FadeIn(a_name), FadeIn(bcd_name), run_time=1)
        self.play(FadeIn(conclusion("rnn.mlp.conclusion")), run_time=1)
        self.wait(3)


def _thing(key: str, sub: str, color=None) -> VGroup:
    """A word of the story with a subscript: 간장_t."""
    word = label(key, size="caption", color=color)
    if not sub:
        return VGroup(word)
    s = MathTex(sub, font_size=FONT_SIZE["small"], color=color or PALETTE["text"])
    s.next_to(word, RIGHT, buff=0.04).align_to(word, DOWN).shift(DOWN * 0.08)
    return VGroup(word, s)


def _step(key: str) -> VGroup:
    """An arrow with what it does (숙성, 조리) above it."""
    arrow = Arrow(LEFT * 0.7, RIGHT * 0.7, buff=0, stroke_width=3, color=PALETTE["muted"],
                  max_tip_length_to_length_ratio=0.2)
    return VGroup(arrow, label(key, size="small", color=PALETTE["fit"]).next_to(arrow, UP, buff=0.06))


class SoySauce(Part):
    """Beats.

    1. Title; the usual way: bean water -> (ripen) -> soy sauce.
    2. Seed soy sauce: three rows bean water_t, sauce_{t-1} -> (ripen) sauce_t -> (cook) egg rice_t, and
       sauce_0 = plain water; the blending sentence under them.
    3. The same rows with x for bean water and h for sauce, and the formulas of h_t, o_t and yhat_t;
       conclusion (bottom): two networks to train, one ripens, one cooks; held 3 s.
    """

    id = "rnn.soy"
    lecture = "rnn"
    title_key = "rnn.soy.title"
    experiments = ()

    def run(self):
        title = title_of(self)
        usual = label("rnn.soy.usual", size="caption", color=PALETTE["muted"])
        usual_row = VGroup(_thing("rnn.soy.beans", ""), _step("rnn.soy.ripen"), _thing("rnn.soy.sauce", ""))
        usual_row.arrange(RIGHT, buff=0.25)
        top = VGroup(usual, usual_row).arrange(RIGHT, buff=0.6).next_to(title, DOWN, buff=0.45)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(top), run_time=1)
        self.wait(1.5)
        rows = VGroup()
        for t in (1, 2, 3):
            row = VGroup(VGroup(_thing("rnn.soy.beans", f"_{t}"), MathTex(",", font_size=FONT_SIZE["caption"]),
                                _thing("rnn.soy.sauce", f"_{t - 1}", PALETTE["path"])).arrange(RIGHT, buff=0.12),
                         _step("rnn.soy.ripen"), _thing("rnn.soy.sauce", f"_{t}", PALETTE["path"]),
                         _step("rnn.soy.cook"), _thing("rnn.soy.rice", f"_{t}"))
            rows.add(row.arrange(RIGHT, buff=0.25))
        rows.arrange(DOWN, buff=0.45, aligned_edge=LEFT).next_to(top, DOWN, buff=0.6).set_x(0)
        water = label("rnn.soy.water", size="small", color=PALETTE["muted"]).next_to(rows, DOWN, buff=0.25)
        water.align_to(rows, LEFT)
        blend = keep_in_frame(label("rnn.soy.blend", size="body").next_to(water, DOWN, buff=0.5).set_x(0))
        self.play(FadeIn(rows, lag_ratio=0.3), FadeIn(water), run_time=2)
        self.play(FadeIn(blend), run_time=1)
        self.wait(2.5)
        idea = label("rnn.soy.idea", size="caption", color=PALETTE["fit"]).next_to(top, DOWN, buff=0.45)
        math_rows = VGroup(*(MathTex(rf"x_{t},\ h_{t - 1}", r"\xrightarrow{}", rf"h_{t}", r"\xrightarrow{}",
                                     rf"\hat{{y}}_{t}", font_size=FONT_SIZE["body"]) for t in (1, 2, 3)))
        math_rows.arrange(DOWN, buff=0.35).next_to(idea, DOWN, buff=0.45)
        formulas = VGroup(
            MathTex(r"h_t=\tanh(x_t W_{ih}+h_{t-1}W_{hh}+b_{ih}+b_{hh})", font_size=FONT_SIZE["caption"]),
            MathTex(r"o_t=h_t W_{ho}+b_{ho}", font_size=FONT_SIZE["caption"]),
            MathTex(r"\hat{y}_t=\mathrm{soft}(o_t)", font_size=FONT_SIZE["caption"]),
        ).arrange(DOWN, buff=0.3, aligned_edge=LEFT).next_to(math_rows, RIGHT, buff=0.9)
        VGroup(math_rows, formulas).set_x(0)
        self.play(FadeOut(rows), FadeOut(water), FadeOut(blend), run_time=0.8)
        self.play(FadeIn(idea), run_time=0.8)
        self.play(FadeIn(math_rows, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(formulas, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(conclusion("rnn.soy.conclusion")), run_time=1)
        self.wait(3)


class Unrolled(Part):
    """Beats.

    1. Title; the setup (seed 43052, Adam 0.1, 200 epochs, 2 hidden nodes); the rNNCell unrolled over the
       first 6 steps and the last, each input letter under its x_t, h_0 = 0 (plain water), and each h_t as
       numbers from epoch 0's forward pass; the loss curve (bottom left) with the epoch and the loss.
    2. Every 5th epoch to 195: the numbers h_t change, the dot runs down the loss curve.
    3. The chart and counters leave; the h of the three A's boxed; conclusion (bottom): they now differ,
       h carries the past; held 3 s.
    """

    id = "rnn.unrolled"
    lecture = "rnn"
    title_key = "rnn.cell.title"
    experiments = (RNNCELL,)

    def run(self):
        rec = recording(RNNCELL)
        hs, epochs = rec.series("h"), rec.series("h_epoch").astype(int)
        loss = rec.loss
        data_x = np.argmax(_abacad_onehot(), axis=1)
        state = ValueTracker(0)
        title = title_of(self)
        setup = label("rnn.cell.setup", size="caption", color=PALETTE["muted"]).next_to(title, DOWN, buff=0.2)
        unrolled = UnrolledRNN(hs.shape[1], hs.shape[2], cell="rnncell", hidden=hs, tracker=state, max_steps=7,
                               step_gap=1.55, cell_width=1.2, decimals=3)
        letters = VGroup(*(plain(ABACAD[data_x[t]], size="caption", color=PALETTE["fit"])
                           .next_to(lab, DOWN, buff=0.12) for t, lab in zip(unrolled.steps_shown, unrolled.input_labels)))
        water = label("rnn.cell.water", size="small", color=PALETTE["muted"]).next_to(setup, DOWN, buff=0.1)
        VGroup(unrolled, letters).next_to(water, DOWN, buff=0.25)
        from scenes.common.charts import LossChart
        chart = LossChart({"loss": (loss, PALETTE["train"])}, width=5.5, height=1.1, y_ticks=2,
                          x_label=label("rnn.cell.epoch", size="small"), y_label=label("rnn.cell.loss", size="small"))
        chart.to_corner(DOWN + LEFT, buff=0.35).shift(RIGHT * 0.5)
        dot = Dot(radius=0.07, color=PALETTE["fit"])
        dot.add_updater(lambda m: m.move_to(chart.axes.c2p(epochs[_at(state, len(epochs))] + 1,
                                                              loss[epochs[_at(state, len(epochs))]])))
        counters = VGroup(
            VGroup(label("rnn.cell.epoch", size="caption"), LiveNumber(epochs, state, num_decimal_places=0,
                                                                       font_size=FONT_SIZE["caption"])).arrange(RIGHT),
            VGroup(label("rnn.cell.loss", size="caption"), LiveNumber(loss[epochs], state, num_decimal_places=4,
                                                                      font_size=FONT_SIZE["caption"])).arrange(RIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(chart, RIGHT, buff=1.0).align_to(chart.axes, UP)
        self.play(Write(title), FadeIn(setup), run_time=1)
        self.play(FadeIn(unrolled), FadeIn(letters), FadeIn(water), run_time=1.5)
        self.play(FadeIn(chart), FadeIn(dot), FadeIn(counters), run_time=1)
        self.wait(2)
        self.play(state.animate.set_value(len(epochs) - 1), run_time=6, rate_func=linear)
        self.wait(1)
        a_steps = [t for t in unrolled.steps_shown if data_x[t] == 0]
        boxes = VGroup(*(SurroundingRectangle(unrolled.state_column(t), color=PALETTE["fit"], buff=0.08)
                         for t in a_steps))
        dot.clear_updaters()
        self.play(FadeOut(chart), FadeOut(dot), FadeOut(counters), FadeIn(boxes), run_time=1)
        self.play(FadeIn(conclusion("rnn.cell.conclusion")), run_time=1)
        self.wait(3)


def _at(tracker: ValueTracker, n: int) -> int:
    return int(np.clip(round(tracker.get_value()), 0, n - 1))


def _abacad_onehot() -> np.ndarray:
    from lectures.rnn.experiments import abacad
    return abacad()[2].numpy()


class Probabilities(Part):
    """Beats.

    1. Title; the course's matrix of the first 10 steps after training: h_1, h_2 | P_A..P_d (recorded),
       rows named by the input letter.
    2. Right: yhat at the first and the last step, our run's numbers (torch version named) and under each
       the course's printed numbers, labelled as the course's.
    3. The right letter's cell of each A row boxed; conclusion (bottom): each A points to its own next
       letter, with the smallest such probability; held 3 s.
    """

    id = "rnn.probs"
    lecture = "rnn"
    title_key = "rnn.probs.title"
    experiments = (RNNCELL,)

    def run(self):
        rec = recording(RNNCELL)
        h, yhat = rec.series("h_final")[-1], rec.series("yhat")[-1]
        X = _abacad_onehot()
        x, y = np.argmax(X, axis=1), np.roll(np.argmax(X, axis=1), -1)
        y[-1] = 0   # the letter after the last d of the text
        title = title_of(self)
        rows = 10
        heat = MatrixHeatmap(np.concatenate([h[:rows], yhat[:rows]], axis=1), cell_width=0.85, cell_height=0.38,
                             decimals=2, column_labels=["h_1", "h_2"] + P_NAMES,
                             row_labels=[ABACAD[i] for i in x[:rows]], dividers={2: "solid"})
        heat.next_to(title, DOWN, buff=0.45).to_edge(LEFT, buff=0.6)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(heat), run_time=1.5)
        self.wait(2)
        tables = VGroup()
        for t, course in ((0, COURSE_RNNCELL[0]), (len(yhat) - 1, COURSE_RNNCELL[1])):
            head = MathTex(rf"\hat{{y}}_{{{t + 1}}}", font_size=FONT_SIZE["caption"], color=PALETTE["fit"])
            names = VGroup(*(MathTex(n, font_size=FONT_SIZE["small"]) for n in P_NAMES))
            ours = VGroup(*(plain(torch_e(v), size="small") for v in yhat[t]))
            theirs = VGroup(*(plain(torch_e(v), size="small", color=PALETTE["muted"]) for v in course))
            for group in (names, ours, theirs):
                group.arrange(RIGHT, buff=0.3)
            for i, n in enumerate(names):
                n.set_x(ours[i].get_x())
            ours_name = label("rnn.probs.ours", size="small", torch=torch.__version__.split("+")[0])
            theirs_name = label("rnn.probs.course", size="small", color=PALETTE["muted"])
            table = VGroup(head, names, ours_name, ours, theirs_name, theirs).arrange(DOWN, buff=0.12,
                                                                                       aligned_edge=LEFT)
            for i, n in enumerate(names):
                n.set_x(ours[i].get_x())
            tables.add(table)
        tables.arrange(DOWN, buff=0.35, aligned_edge=LEFT).next_to(heat, RIGHT, buff=0.7).align_to(heat, UP)
        keep_in_frame(tables)
        self.play(FadeIn(tables[0]), run_time=1)
        self.wait(2)
        self.play(FadeIn(tables[1]), run_time=1)
        self.wait(2)
        a_rows = [i for i in range(rows) if x[i] == 0]
        boxes = VGroup(*(SurroundingRectangle(heat.cell(i, 2 + y[i]), color=PALETTE["fit"], buff=0.02)
                         for i in a_rows))
        worst = float(np.min(yhat[x == 0, y[x == 0]][:-1])) if np.sum(x == 0) > 1 else float(yhat[0, y[0]])
        self.play(FadeIn(boxes), FadeIn(conclusion("rnn.probs.conclusion", p=f"{np.floor(worst * 100) / 100:.2f}")),
                  run_time=1)
        self.wait(3)


class HiddenSpace(Part):
    """Beats.

    1. Title; axes h_1, h_2 (-1..1); every step's hidden state at epoch 0 as a dot coloured by its place
       in 'AbAcAd' (legend right: A->b, b, A->c, c, A->d, d); the epoch counter.
    2. Every 5th epoch, then the trained cell: the dots gather into six clusters.
    3. Conclusion (bottom): the three A's sit apart; held 3 s.
    """

    id = "rnn.space"
    lecture = "rnn"
    title_key = "rnn.space.title"
    experiments = (RNNCELL,)

    def run(self):
        rec = recording(RNNCELL)
        hs = np.concatenate([rec.series("h"), rec.series("h_final")], axis=0)
        epochs = np.concatenate([rec.series("h_epoch"), [200]]).astype(int)
        state = ValueTracker(0)
        title = title_of(self)
        axes, names = h_plane(5.0)
        VGroup(axes, names).next_to(title, DOWN, buff=0.4).shift(LEFT * 1.5)
        dots = VGroup(*(Dot(radius=0.08, color=POSITION_COLORS[t % 6]) for t in range(hs.shape[1])))
        where = np.asarray(axes.c2p(hs[..., 0].ravel(), hs[..., 1].ravel())).T.reshape(*hs.shape[:2], 3)  # all states
        placed = [-1]   # the state the dots show: moved only when the epoch changes, not on every frame

        def place(group):
            k = _at(state, len(hs))
            if k != placed[0]:
                for d, point in zip(group, where[k]):
                    d.move_to(point)
                placed[0] = k

        place(dots)
        dots.add_updater(place)
        legend = VGroup(*(VGroup(Dot(radius=0.08, color=c), MathTex(n, font_size=FONT_SIZE["caption"])).arrange(RIGHT)
                          for c, n in zip(POSITION_COLORS, POSITION_TEX))).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        legend.next_to(axes, RIGHT, buff=1.2)
        counter = VGroup(label("rnn.space.epoch", size="caption"),
                         LiveNumber(epochs, state, num_decimal_places=0, font_size=FONT_SIZE["caption"]))
        counter.arrange(RIGHT).next_to(legend, UP, buff=0.5).align_to(legend, LEFT)
        self.play(Write(title), FadeIn(axes), FadeIn(names), run_time=1)
        self.play(FadeIn(dots), FadeIn(legend), FadeIn(counter), run_time=1)
        self.wait(2)
        self.play(state.animate.set_value(len(hs) - 1), run_time=6, rate_func=linear)
        self.wait(1)
        self.play(FadeIn(conclusion("rnn.space.conclusion")), run_time=1)
        self.wait(3)


class SameResult(Part):
    """Beats.

    1. Title; left: the RNNCell loop over t (code); right: nn.RNN on the whole sequence (code); the seed line.
    2. Under each, yhat_1 of its recorded run, and the course's printed yhat_1 under ours, labelled.
    3. The largest difference over all 299 x 4 probabilities of the two runs; conclusion (bottom): the
       same result, nn.RNN runs the loop for us; held 3 s.
    """

    id = "rnn.same"
    lecture = "rnn"
    title_key = "rnn.same.title"
    experiments = (RNNCELL_SEED4, NN_RNN)

    def run(self):
        cell, rnn = recording(RNNCELL_SEED4), recording(NN_RNN)
        title = title_of(self)
        seed = label("rnn.same.seed", size="caption", color=PALETTE["muted"]).next_to(title, DOWN, buff=0.2)
        codes = {
            "cell": ["ht = torch.zeros(2)", "for t in range(L):", "    ht = rnncell(X[t], ht)", "    ot = cook(ht)"],
            "rnn": ["Water = torch.zeros(1,2)", "h, hL = rnn(X, Water)", "netout = cook(h)"],
        }
        version = torch.__version__.split("+")[0]
        codes_shown = VGroup()
        for key in ("cell", "rnn"):
            head = label(f"rnn.same.{key}", size="caption", color=PALETTE["fit"])
            codes_shown.add(VGroup(head, CodeBlock(codes[key])).arrange(DOWN, buff=0.2, aligned_edge=LEFT))
        codes_shown.arrange(RIGHT, buff=1.0, aligned_edge=UP).next_to(seed, DOWN, buff=0.35)
        rows = [("rnn.same.ours_cell", cell.series("yhat")[-1][0], PALETTE["text"]),
                ("rnn.same.course_cell", COURSE_SEED4["cell"], PALETTE["muted"]),
                ("rnn.same.ours_rnn", rnn.series("yhat")[-1][0], PALETTE["text"]),
                ("rnn.same.course_rnn", COURSE_SEED4["rnn"], PALETTE["muted"])]
        names = VGroup(*(label(key, size="small", color=color, torch=version) for key, _, color in rows))
        names.arrange(DOWN, buff=0.18, aligned_edge=LEFT)
        table = VGroup(names)
        x0 = names.get_right()[0] + 1.3
        head = VGroup(MathTex(r"\hat{y}_1", font_size=FONT_SIZE["caption"], color=PALETTE["fit"]))
        for j, pname in enumerate(P_NAMES):
            head.add(MathTex(pname, font_size=FONT_SIZE["small"]).move_to([x0 + 1.95 * j, names.get_top()[1] + 0.3, 0]))
        head[0].next_to(names, UP, buff=0.15).align_to(names, LEFT)
        for (_key, values, color), name in zip(rows, names):
            for j, v in enumerate(values):
                table.add(plain(torch_e(v), size="small", color=color).move_to([x0 + 1.95 * j, name.get_y(), 0]))
        table.add(head)
        table.next_to(codes_shown, DOWN, buff=0.4)
        keep_in_frame(table)
        self.play(Write(title), FadeIn(seed), run_time=1)
        self.play(FadeIn(codes_shown), run_time=1.5)
        self.wait(2)
        self.play(FadeIn(table), run_time=1)
        self.wait(2)
        columns = VGroup(codes_shown, table)
        diff = float(np.max(np.abs(cell.series("yhat")[-1] - rnn.series("yhat")[-1])))
        line = label("rnn.same.diff", size="caption", d=f"{diff:.1e}").next_to(columns, DOWN, buff=0.35)
        self.play(FadeIn(line), FadeIn(conclusion("rnn.same.conclusion")), run_time=1)
        self.wait(3)


#: the notes' yhat[0] P_b of implementation 2 (12wk-2 3.C, CPU) and of implementations 3 and 4 (3.D, 3.E, GPU)
COURSE_GPU_PB = {"cpu": 7.4842e-01, "gpu": 7.4850e-01}


def runs_mosaic(rec, hidden: int, cell_height: float = 0.118) -> HeatmapMosaic:
    """The notes' 5x5 figure: each run's matrix (first 8 steps: h | P) as a small heatmap, framed green
    when the run gets 99% or more of the next letters right. Every tile on one scale, -1..1 (the notes'
    3.F and 4.B let ``matshow`` scale each tile to its own min..max; their LSTM figure, 4.C, fixes -1..1),
    so colours compare across runs and with the legend."""
    return HeatmapMosaic(rec.series("mat"), columns=5, cell_width=0.17, cell_height=cell_height, buff=0.18,
                         dividers={hidden: "solid"}, marks=learnt(rec.series("accuracy")))


def runs_panel(mosaic: HeatmapMosaic, name, verdict, key) -> VGroup:
    """What sits right of a mosaic: its name (the notes' suptitle), how many runs learn it, what a tile and a
    frame show, and the colour legend."""
    bar = mosaic.color_bar(height=1.5, title=label("rnn.hidden.bar", size="small"))
    notes = VGroup(label("rnn.hidden.tile", size="small", color=PALETTE["muted"]), key,
                   label("rnn.hidden.frames", size="small", color=PALETTE["muted"]))
    notes.arrange(DOWN, buff=0.15, aligned_edge=LEFT)
    panel = VGroup(name, verdict, notes, bar).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
    return panel.next_to(mosaic, RIGHT, buff=0.5).align_to(mosaic, UP)


class HiddenSize(Part):
    """Beats.

    1. Title; the notes' implementations 3 and 4 (12wk-2 3.D, 3.E) against implementation 2: the two changed
       lines as code, each with what it changes: 3 moves the run to the GPU (the notes' yhat[0] P_b 0.74842 on
       the CPU, 0.74850 on the GPU), 4 passes no h0 (torch starts from zeros: our recorded runs with and
       without Water, largest difference); our runs are on the CPU, held 3 s.
    2. They clear; under the title the setup (nn.RNN(4,k) + Linear(k,4), Adam 0.1, 200 epochs, h0 not
       passed) and the seeds (25 runs seeded 0..24, on the CPU; the notes unseeded, on a GPU); the notes'
       5x5 figure for 2 hidden nodes: each run's first 8 steps h | P as a heatmap, framed green when 99%+ of
       the next letters are right; right: its name, "k of 25 runs", what a tile and a frame show, the legend.
    3. The 3-node figure replaces it, then the 4-node figure.
    4. The figure clears; the three counts in the middle (2, 3, 4 hidden nodes: k of 25 runs learn it), then the
       conclusion (bottom): more nodes help; held 3 s.
    """

    id = "rnn.hidden"
    lecture = "rnn"
    title_key = "rnn.hidden.title"
    experiments = (NN_RNN, NO_WATER, *HIDDEN.values())

    def run(self):
        title = title_of(self)
        self.play(Write(title), run_time=1)
        impls = label("rnn.hidden.impls", size="caption").next_to(title, DOWN, buff=0.4)
        keep_in_frame(impls)
        diff = float(np.max(np.abs(recording(NN_RNN).series("yhat")[-1] - recording(NO_WATER).series("yhat")[-1])))
        device = VGroup(CodeBlock(['X = X.to("cuda:0")', 'rnn.to("cuda:0")']),
                        VGroup(label("rnn.hidden.device", size="caption"),
                               label("rnn.hidden.device_numbers", size="small", color=PALETTE["muted"],
                                     cpu=torch_e(COURSE_GPU_PB["cpu"]), gpu=torch_e(COURSE_GPU_PB["gpu"])))
                        .arrange(DOWN, buff=0.12, aligned_edge=LEFT))
        water = VGroup(CodeBlock(["h, _ = rnn(X)        # not rnn(X, Water)"]),
                       VGroup(label("rnn.hidden.water", size="caption"),
                              label("rnn.hidden.water_diff", size="small", color=PALETTE["muted"], d=f"{diff:.1e}"))
                       .arrange(DOWN, buff=0.12, aligned_edge=LEFT))
        for block in (device, water):
            block.arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        blocks = VGroup(device, water).arrange(DOWN, buff=0.5, aligned_edge=LEFT).next_to(impls, DOWN, buff=0.45)
        blocks.set_x(0)
        for block in blocks:
            keep_in_frame(block)
        cpu = conclusion("rnn.hidden.cpu")
        self.play(FadeIn(impls), run_time=1)
        self.play(FadeIn(device), run_time=1)
        self.wait(2.5)
        self.play(FadeIn(water), run_time=1)
        self.wait(2.5)
        self.play(FadeIn(cpu), run_time=1)
        self.wait(3)
        self.play(FadeOut(impls), FadeOut(blocks), FadeOut(cpu), run_time=0.8)
        setup = VGroup(label("rnn.hidden.setup", size="small", color=PALETTE["muted"]),
                       label("rnn.hidden.seeds", size="small", color=PALETTE["muted"], runs=COMPARISON_RUNS,
                             last=COMPARISON_RUNS - 1)).arrange(DOWN, buff=0.1).next_to(title, DOWN, buff=0.2)
        self.play(FadeIn(setup), run_time=1)
        shown, counts = None, VGroup()
        for size, exp in HIDDEN.items():
            rec = recording(exp)
            mosaic = runs_mosaic(rec, size).next_to(setup, DOWN, buff=0.3).to_edge(LEFT, buff=0.5)
            good, runs = int(np.sum(learnt(rec.series("accuracy")))), len(rec.series("accuracy"))
            key = MathTex(rf"h_1,\dots,h_{size}\ \Big|\ P_A,P_b,P_c,P_d", font_size=FONT_SIZE["small"],
                          color=PALETTE["muted"])
            panel = runs_panel(mosaic, label("rnn.hidden.size", size="caption", color=PALETTE["fit"], k=size),
                               label("rnn.hidden.right", size="small", good=good, runs=runs), key)
            counts.add(VGroup(label("rnn.hidden.size", size="body", k=size),
                              label("rnn.hidden.right", size="body", good=good, runs=runs)).arrange(RIGHT, buff=0.5))
            figure = Group(mosaic, panel)   # the mosaic's tiles are pictures, not vector mobjects
            if shown is not None:
                self.play(FadeOut(shown), run_time=0.6)
            self.play(FadeIn(figure), run_time=1.2)
            self.wait(3)
            shown = figure
        counts.arrange(DOWN, buff=0.4, aligned_edge=LEFT).move_to(ORIGIN)
        self.play(FadeOut(shown), run_time=0.6)
        self.play(FadeIn(counts, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(conclusion("rnn.hidden.conclusion")), run_time=1)
        self.wait(3)


class AbcabC(Part):
    """Beats.

    1. Title; the first 12 letters of 'abcabC'*50 (recorded x); after b comes c or C, decided 3 letters back.
    2. The letters clear (the sentence stays); the setup (nn.RNN(4,4) + Linear(4,4), Adam 0.1, 500 epochs,
       25 runs seeded 0..24 on the CPU; the notes unseeded, on a GPU) and the notes' 5x5 figure (12wk-2 4.B):
       each run's first 8 steps h_1..h_4 | P_a..P_C, framed green when 99%+ of the next letters are right;
       right: its name, "k of 25 runs", what a tile and a frame show, the legend.
    3. Conclusion (bottom): only k of 25 runs learn it, a longer memory is needed (LSTM); held 3 s.
    """

    id = "rnn.abcabc"
    lecture = "rnn"
    title_key = "rnn.abc.title"
    experiments = (ABCABC,)

    def run(self):
        rec = recording(ABCABC)
        x = rec.series("x")[0].astype(int)
        title = title_of(self)
        letters = VGroup(*(letter_box(ABC[i]) for i in x[:12])).arrange(RIGHT, buff=0.15)
        letters.add(MathTex(r"\cdots", font_size=FONT_SIZE["body"]).next_to(letters, RIGHT, buff=0.2))
        letters.next_to(title, DOWN, buff=0.4)
        data = label("rnn.abc.data", size="caption").next_to(letters, DOWN, buff=0.25)
        b_next = VGroup(*(SurroundingRectangle(letters[i], color=PALETTE["fit"], buff=0.04)
                          for i in range(1, 12) if x[i - 1] == 1))
        self.play(Write(title), FadeIn(letters, lag_ratio=0.1), run_time=1.5)
        self.play(FadeIn(data), FadeIn(b_next), run_time=1)
        self.wait(2.5)
        runs = len(rec.series("accuracy"))
        self.play(FadeOut(letters), FadeOut(b_next), run_time=0.6)
        self.play(data.animate.next_to(title, DOWN, buff=0.2), run_time=0.6)
        setup = VGroup(label("rnn.abc.setup", size="small", color=PALETTE["muted"]),
                       label("rnn.hidden.seeds", size="small", color=PALETTE["muted"], runs=runs, last=runs - 1))
        setup.arrange(DOWN, buff=0.1).next_to(data, DOWN, buff=0.15)
        mosaic = runs_mosaic(rec, 4, cell_height=0.085).next_to(setup, DOWN, buff=0.25).to_edge(LEFT, buff=0.5)
        good = int(np.sum(learnt(rec.series("accuracy"))))
        key = MathTex(r"h_1,\dots,h_4\ \Big|\ P_a,P_b,P_c,P_C", font_size=FONT_SIZE["small"],
                      color=PALETTE["muted"])
        panel = runs_panel(mosaic, label("rnn.abc.size", size="caption", color=PALETTE["fit"]),
                           label("rnn.hidden.right", size="small", good=good, runs=runs), key)
        self.play(FadeIn(setup), FadeIn(mosaic), FadeIn(panel), run_time=1.5)
        self.wait(3)
        self.play(FadeIn(conclusion("rnn.abc.conclusion", good=good, runs=runs)), run_time=1)
        self.wait(3)


PARTS = [Data, PlainNet, SoySauce, Unrolled, Probabilities, HiddenSpace, SameResult, HiddenSize, AbcabC]


class DataScene(PartScene):
    part = Data


class PlainNetScene(PartScene):
    part = PlainNet


class SoySauceScene(PartScene):
    part = SoySauce


class UnrolledScene(PartScene):
    part = Unrolled


class ProbabilitiesScene(PartScene):
    part = Probabilities


class HiddenSpaceScene(PartScene):
    part = HiddenSpace


class SameResultScene(PartScene):
    part = SameResult


class HiddenSizeScene(PartScene):
    part = HiddenSize


class AbcabCScene(PartScene):
    part = AbcabC


class RNNLesson(LessonScene):
    parts = PARTS


default_scene("RNNLesson")
