"""The parts of the LSTM lecture (13wk-1), in the notes' order: the data, the LSTM computed by hand
one step and then a whole epoch (checked against LSTMCell and nn.LSTM), the fitted net's gates in
the notes' two pictures, the algorithm reviewed, and why LSTM is strong, beside an RNN of its size.

    lecture --lectures lectures/lstm render lstm --lang en,ko
    manim render lectures/lstm/parts.py          # the whole lesson
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    ReplacementTransform,
    Square,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
)

from lectures.lstm.experiments import BY_HAND, CELL, EPOCHS, FIT, NN_LSTM, RNN_FIT
from lectures.lstm.experiments import LECTURE as LECTURE_ID
from lectures.lstm.many_runs import HIDDEN, LSTM_RUNS, RNN_RUNS
from lectures.lstm.strings import STRINGS
from lectures.lstm.views import SHOWN, conclusion, first_steps_over_training, letters_of, probabilities, tex, title, vec
from scenes.common.charts import LossChart
from scenes.common.code import CodeBlock
from scenes.common.colors import sig_tex
from scenes.common.heatmap import HeatmapMosaic, MatrixHeatmap
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.numbers import LiveNumber
from scenes.common.recordings import recording
from scenes.common.recurrent import UnrolledRNN
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import keep_in_frame, label, plain

LECTURE = Lecture(
    LECTURE_ID,
    title={"en": "LSTM: the gates by hand, and why LSTM is strong", "ko": "LSTM: 계산과정 재현, LSTM은 왜 강한가"},
    strings=STRINGS,
    week="13wk-1",
)

HIGHLIGHT = PALETTE["fit"]


def letter_boxes(letters, size: float = 0.5) -> VGroup:
    """One small square per letter, left to right."""
    boxes = VGroup()
    for ch in letters:
        sq = Square(side_length=size, stroke_width=2, color=PALETTE["muted"])
        boxes.add(VGroup(sq, plain(ch, size="caption").move_to(sq)))
    return boxes.arrange(RIGHT, buff=0.08)


class Data(Part):
    """Beats.

    1. Title; the sequence 'abcabC' * 50 as its first 18 letters in boxes (from the recorded inputs).
    2. Under each letter x, the next letter y (the target), with the sentence naming the 299 pairs.
    3. Every y after a b is outlined (c, then C, then c...); the sentence says it depends on 3 letters back.
    4. The model: the two lines of code (LSTMCell(4, 2), the ager; Linear(2, 4), the cook) and the one-hot
       code of a, b, c, C on the right, then the conclusion held 3.5 s at the bottom.
    """

    id = "lstm.data"
    lecture = LECTURE_ID
    title_key = "lstm.data.title"
    experiments = (FIT,)

    def run(self):
        rec = recording(FIT)
        xs, ys = letters_of(rec.data("x")), letters_of(rec.data("y"))
        n = 18
        head = title(self)
        seq = label("lstm.data.sequence", size="caption").next_to(head, DOWN, buff=0.35)
        x_row = letter_boxes(xs[:n]).next_to(seq, DOWN, buff=0.35).shift(RIGHT * 0.3)
        y_row = letter_boxes(ys[:n]).next_to(x_row, DOWN, buff=0.35)
        x_name = tex("x", "body").next_to(x_row, LEFT, buff=0.25)
        y_name = tex("y", "body", color=HIGHLIGHT).next_to(y_row, LEFT, buff=0.25)
        for box in y_row:
            box[0].set_color(HIGHLIGHT)
        self.play(Write(head), run_time=1)
        self.play(FadeIn(seq), FadeIn(x_row, lag_ratio=0.05), FadeIn(x_name), run_time=2)
        self.wait(1.2)
        pairs = label("lstm.data.pairs", size="caption").next_to(y_row, DOWN, buff=0.3)
        code = VGroup(*(tex(rf"\texttt{{{ch}}} \to ({', '.join('1' if k == j else '0' for k in range(4))})", "small")
                        for j, ch in enumerate(("a", "b", "c", "C")))).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        code_name = label("lstm.data.code", size="small", color=PALETTE["muted"])
        codes = VGroup(code_name, code).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.play(FadeIn(y_row, lag_ratio=0.05), FadeIn(y_name), FadeIn(pairs), run_time=2)
        self.wait(1.2)
        after_b = [k for k in range(n) if xs[k] == "b"]
        rings = VGroup(*(SurroundingRectangle(y_row[k], color=PALETTE["point"], buff=0.04) for k in after_b))
        note = label("lstm.data.after_b", size="caption", color=PALETTE["point"]).next_to(pairs, DOWN, buff=0.3)
        keep_in_frame(note)
        self.play(Create(rings), FadeIn(note), run_time=1.5)
        self.wait(2.5)
        model = label("lstm.data.model", size="caption").next_to(note, DOWN, buff=0.35)
        keep_in_frame(model)
        block = CodeBlock(["lstmcell = torch.nn.LSTMCell(4,2)", "cook = torch.nn.Linear(2,4)"])
        codes.next_to(model, DOWN, buff=0.25).to_edge(RIGHT, buff=0.8)
        block.next_to(model, DOWN, buff=0.3).to_edge(LEFT, buff=1.2)
        self.play(FadeIn(model), FadeIn(block), FadeIn(codes), run_time=1.5)
        self.wait(1.2)
        end = conclusion("lstm.data.conclusion")
        self.play(FadeIn(end, shift=UP * 0.1), run_time=1)
        self.wait(3.5)


class OneStep(Part):
    """Beats.

    1. Title; the start (x = a, h and c are water); the formula of ifgo typeset.
    2. The 8 numbers of ifgo (from the recorded initial parameters), braced 2 by 2 as i, f, g, o with
       sigma or tanh under each brace; the four gates' values (the by-hand run) appear under them.
    3. c = i ⊙ g + f ⊙ c and h = o ⊙ tanh(c) typeset with their values.
    4. A small table: by hand and torch.nn.LSTMCell give the same h and c; conclusion held 3.5 s.
    """

    id = "lstm.one-step"
    lecture = LECTURE_ID
    title_key = "lstm.step.title"
    experiments = (BY_HAND, CELL)

    def run(self):
        hand, cell = recording(BY_HAND), recording(CELL)
        w_ih, b_ih = hand.param("lstmcell/weight_ih")[0], hand.param("lstmcell/bias_ih")[0]
        w_hh, b_hh = hand.param("lstmcell/weight_hh")[0], hand.param("lstmcell/bias_hh")[0]
        x0 = hand.data("x")[0]
        ifgo = x0 @ w_ih.T + b_ih + np.zeros(2) @ w_hh.T + b_hh
        gates = {k: hand.series(k)[0][0] for k in "ifgoch"}
        head = title(self)
        start = label("lstm.step.start", size="caption").next_to(head, DOWN, buff=0.3)
        formula = tex(r"\texttt{ifgo} = x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh}", "body")
        formula.next_to(start, DOWN, buff=0.3)
        self.play(Write(head), run_time=1)
        self.play(FadeIn(start), Write(formula), run_time=2)
        self.wait(1.2)
        numbers = VGroup(*(tex(f"{v:+.4f}", "small") for v in ifgo)).arrange(RIGHT, buff=0.28)
        numbers.next_to(formula, DOWN, buff=0.6)
        name = tex(r"\texttt{ifgo} =", "small").next_to(numbers, LEFT, buff=0.2)
        braces, gate_rows = VGroup(), VGroup()
        for k, (g, fn) in enumerate(zip("ifgo", (r"\sigma", r"\sigma", r"\tanh", r"\sigma"))):
            pair = VGroup(numbers[2 * k], numbers[2 * k + 1])
            brace = Brace(pair, DOWN, buff=0.08, color=PALETTE["muted"])
            fn_tex = tex(fn, "small", color=PALETTE["muted"]).next_to(brace, DOWN, buff=0.06)
            name_g = tex(rf"{g}_t", "small", color=HIGHLIGHT).next_to(fn_tex, DOWN, buff=0.06)
            braces.add(VGroup(brace, fn_tex, name_g))
            gate_rows.add(tex(rf"{g}_t = {vec(gates[g])}", "caption", color=HIGHLIGHT))
        ifgo_label = label("lstm.step.ifgo", size="small", color=PALETTE["muted"]).next_to(numbers, UP, buff=0.12)
        ifgo_label.align_to(numbers, LEFT)
        gate_rows.arrange_in_grid(rows=2, cols=2, buff=(1.0, 0.1)).next_to(braces, DOWN, buff=0.15)
        formula_group = VGroup(ifgo_label, name, numbers, braces)
        formula_group.set_x(0)
        keep_in_frame(formula_group)
        gate_rows.set_x(0)
        self.play(FadeIn(name), FadeIn(numbers, lag_ratio=0.1), FadeIn(ifgo_label), run_time=1.5)
        self.play(FadeIn(braces), run_time=1)
        self.play(FadeIn(gate_rows, lag_ratio=0.2), run_time=1.5)
        self.wait(2)
        states = VGroup(
            tex(rf"c_t = i_t \odot g_t + f_t \odot c_{{t-1}} = {vec(gates['c'])}", "caption"),
            tex(rf"h_t = o_t \odot \tanh(c_t) = {vec(gates['h'])}", "caption"),
        ).arrange(RIGHT, buff=0.8).next_to(gate_rows, DOWN, buff=0.25).set_x(0)
        self.play(Write(states), run_time=2)
        self.wait(1.5)
        h_cell, c_cell = cell.series("h")[0][0], cell.series("c")[0][0]
        table = VGroup(
            VGroup(plain("", size="caption"), tex("h_1", "caption"), tex("c_1", "caption")),
            VGroup(label("lstm.step.by_hand", size="caption"), tex(vec(gates["h"]), "caption"),
                   tex(vec(gates["c"]), "caption")),
            VGroup(label("lstm.step.cell", size="caption"), tex(vec(h_cell), "caption"),
                   tex(vec(c_cell), "caption", color=HIGHLIGHT)),
        )
        table[2][1].set_color(HIGHLIGHT)
        for row in table:
            row[1].move_to([0, 0, 0])
            row[2].move_to([2.8, 0, 0])
            row[0].next_to(row[1], LEFT, buff=0.5)
        for r, row in enumerate(table):
            row.shift(DOWN * 0.4 * r)
        table[0][0].move_to(table[1][0])
        table.next_to(states, DOWN, buff=0.15).set_x(0)
        keep_in_frame(table)
        self.play(FadeIn(table[:2]), run_time=1)
        self.play(FadeIn(table[2], shift=UP * 0.1), run_time=1)
        end = conclusion("lstm.step.conclusion")
        self.play(FadeIn(end, shift=UP * 0.1), Indicate(table[2][1:]), run_time=1.2)
        self.wait(3.5)


class Unrolled(Part):
    """Beats.

    1. Title; the LSTM unrolled over the 299 steps of one epoch (first 4 and the last), h_t of the
       by-hand run above each cell.
    2. The final h_L and c_L of the three ways (by hand, nn.LSTMCell, nn.LSTM), one row at a time.
    3. The largest difference of h over all 299 steps between by hand and nn.LSTM; conclusion held 3.5 s.
    """

    id = "lstm.unrolled"
    lecture = LECTURE_ID
    title_key = "lstm.unrolled.title"
    experiments = (BY_HAND, CELL, NN_LSTM)

    def run(self):
        hand, cell, whole = recording(BY_HAND), recording(CELL), recording(NN_LSTM)
        h_hand = hand.series("h")[0]
        steps = len(h_hand)
        head = title(self)
        intro = label("lstm.unrolled.intro", size="caption").next_to(head, DOWN, buff=0.3)
        keep_in_frame(intro)
        net = UnrolledRNN(steps, 2, cell="LSTM", hidden=h_hand[None], max_steps=5, decimals=4, step_gap=1.7)
        net.next_to(intro, DOWN, buff=0.2)
        self.play(Write(head), run_time=1)
        self.play(FadeIn(intro), Create(net), run_time=2.5)
        self.wait(1.5)
        rows = [("lstm.unrolled.by_hand", hand.series("h")[0][-1], hand.series("c")[0][-1]),
                ("lstm.unrolled.cell", cell.series("h")[0][-1], cell.series("c")[0][-1]),
                ("lstm.unrolled.lstm", whole.series("hL")[0], whole.series("cL")[0])]
        header = VGroup(tex("h_L", "caption"), tex("c_L", "caption"))
        table = VGroup()
        for r, (key, h, c) in enumerate(rows):
            name = label(key, size="caption")
            hv, cv = tex(vec(h), "caption"), tex(vec(c), "caption")
            hv.move_to([1.6, -0.42 * r, 0])
            cv.move_to([4.6, -0.42 * r, 0])
            name.next_to(hv, LEFT, buff=0.5)
            table.add(VGroup(name, hv, cv))
        header[0].move_to([1.6, 0.45, 0])
        header[1].move_to([4.6, 0.45, 0])
        block = VGroup(header, table).next_to(net, DOWN, buff=0.35)
        keep_in_frame(block)
        self.play(FadeIn(header), FadeIn(table[0]), run_time=1)
        self.play(FadeIn(table[1], shift=UP * 0.1), run_time=1)
        self.play(FadeIn(table[2], shift=UP * 0.1), run_time=1)
        self.wait(1.5)
        diff = float(np.max(np.abs(whole.series("h")[0][:, 0] - h_hand))) if whole.series("h")[0].ndim == 3 \
            else float(np.max(np.abs(whole.series("h")[0] - h_hand)))
        largest = VGroup(label("lstm.unrolled.largest", size="caption"),
                         tex(r"\max_t |h_t^{\mathrm{hand}} - h_t^{\mathrm{LSTM}}| = " + sig_tex(diff, 2), "caption",
                             color=HIGHLIGHT)).arrange(RIGHT, buff=0.25)
        largest[1].scale(0.85)
        largest.arrange(RIGHT, buff=0.25).next_to(block, DOWN, buff=0.2)
        keep_in_frame(largest)
        self.play(FadeIn(largest), run_time=1)
        self.wait(1.2)
        end = conclusion("lstm.unrolled.conclusion")
        self.play(FadeIn(end, shift=UP * 0.1), Indicate(VGroup(*(row[1:] for row in table))), run_time=1.2)
        self.wait(3.5)


def row_names(rec) -> list[str]:
    """The notes' pictures' rows: the input letter of each of the first 8 steps."""
    return [rf"\texttt{{{ch}}}" for ch in letters_of(rec.data("x")[:SHOWN])]


class Fit(Part):
    """Beats.

    1. Title; the run's setup (model, optimizer, seed, epochs).
    2. Two pieces introduced still: the loss chart (epoch, cross-entropy) and the notes' matrix of
       g, h and the probabilities for the first 8 inputs (rows named by the input letter, a colour bar
       from -1 to 1, a line between the states and the probabilities), at epoch 0.
    3. The 200 epochs play: the curve is drawn, the matrix follows the recorded parameters, the epoch counts.
    4. The rows whose input is b are outlined (their P_c, P_C columns): conclusion held 3.5 s.
    """

    id = "lstm.fit"
    lecture = LECTURE_ID
    title_key = "lstm.fit.title"
    experiments = (FIT,)

    def run(self):
        rec = recording(FIT)
        first = first_steps_over_training(rec)
        probs = np.stack([probabilities(rec, first["h"][k][:SHOWN], k) for k in range(rec.n_states)])
        values = np.concatenate([first["g"][:, :SHOWN], first["h"][:, :SHOWN], probs], axis=2)
        head = title(self)
        setup = label("lstm.fit.setup", size="caption", color=PALETTE["muted"]).next_to(head, DOWN, buff=0.25)
        keep_in_frame(setup)
        chart = LossChart({"lstm": (rec.loss, PALETTE["train"])}, width=5.4, height=3.4,
                          x_label=label("lstm.fit.x", size="small"), y_label=label("lstm.fit.y", size="small"))
        chart.to_edge(LEFT, buff=0.7).shift(DOWN * 0.3)
        curve = chart.get_curve("lstm")
        chart.remove(curve)
        epoch = ValueTracker(0)
        grid = MatrixHeatmap(values, tracker=epoch, cell_width=0.5, cell_height=0.42, row_labels=row_names(rec),
                         column_labels=["g_0", "g_1", "h_0", "h_1", "P_a", "P_b", "P_c", "P_C"],
                         dividers={4: "solid"})
        grid.to_edge(RIGHT, buff=1.9).match_y(chart.axes)
        rows_name = label("lstm.fit.rows", size="small", color=PALETTE["muted"])
        rows_name.next_to(grid.row_labels, UP, buff=0.15).align_to(grid.row_labels, RIGHT)
        bar = grid.color_bar(title=label("lstm.fit.bar", size="small")).next_to(grid, RIGHT, buff=0.35)
        counter_number = LiveNumber(np.arange(rec.n_states), epoch, num_decimal_places=0,
                                    font_size=FONT_SIZE["caption"]).set_value(EPOCHS)
        counter = VGroup(label("lstm.fit.epoch", size="caption"), counter_number).arrange(RIGHT, buff=0.15)
        counter.next_to(grid, DOWN, buff=0.55)
        counter_number.set_value(0)
        self.play(Write(head), FadeIn(setup), run_time=1.2)
        self.play(FadeIn(chart), run_time=1)
        self.play(FadeIn(grid), FadeIn(bar), FadeIn(rows_name), FadeIn(counter), run_time=1.5)
        self.wait(1.5)
        self.play(Create(curve), epoch.animate.set_value(rec.n_states - 1), run_time=8, rate_func=lambda t: t)
        self.wait(1.2)
        b_rows = [k for k, ch in enumerate(letters_of(rec.data("x")[:SHOWN])) if ch == "b"]
        rings = VGroup(*(SurroundingRectangle(VGroup(grid.cell(k, 6), grid.cell(k, 7)), color=PALETTE["point"],
                                              buff=0.03) for k in b_rows))
        end = conclusion("lstm.fit.conclusion")
        self.play(Create(rings), FadeIn(end, shift=UP * 0.1), run_time=1.2)
        self.wait(3.5)


class CellState(Part):
    """Beats.

    1. Title and the formula c_t = i_t ⊙ g_t + f_t ⊙ c_{t-1} typeset.
    2. The notes' three matrices for steps 1..8 of the fitted net, introduced one by one: [g, i, g⊙i],
       [c_{t-1}, f, c_{t-1}⊙f], [g⊙i, c_{t-1}⊙f, c_t], each with its column headers and dashed lines,
       a colour bar from -1 to 1 beside them.
    3. The range of c over the first 8 steps (min and max, the notes' -1.0900 and 0.9979) and why -1..1
       colours suffice.
    4. The g columns outlined: g is -1 or 1 like an RNN's hidden node.
    5. The c_t columns outlined: conclusion (c like g but other values too) held 3.5 s.
    """

    id = "lstm.cell-state"
    lecture = LECTURE_ID
    title_key = "lstm.cstate.title"
    experiments = (FIT,)

    def run(self):
        rec = recording(FIT)
        gates = {k: v[-1] for k, v in first_steps_over_training(rec).items()}
        g, i, f, c = gates["g"], gates["i"], gates["f"], gates["c"]
        now, before = slice(1, SHOWN + 1), slice(0, SHOWN)
        mats = [np.concatenate(m, axis=1) for m in (
            (g[now], i[now], g[now] * i[now]),
            (c[before], f[now], c[before] * f[now]),
            (g[now] * i[now], c[before] * f[now], c[now]))]
        heads = [(r"g_t", r"i_t", r"g_t \odot i_t"), (r"c_{t-1}", r"f_t", r"c_{t-1} \odot f_t"),
                 (r"g_t \odot i_t", r"c_{t-1} \odot f_t", r"c_t")]
        head = title(self)
        formula = tex(r"(g_t,\ c_{t-1}) \to c_t:\quad c_t = i_t \odot g_t + f_t \odot c_{t-1}", "body")
        formula.next_to(head, DOWN, buff=0.25)
        grids = VGroup()
        for m, hs in zip(mats, heads):
            grids.add(MatrixHeatmap(m, cell_width=0.58, cell_height=0.36, headers=[(0, 1, hs[0]), (2, 3, hs[1]),
                                                                               (4, 5, hs[2])],
                                dividers={2: "dashed", 4: "dashed"}))
        grids.arrange(RIGHT, buff=0.55).next_to(formula, DOWN, buff=0.4).shift(LEFT * 0.4)
        bar = grids[0].color_bar(height=grids[0].cells.height).next_to(grids, RIGHT, buff=0.35)
        bar.match_y(grids[0].cells)
        self.play(Write(head), Write(formula), run_time=1.5)
        self.wait(1.2)
        for k, grid in enumerate(grids):
            self.play(FadeIn(grid), *([FadeIn(bar)] if k == 0 else []), run_time=1.2)
            self.wait(1.2)
        shown_c = c[before]
        lo, hi = float(shown_c.min()), float(shown_c.max())
        span = VGroup(label("lstm.cstate.range", size="caption"),
                      tex(rf"\min = {lo:.4f},\ \max = {hi:.4f}", "caption", color=HIGHLIGHT)).arrange(RIGHT, buff=0.2)
        span.next_to(grids, DOWN, buff=0.35)
        keep_in_frame(span)
        note = label("lstm.cstate.range_note", size="small", color=PALETTE["muted"]).next_to(span, DOWN, buff=0.15)
        keep_in_frame(note)
        self.play(FadeIn(span), FadeIn(note), run_time=1)
        self.wait(2)
        g_ring = SurroundingRectangle(grids[0].columns(0, 1), color=PALETTE["point"], buff=0.04)
        g_note = label("lstm.cstate.g_note", size="caption", color=PALETTE["point"]).next_to(note, DOWN, buff=0.25)
        keep_in_frame(g_note)
        self.play(Create(g_ring), FadeIn(g_note), run_time=1.2)
        self.wait(2.5)
        c_ring = SurroundingRectangle(grids[2].columns(4, 5), color=HIGHLIGHT, buff=0.04)
        end = conclusion("lstm.cstate.conclusion")
        self.play(FadeOut(g_note), ReplacementTransform(g_ring, c_ring), FadeIn(end, shift=UP * 0.1), run_time=1.2)
        self.wait(3.5)


class HiddenState(Part):
    """Beats.

    1. Title and h_t = o_t ⊙ tanh(c_t) typeset.
    2. The notes' matrix [g, tanh(c), o, h] for steps 0..7 of the fitted net, headers over each pair,
       the solid and dashed lines of the notes, a colour bar from -1 to 1.
    3. tanh(c) and h outlined: h picks from c what it wants (held 2.5 s).
    4. The h columns outlined: h takes far more varied values (the effect of ⊙), held 3.5 s.
    """

    id = "lstm.hidden-state"
    lecture = LECTURE_ID
    title_key = "lstm.hstate.title"
    experiments = (FIT,)

    def run(self):
        rec = recording(FIT)
        gates = {k: v[-1][:SHOWN] for k, v in first_steps_over_training(rec).items()}
        m = np.concatenate([gates["g"], np.tanh(gates["c"]), gates["o"], gates["h"]], axis=1)
        head = title(self)
        formula = tex(r"g_t \to h_t:\quad h_t = o_t \odot \tanh(c_t)", "body").next_to(head, DOWN, buff=0.25)
        grid = MatrixHeatmap(m, cell_width=0.8, cell_height=0.47, row_labels=row_names(rec),
                         headers=[(0, 1, "g_t"), (2, 3, r"\tanh(c_t)"), (4, 5, "o_t"), (6, 7, "h_t")],
                         dividers={2: "solid", 4: "dashed", 6: "dashed"})
        grid.next_to(formula, DOWN, buff=0.45)
        rows_name = label("lstm.fit.rows", size="small", color=PALETTE["muted"])
        rows_name.next_to(grid.row_labels, UP, buff=0.15).align_to(grid.row_labels, RIGHT)
        bar = grid.color_bar(title=label("lstm.fit.bar", size="small")).next_to(grid, RIGHT, buff=0.4)
        bar.match_y(grid.cells)
        self.play(Write(head), Write(formula), run_time=1.5)
        self.wait(1.2)
        self.play(FadeIn(grid), FadeIn(bar), FadeIn(rows_name), run_time=1.5)
        self.wait(1.5)
        rings = VGroup(SurroundingRectangle(grid.columns(2, 3), color=PALETTE["point"], buff=0.04),
                       SurroundingRectangle(grid.columns(6, 7), color=PALETTE["point"], buff=0.04))
        first = label("lstm.hstate.conclusion1", size="caption", color=PALETTE["point"])
        first.next_to(grid, DOWN, buff=0.3)
        keep_in_frame(first)
        self.play(Create(rings), FadeIn(first), run_time=1.2)
        self.wait(2.5)
        ring_h = SurroundingRectangle(grid.columns(6, 7), color=HIGHLIGHT, buff=0.06)
        end = conclusion("lstm.hstate.conclusion2")
        self.play(ReplacementTransform(rings, ring_h), FadeIn(end, shift=UP * 0.1), run_time=1.2)
        self.wait(3.5)


class Review(Part):
    """Beats.

    1. Title; 'I: the formulas': step 1 (ifgo), step 2 (the four gates), step 3 (c and h), typeset one by one.
    2. They clear; 'II: the feeling': RNN x -> h in one go, LSTM x -> g -> (c -> h) in stages (soy sauce).
    3. What g, c and h each do, one line each.
    4. Conclusion: an RNN remembers one thing from the past, an LSTM two (c and h), held 3.5 s.
    """

    id = "lstm.review"
    lecture = LECTURE_ID
    title_key = "lstm.review.title"
    experiments = ()

    def run(self):
        head = title(self)
        part1 = label("lstm.review.formulas", size="body", color=HIGHLIGHT).next_to(head, DOWN, buff=0.3)
        lines = VGroup(
            label("lstm.review.step1", size="caption"),
            tex(r"\texttt{ifgo} = x_t \big[W_{ii} | W_{if} | W_{ig} | W_{io}\big] + "
                r"h_{t-1} \big[W_{hi} | W_{hf} | W_{hg} | W_{ho}\big] + bias"),
            label("lstm.review.step2", size="caption"),
            tex(r"i_t = \sigma(x_t W_{ii} + h_{t-1} W_{hi} + bias),\ \ f_t = \sigma(x_t W_{if} + h_{t-1} W_{hf} + bias)"),
            tex(r"g_t = \tanh(x_t W_{ig} + h_{t-1} W_{hg} + bias),\ \ o_t = \sigma(x_t W_{io} + h_{t-1} W_{ho} + bias)"),
            label("lstm.review.step3", size="caption"),
            tex(r"c_t = i_t \odot g_t + f_t \odot c_{t-1},\qquad h_t = o_t \odot \tanh(c_t)"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(part1, DOWN, buff=0.3)
        for k in (1, 3, 4, 6):
            lines[k].shift(RIGHT * 0.4)
        lines.set_x(0)
        self.play(Write(head), FadeIn(part1), run_time=1.2)
        for a, b in ((0, 2), (2, 5), (5, 7)):
            self.play(FadeIn(lines[a:b], lag_ratio=0.2), run_time=1.5)
            self.wait(1.5)
        self.play(FadeOut(lines), FadeOut(part1), run_time=0.8)
        part2 = label("lstm.review.feeling", size="body", color=HIGHLIGHT).next_to(head, DOWN, buff=0.3)
        flows = VGroup(
            tex(r"\text{RNN:}\quad x_t \xrightarrow{\ h_{t-1}\ } h_t", "body"),
            tex(r"\text{LSTM:}\quad x_t \xrightarrow{\ h_{t-1}\ } g_t \xrightarrow{\ c_{t-1}\ } "
                r"\big(c_t \to h_t\big)", "body"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(part2, DOWN, buff=0.35)
        soy = label("lstm.review.soy", size="caption").next_to(flows, DOWN, buff=0.3)
        keep_in_frame(soy)
        self.play(FadeIn(part2), FadeIn(flows, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(soy), run_time=1)
        self.wait(2)
        what = VGroup(*(label(f"lstm.review.{k}", size="caption") for k in "gch"))
        what.arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(soy, DOWN, buff=0.35)
        for line in what:
            keep_in_frame(line)
        self.play(FadeIn(what, lag_ratio=0.3), run_time=1.5)
        self.wait(2)
        end = conclusion("lstm.review.conclusion")
        self.play(FadeIn(end, shift=UP * 0.1), run_time=1)
        self.wait(3.5)


class WhyStrong(Part):
    """Beats.

    1. Title; the shared setup (hidden 2, seed 43052, Adam lr 0.1, 200 epochs); the two loss curves on one
       chart (RNN and LSTM, legend), drawn together: the RNN stalls, the LSTM goes on down.
    2. The chart clears; the notes' [h, P] matrices of the last epoch side by side, RNN left, LSTM right,
       rows named by the input letter, one colour bar.
    3. After b: P(c), P(C) of each (the recorded softmax), outlined in both; the RNN's half-half, with its
       note; the LSTM's right answers, with its note.
    4. The course's two answers, one after the other; the second held 3.5 s.
    """

    id = "lstm.why-strong"
    lecture = LECTURE_ID
    title_key = "lstm.why.title"
    experiments = (FIT, RNN_FIT)

    def run(self):
        lstm_rec, rnn_rec = recording(FIT), recording(RNN_FIT)
        head = title(self)
        setup = label("lstm.why.setup", size="caption", color=PALETTE["muted"]).next_to(head, DOWN, buff=0.25)
        keep_in_frame(setup)
        chart = LossChart({"rnn": (rnn_rec.loss, PALETTE["test"]), "lstm": (lstm_rec.loss, PALETTE["train"])},
                          width=7.5, height=3.6, x_label=label("lstm.fit.x", size="small"),
                          y_label=label("lstm.fit.y", size="small"))
        chart.next_to(setup, DOWN, buff=0.5)
        curves = [chart.get_curve("rnn"), chart.get_curve("lstm")]
        for c in curves:
            chart.remove(c)
        legend = VGroup(*(VGroup(plain("—", size="body", color=col), label(k, size="small")).arrange(RIGHT, buff=0.12)
                          for k, col in (("lstm.why.rnn", PALETTE["test"]), ("lstm.why.lstm", PALETTE["train"]))))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(chart.axes, RIGHT, buff=0.3).align_to(chart.axes, UP)
        self.play(Write(head), FadeIn(setup), run_time=1.2)
        self.play(FadeIn(chart), FadeIn(legend), run_time=1)
        self.play(*(Create(c) for c in curves), run_time=4, rate_func=lambda t: t)
        self.wait(2)
        self.play(FadeOut(chart), FadeOut(legend), *(FadeOut(c) for c in curves), run_time=0.8)
        names = ["h_0", "h_1", "P_a", "P_b", "P_c", "P_C"]
        rnn_last = np.concatenate([rnn_rec.series("h")[-1][:SHOWN], rnn_rec.series("yhat")[-1][:SHOWN]], axis=1)
        lstm_h = first_steps_over_training(lstm_rec)["h"][-2][:SHOWN]   # the state the last epoch's forward used
        lstm_last = np.concatenate([lstm_h, lstm_rec.series("yhat")[-1][:SHOWN]], axis=1)
        grids = VGroup()
        for key, m in (("lstm.why.rnn", rnn_last), ("lstm.why.lstm", lstm_last)):
            grid = MatrixHeatmap(m, cell_width=0.46, cell_height=0.36, row_labels=row_names(lstm_rec), column_labels=names,
                             dividers={2: "solid"})
            name = label(key, size="caption", color=PALETTE["test"] if "rnn" in key else PALETTE["train"])
            name.next_to(grid, UP, buff=0.15)
            grids.add(VGroup(grid, name))
        grids.arrange(RIGHT, buff=3.0).next_to(setup, DOWN, buff=0.35).shift(LEFT * 0.3)
        bar = grids[0][0].color_bar(height=grids[0][0].cells.height).next_to(grids, RIGHT, buff=0.4)
        bar.match_y(grids[0][0].cells)
        self.play(FadeIn(grids), FadeIn(bar), run_time=1.5)
        self.wait(1.5)
        xs = letters_of(lstm_rec.data("x")[:SHOWN])
        b_rows = [k for k, ch in enumerate(xs) if ch == "b"]
        notes = VGroup()
        for (grid, _), m, key in zip(grids, (rnn_last, lstm_last), ("lstm.why.rnn_note", "lstm.why.lstm_note")):
            rings = VGroup(*(SurroundingRectangle(VGroup(grid.cell(k, 4), grid.cell(k, 5)), color=PALETTE["point"],
                                                  buff=0.03) for k in b_rows))
            values = VGroup(label("lstm.why.after_b", size="small"),
                            tex(r",\ ".join(f"({m[k, 4]:.2f}, {m[k, 5]:.2f})" for k in b_rows), "small"))
            values.arrange(DOWN, buff=0.1).next_to(grid, DOWN, buff=0.2)
            note = label(key, size="small", color=PALETTE["point"]).next_to(values, DOWN, buff=0.12)
            notes.add(VGroup(rings, values, note))
        for group in notes:
            for mob in group[1:]:
                keep_in_frame(mob)
        self.play(Create(notes[0][0]), FadeIn(notes[0][1:]), run_time=1.2)
        self.wait(2)
        self.play(Create(notes[1][0]), FadeIn(notes[1][1:]), run_time=1.2)
        self.wait(2.5)
        answer1 = label("lstm.why.answer1", size="small", color=PALETTE["muted"])
        answer2 = label("lstm.why.answer2", size="small", color=HIGHLIGHT)
        answers = VGroup(answer1, answer2).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_edge(DOWN, buff=0.3)
        for a in answers:
            keep_in_frame(a)
        self.play(FadeIn(answer1), run_time=1)
        self.wait(2)
        self.play(FadeIn(answer2), run_time=1)
        self.wait(3.5)


def learnt(accuracy) -> np.ndarray:
    """A run learnt 'abcabC' when 99% or more of its next letters are right."""
    return np.asarray(accuracy) >= 0.99


class ManyRuns(Part):
    """Beats.

    1. Title; the setup (cook = Linear(4,4), Adam lr 0.1, 500 epochs, h0 not passed) and the seeds (25 runs
       of each, seeded 0..24, on the CPU; the notes unseeded, on a GPU).
    2. The notes' two 5x5 figures (12wk-2 4.B, 4.C) side by side, RNN(4,4) left, LSTM(4,4) right: each run's
       first 8 steps h_1..h_4 | P_a..P_C as a heatmap, framed green when 99%+ of the next letters are right,
       each figure named with "k of 25 runs" under it; what a tile shows and the colour legend.
    3. Conclusion (bottom): the LSTM learns it in k of 25 runs, the RNN in j; held 3.5 s.
    """

    id = "lstm.many-runs"
    lecture = LECTURE_ID
    title_key = "lstm.runs.title"
    experiments = (RNN_RUNS, LSTM_RUNS)

    def run(self):
        recs = {"rnn": recording(RNN_RUNS), "lstm": recording(LSTM_RUNS)}
        runs = len(recs["lstm"].series("accuracy"))
        head = title(self)
        setup = VGroup(label("lstm.runs.setup", size="small", color=PALETTE["muted"]),
                       label("lstm.runs.seeds", size="small", color=PALETTE["muted"], runs=runs, last=runs - 1))
        setup.arrange(DOWN, buff=0.1).next_to(head, DOWN, buff=0.2)
        tile = label("lstm.runs.tile", size="small", color=PALETTE["muted"]).next_to(setup, DOWN, buff=0.1)
        keep_in_frame(tile)
        good, figures = {}, Group()   # the mosaics' tiles are pictures, not vector mobjects
        for key, rec in recs.items():
            good[key] = int(np.sum(learnt(rec.series("accuracy"))))
            mosaic = HeatmapMosaic(rec.series("mat"), columns=5, cell_width=0.12, cell_height=0.08, buff=0.12,
                                   dividers={HIDDEN: "solid"}, marks=learnt(rec.series("accuracy")))
            name = label(f"lstm.runs.{key}", size="caption", color=PALETTE["test"] if key == "rnn" else PALETTE["train"])
            verdict = label("lstm.runs.right", size="small", good=good[key], runs=runs)
            figures.add(Group(name, mosaic, verdict).arrange(DOWN, buff=0.12))
        figures.arrange(RIGHT, buff=0.8, aligned_edge=UP).next_to(tile, DOWN, buff=0.25)
        bar = figures[0][1].color_bar(height=2.0, title=label("lstm.runs.bar", size="small"))
        bar.next_to(figures, RIGHT, buff=0.45).match_y(figures[1][1])
        Group(figures, bar).set_x(0)
        self.play(Write(head), FadeIn(setup), run_time=1.2)
        self.wait(1.5)
        self.play(FadeIn(tile), FadeIn(figures[0]), FadeIn(bar), run_time=1.2)
        self.wait(2)
        self.play(FadeIn(figures[1]), run_time=1.2)
        self.wait(2.5)
        end = conclusion("lstm.runs.conclusion", lstm=good["lstm"], rnn=good["rnn"], runs=runs)
        self.play(FadeIn(end, shift=UP * 0.1), run_time=1)
        self.wait(3.5)


PARTS = [Data, OneStep, Unrolled, Fit, CellState, HiddenState, Review, WhyStrong, ManyRuns]


class DataScene(PartScene):
    part = Data


class OneStepScene(PartScene):
    part = OneStep


class UnrolledScene(PartScene):
    part = Unrolled


class FitScene(PartScene):
    part = Fit


class CellStateScene(PartScene):
    part = CellState


class HiddenStateScene(PartScene):
    part = HiddenState


class ReviewScene(PartScene):
    part = Review


class WhyStrongScene(PartScene):
    part = WhyStrong


class ManyRunsScene(PartScene):
    part = ManyRuns


class LstmLesson(LessonScene):
    parts = PARTS


default_scene("LstmLesson")
