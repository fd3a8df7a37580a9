"""05wk-2 network diagrams: the course's nets drawn from their nn.Sequential, then the MNIST net learning.

Parts, in the course's order ("1. 신경망의 표현"): the logistic model's five drawings
(``representations``), the net Linear(1,2), ReLU, Linear(2,1), Sigmoid as code, formula and
diagram (``course_net``), layers and nodes (``layer-names``), the six counting examples
(``counting``), the MNIST 784-32-1 net learning (``mnist``) and a forward pass (``forward``).

``manim render scenes/network_diagram.py`` renders the whole lesson (one
section per part); ``manim render scenes/network_diagram.py MnistWeightsScene``
renders one part.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DecimalNumber,
    FadeIn,
    FadeOut,
    FadeTransform,
    Group,
    GrowArrow,
    ImageMobject,
    Indicate,
    Line,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
    Write,
)
from torch import nn

import engine
from engine import forward
from lectures.wk05_2.declaration import LECTURE
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.network import (
    STAGE_TEX,
    NetworkDiagram,
    SequentialCode,
    WeightImageGrid,
    diverging_bar,
    intensity_bar,
)
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain

__all__ = ["LECTURE", "course_net", "counting_examples", "logistic_nets", "representation_labels", "chain_tex", "CourseNet",
           "Counting", "Representations", "LayerNames", "MnistWeights", "ForwardPass", "DiagramLesson"]

MNIST = "05wk-2/mnist-gd"


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
            arrow = STAGE_TEX.get(s.kind) or r"\mathrm{drop}"
            last = (r"\boldsymbol d" if s.kind == "dropout" else r"\boldsymbol v") + f"^{{({k})}}"
        pieces += [rf"\xrightarrow{{{arrow}}}", rf"\underset{{(n,{size})}}{{{last}}}"]
    pieces += ["=", rf"\underset{{(n,{size})}}{{\hat{{\bf y}}}}"]
    return pieces


def collapse(part: Part, staged: NetworkDiagram, compact: NetworkDiagram, *others, run_time: float = 2.0) -> None:
    """Play the staged drawing folding into the compact one: each (u -> v) pair's nodes move into
    one node, the Linear edges follow, activation links and stage labels fade, the tags appear.
    Afterwards ``compact`` is on screen as one mobject (labels cross-fade, never scramble)."""
    anims, k = [], 0
    for i, col in enumerate(staged.columns):
        if i and staged.stages[i - 1].spec.kind == "linear":
            k += 1
        target = compact.columns[k]
        anims.append(Transform(col.nodes, target.nodes.copy()))
        extras = VGroup(*(m for m in (col.ellipsis, col.brace, col.count, col.label, col.tag) if m is not None))
        if len(extras):
            anims.append(FadeOut(extras))
    for bundle, target in zip(staged.edges, compact.edges):
        anims.append(Transform(bundle, target.copy()))
    anims += [FadeOut(stage) for stage in staged.stages if stage.spec.kind != "linear"]
    anims.append(FadeOut(staged.stage_labels))
    news = VGroup(*(m for col in compact.columns for m in (col.ellipsis, col.brace, col.count, col.label, col.tag)
                    if m is not None))
    anims.append(FadeIn(news))
    part.play(*anims, *others, run_time=run_time)
    part.remove(*staged.get_family(), news)  # staged may be on screen piece by piece: remove every piece
    part.add(compact)


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
        title = self.title_at_top(buff=0.35)
        code = SequentialCode(specs, font_size=20).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.9)
        # the whole formula fits beside the code (8.6 units at 28; TeX is as tall as text at one size)
        chain = MathTex(*chain_tex(specs), font_size=28)
        chain.next_to(code, RIGHT, buff=0.45).align_to(code, UP).shift(DOWN * 0.25)
        staged = NetworkDiagram.from_spec(specs, width=11, height=3.0, node_radius=0.2, node_gap=1.4,
                                          label_size=30).to_edge(DOWN, buff=1.0)
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
        # the conclusion: the last feature is the prediction, both ends in the highlight colour (a box
        # around the formula's end touched the sig arrow's tip and the v: there is no room between them)
        ends = [*chain[-3:], staged.output_column().label]
        colors = [m.get_color() for m in ends]
        self.play(*(m.animate.set_color(PALETTE["fit"]) for m in ends), run_time=0.8)
        self.wait(3)
        self.play(*(m.animate.set_color(c) for m, c in zip(ends, colors)), run_time=0.4)
        # the compact form: a node is the pair (u -> v), its activation written under it
        compact = NetworkDiagram.from_spec(specs, compact=True, width=7, height=3.0, node_radius=0.2, node_gap=1.4,
                                           label_size=30)
        compact.move_to(staged).align_to(staged, DOWN)
        caption2 = label("diagram.compact", size="caption", color=PALETTE["muted"]).move_to(caption)
        collapse(self, staged, compact, FadeTransform(caption, caption2))
        tags = VGroup(*(c.tag for c in compact.columns if c.tag is not None))
        self.play(*(Indicate(t, color=PALETTE["fit"], scale_factor=1.3) for t in tags), run_time=1.5)
        self.wait(3)


class Counting(Part):
    """The course's six counting examples: a layer is a Linear (trainable weights); hidden = layers - 1.

    Beats: the title and the two rules. For each example: its code and its diagram; then each
    Linear module in turn: its code line and its edges light up and the layer counter steps
    up; the hidden-layer count follows from the rule, which is pointed at, and the answer is held
    3 s. The first example goes slowly, later ones faster. Examples 3 and 4 (Linear alone; Linear then Sigmoid) have
    one layer and no hidden layer, said on screen. Last, the course's remark: some texts count
    layers + 1, which is wrong; hidden layers are counted the same everywhere, held to the end.
    """

    id = "diagram.counting"
    title_key = "diagram.title.counting"
    lecture = "05wk-2"

    def run(self):
        title = self.title_at_top(buff=0.35)
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
                                           height=2.4, label_size=26)
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
        self.wait(3)   # each answer is a conclusion: held 3 s (it was gone after 1 to 2 s)
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


def _legend(what: str = "weight") -> VGroup:
    """What an edge shows: its colour the sign of its ``what`` (weight, or change since epoch 0), its width the size."""
    rows = VGroup()
    for key in ("positive", "negative"):
        line = Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=4, color=PALETTE[key])
        rows.add(VGroup(line, label(f"diagram.{what}_{key}", size="small")).arrange(RIGHT, buff=0.15))
    widths = VGroup(*(Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=w, color=PALETTE["muted"]) for w in (0.5, 2, 4)))
    widths.arrange(RIGHT, buff=0.05)
    rows.add(VGroup(widths, label(f"diagram.{what}_width", size="small")).arrange(RIGHT, buff=0.15))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def _eased_states(n_states: int, n_frames: int, power: float = 2.5) -> np.ndarray:
    """States to show, dense at the start (most of the change is early), every one distinct, the last included."""
    t = np.linspace(0, 1, n_frames)
    return np.unique(np.round((n_states - 1) * t ** power).astype(int))


def mnist_view(rec, n_units: int = 4) -> dict:
    """What the MNIST part draws, as a pure function of the recording.

    ``units``: the ``n_units`` hidden units that matter most at the end (largest outgoing weights),
    in index order, so the diagram's hidden nodes (top to bottom) and the images (row by row) are
    the same units in the same order. ``pixels``: the ``n_units`` input pixels whose weights into
    those units changed most (the input nodes drawn: an edge from an always-black corner pixel
    never changes). ``changes(s)``: every Linear's weights at state ``s`` minus at state 0, what the
    edges draw (the weights move ~5% from their random init: drawn as they are, the diagram would
    not visibly move); ``scales``: one |change| per Linear that draws at full width (the largest
    last change among the edges drawn), fixed for the whole run.
    """
    units = np.sort(forward.strongest_units(rec, n_units))
    w1 = rec.param("0.weight")
    moved = np.abs(w1[-1, units] - w1[0, units]).sum(axis=0)
    pixels = np.sort(np.argsort(-moved, kind="stable")[:n_units])
    first = forward.weights_at(rec, 0)

    def changes(s: int) -> list[np.ndarray]:
        return [w - w0 for w, w0 in zip(forward.weights_at(rec, s), first)]

    last = changes(-1)
    # full width: the largest last change among the edges drawn (the pixels' into the units, the units' out)
    scales = [float(np.abs(last[0][np.ix_(units, pixels)]).max()) or 1.0, float(np.abs(last[1][:, units]).max()) or 1.0]
    return {"units": units, "pixels": pixels, "changes": changes, "scales": scales,
            "delta": w1[:, units] - w1[0, units]}


class MnistWeights(Part):
    """The 784-32-1 net learning zeros vs ones: what training changes, edge by edge and unit by unit.

    Beats: the title; the compact diagram (784 inputs, 32 hidden, 1 output, elided with counts)
    whose hidden nodes are the four units that matter most at the end (the largest outgoing
    weights) and whose input nodes the pixels whose weights into them moved most; at epoch 0
    every edge is a hairline. The edge legend: an edge draws its weight's change since epoch 0
    (colour = sign, width = size). The four units' first-layer weights as 28x28 images of the
    same change, with a colour bar; each unit is pointed at in turn: its node and its image lit
    together, an arrow from the node to the image. The epoch counter at 0. Then training: the
    first epochs slowly, then faster to the last epoch; the edges grow and the images fill in
    together. The conclusion: the train accuracy (from the recording) is written and the images,
    where strokes of 0 and 1 appeared, are framed and held.
    The student leaves knowing: training changes the weights, most of all those from the pixels
    where zeros and ones differ; a hidden unit's input weights, drawn as an image, show what it
    learned to look for.
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
        view = mnist_view(rec, self.n_units)
        units, delta = view["units"], view["delta"]
        title = self.title_at_top(buff=0.35, **self.title_args())
        # the hidden nodes are the units whose images are shown; edges draw each weight's change since epoch 0
        diagram = NetworkDiagram.from_recording(rec, state=0, compact=True, width=4.0, height=4.2, label_size=28,
                                                keep=self.n_units // 2, weight_scales=view["scales"],
                                                shown={0: view["pixels"], 1: units})
        diagram.set_weights(view["changes"](0))
        diagram.move_to([-3.7, -0.3, 0])
        legend = _legend("change").to_corner(DOWN + LEFT, buff=0.3)
        hidden = diagram.columns[1]
        # each unit's number right of its node, on the side away from its edge to the output (above the
        # edge for the upper nodes, under it for the lower ones)
        numbers = VGroup()
        for u, node in zip(units, hidden.nodes):
            side = UP if node.get_y() > diagram.output_column().nodes.get_y() else DOWN
            numbers.add(MathTex(str(int(u)), font_size=FONT_SIZE["small"], color=PALETTE["fit"])
                        .next_to(node, RIGHT, buff=0.04).shift(side * 0.2))

        scale = float(np.percentile(np.abs(delta[-1]), 99))
        images = WeightImageGrid(delta[0], scale, rows=2, cell_height=1.5).move_to([2.4, -0.6, 0])
        names = VGroup(*(label("diagram.unit", k=int(u), size="small").next_to(images.cell(n), DOWN, buff=0.08)
                         for n, u in enumerate(units)))
        head = label("diagram.unit_delta", size="caption", color=PALETTE["muted"]).next_to(images, UP, buff=0.3)
        # the caption above says what the bar measures: the change of each weight since epoch 0
        bar = diverging_bar(scale, height=images.height)
        bar.next_to(images, RIGHT, buff=0.5).align_to(images, DOWN)

        epoch_word = label("common.epoch", size="body")
        epoch = plain("0", size="body", color=PALETTE["fit"])
        counter = VGroup(epoch_word, epoch).arrange(RIGHT, buff=0.2).next_to(title, DOWN, buff=0.25)

        # build up; static things first: Cairo redraws only what comes after the first moving mobject
        self.play(Write(title), run_time=1)
        self.play(FadeIn(diagram.columns), FadeIn(numbers), run_time=1.2)
        self.play(FadeIn(diagram.stages), FadeIn(legend), run_time=1.2)
        self.wait(0.5)
        self.play(FadeIn(head), FadeIn(names), FadeIn(bar), FadeIn(images), run_time=1.2)
        # each hidden node is the unit whose image is shown: node and image lit together, an arrow between
        for n, node in enumerate(hidden.nodes):
            ring = node.copy().set_fill(opacity=0).set_stroke(PALETTE["fit"], width=5)
            box = SurroundingRectangle(images.cell(n), color=PALETTE["fit"], buff=0.03, stroke_width=4)
            # from the unit's number: the upper units' arrows bow up over the output's name, the lower ones under it
            above = node.get_y() > diagram.output_column().nodes.get_y()
            pointer = Arrow(numbers[n].get_right(), images.cell(n).get_left(), buff=0.08, color=PALETTE["fit"],
                            stroke_width=3, max_tip_length_to_length_ratio=0.05, path_arc=-0.5 if above else 0.3)
            self.play(Create(ring), Create(box), GrowArrow(pointer), Indicate(names[n], color=PALETTE["fit"]),
                      Indicate(numbers[n], color=PALETTE["fit"]), run_time=0.9 if n == 0 else 0.6)
            self.play(FadeOut(ring), FadeOut(box), FadeOut(pointer), run_time=0.3)
        self.play(FadeIn(epoch_word), FadeIn(epoch), run_time=0.6)
        self.wait(0.5)

        def at(k: int):
            s = int(states[k])
            images.set_values(delta[s])
            epoch.become(plain(str(s * rec.n_epochs // rec.n_updates), size="body", color=PALETTE["fit"])
                         .move_to(epoch, aligned_edge=LEFT))
            return view["changes"](s)

        # the images and the counter change with the edges: name them so Cairo redraws them
        self.play(diagram.animate_weights(at, len(states), run_time=12),
                  *(UpdateFromAlphaFunc(m, lambda m, a: None, run_time=12) for m in (images, epoch)))
        acc = label("diagram.accuracy", acc=f"{rec.accuracy:.4f}", size="body", color=PALETTE["fit"])
        acc.next_to(counter, RIGHT, buff=0.8)
        strokes = label("diagram.strokes", size="caption", color=PALETTE["fit"])
        strokes.next_to(names, DOWN, buff=0.35).align_to(images, LEFT)
        frame = SurroundingRectangle(Group(images, names), color=PALETTE["fit"], buff=0.1)
        # in two plays: an Indicate started with the FadeIn would copy acc still invisible and end on that copy
        self.play(FadeIn(acc), run_time=0.6)
        self.play(Indicate(acc, color=PALETTE["fit"]), run_time=1.0)
        self.play(Create(frame), FadeIn(strokes), run_time=1)
        self.wait(3.5)


class ForwardPass(Part):
    """Two test digits through the trained 784-32-1 net, module by module, with torch's values; why right but unsure.

    Beats: the title; the staged diagram with the recorded final weights (X, u(1), v(1), u(2),
    yhat) with the edge legend (colour = sign, width = |w|) and the two colour bars (pixels and P
    from 0 to 1; u and v signed, one scale for both digits); a caption saying where the values
    come from. A zero goes in: its pixels light the input nodes, then each column lights in turn
    (slowly the first time); P(digit is 1) is read off at the output node with an arrow. Why it is
    right but unsure: 0.3142 < 0.5, so it says 0: right; but far from 0: its BCE term
    -log(1 - 0.3142) = 0.38 (typeset), held 3 s. Then a one, faster: 0.5790 > 0.5 says 1, right;
    -log(0.5790) = 0.55. Last, the net as a whole: after 700 epochs the training loss is still 0.47
    (the recording's) while the accuracy is 0.9953: right on almost every digit, not yet sure;
    held 3.5 s.
    The student leaves knowing: the output is a probability; the side of 0.5 decides the class, and
    the loss measures how far from sure the net still is.
    """

    id = "diagram.forward"
    experiments = (MNIST,)
    title_key = "diagram.title.forward"
    lecture = "05wk-2"
    #: which of the recording's shown test digits go through the net (a zero, then a one)
    digits = (0, 8)

    @classmethod
    def input_pixels(cls, x: np.ndarray, keep: int = 3) -> list[int]:
        """``2 * keep`` pixels to draw as input nodes: the brightest of each digit shown, in turn."""
        picked: list[int] = []
        order = [np.argsort(-x[d], kind="stable") for d in cls.digits]
        while len(picked) < 2 * keep:
            for o in order:
                nxt = next(int(i) for i in o if int(i) not in picked)
                if len(picked) < 2 * keep:
                    picked.append(nxt)
        return sorted(picked)

    def run(self):
        rec = recording(MNIST)
        title = self.title_at_top(buff=0.35)
        acts = forward.activations(rec, rec.data("x_show"), state=-1)
        # the input nodes drawn are pixels the two digits use (the first and last pixels are always 0)
        diagram = NetworkDiagram.from_recording(rec, state=-1, width=7.6, height=4.2, label_size=28,
                                                shown={0: self.input_pixels(acts[0], keep=3)})
        diagram.move_to([0.3, -0.3, 0])
        # the name of the one-node column u(2) goes up and to the right of its node: straight above it, the
        # edges coming in from the top of v(1) would run through it
        u2 = diagram.columns[-2]
        u2.label.next_to(u2.nodes, UP, buff=0.15).align_to(u2.nodes, LEFT)
        caption = label("diagram.recorded", epoch=rec.n_epochs, size="small", color=PALETTE["muted"])
        # the edges' colours and widths are the weights': their legend in the bottom-left corner, the
        # caption beside it in the bottom-right one
        legend = _legend().to_corner(DOWN + LEFT, buff=0.3)
        caption.to_corner(DOWN + RIGHT, buff=0.25)
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
        self.play(FadeIn(diagram.stages), FadeIn(legend), FadeIn(caption), run_time=1.2)
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
            readout.shift(LEFT * max(0.0, readout.get_right()[0] - (bars.get_left()[0] - 0.4)))  # clear of the bars
            pointer = Arrow(readout.get_top(), diagram.output_column().nodes.get_bottom(), buff=0.08,
                            color=PALETTE["fit"], stroke_width=3, max_tip_length_to_length_ratio=0.3)
            self.play(FadeIn(readout), GrowArrow(pointer), run_time=0.8)
            self.wait(1.0)
            # why it is right but unsure: the side of 0.5 it falls on, and how far from its label it still is
            why = verdict(prob, int(labels[d, 0]))      # right of v(1)'s name, over yhat's, left of the bars
            why.move_to([3.3, 1.55, 0]).shift(RIGHT * min(0.0, bars.get_left()[0] - 0.3 - why.get_right()[0]))
            self.play(FadeIn(why[0]), run_time=0.8)
            self.play(FadeIn(why[1]), run_time=0.8)
            self.wait(3.0)
            shown = Group(digit, name, arrow, readout, pointer, why)
        # the net as a whole: right on almost every training digit, and its loss says how unsure it still is
        last = label("diagram.fw.loss", size="caption", color=PALETTE["fit"], e=rec.n_epochs, loss=f"{rec.loss[-1]:.2f}",
                     acc=f"{rec.accuracy:.4f}")
        last.next_to(title, DOWN, buff=0.15)
        self.play(FadeOut(shown[-1]), FadeIn(last), run_time=1.0)
        self.wait(3.5)


def bce_term(p: float, y: int) -> float:
    """One digit's BCE loss: -log(p) for a one, -log(1 - p) for a zero (what the mean loss averages)."""
    return float(-np.log(p if y == 1 else 1.0 - p))


def verdict(p: float, y: int) -> VGroup:
    """Why a prediction ``p`` = P(digit is 1) of a digit labelled ``y`` is right but unsure, in two lines:
    the side of 0.5 it is on (typeset) and "right"; how far from ``y`` it is, as its BCE term (typeset)."""
    side = ">" if p > 0.5 else "<"
    says = 1 if p > 0.5 else 0
    first = VGroup(MathTex(rf"{p:.4f} {side} 0.5", font_size=FONT_SIZE["caption"]),
                   label("diagram.fw.right" if says == y else "diagram.fw.wrong", size="small", k=says,
                         color=PALETTE["fit"] if says == y else PALETTE["negative"])).arrange(RIGHT, buff=0.2)
    arg = f"{p:.4f}" if y == 1 else f"1 - {p:.4f}"
    second = VGroup(label("diagram.fw.unsure", size="small", y=y, color=PALETTE["muted"]),
                    MathTex(rf"-\log({arg}) = {bce_term(p, y):.2f}", font_size=FONT_SIZE["caption"]))
    second.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    return VGroup(first, second).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def logistic_nets() -> tuple[nn.Sequential, nn.Sequential]:
    """The course's logistic model with the 1 as an input (bias=False) and with bias=True."""
    return (nn.Sequential(nn.Linear(2, 1, bias=False), nn.Sigmoid()),
            nn.Sequential(nn.Linear(1, 1), nn.Sigmoid()))


def representation_labels(version: str, i: str = "i") -> dict:
    """Node and edge labels of the course's logistic diagrams (표현1-5) for ``NetworkDiagram``.

    ``version``: "1" and "2" (observation ``i``: x_i, yhat_i), "3" (x, yhat), "4" (bias=True:
    no 1 node, w1-hat), "4b" (w-hat), "5" (the linear output written u).

    From (2) on, the linear node says which Linear it is, as the course's figures do: (3) is
    "w0 + x*w1, bias=False" (the 1 is an input with its weight w0), (4) "x*w1, bias=True": the
    1 node is gone but the bias is not, it lives inside the node (torch adds it there).
    """
    sub = f"_{{{i}}}" if version in ("1", "2") else ""
    x, y = f"x{sub}", rf"\hat{{y}}{sub}"
    if version in ("1", "2", "3"):
        middle = rf"\hat{{w}}_0 + {x}\hat{{w}}_1"
        if version != "1":      # (1)'s small rows: the code beside them says bias=False
            middle = _two_lines(middle, r"\texttt{\small bias=False}")
        return {"node_labels": [["1", x], [middle], [y]],
                "edge_labels": [{(0, 0): r"\times\hat{w}_0", (0, 1): r"\times\hat{w}_1"}]}
    w = {"4": r"\hat{w}_1", "4b": r"\hat{w}", "5": r"\hat{w}"}[version]
    middle = "u" if version == "5" else f"x{w}"
    return {"node_labels": [[x], [_two_lines(middle, r"\texttt{\small bias=True}")], [y]],
            "edge_labels": [{(0, 0): rf"\times{w}"}]}


def _two_lines(*lines: str) -> str:
    """TeX of lines centred over each other (a node's name, then which Linear it is)."""
    return r"\begin{gathered}" + r"\\ ".join(lines) + r"\end{gathered}"


class Representations(Part):
    """The course's five drawings of the logistic model, one morphing into the next.

    Beats: the title; the code with bias=False (the 1 is an input). (1) every observation:
    rows for i = 1, 2, ..., n drawn one after another, weights on the edges; its drawback
    (the same picture over and over) said. (2) the rows collapse into one row for observation
    i: repeated for every i it is (1). (3) x_i, y_i become x, y; the linear node reads
    "w0-hat + x w1-hat, bias=False", as the course's figure. (4) bias=True: the 1 node
    and its edge are marked and dropped, the code changes with them, and the node now reads
    "x w1-hat, bias=True"; a sentence with an arrow onto the node says where the bias went
    (the 1 is left out, not the bias: torch adds it inside the node), held 3 s; then w1-hat
    becomes w-hat. (5) the linear output is written u (still bias=True), the last drawing held.
    The student leaves knowing: every drawing is the same model; bias=True moves the 1 and its
    weight into the node, it does not remove them.
    Every drawing is a ``NetworkDiagram`` of the Sequential in the code.
    """

    id = "diagram.representations"
    title_key = "diagram.title.representations"
    lecture = "05wk-2"

    def diagram(self, version: str, i: str = "i", **kw) -> NetworkDiagram:
        net = logistic_nets()[0 if version in ("1", "2", "3") else 1]
        kw = {"width": 7.0, "height": 1.0, "node_radius": 0.15, "node_gap": 1.0, "label_size": 28,
              "names": [None, None, None], "show_stage_labels": False, **kw}
        d = NetworkDiagram.from_spec(engine.describe(net), **representation_labels(version, i), **kw)
        # the course writes the sigmoid on its link, as the weights are written on theirs
        link = d.stages[1].links[0]
        d.stage_labels.add(MathTex(r"\mathrm{sig}", font_size=kw["label_size"] * 0.85, color=PALETTE["fit"])
                           .next_to(link, UP, buff=0.12))
        return d

    def swap(self, old: NetworkDiagram, new: NetworkDiagram, *others, run_time: float = 1.2,
             keep_old: VGroup | None = None, keep_new: VGroup | None = None) -> None:
        """Play ``old`` becoming ``new``: nodes and links move, labels cross-fade (no scrambled glyphs).

        ``keep_old``/``keep_new``: the geometry to move when the drawings differ in nodes (the
        rest of ``old`` is expected gone). Afterwards only ``new`` is on screen, as one mobject.
        """
        def geometry(d):
            return VGroup(*(c.nodes for c in d.columns), d.stages)

        def labels(d):
            return VGroup(d.node_labels, d.stage_labels, *d.edge_labels)

        g_old, g_new = keep_old or geometry(old), keep_new or geometry(new)
        l_old, l_new = labels(old), labels(new)
        self.play(ReplacementTransform(g_old, g_new), FadeTransform(l_old, l_new), *others, run_time=run_time)
        self.remove(g_new, l_new, *old.get_family())
        self.add(new)

    def run(self):
        title = self.title_at_top(buff=0.35)
        caption = self.caption = label("diagram.repr.1", size="caption", color=PALETTE["fit"])
        caption.next_to(title, DOWN, buff=0.25)
        code_of = [SequentialCode(engine.describe(net), font_size=20).to_corner(DOWN + LEFT, buff=0.35)
                   for net in logistic_nets()]
        code = code_of[0]
        self.play(Write(title), run_time=1)
        self.play(FadeIn(caption), FadeIn(code), run_time=1)
        # (1) every observation, row by row
        # the rows (label size 24: their edge labels at 0.85 of it stay at font size 20) right of the code,
        # which sits under their left end
        rows = VGroup(*(self.diagram("1", i, width=5.2, height=0.5, node_gap=0.5, label_size=24)
                        for i in ("1", "2", "n")))
        dots = MathTex(r"\vdots", font_size=30, color=PALETTE["muted"])
        stack = VGroup(rows[0], rows[1], dots, rows[2]).arrange(DOWN, buff=0.4)
        stack.next_to(caption, DOWN, buff=0.3)
        stack.shift(RIGHT * (code.get_right()[0] + 0.4 - stack.get_left()[0]))
        for k, row in enumerate(rows):
            self.play(FadeIn(row.columns), FadeIn(row.node_labels), run_time=0.8 if k == 0 else 0.5)
            self.play(Create(row.stages), FadeIn(row.stage_labels), FadeIn(*row.edge_labels),
                      run_time=1.0 if k == 0 else 0.5)
            if k == 1:
                self.play(FadeIn(dots), run_time=0.4)
        con = label("diagram.repr.1_con", size="caption", color=PALETTE["negative"])
        con.next_to(code, UP, buff=0.6, aligned_edge=LEFT)   # left of the rows, over the code
        self.play(FadeIn(con), *(Indicate(r.node_labels[1], color=PALETTE["negative"]) for r in rows), run_time=1.5)
        self.wait(2)
        # (2) one observation i
        one = self.diagram("2").move_to([1.0, 0.2, 0])
        self.swap(rows[0], one, FadeOut(rows[1:]), FadeOut(dots), FadeOut(con), self.recaption("diagram.repr.2"),
                  run_time=1.5)
        self.wait(2.5)
        # (3) x and y for x_i and y_i
        three = self.diagram("3").move_to(one)
        self.swap(one, three, self.recaption("diagram.repr.3"))
        self.play(*(Indicate(three.node_labels[k], color=PALETTE["fit"]) for k in (0, 2)), run_time=1)
        self.wait(1.5)
        # (4) bias=True: the 1 node and its edge go, the code says bias=True
        dropped = VGroup(three.columns[0].nodes[0], three.node_labels[0][0], three.edges[0][0][0],
                         three.edge_labels[0][0])
        self.play(dropped.animate.set_color(PALETTE["negative"]), self.recaption("diagram.repr.4"),
                  run_time=1)
        self.play(FadeOut(dropped), run_time=0.8)
        three.node_labels[0].remove(dropped[1])
        three.edge_labels[0].remove(dropped[3])
        four = self.diagram("4").move_to(three)
        kept = VGroup(three.columns[0].nodes[1], three.edges[0][0][1], *(c.nodes for c in three.columns[1:]),
                      three.stages[1])
        self.swap(three, four, FadeTransform(code, code_of[1]), run_time=1.5, keep_old=kept,
                  keep_new=VGroup(four.columns[0].nodes[0], four.edges[0][0][0], *(c.nodes for c in four.columns[1:]),
                                  four.stages[1]))
        # where the bias went: not away, into the node (the code's Linear(1, 1) has bias=True)
        inside = label("diagram.repr.4_bias", size="caption", color=PALETTE["fit"])
        inside.next_to(four.columns[1].nodes[0], DOWN, buff=0.9)
        pointer = Arrow(inside.get_top(), four.columns[1].nodes[0].get_bottom(), buff=0.08, color=PALETTE["fit"],
                        stroke_width=3, max_tip_length_to_length_ratio=0.3)
        self.play(Indicate(four.node_labels[1][0], color=PALETTE["fit"]), FadeIn(inside), GrowArrow(pointer),
                  Indicate(code_of[1].module_line(0), color=PALETTE["fit"]), run_time=1.2)
        self.wait(3)
        self.play(FadeOut(inside), FadeOut(pointer), run_time=0.5)
        # (4, revised) w-hat for w1-hat
        four_b = self.diagram("4b").move_to(four)
        self.swap(four, four_b, self.recaption("diagram.repr.4b"))
        self.play(Indicate(four_b.edge_labels[0], color=PALETTE["fit"]), run_time=1)
        self.wait(1.5)
        # (5) u for the linear output
        five = self.diagram("5").move_to(four_b)
        self.swap(four_b, five, self.recaption("diagram.repr.5"))
        self.play(Indicate(five.node_labels[1], color=PALETTE["fit"], scale_factor=1.5), run_time=1.2)
        self.wait(3)

    def recaption(self, key: str):
        """The caption on screen cross-fades into string ``key``'s."""
        old = self.caption
        self.caption = label(key, size="caption", color=PALETTE["fit"]).move_to(old)
        return FadeTransform(old, self.caption, run_time=1)


def _grouped_chain(specs) -> list[str]:
    """The course's formula with each (u -> v) pair in parentheses: one layer = linear + nonlinear."""
    pieces = chain_tex(specs)[:-2]
    out, k = [pieces[0]], 1
    while k < len(pieces):
        out.append(pieces[k])  # the Linear's arrow
        group = pieces[k + 1:k + 4]
        out += [r"\Big("] + group + [r"\Big)"]
        k += 4
    return out


def mnist_specs() -> list:
    """The 784-32-1 net of the MNIST experiment, described from its config (no recording needed)."""
    import torch

    with torch.random.fork_rng():
        return engine.describe(engine.build_model(engine.get_config(MNIST).model))


class LayerNames(Part):
    """Layers and nodes: linear + nonlinear as one layer; input, hidden and output layer; nodes = features;
    and from a diagram to its code.

    Beats: the title; the course's net in full (code line by line is the previous part), its
    formula; parentheses group each (u -> v) pair and boxes group the same pairs in the diagram:
    one layer = linear + nonlinear, held. The boxes collapse into the compact form: a node is
    the pair u -> v (its activation written under it). Then the MNIST net 784-32-1, compact, drawn
    first with no code: diagram to code, as the course does ("the code for the diagram above") and
    calls very important (the sentence held): the Sequential's lines are written one by one while
    the piece of the diagram each comes from is lit (the first edges with 784 and 32, the relu tag,
    the second edges with 32 and 1, the sig tag). Then the columns are named layer 0, 1, 2, then
    input, hidden and output layer; last, the counts 784, 32, 1 are pointed at with the feature
    shapes (n, 784), (n, 32), (n, 1): number of nodes = number of features, held.
    The student leaves knowing: a layer is a Linear and its activation; the compact diagram's columns
    and tags are the Sequential's modules, so a diagram can be read off into code and back.
    """

    id = "diagram.layer-names"
    title_key = "diagram.title.layer_names"
    lecture = "05wk-2"

    def run(self):
        specs = engine.describe(course_net())
        title = self.title_at_top(buff=0.35)
        chain = MathTex(*_grouped_chain(specs), font_size=32).next_to(title, DOWN, buff=0.5)
        parens = VGroup(*(p for p, tex in zip(chain, _grouped_chain(specs)) if tex in (r"\Big(", r"\Big)")))
        staged = NetworkDiagram.from_spec(specs, width=11, height=2.4, node_radius=0.2, node_gap=1.2,
                                          label_size=30).move_to([0, -0.9, 0])
        self.play(Write(title), run_time=1)
        self.play(Write(VGroup(*(p for p in chain if p not in parens))), run_time=1.5)
        self.play(FadeIn(staged.columns), FadeIn(staged.stage_labels), run_time=1)
        self.play(Create(staged.stages, lag_ratio=0.05), run_time=1.2)
        # linear + nonlinear = one layer
        boxes = VGroup(*(SurroundingRectangle(VGroup(staged.columns[k], staged.stages[k], staged.columns[k + 1],
                                                     staged.stage_labels[k]), color=PALETTE["fit"], buff=0.15,
                                              corner_radius=0.15) for k in (1, 3)))
        layer_caption = label("diagram.ln.layer", size="body", color=PALETTE["fit"]).to_edge(DOWN, buff=0.45)
        self.play(FadeIn(parens), Create(boxes), FadeIn(layer_caption), run_time=1.5)
        self.wait(3)
        # each box becomes one column of nodes: a node is the pair (u -> v)
        compact = NetworkDiagram.from_spec(specs, compact=True, width=7, height=2.4, node_radius=0.2, node_gap=1.2,
                                           label_size=30).move_to(staged)
        node_caption = label("diagram.ln.node", size="body", color=PALETTE["fit"]).move_to(layer_caption)
        collapse(self, staged, compact, FadeOut(boxes), FadeTransform(layer_caption, node_caption))
        self.play(*(Indicate(c.tag, color=PALETTE["fit"]) for c in compact.columns if c.tag is not None), run_time=1.2)
        self.wait(3)
        self.play(FadeOut(VGroup(chain, parens, compact, node_caption)), run_time=0.6)
        self.mnist_layers()

    def mnist_layers(self):
        specs = mnist_specs()
        code = SequentialCode(specs, font_size=20).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 1.0)
        # low enough for the shapes (n, k) above the names to clear the title, wide enough for the layer names
        diagram = NetworkDiagram.from_spec(specs, compact=True, width=4.8, height=3.0, label_size=28)
        diagram.move_to([0, -0.1, 0]).shift(RIGHT * (0.9 - diagram.columns[0].nodes.get_x()))
        # the course's order: the diagram first, then the code that implements it, module by module
        self.play(FadeIn(diagram.columns), run_time=1.2)
        self.play(Create(diagram.stages, lag_ratio=0.02), run_time=1.2)
        self.build_code(code, diagram, specs)
        below = min(m.get_bottom()[1] for m in diagram.columns) - 0.3
        numbered = VGroup(*(label("diagram.ln.layer_k", k=k, size="caption", color=PALETTE["muted"])
                            for k in range(len(diagram.columns))))
        named = VGroup(*(label(f"diagram.ln.{key}", size="caption", color=PALETTE["fit"])
                         for key in ("input", "hidden", "output")))
        for group in (numbered, named):
            for lab, col in zip(group, diagram.columns):
                lab.move_to([col.get_x(), below, 0], aligned_edge=UP)
        self.play(FadeIn(numbered), run_time=0.8)
        self.wait(1)
        note = label("diagram.ln.names_note", size="small", color=PALETTE["muted"]).to_edge(DOWN, buff=0.35)
        self.play(FadeTransform(numbered, named), FadeIn(note), run_time=1.2)
        self.wait(3)
        # number of nodes = number of features: each count with the shape of its feature matrix
        counts = [c.count for c in diagram.columns if c.count is not None]
        sizes = [c.size for c in diagram.columns]
        shapes = VGroup(*(MathTex(rf"(n,{n})", font_size=24, color=PALETTE["fit"]) for n in sizes))
        for shape, col in zip(shapes, diagram.columns):
            shape.next_to(col.nodes, UP, buff=0.2 if col.label is None else 0.75)
        rule = label("diagram.ln.nodes_features", size="body", color=PALETTE["fit"])
        rule.next_to(code, DOWN, buff=0.6, aligned_edge=LEFT)
        self.play(FadeIn(rule), FadeIn(shapes), *(Indicate(c, color=PALETTE["fit"]) for c in counts), run_time=1.5)
        self.wait(3.5)


    def build_code(self, code: SequentialCode, diagram: NetworkDiagram, specs) -> None:
        """Diagram to code: the notes' "very important" sentence, then each module's line written while the
        piece of the diagram it comes from is lit (a Linear's edges with the two counts it connects, an
        activation's tag); the sentence is held with the finished code."""
        important = label("diagram.ln.to_code", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.35)
        self.play(FadeIn(important), FadeIn(code.lines[0]), FadeIn(code.lines[-1]), run_time=1.0)
        counts = [c.count for c in diagram.columns]
        k = 0
        for i, spec in enumerate(specs):
            piece = diagram.module_piece(i)
            lit = [Indicate(piece, color=PALETTE["fit"], scale_factor=1.0 if spec.kind == "linear" else 1.3)]
            if spec.kind == "linear":
                lit += [Indicate(c, color=PALETTE["fit"]) for c in counts[k:k + 2] if c is not None]
                k += 1
            band = code.highlight(i)
            self.play(*lit, FadeIn(band), Write(code.module_line(i)), run_time=1.2 if i == 0 else 0.9)
            self.play(FadeOut(band), run_time=0.3)
        self.wait(3.0)
        self.play(FadeOut(important), run_time=0.5)


class CourseNetScene(PartScene):
    part = CourseNet


class CountingScene(PartScene):
    part = Counting


class RepresentationsScene(PartScene):
    part = Representations


class LayerNamesScene(PartScene):
    part = LayerNames


class MnistWeightsScene(PartScene):
    part = MnistWeights


class ForwardPassScene(PartScene):
    part = ForwardPass


class DiagramLesson(LessonScene):
    parts = [Representations, CourseNet, LayerNames, Counting, MnistWeights, ForwardPass]


default_scene("DiagramLesson")
