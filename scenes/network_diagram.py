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
    Group, Line, UpdateFromAlphaFunc,
)
from torch import nn

import engine
from engine import forward
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.network import NetworkDiagram, WeightImageGrid
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain

__all__ = ["course_net", "counting_examples", "CourseNet", "Counting", "MnistWeights", "ForwardPass", "DiagramLesson"]

MNIST = "05wk-2/mnist-gd"
MONO = "DejaVu Sans Mono"


def course_net() -> nn.Sequential:
    """The course's first diagram: X -> l1 -> u -> relu -> v -> l2 -> sig -> yhat."""
    return nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1), nn.Sigmoid())


def counting_examples() -> list[nn.Sequential]:
    """The counting exercises: 2 and 3 Linear layers, with ReLU/Sigmoid and with Dropout between."""
    return [
        course_net(),
        nn.Sequential(nn.Linear(1, 4), nn.ReLU(), nn.Dropout(0.8), nn.Linear(4, 1)),
        nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 3), nn.Sigmoid(), nn.Linear(3, 1)),
        nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 3), nn.ReLU(),
                      nn.Dropout(0.5), nn.Linear(3, 1), nn.Sigmoid()),
    ]


def _sizes(experiment: str) -> str:
    """'784-32-1' from an experiment's model spec (no recording needed, so titles list fast)."""
    linear = [layer for layer in engine.get_config(experiment).model if layer[0] == "linear"]
    return "-".join(str(n) for n in [linear[0][1]] + [layer[2] for layer in linear])


def _title(key: str) -> Text:
    return label(key, size="title").to_edge(UP, buff=0.35)


def _code(net: nn.Module, size: float = 18) -> Text:
    """torch's own printout of the model, in a monospace font."""
    return Text(repr(net), font=MONO, font_size=size, color=PALETTE["text"], line_spacing=0.8)


class CourseNet(Part):
    id = "diagram.course_net"
    title_key = "diagram.title.course_net"
    lecture = "05wk-2"

    def run(self):
        net = course_net()
        title = _title(self.title_key)
        code = _code(net).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.9)
        chain = MathTex(r"X", r"\xrightarrow{l_1}", "u", r"\xrightarrow{\mathrm{relu}}", "v",
                        r"\xrightarrow{l_2}", r"\xrightarrow{\mathrm{sig}}", r"\hat{y}", font_size=40)
        chain.next_to(code, RIGHT, buff=0.8).align_to(code, UP)
        self.play(Write(title), FadeIn(code))
        self.play(Write(chain))
        staged = NetworkDiagram.from_spec(engine.describe(net), width=10, height=2.6).to_edge(DOWN, buff=1.0)
        caption = label("diagram.staged", size="caption", color=PALETTE["muted"]).to_edge(DOWN, buff=0.3)
        self.play(Create(staged, lag_ratio=0.05), FadeIn(caption), run_time=2.5)
        self.wait(1.5)
        compact = NetworkDiagram.from_spec(engine.describe(net), compact=True, width=6.5, height=2.6)
        compact.move_to(staged)
        caption2 = label("diagram.compact", size="caption", color=PALETTE["muted"]).move_to(caption)
        self.play(ReplacementTransform(staged, compact), ReplacementTransform(caption, caption2), run_time=1.5)
        self.wait(2)


class Counting(Part):
    id = "diagram.counting"
    title_key = "diagram.title.counting"
    lecture = "05wk-2"

    def run(self):
        title = _title(self.title_key)
        rule = VGroup(label("diagram.layer_rule", size="small", color=PALETTE["muted"]),
                      label("diagram.hidden_rule", size="small", color=PALETTE["muted"]))
        rule.arrange(RIGHT, buff=0.6).next_to(title, DOWN, buff=0.2)
        self.play(Write(title), FadeIn(rule))
        shown = VGroup()
        for net in counting_examples():
            if len(shown):
                self.play(FadeOut(shown), run_time=0.5)
            shown = self.show_example(net, rule)
        self.wait(1)

    def show_example(self, net: nn.Sequential, rule: VGroup) -> VGroup:
        specs = engine.describe(net)
        layers, hidden = engine.count_layers(specs)
        code = _code(net, size=13).to_corner(UP + LEFT, buff=0.35).shift(DOWN * 1.35)
        right = code.get_right()[0] + 0.6
        diagram = NetworkDiagram.from_spec(specs, width=6.9 - right - 0.4, height=2.6, label_size=30)
        diagram.move_to([(right + 6.9) / 2, 0.1, 0])
        self.play(FadeIn(code), Create(diagram, lag_ratio=0.03), run_time=1.5)
        counter = label("diagram.layers", n=0, size="body")
        counter.next_to(code, DOWN, buff=0.45, aligned_edge=LEFT)
        self.add(counter)
        params = VGroup()
        k = 0
        for stage, spec in zip(diagram.stages, [s for s in specs if s.kind != "flatten"]):
            if spec.kind != "linear":
                continue
            k += 1
            i = list(diagram.stages).index(stage)
            box = SurroundingRectangle(diagram.stage_group(i), color=PALETTE["fit"], buff=0.08)
            new_counter = label("diagram.layers", n=k, size="body").move_to(counter, aligned_edge=LEFT)
            term = MathTex(rf"l_{{{k}}}:\ {spec.in_features}\cdot{spec.out_features}"
                           + (rf" + {spec.out_features}" if spec.bias else "") + rf" = {spec.n_params}",
                           font_size=30, color=PALETTE["text"])
            params.add(term)
            params.arrange(RIGHT, buff=0.6).to_edge(DOWN, buff=0.45).set_x(0)
            self.play(Create(box), Transform(counter, new_counter), FadeIn(term), run_time=0.8)
            self.play(FadeOut(box), run_time=0.3)
        assert k == layers
        hidden_text = label("diagram.hidden", n=hidden, size="body").next_to(counter, DOWN, buff=0.2, aligned_edge=LEFT)
        total = label("diagram.params_total", n=sum(s.n_params for s in specs), size="caption", color=PALETTE["muted"])
        total.next_to(hidden_text, DOWN, buff=0.2, aligned_edge=LEFT)
        self.play(FadeIn(hidden_text), FadeIn(total), Indicate(rule[1], color=PALETTE["fit"]), run_time=1)
        self.wait(1.2)
        return VGroup(code, diagram, counter, params, hidden_text, total)


def _legend() -> VGroup:
    rows = VGroup()
    for key in ("positive", "negative"):
        line = Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=4, color=PALETTE[key])
        rows.add(VGroup(line, label(f"diagram.{key}", size="small")).arrange(RIGHT, buff=0.15))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


class MnistWeights(Part):
    id = "diagram.mnist"
    title_key = "diagram.title.mnist"
    lecture = "05wk-2"
    experiments = (MNIST,)
    #: epochs are sampled every ``step`` so the run plays in a few seconds
    step = 5
    n_units = 4

    @classmethod
    def title_args(cls) -> dict:
        return {"sizes": _sizes(MNIST)}

    def run(self):
        rec = recording(MNIST)
        states = np.arange(0, rec.n_states, self.step)
        if states[-1] != rec.n_states - 1:
            states = np.append(states, rec.n_states - 1)  # the last epoch is always shown
        title = label(self.title_key, size="title", **self.title_args()).to_edge(UP, buff=0.35)
        diagram = NetworkDiagram.from_recording(rec, state=0, compact=True, width=4.6, height=5.2)
        diagram.move_to([-3.3, -0.45, 0])
        legend = _legend().to_corner(DOWN + LEFT, buff=0.3)

        units = forward.strongest_units(rec, self.n_units)
        # the weights move ~5% away from their random init: the change since epoch 0 shows what was learned
        w1 = rec.param("0.weight")
        delta = w1[:, units] - w1[0, units]
        scale = float(np.percentile(np.abs(delta[-1]), 99))
        images = WeightImageGrid(delta[0], scale, rows=2, cell_height=1.5).move_to([3.4, -0.5, 0])
        names = VGroup(*(label("diagram.unit", k=int(u), size="small").next_to(images.cell(n), DOWN, buff=0.08)
                         for n, u in enumerate(units)))
        head = label("diagram.unit_delta", size="caption", color=PALETTE["muted"]).next_to(images, UP, buff=0.3)

        epoch_word = label("common.epoch", size="body")
        epoch = plain("0", size="body", color=PALETTE["fit"])
        counter = VGroup(epoch_word, epoch).arrange(RIGHT, buff=0.2).next_to(title, DOWN, buff=0.25)

        # static things first: Cairo redraws only what comes after the first moving mobject
        self.play(Write(title), FadeIn(legend), FadeIn(head), FadeIn(names), FadeIn(epoch_word), FadeIn(diagram))
        self.play(FadeIn(images), FadeIn(epoch))
        self.wait(0.5)

        def at(k: int):
            s = int(states[k])
            images.set_values(delta[s])
            epoch.become(plain(str(s * rec.n_epochs // rec.n_updates), size="body", color=PALETTE["fit"])
                         .move_to(epoch, aligned_edge=LEFT))
            return forward.weights_at(rec, s)

        # the images and the counter change with the edges: name them so Cairo redraws them
        self.play(diagram.animate_weights(at, len(states), run_time=8),
                  *(UpdateFromAlphaFunc(m, lambda m, a: None, run_time=8) for m in (images, epoch)))
        acc = label("diagram.accuracy", acc=f"{rec.accuracy:.4f}", size="body", color=PALETTE["fit"])
        acc.next_to(counter, RIGHT, buff=0.8)
        self.play(FadeIn(acc))
        self.wait(2)


class ForwardPass(Part):
    id = "diagram.forward"
    title_key = "diagram.title.forward"
    lecture = "05wk-2"
    #: which of the recording's shown test digits go through the net (a zero, then a one)
    digits = (0, 8)

    def run(self):
        rec = recording(MNIST)
        title = _title(self.title_key)
        diagram = NetworkDiagram.from_recording(rec, state=-1, width=8.4, height=4.6)
        diagram.move_to([0.9, -0.5, 0])
        caption = label("diagram.recorded", epoch=rec.n_epochs, size="small", color=PALETTE["muted"])
        caption.to_edge(DOWN, buff=0.25)
        self.play(Write(title), FadeIn(diagram), FadeIn(caption))
        acts = forward.activations(rec, rec.data("x_show"), state=-1)
        images = rec.data("show_images")
        labels = rec.data("y_show")
        shown = Group()
        for d in self.digits:
            if len(shown):
                self.play(FadeOut(shown), *(diagram.light_column(k, np.zeros(c.size)) for k, c in enumerate(diagram.columns)),
                          run_time=0.5)
            digit = ImageMobject(images[d]).set_resampling_algorithm(0)
            digit.height = 1.8
            digit.move_to([-5.6, -0.3, 0])
            name = label("diagram.digit", label=int(labels[d, 0]), size="small").next_to(digit, DOWN, buff=0.15)
            arrow = Arrow(digit.get_right(), diagram.columns[0].get_left() + LEFT * 0.1, buff=0.1,
                          color=PALETTE["muted"], stroke_width=3)
            self.play(FadeIn(digit), FadeIn(name), Create(arrow), run_time=0.8)
            for k, col in enumerate(diagram.columns):
                values = acts[k][d]
                last = k == len(diagram.columns) - 1
                signed = 0 < k and not last
                self.play(diagram.light_column(k, values, scale=1.0 if (k == 0 or last) else None, signed=signed),
                          run_time=0.6)
            prob = acts[-1][d, 0]
            readout = VGroup(label("diagram.probability", size="caption"),
                             DecimalNumber(prob, num_decimal_places=4, font_size=FONT_SIZE["body"] + 4,
                                           color=PALETTE["fit"]))
            readout.arrange(DOWN, buff=0.15).next_to(diagram.output_column(), DOWN, buff=0.5)
            self.play(FadeIn(readout))
            self.wait(1.5)
            shown = Group(digit, name, arrow, readout)
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
