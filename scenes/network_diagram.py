"""05wk-2 network diagrams: the course's nets drawn from their nn.Sequential, then the MNIST net learning.

``manim render scenes/network_diagram.py`` renders the whole lesson (one
section per part); ``manim render scenes/network_diagram.py MnistWeightsScene``
renders one part.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, Create, DecimalNumber, FadeIn, FadeOut, ImageMobject, Indicate,
    Integer, MathTex, ReplacementTransform, SurroundingRectangle, Text, Transform, VGroup, Write,
    Group, Line, UpdateFromAlphaFunc, GrowArrow,
)
from torch import nn

import engine
from engine import forward
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.network import _STAGE_TEX, NetworkDiagram, SequentialCode, WeightImageGrid, diverging_bar, \
    intensity_bar
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain

__all__ = ["course_net", "counting_examples", "CourseNet", "Counting", "MnistWeights", "ForwardPass", "DiagramLesson"]

MNIST = "05wk-2/mnist-gd"
MONO = "DejaVu Sans Mono"


def course_net() -> nn.Sequential:
    """The course's first diagram: X -> l1 -> u(1) -> relu -> v(1) -> l2 -> u(2) -> sig -> v(2) = yhat."""
    return nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1), nn.Sigmoid())


def counting_examples() -> list[nn.Sequential]:
    """The course's six counting examples, in its order (its ``??`` sizes filled in small).

    1-2: two layers (one hidden); 3-4: one layer, no hidden layer, with and without a
    Sigmoid; 5: three Linear layers with Sigmoids; 6: three with ReLU and Dropout between.
    """
    return [
        nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1)),
        course_net(),
        nn.Sequential(nn.Linear(2, 1)),
        nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()),
        nn.Sequential(nn.Linear(1, 3), nn.Sigmoid(), nn.Linear(3, 3), nn.Sigmoid(), nn.Linear(3, 1)),
        nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 3), nn.ReLU(),
                      nn.Dropout(0.5), nn.Linear(3, 1), nn.Sigmoid()),
    ]


def _sizes(experiment: str) -> str:
    """'784-32-1' from an experiment's model spec (no recording needed, so titles list fast)."""
    linear = [layer for layer in engine.get_config(experiment).model if layer[0] == "linear"]
    return "-".join(str(n) for n in [linear[0][1]] + [layer[2] for layer in linear])


def _title(key: str) -> Text:
    return label(key, size="title").to_edge(UP, buff=0.35)


def chain_tex(specs) -> list[str]:
    """The course's formula of a Sequential, one MathTex piece per feature and per arrow.

    ``X (n,1) -l1-> u(1) (n,2) -relu-> v(1) (n,2) -l2-> u(2) (n,1) -sig-> v(2) (n,1) = yhat (n,1)``:
    shapes and names come from the modules, as in the course's notes.
    """
    pieces = [rf"\underset{{(n,{specs[0].in_features})}}{{\bf X}}"]
    k, size, last = 0, specs[0].in_features, "X"
    for s in specs:
        if s.kind == "linear":
            k += 1
            size = s.out_features
            arrow, last = rf"l_{{{k}}}", rf"\boldsymbol u^{{({k})}}"
        else:
            arrow = _STAGE_TEX.get(s.kind) or rf"\mathrm{{drop}}"
            last = (r"\boldsymbol d" if s.kind == "dropout" else r"\boldsymbol v") + f"^{{({k})}}"
        pieces += [rf"\xrightarrow{{{arrow}}}", rf"\underset{{(n,{size})}}{{{last}}}"]
    pieces += ["=", rf"\underset{{(n,{size})}}{{\hat{{\bf y}}}}"]
    return pieces


class CourseNet(Part):
    """The course's net Linear(1,2), ReLU, Linear(2,1), Sigmoid three ways: code, formula, diagram.

    Beats: the title; the course's code (``torch.nn.Sequential(...)``). Then, module by module,
    its code line lights up, its arrow of the course's formula is written (X -l1-> u(1) -relu->
    v(1) -l2-> u(2) -sig-> v(2) = yhat, shapes (n, k) under each) and the diagram grows the
    matching stage and column: every step drawn. The conclusion "v(2) is yhat" is held with
    both ends highlighted. Then the compact form: linear + nonlinear as one layer, each node
    a (u -> v) pair, its activation written under it; the tags are pointed at and held.
    """

    id = "diagram.course_net"
    title_key = "diagram.title.course_net"
    lecture = "05wk-2"

    def run(self):
        net = course_net()
        specs = engine.describe(net)
        title = _title(self.title_key)
        code = SequentialCode(specs).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.9)
        chain = MathTex(*chain_tex(specs), font_size=40)
        chain.next_to(code, RIGHT, buff=0.6).align_to(code, UP).shift(DOWN * 0.25)
        staged = NetworkDiagram.from_spec(specs, width=11, height=3.0, node_radius=0.2, node_gap=1.4,
                                          label_size=40).to_edge(DOWN, buff=1.0)
        caption = label("diagram.staged", size="caption", color=PALETTE["muted"]).to_edge(DOWN, buff=0.3)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(code, shift=RIGHT * 0.2), run_time=1)
        self.wait(0.5)
        # X first, then module by module: code line, formula arrow and result, diagram stage and column
        self.play(Write(chain[0]), FadeIn(staged.columns[0]), run_time=1)
        for i, stage in enumerate(staged.stages):
            band = code.highlight(i)
            slow = 1.6 if i == 0 else 1.1  # the first module is shown slowly, the rest follow the pattern
            self.play(FadeIn(band), Write(chain[1 + 2 * i]), FadeIn(staged.stage_labels[i]), run_time=slow * 0.6)
            self.play(Create(stage, lag_ratio=0.1), FadeIn(staged.columns[i + 1]), Write(chain[2 + 2 * i]),
                      run_time=slow * 0.7)
            self.play(FadeOut(band), run_time=0.3)
        self.play(Write(chain[-2:]), FadeIn(caption), run_time=1)
        # the conclusion: the last feature is the prediction
        ends = VGroup(SurroundingRectangle(chain[-3:], color=PALETTE["fit"], buff=0.08),
                      SurroundingRectangle(staged.output_column().label, color=PALETTE["fit"], buff=0.08))
        self.play(Create(ends), run_time=0.8)
        self.wait(3)
        self.play(FadeOut(ends), run_time=0.4)
        # the compact form: a node is the pair (u -> v), its activation written under it
        compact = NetworkDiagram.from_spec(specs, compact=True, width=7, height=3.0, node_radius=0.2, node_gap=1.4,
                                           label_size=40)
        compact.move_to(staged).align_to(staged, DOWN)
        caption2 = label("diagram.compact", size="caption", color=PALETTE["muted"]).move_to(caption)
        self.play(ReplacementTransform(staged, compact), ReplacementTransform(caption, caption2), run_time=2)
        tags = VGroup(*(c.tag for c in compact.columns if c.tag is not None))
        self.play(*(Indicate(t, color=PALETTE["fit"], scale_factor=1.3) for t in tags), run_time=1.5)
        self.wait(3)


class Counting(Part):
    """The course's six counting examples: a layer is a Linear (trainable weights); hidden = layers - 1.

    Beats: the title and the two rules. For each example: its code and its diagram; then each
    Linear module in turn: its code line and its edges light up and the layer counter steps
    up; the hidden-layer count follows from the rule, which is pointed at. The first example
    goes slowly, later ones faster. Examples 3 and 4 (Linear alone; Linear then Sigmoid) have
    one layer and no hidden layer, said on screen. Last, the course's remark: some texts count
    layers + 1, which is wrong; hidden layers are counted the same everywhere, held to the end.
    """

    id = "diagram.counting"
    title_key = "diagram.title.counting"
    lecture = "05wk-2"

    def run(self):
        title = _title(self.title_key)
        rule = VGroup(label("diagram.layer_rule", size="small", color=PALETTE["muted"]),
                      label("diagram.hidden_rule", size="small", color=PALETTE["muted"]))
        rule.arrange(RIGHT, buff=0.6).next_to(title, DOWN, buff=0.2)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(rule[0]), run_time=0.8)
        self.play(FadeIn(rule[1]), run_time=0.8)
        shown = VGroup()
        for n, net in enumerate(counting_examples()):
            if len(shown):
                self.play(FadeOut(shown), run_time=0.4)
            shown = self.show_example(net, rule, n)
        self.play(FadeOut(shown), run_time=0.4)
        self.remark(rule)

    def show_example(self, net: nn.Sequential, rule: VGroup, n: int) -> VGroup:
        pace = 1.0 if n == 0 else 0.6
        specs = engine.describe(net)
        layers, hidden = engine.count_layers(specs)
        head = label("diagram.example", n=n + 1, size="caption", color=PALETTE["muted"])
        head.next_to(rule, DOWN, buff=0.35).to_edge(LEFT, buff=0.5)
        code = SequentialCode(specs, font_size=20).next_to(head, DOWN, buff=0.2, aligned_edge=LEFT)
        left = code.get_right()[0] + 0.5
        diagram = NetworkDiagram.from_spec(specs, width=min(6.6 - left - 0.3, 1.4 * len(specs) + 1),
                                           height=2.4, label_size=30)
        diagram.move_to([(left + 6.6) / 2, -0.1, 0])
        self.play(FadeIn(head), FadeIn(code), run_time=0.8 * pace)
        self.play(Create(diagram, lag_ratio=0.03), run_time=1.5 * pace)
        counter = label("diagram.layers", n=0, size="body")
        counter.next_to(code, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(counter), run_time=0.4)
        k = 0
        for i, (stage, spec) in enumerate(zip(diagram.stages, [s for s in specs if s.kind != "flatten"])):
            if spec.kind != "linear":
                continue
            k += 1
            band = code.highlight(i)
            lit = stage.copy().set_stroke(PALETTE["fit"], opacity=1)
            new_counter = label("diagram.layers", n=k, size="body").move_to(counter, aligned_edge=LEFT)
            self.play(FadeIn(band), FadeIn(lit), Indicate(diagram.stage_label(i), color=PALETTE["fit"]),
                      Transform(counter, new_counter), run_time=0.9 * pace)
            self.play(FadeOut(band), FadeOut(lit), run_time=0.3 * pace)
        assert k == layers
        key = "diagram.hidden_none" if hidden == 0 else "diagram.hidden"
        hidden_text = label(key, n=hidden, size="body", color=PALETTE["fit"])
        hidden_text.next_to(counter, DOWN, buff=0.2, aligned_edge=LEFT)
        self.play(FadeIn(hidden_text), Indicate(rule[1], color=PALETTE["fit"]), run_time=1.0)
        self.wait(1.6 if n == 0 else 1.0)
        return VGroup(head, code, diagram, counter, hidden_text)

    def remark(self, rule: VGroup) -> None:
        wrong = label("diagram.plus_one_wrong", size="body")
        cross = label("diagram.plus_one_rule", size="body", color=PALETTE["negative"])
        right = label("diagram.count_hidden", size="body", color=PALETTE["fit"])
        VGroup(wrong, cross, right).arrange(DOWN, buff=0.5).move_to([0, -0.6, 0])
        self.play(FadeIn(wrong), run_time=1)
        self.play(FadeIn(cross), run_time=0.8)
        mark = MathTex(r"\times", font_size=56, color=PALETTE["negative"]).next_to(cross, LEFT, buff=0.25)
        self.play(Write(mark), run_time=0.6)
        self.play(FadeIn(right), Indicate(rule[1], color=PALETTE["fit"]), run_time=1)
        self.wait(3)


def _legend() -> VGroup:
    """What an edge shows: its colour the sign of its weight, its width |weight|."""
    rows = VGroup()
    for key in ("positive", "negative"):
        line = Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=4, color=PALETTE[key])
        rows.add(VGroup(line, label(f"diagram.{key}", size="small")).arrange(RIGHT, buff=0.15))
    widths = VGroup(*(Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=w, color=PALETTE["muted"]) for w in (0.5, 2, 4)))
    widths.arrange(RIGHT, buff=0.05)
    rows.add(VGroup(widths, label("diagram.width", size="small")).arrange(RIGHT, buff=0.15))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def _eased_states(n_states: int, n_frames: int, power: float = 2.5) -> np.ndarray:
    """States to show, dense at the start (most of the change is early), every one distinct, the last included."""
    t = np.linspace(0, 1, n_frames)
    return np.unique(np.round((n_states - 1) * t ** power).astype(int))


class MnistWeights(Part):
    """The 784-32-1 net learning zeros vs ones: edges and the first-layer weights of four hidden units.

    Beats: the title; the compact diagram (784 inputs, 32 hidden, 1 output, elided with counts);
    the edge legend (colour = sign, width = |w|); the four hidden units that matter most at the
    end, as 28x28 images of how their input weights changed since epoch 0, with a colour bar
    (numbered ticks); the epoch counter at 0. Then training: the first epochs slowly, one by
    one, then faster to the last epoch. The conclusion: the train accuracy (from the recording)
    is written and the images, where strokes of 0 and 1 appeared, are pointed at and held.
    """

    id = "diagram.mnist"
    title_key = "diagram.title.mnist"
    lecture = "05wk-2"
    experiments = (MNIST,)
    #: distinct states shown while training (dense early)
    n_steps = 110
    n_units = 4

    @classmethod
    def title_args(cls) -> dict:
        return {"sizes": _sizes(MNIST)}

    def run(self):
        rec = recording(MNIST)
        states = _eased_states(rec.n_states, self.n_steps)
        title = label(self.title_key, size="title", **self.title_args()).to_edge(UP, buff=0.35)
        diagram = NetworkDiagram.from_recording(rec, state=0, compact=True, width=4.0, height=4.6)
        diagram.move_to([-3.6, -0.2, 0])
        legend = _legend().to_corner(DOWN + LEFT, buff=0.3)

        units = forward.strongest_units(rec, self.n_units)
        # the weights move ~5% away from their random init: the change since epoch 0 shows what was learned
        w1 = rec.param("0.weight")
        delta = w1[:, units] - w1[0, units]
        scale = float(np.percentile(np.abs(delta[-1]), 99))
        images = WeightImageGrid(delta[0], scale, rows=2, cell_height=1.5).move_to([2.3, -0.6, 0])
        names = VGroup(*(label("diagram.unit", k=int(u), size="small").next_to(images.cell(n), DOWN, buff=0.08)
                         for n, u in enumerate(units)))
        head = label("diagram.unit_delta", size="caption", color=PALETTE["muted"]).next_to(images, UP, buff=0.3)
        bar = diverging_bar(scale, height=images.height, title=label("diagram.delta_bar", size="small"))
        bar.next_to(images, RIGHT, buff=0.5).align_to(images, DOWN)

        epoch_word = label("common.epoch", size="body")
        epoch = plain("0", size="body", color=PALETTE["fit"])
        counter = VGroup(epoch_word, epoch).arrange(RIGHT, buff=0.2).next_to(title, DOWN, buff=0.25)

        # build up; static things first: Cairo redraws only what comes after the first moving mobject
        self.play(Write(title), run_time=1)
        self.play(FadeIn(diagram.columns), run_time=1.2)
        self.play(FadeIn(diagram.stages), FadeIn(legend), run_time=1.2)
        self.wait(0.5)
        self.play(FadeIn(head), FadeIn(names), FadeIn(bar), FadeIn(images), run_time=1.2)
        self.play(FadeIn(epoch_word), FadeIn(epoch), run_time=0.6)
        self.wait(0.5)

        def at(k: int):
            s = int(states[k])
            images.set_values(delta[s])
            epoch.become(plain(str(s * rec.n_epochs // rec.n_updates), size="body", color=PALETTE["fit"])
                         .move_to(epoch, aligned_edge=LEFT))
            return forward.weights_at(rec, s)

        # the images and the counter change with the edges: name them so Cairo redraws them
        self.play(diagram.animate_weights(at, len(states), run_time=12),
                  *(UpdateFromAlphaFunc(m, lambda m, a: None, run_time=12) for m in (images, epoch)))
        acc = label("diagram.accuracy", acc=f"{rec.accuracy:.4f}", size="body", color=PALETTE["fit"])
        acc.next_to(counter, RIGHT, buff=0.8)
        strokes = label("diagram.strokes", size="caption", color=PALETTE["fit"])
        strokes.next_to(bar, DOWN, buff=0.35).align_to(images, LEFT)
        frame = SurroundingRectangle(images, color=PALETTE["fit"], buff=0.06)
        self.play(FadeIn(acc), Indicate(acc, color=PALETTE["fit"]), run_time=1.2)
        self.play(Create(frame), FadeIn(strokes), run_time=1)
        self.wait(3.5)


class ForwardPass(Part):
    """Two test digits through the trained 784-32-1 net, module by module, with torch's values.

    Beats: the title; the staged diagram with the recorded final weights (X, u(1), v(1), u(2),
    yhat) and the two colour bars (pixels and P from 0 to 1; u and v signed, one scale for both
    digits); a caption saying where the values come from. A zero goes in: its pixels light the
    input nodes, then each column lights in turn (slowly the first time); P(digit is 1) is read
    off at the output node with an arrow and held. Then a one, faster, and its P held.
    """

    id = "diagram.forward"
    title_key = "diagram.title.forward"
    lecture = "05wk-2"
    #: which of the recording's shown test digits go through the net (a zero, then a one)
    digits = (0, 8)

    def run(self):
        rec = recording(MNIST)
        title = _title(self.title_key)
        diagram = NetworkDiagram.from_recording(rec, state=-1, width=7.6, height=4.2)
        diagram.move_to([0.3, -0.3, 0])
        caption = label("diagram.recorded", epoch=rec.n_epochs, size="small", color=PALETTE["muted"])
        caption.to_edge(DOWN, buff=0.25)
        acts = forward.activations(rec, rec.data("x_show"), state=-1)
        images = rec.data("show_images")
        labels = rec.data("y_show")
        # one scale for the hidden columns (u and v of both digits), so their colours compare
        hidden = [k for k in range(1, len(diagram.columns) - 1)]
        hidden_scale = float(max(np.abs(acts[k][list(self.digits)]).max() for k in hidden))
        bars = VGroup(intensity_bar(1.0, height=1.6, title=label("diagram.pixel_bar", size="small")),
                      diverging_bar(hidden_scale, height=1.6, title=label("diagram.hidden_bar", size="small")))
        bars.arrange(DOWN, buff=0.6, aligned_edge=LEFT).to_edge(RIGHT, buff=0.3).shift(DOWN * 0.2)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(diagram.columns), FadeIn(diagram.stage_labels), run_time=1.2)
        self.play(FadeIn(diagram.stages), FadeIn(caption), run_time=1.2)
        self.play(FadeIn(bars), run_time=0.8)
        shown = Group()
        for n, d in enumerate(self.digits):
            pace = 1.0 if n == 0 else 0.6
            if len(shown):
                self.play(FadeOut(shown), *(diagram.light_column(k, np.zeros(c.size)) for k, c in enumerate(diagram.columns)),
                          run_time=0.5)
            digit = ImageMobject(images[d]).set_resampling_algorithm(0)
            digit.height = 1.6
            digit.move_to([-5.7, -0.3, 0])
            name = label("diagram.digit", label=int(labels[d, 0]), size="small").next_to(digit, DOWN, buff=0.15)
            arrow = Arrow(digit.get_right(), diagram.columns[0].get_left() + LEFT * 0.1, buff=0.1,
                          color=PALETTE["muted"], stroke_width=3)
            self.play(FadeIn(digit), FadeIn(name), Create(arrow), run_time=0.8)
            for k, col in enumerate(diagram.columns):
                values = acts[k][d]
                signed = k in hidden
                self.play(diagram.light_column(k, values, scale=hidden_scale if signed else 1.0, signed=signed),
                          run_time=0.9 * pace)
            prob = acts[-1][d, 0]
            readout = VGroup(label("diagram.probability", size="caption"),
                             DecimalNumber(prob, num_decimal_places=4, font_size=FONT_SIZE["body"] + 4,
                                           color=PALETTE["fit"]))
            readout.arrange(DOWN, buff=0.15).next_to(diagram.output_column(), DOWN, buff=0.7)
            pointer = Arrow(readout.get_top(), diagram.output_column().nodes.get_bottom(), buff=0.08,
                            color=PALETTE["fit"], stroke_width=3, max_tip_length_to_length_ratio=0.3)
            self.play(FadeIn(readout), GrowArrow(pointer), run_time=0.8)
            self.wait(3)
            shown = Group(digit, name, arrow, readout, pointer)
        self.wait(1)


class CourseNetScene(PartScene):
    part = CourseNet


class CountingScene(PartScene):
    part = Counting


class MnistWeightsScene(PartScene):
    part = MnistWeights


class ForwardPassScene(PartScene):
    part = ForwardPass


class DiagramLesson(LessonScene):
    parts = [CourseNet, Counting, MnistWeights, ForwardPass]


default_scene("DiagramLesson")
