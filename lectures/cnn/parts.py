"""The parts of the `cnn` lecture (05wk-2): every number on screen is read from the recording of
``cnn/mnist-cnn`` (``lectures/cnn/experiments.py``), every shape from a traced forward pass.

    lecture --lectures lectures/cnn render cnn --lang en,ko
    manim render lectures/cnn/parts.py            # the whole lesson
"""

from __future__ import annotations

import numpy as np
import torch
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    ImageMobject,
    MathTex,
    Rectangle,
    Transform,
    ValueTracker,
    VGroup,
    Write,
    linear,
)

import engine
from lectures.cnn.experiments import EXPERIMENT, SEED, model
from lectures.cnn.notes_examples import EXAMPLES
from lectures.cnn.readings import K, accuracy, one_output_pixel, pooled_block, train_predictions, two_sided_channel
from lectures.cnn.strings import STRINGS
from scenes.common.charts import LossChart, PixelImage
from scenes.common.conv import FeatureMaps, FilterImages, flatten_animation, map_pixels, shape_text
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.network import NetworkDiagram, diverging_bar
from scenes.common.numbers import LiveNumber
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import keep_in_frame, label
from scenes.common.tracking import epoch_state

LECTURE = Lecture("cnn", title={"en": STRINGS["cnn.title"]["en"], "ko": STRINGS["cnn.title"]["ko"]},
                  strings=STRINGS, week="05wk-2")

HOLD = 3.0   # every conclusion stays this long


def _title(key: str):
    return keep_in_frame(label(key, size="title").to_edge(UP, buff=0.3))


def _conclude(scene, key: str, **fmt):
    text = keep_in_frame(label(key, size="body", color=PALETTE["fit"], **fmt).to_edge(DOWN, buff=0.3))
    scene.play(FadeIn(text, shift=UP * 0.1), run_time=1)
    scene.wait(HOLD)
    return text


def _tex(tex: str, size: float = FONT_SIZE["body"], color=None) -> MathTex:
    return MathTex(tex, font_size=size, color=color or PALETTE["text"])


def _matrix(values: np.ndarray, decimals: int = 2, size: float = FONT_SIZE["small"], colsep: float = 5) -> MathTex:
    rows = r" \\ ".join(" & ".join(f"{v:.{decimals}f}" for v in row) for row in values)
    return _tex(rf"\setlength{{\arraycolsep}}{{{colsep}pt}}\begin{{bmatrix}}" + rows + r"\end{bmatrix}", size)


class SignedMap(Group):
    """One (H, W) map as an image in the diverging colours of ``scale``, framed; ``cell(r, c)`` its centres."""

    def __init__(self, values: np.ndarray, scale: float, height: float, **kwargs):
        super().__init__(**kwargs)
        from manim import RESAMPLING_ALGORITHMS

        self.shape = values.shape
        self.image = ImageMobject(map_pixels(values, scale, True))
        self.image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.image.stretch_to_fit_height(height).stretch_to_fit_width(height * values.shape[1] / values.shape[0])
        self.frame = Rectangle(width=self.image.width, height=height, stroke_width=2, color=PALETTE["muted"])
        self.frame.move_to(self.image)
        self.add(self.image, self.frame)

    @property
    def cell_size(self) -> float:
        return self.frame.height / self.shape[0]

    def cell(self, row: float, col: float) -> np.ndarray:
        s = self.cell_size
        return np.array([self.frame.get_left()[0] + (col + 0.5) * s, self.frame.get_top()[1] - (row + 0.5) * s, 0.0])

    def reveal(self, values: np.ndarray, scale: float, shown: np.ndarray) -> SignedMap:
        """Draw only the cells where ``shown`` is True (the others transparent, the frame's black)."""
        pixels = map_pixels(values, scale, True)
        pixels[..., 3] = np.where(shown, 255, 0)
        self.image.pixel_array = pixels
        return self

    def box(self, row: int, col: int, size: int, color) -> Rectangle:
        s = self.cell_size
        return Rectangle(width=size * s, height=size * s, color=color, stroke_width=4).move_to(
            self.cell(row + (size - 1) / 2, col + (size - 1) / 2))


def _digit_cell(digit: PixelImage, n: int, row: float, col: float) -> np.ndarray:
    s = digit.frame.height / n
    return np.array([digit.frame.get_left()[0] + (col + 0.5) * s, digit.frame.get_top()[1] - (row + 0.5) * s, 0.0])


class Flattening(Part):
    """Beats.

    1. Title "What bothers us about the old model" / "기존모형에 대한 불만"; a real training digit
       (the recording's first shown image, a 0) as 28×28 pixels, captioned; held.
    2. Its 28 rows fly out and line up end to end into one strip of 784 numbers (captioned "784");
       the picture's neighbours above and below are now 28 places apart; held.
    3. The digit fades; the notes' old architecture appears as a formula, X of shape (n,784) through
       l1, relu, l2, sig; the question "Why turn a 28×28 image into a vector of 784...?" under it; held.
    4. The notes' remark (forcing images into the frame of regression), then the conclusion at the
       bottom: "One observation is 1×(28×28), not 784" (the course's words), held 3 s.
    """

    id = "cnn.flatten"
    lecture = "cnn"
    title_key = "cnn.flatten.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        x = rec.data("x")[0, 0]
        n = x.shape[0]
        title = _title(self.title_key)
        digit = PixelImage(x, height=3.4).move_to([-3.2, 0.8, 0])
        cap = label("cnn.flatten.digit", size="caption", color=PALETTE["muted"]).next_to(digit, RIGHT, buff=0.4)
        self.play(Write(title), FadeIn(digit), run_time=1.2)
        self.play(FadeIn(cap), run_time=0.6)
        self.wait(1.5)

        cell = digit.frame.height / n
        rows = Group(*[PixelImage(x[r:r + 1], height=cell, frame_color=PALETTE["data_faint"]) for r in range(n)])
        for r, row in enumerate(rows):
            row.move_to(_digit_cell(digit, n, r, (n - 1) / 2))
        width = 13.0 / n
        targets = [row.copy().stretch_to_fit_width(width).stretch_to_fit_height(0.35)
                   .move_to([-6.5 + (r + 0.5) * width, -1.6, 0]) for r, row in enumerate(rows)]
        strip_cap = label("cnn.flatten.rows", size="caption", color=PALETTE["muted"]).move_to([0, -2.2, 0])
        self.add(rows)
        self.play(*[Transform(row, t) for row, t in zip(rows, targets)], run_time=2.5)
        self.play(FadeIn(strip_cap), run_time=0.6)
        self.wait(2)

        old_cap = label("cnn.flatten.old", size="caption", color=PALETTE["muted"]).move_to([0, 2.4, 0])
        old = _tex(r"\underset{(n,784)}{\bf X} \overset{l_1}{\to} \underset{(n,30)}{\boldsymbol u^{(1)}} "
                   r"\overset{relu}{\to} \underset{(n,30)}{\boldsymbol v^{(1)}} \overset{l_2}{\to} "
                   r"\underset{(n,1)}{\boldsymbol u^{(2)}} \overset{sig}{\to} "
                   r"\underset{(n,1)}{\boldsymbol v^{(2)}}=\underset{(n,1)}{\hat{\boldsymbol y}}").move_to([0, 1.4, 0])
        why = keep_in_frame(label("cnn.flatten.why", size="caption").move_to([0, 0.1, 0]))
        self.play(FadeOut(digit), FadeOut(cap), run_time=0.6)
        self.play(FadeIn(old_cap), Write(old), run_time=1.5)
        self.play(FadeIn(why), run_time=0.8)
        self.wait(2.5)
        remark = keep_in_frame(label("cnn.flatten.regression", size="caption", color=PALETTE["muted"])
                               .move_to([0, -2.85, 0]))
        self.play(FadeIn(remark), run_time=0.8)
        self.wait(1.5)
        _conclude(self, "cnn.flatten.conclusion")


class NotesExamples(Part):
    """Beats.

    1. Title "Warm-up" / "CNN 예비학습"; the notes' example 1: the seeded Conv2d(1,1,(2,2)), its recorded
       2×2 weights and bias beside the input [[0,1],[2,3]]; the sum written term by term with those
       numbers; conv(_X) = 1.5410 as the run printed it; held.
    2. Examples 3, 4 and 6: the 4×4 input, the 1/4 filter's 3×3 output and the 1/9 filter's 2×2 output
       (moving averages), then (2,1,4,4) -> (2,16,2,2) with 16 output channels; held.
    3. The notes' ReLU and MaxPool2d examples: each random 5×5 input (the notes' seed) and its recorded
       output, ReLU on top, MaxPool2d under it; captions; held.
    4. Conclusion "conv: a weighted sum of a window; relu ...; pooling: summarises", held 3 s.
    """

    id = "cnn.examples"
    lecture = "cnn"
    title_key = "cnn.ex.title"
    experiments = (EXAMPLES,)

    def run(self):
        rec = recording(EXAMPLES)

        def value(name):
            return rec.series(name)[0]

        body = FONT_SIZE["body"]
        title = _title(self.title_key)
        seed = keep_in_frame(label("cnn.ex.seed", size="small", color=PALETTE["muted"]).move_to([0, 2.55, 0]))
        w, bias, x = value("ex1_weight"), float(value("ex1_bias")[0]), value("ex1_x")
        inputs = VGroup(_tex(r"\texttt{\_X} ="), _matrix(x, 0, body), _tex(r"\quad W ="), _matrix(w, 4, body),
                        _tex(rf"\quad b = {bias:.4f}")).arrange(RIGHT, buff=0.15).move_to([0, 1.3, 0])
        terms = " + ".join(rf"({wv:.4f})\cdot {xv:.0f}" for wv, xv in zip(w.ravel(), x.ravel()))
        by_hand = float((w.astype(float) * x).sum() + bias)
        formula = _tex(rf"{terms} + {bias:.4f} = {by_hand:.4f}").move_to([0, -0.2, 0])
        keep_in_frame(formula)
        hand_cap = label("cnn.ex.by_hand", size="small", color=PALETTE["muted"]).next_to(formula, DOWN, buff=0.2)
        out = _tex(rf"\texttt{{conv(\_X)}} = {float(value('ex1_out').ravel()[0]):.4f}", body, PALETTE["fit"])
        out.move_to([0, -1.9, 0])
        self.play(Write(title), FadeIn(seed), run_time=1)
        self.play(FadeIn(inputs), run_time=1)
        self.wait(1.5)
        self.play(Write(formula), FadeIn(hand_cap), run_time=1.5)
        self.play(FadeIn(out), run_time=0.6)
        self.wait(2.5)

        x4 = _matrix(value("ex3_x"), 0, body)
        avg2 = _matrix(value("ex3_out"), 1, body)
        avg3 = _matrix(value("ex4_out"), 1, body)
        a1 = _tex(r"\xrightarrow[\text{bias } 0]{2\times 2,\ 1/4}", FONT_SIZE["caption"])
        a2 = _tex(r"\qquad \xrightarrow[\text{bias } 0]{3\times 3,\ 1/9}", FONT_SIZE["caption"])
        row = VGroup(x4, a1, avg2, a2, avg3).arrange(RIGHT, buff=0.25).move_to([0, 1.0, 0])
        moving = label("cnn.ex.moving", size="caption", color=PALETTE["muted"]).next_to(row, DOWN, buff=0.3)
        before, after = value("ex6_shapes")
        shapes = _tex(rf"({','.join(map(str, before))}) \xrightarrow{{\texttt{{Conv2d(1,16,(3,3))}}}} "
                      rf"({','.join(map(str, after))})", body).move_to([0, -1.2, 0])
        features = label("cnn.ex.features", size="caption", color=PALETTE["muted"]).next_to(shapes, DOWN, buff=0.2)
        self.play(FadeOut(seed), FadeOut(inputs), FadeOut(formula), FadeOut(hand_cap), FadeOut(out), run_time=0.6)
        self.play(FadeIn(x4), run_time=0.6)
        self.play(FadeIn(a1), FadeIn(avg2), run_time=0.8)
        self.play(FadeIn(a2), FadeIn(avg3), FadeIn(moving), run_time=0.8)
        self.wait(2)
        self.play(FadeIn(shapes), FadeIn(features), run_time=0.8)
        self.wait(2)

        small = FONT_SIZE["small"]
        columns = []
        for x_at, name, module, arrow, says in ((-3.55, "relu", r"\texttt{torch.nn.ReLU()}", r"\max(0,\,\cdot)",
                                                  "cnn.ex.relu"),
                                                 (3.55, "pool", r"\texttt{torch.nn.MaxPool2d((2,2))}", r"\max",
                                                  "cnn.ex.pool")):
            head = _tex(module, FONT_SIZE["caption"])
            pair = VGroup(head, _matrix(value(f"{name}_x"), 4, small, 3), _tex(r"\big\downarrow\ " + arrow, small),
                          _matrix(value(f"{name}_out"), 4, small, 3)).arrange(DOWN, buff=0.15)
            pair.move_to([x_at, 2.75 - pair.height / 2, 0])
            note = label(says, size="small", color=PALETTE["muted"]).next_to(pair, DOWN, buff=0.15)
            columns.append(VGroup(pair, note))
        relu, pool = columns
        self.play(*[FadeOut(m) for m in (x4, a1, avg2, a2, avg3, moving, shapes, features)], run_time=0.6)
        self.play(FadeIn(relu), run_time=1)
        self.wait(1.5)
        self.play(FadeIn(pool), run_time=1)
        self.wait(2)
        _conclude(self, "cnn.ex.conclusion")


class Convolution(Part):
    """Beats.

    1. Title "torch.nn.Conv2d: a sliding weighted sum"; left, the digit (28×28, pixels / 255) with a
       yellow 5×5 window where the shown filter's output is largest (the filter whose map has most of both
       signs, `two_sided_channel`); middle, that window's 25 pixel values and
       the filter's 25 initial weights (state 0 of the recording) as matrices, each captioned; held.
    2. Under them the arithmetic of that one output pixel: the double sum of products plus the bias,
       written with the recorded numbers, equal to the recorded conv output there; held.
    3. Right, the 24×24 output map (colour bar "out", diverging) with only that pixel lit; the window's 25
       values dim (they are that one position's; the filter's weights stay, the same at every position);
       the window jumps to the top-left and slides over every position row by row, the map filling in
       behind it and the live value out read from the recording at each position; held.
    4. The whole map stays;
       conclusion at the bottom "28−5+1 = 24 positions a side ...", held 3 s.
    """

    id = "cnn.conv"
    lecture = "cnn"
    title_key = "cnn.conv.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        channel = two_sided_channel(rec)
        d = one_output_pixel(rec, channel=channel)
        i, j = d["i"], d["j"]
        n = d["image"].shape[0]
        title = _title(self.title_key)
        digit = PixelImage(d["image"], height=2.9).move_to([-5.3, 0.5, 0])
        s = digit.frame.height / n
        in_cap = label("cnn.conv.input", size="small", color=PALETTE["muted"]).next_to(digit, DOWN, buff=0.2)
        keep_in_frame(in_cap)
        window = Rectangle(width=K * s, height=K * s, color=PALETTE["fit"], stroke_width=4)
        window.move_to(_digit_cell(digit, n, i + 2, j + 2))
        patch = _matrix(d["patch"]).move_to([-0.75, 1.85, 0])
        patch_cap = label("cnn.conv.window", size="small", color=PALETTE["fit"]).next_to(patch, UP, buff=0.1)
        weight = _matrix(d["weight"]).move_to([-0.75, -0.28, 0])
        weight_cap = label("cnn.conv.filter", size="small", color=PALETTE["muted"], k=channel + 1)
        weight_cap.next_to(weight, DOWN, buff=0.1)
        times = _tex(r"\odot").move_to((patch.get_bottom() + weight.get_top()) / 2)
        self.play(Write(title), FadeIn(digit), FadeIn(in_cap), run_time=1.2)
        self.play(Create(window), FadeIn(patch), FadeIn(patch_cap), run_time=1)
        self.play(FadeIn(times), FadeIn(weight), FadeIn(weight_cap), run_time=1)
        self.wait(2)

        products = d["by_hand"] - d["bias"]
        formula = _tex(rf"\sum_{{a=0}}^{{4}}\sum_{{b=0}}^{{4}} x_{{{i}+a,\,{j}+b}}\,w_{{a,b}} + b "
                       rf"= {products:.4f} {'+' if d['bias'] >= 0 else '-'} {abs(d['bias']):.4f} "
                       rf"= {d['recorded']:.4f}").move_to([0, -2.75, 0])
        keep_in_frame(formula)
        pixel_cap = label("cnn.conv.pixel", size="caption", color=PALETTE["muted"]).next_to(formula, UP, buff=0.08)
        self.play(FadeIn(pixel_cap), Write(formula), run_time=1.5)
        self.wait(2.5)

        scale = float(np.max(np.abs(d["map"])))
        out = SignedMap(d["map"], scale, height=2.8).move_to([3.55, 0.5, 0])
        seen = np.zeros(d["map"].shape, bool)
        seen[i, j] = True
        out.reveal(d["map"], scale, seen)
        map_cap = label("cnn.conv.map", size="small", color=PALETTE["muted"]).next_to(out, DOWN, buff=0.2)
        marker = out.box(i, j, 1, PALETTE["fit"])
        side = d["map"].shape[1]
        at_pixel = ValueTracker(i * side + j)   # the window's position, row by row (raster order)

        def where() -> tuple[int, int]:
            return divmod(int(round(at_pixel.get_value())), side)

        live = LiveNumber(d["map"].ravel(), at_pixel, num_decimal_places=4, font_size=FONT_SIZE["caption"],
                          color=PALETTE["fit"])
        reading = VGroup(_tex(r"\mathrm{out} =", FONT_SIZE["caption"]), live).arrange(RIGHT, buff=0.12)
        reading.next_to(out, UP, buff=0.15)
        window.add_updater(lambda m: m.move_to(_digit_cell(digit, n, where()[0] + 2, where()[1] + 2)))
        marker.add_updater(lambda m: m.move_to(out.cell(*where())))

        def fill(_):
            k = int(round(at_pixel.get_value()))
            if not seen.flat[k]:
                seen.flat[:k + 1] = True
                out.reveal(d["map"], scale, seen)

        slide_cap = label("cnn.conv.slide", size="caption", color=PALETTE["muted"]).move_to(pixel_cap)
        bar = diverging_bar(scale, title=_tex(r"\mathrm{out}", FONT_SIZE["small"]), height=2.0)
        bar.next_to(out, RIGHT, buff=0.15).shift(DOWN * 0.2)
        keep_in_frame(bar, 0.1)
        self.play(FadeIn(out.image), FadeIn(out.frame), FadeIn(map_cap), Create(marker), FadeIn(reading), FadeIn(bar),
                  run_time=1)
        # the 25 values above are that one position's: dimmed while the window leaves it (the filter stays)
        self.play(FadeOut(pixel_cap), FadeOut(formula), patch.animate.set_opacity(0.3),
                  patch_cap.animate.set_opacity(0.3), run_time=0.5)
        self.play(FadeIn(slide_cap), run_time=0.5)
        seen[:] = False
        at_pixel.set_value(0)
        out.reveal(d["map"], scale, seen)
        out.image.add_updater(fill)
        self.play(at_pixel.animate.set_value(seen.size - 1), run_time=6, rate_func=linear)
        self.wait(1.5)

        out.image.clear_updaters()
        whole = SignedMap(d["map"], scale, height=2.8).move_to(out)
        self.play(FadeIn(whole.image), run_time=1)
        _conclude(self, "cnn.conv.conclusion")
        window.clear_updaters()
        marker.clear_updaters()


class ReluPool(Part):
    """Beats.

    1. Title; left, the recorded conv output of the same filter on the digit (24×24, initial weights, the map
       of the previous part), its colour bar (value, diverging) at the right edge; held.
    2. An arrow with ReLU(z) = max(0, z) leads to the recorded ReLU output beside it: the red
       (negative) cells turn black; caption "ReLU: negatives become 0"; held.
    3. A 2×2 block of the ReLU map is boxed, its four recorded values shown as a matrix and their max;
       an arrow with MaxPool2d leads to the 12×12 pooled map with that cell boxed; caption; held.
    4. Conclusion at the bottom: "Pooling summarises the data: 24×24 becomes 12×12", held 3 s.
    """

    id = "cnn.pool"
    lecture = "cnn"
    title_key = "cnn.pool.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        channel = two_sided_channel(rec)
        b = pooled_block(rec, channel=channel)
        scale = float(np.max(np.abs(b["conv"])))
        title = _title(self.title_key)
        conv = SignedMap(b["conv"], scale, 3.0).move_to([-5.0, 0.6, 0])
        relu = SignedMap(b["relu"], scale, 3.0).move_to([-0.6, 0.6, 0])
        pool = SignedMap(b["pool"], scale, 1.5).move_to([3.6, 0.6, 0])
        caps = [label(key, size="small", color=PALETTE["muted"], k=channel + 1).next_to(m, UP, buff=0.15)
                for key, m in (("cnn.pool.conv", conv), ("cnn.pool.relu", relu), ("cnn.pool.pool", pool))]
        shapes = [_tex(shape_text((16,) + m.shape).replace("×", r"\times "), FONT_SIZE["small"], PALETTE["muted"])
                  .next_to(m, DOWN, buff=0.12)
                  for m in (conv, relu, pool)]
        bar = diverging_bar(scale, title=label("cnn.pool.colour", size="small"), height=2.4)
        bar.move_to([6.1, 0.4, 0])
        keep_in_frame(bar, 0.1)
        self.play(Write(title), FadeIn(conv), FadeIn(caps[0]), FadeIn(shapes[0]), FadeIn(bar), run_time=1.5)
        self.wait(1.5)

        a1 = Arrow(conv.get_right(), relu.get_left(), buff=0.1, color=PALETTE["muted"])
        relu_tex = _tex(r"\max(0,z)", FONT_SIZE["small"]).next_to(a1, UP, buff=0.05)
        relu_says = label("cnn.pool.relu_says", size="caption", color=PALETTE["muted"]).move_to([-2.8, -1.75, 0])
        self.play(Create(a1), FadeIn(relu_tex), run_time=0.8)
        self.play(FadeIn(relu), FadeIn(caps[1]), FadeIn(shapes[1]), FadeIn(relu_says), run_time=1.2)
        self.wait(2.5)

        p, q = b["p"], b["q"]
        block_box = relu.box(2 * p, 2 * q, 2, PALETTE["fit"])
        block = _matrix(b["block"], 3).move_to([0.6, -2.55, 0])
        arrow_max = _tex(rf"\xrightarrow{{\max}} {b['max']:.3f}", FONT_SIZE["caption"], PALETTE["fit"])
        arrow_max.next_to(block, RIGHT, buff=0.2)
        a2 = Arrow(relu.get_right(), pool.get_left(), buff=0.1, color=PALETTE["muted"])
        pool_tex = _tex(r"\mathrm{MaxPool2d}", FONT_SIZE["small"]).next_to(a2, UP, buff=0.05)
        pool_box = pool.box(p, q, 1, PALETTE["fit"])
        pool_says = label("cnn.pool.pool_says", size="caption", color=PALETTE["muted"]).next_to(block, LEFT, buff=0.3)
        keep_in_frame(pool_says)
        self.play(FadeOut(relu_says), Create(block_box), run_time=0.8)
        self.play(FadeIn(block), FadeIn(pool_says), run_time=0.8)
        self.play(Create(a2), FadeIn(pool_tex), FadeIn(pool), FadeIn(caps[2]), FadeIn(shapes[2]), run_time=1.2)
        self.play(FadeIn(arrow_max), Create(pool_box), run_time=0.8)
        self.wait(2.5)
        _conclude(self, "cnn.pool.conclusion")


class Architecture(Part):
    """Beats.

    1. Title "A new architecture"; the notes' old line (X (n,784) -> l1 -> relu -> l2 -> sig) with what
       each piece does; then the new line, conv -> relu -> pool -> flatten -> l1 -> sig, its shapes
       read from one traced forward pass of the digit; held.
    2. The net drawn from that pass with the recorded weights of epoch 0 (the state of the maps): the
       digit, the 16 conv maps, ReLU, MaxPool, the 2304-long vector, the output; every shape labelled; held.
    3. Flatten plays: the 16 pooled maps collapse into the 2304 vector, with 16×12×12 = 2304 written
       beside it; caption "Flatten: unfold the 16 maps into one vector"; held.
    4. Conclusion "then Linear(2304,1) and Sigmoid", held 3 s.
    """

    id = "cnn.arch"
    lecture = "cnn"
    title_key = "cnn.arch.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        x = torch.tensor(rec.data("x")[:1])
        net = model(torch.nn.Conv2d(1, 16, (5, 5)), torch.nn.Linear(2304, 1))
        # the recorded weights of the state the drawn maps come from (state 0), not a fresh random init
        net.load_state_dict({k: torch.from_numpy(v) for k, v in rec.state_dict(0).items()})
        specs = engine.describe(net, x)
        shapes = [tuple(s.out_shape) for s in specs]
        title = _title(self.title_key)
        old = _tex(r"\underset{(n,784)}{\bf X} \overset{l_1}{\to} \underset{(n,30)}{\boldsymbol u^{(1)}} "
                   r"\overset{relu}{\to} \underset{(n,30)}{\boldsymbol v^{(1)}} \overset{l_2}{\to} "
                   r"\underset{(n,1)}{\boldsymbol u^{(2)}} \overset{sig}{\to} \underset{(n,1)}{\hat{\boldsymbol y}}",
                   FONT_SIZE["caption"]).move_to([0, 2.55, 0])
        old_cap = keep_in_frame(label("cnn.arch.old", size="small", color=PALETTE["muted"]).next_to(old, DOWN, 0.1))
        names = ["conv", "relu", "pool", "flatten", "l_1", "sig"]
        symbols = [r"\boldsymbol u^{(1)}", r"\boldsymbol v^{(1)}", r"\boldsymbol m", r"\boldsymbol f",
                   r"\boldsymbol u^{(2)}", r"\hat{\boldsymbol y}"]
        dims = ["(n," + ",".join(str(v) for v in sh) + ")" for sh in shapes]
        new_tex = r"\underset{(n,1,28,28)}{\bf X}" + "".join(
            rf" \overset{{{nm}}}{{\to}} \underset{{{dm}}}{{{sy}}}" for nm, dm, sy in zip(names, dims, symbols))
        new = _tex(new_tex, FONT_SIZE["caption"]).move_to([0, 1.2, 0])
        keep_in_frame(new)
        new_cap = keep_in_frame(label("cnn.arch.new", size="small", color=PALETTE["muted"]).next_to(new, DOWN, 0.1))
        self.play(Write(title), run_time=1)
        self.play(FadeIn(old), FadeIn(old_cap), run_time=1)
        self.wait(1.5)
        self.play(FadeIn(new), FadeIn(new_cap), run_time=1.2)
        self.wait(2)

        acts = {name: rec.activation(name)[:1, 0] for name in ("0", "1", "2")}
        diagram = NetworkDiagram.from_model(net, x, activations=acts, width=12.5, map_height=1.6)
        diagram.move_to([0, -1.3, 0])
        traced = label("cnn.arch.traced", size="small", color=PALETTE["muted"]).next_to(diagram, DOWN, buff=0.1)
        self.play(FadeOut(old), FadeOut(old_cap), new.animate.move_to([0, 2.5, 0]),
                  new_cap.animate.move_to([0, 1.95, 0]), run_time=0.8)
        self.play(FadeIn(diagram), FadeIn(traced), run_time=1.5)
        self.wait(2)

        c, h, w = shapes[2]
        eq = _tex(rf"{c}\times{h}\times{w} = {c * h * w}", FONT_SIZE["caption"], PALETTE["fit"])
        flat_cap = VGroup(label("cnn.arch.flatten", size="caption", color=PALETTE["fit"]), eq)
        flat_cap.arrange(RIGHT, buff=0.3).move_to(traced)
        keep_in_frame(flat_cap)
        self.play(FadeOut(traced), run_time=0.4)
        self.play(flatten_animation(diagram.tensor("2"), diagram.tensor("3"), run_time=2.5), FadeIn(flat_cap))
        self.wait(2)
        self.play(FadeOut(flat_cap), run_time=0.4)
        _conclude(self, "cnn.arch.conclusion")


def _grid(mobs, cols: int = 4, buff: float = 0.08) -> Group:
    return Group(*mobs).arrange_in_grid(rows=len(mobs) // cols, cols=cols, buff=buff)


class Training(Part):
    """Beats.

    1. Title; under it the setup (seed 43052 as the notes, Adam lr 0.001, BCELoss, 12665 images);
       left the 16 recorded 5×5 filters at the initial state with their colour bar (weight), middle the
       shown digit and its 16 recorded conv maps with theirs (conv output), right the loss per epoch
       with its axes labelled and the epoch counter; held.
    2. The epoch runs 0 -> 50: filters, maps, the loss marker and the counter move together; held.
    3. Conclusion "The filters learn, the maps follow: loss first -> last" (recorded), held 3 s.
    """

    id = "cnn.train"
    lecture = "cnn"
    title_key = "cnn.train.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        epoch = ValueTracker(0)
        weights = rec.param("0.weight")
        maps = rec.activation("0")[:, 0]
        wscale = float(np.max(np.abs(weights)))
        mscale = float(np.max(np.abs(maps)))
        title = _title(self.title_key)
        setup = keep_in_frame(label("cnn.train.setup", size="small", color=PALETTE["muted"], seed=SEED,
                                    n=f"{len(rec.series('y_train')[0]):,}").next_to(title, DOWN, buff=0.15))
        filters = _grid([FilterImages(weights[:, k:k + 1], epoch, cell_height=0.55, scale=wscale) for k in range(16)])
        filters.move_to([-5.35, -0.2, 0])
        f_cap = label("cnn.train.filters", size="small", color=PALETTE["muted"]).next_to(filters, UP, buff=0.2)
        f_bar = diverging_bar(wscale, title=label("cnn.train.weight", size="small"), height=1.8)
        f_bar.next_to(filters, RIGHT, buff=0.15)
        fmaps = _grid([FeatureMaps((1, 24, 24), values=maps[:, k:k + 1], tracker=epoch, map_height=0.78,
                                   scale=mscale, grid=False) for k in range(16)])
        fmaps.move_to([-0.55, -0.2, 0])
        digit = PixelImage(rec.data("x")[0, 0], height=0.6)
        m_cap = label("cnn.train.maps", size="small", color=PALETTE["muted"])
        m_head = Group(digit, m_cap).arrange(RIGHT, buff=0.15).next_to(fmaps, UP, buff=0.15)
        m_bar = diverging_bar(mscale, title=label("cnn.train.output", size="small"), height=1.8)
        m_bar.next_to(fmaps, RIGHT, buff=0.15)
        losses = rec.loss   # losses[k]: the loss on all training images at state k, the one update k+1 took
        last = len(losses) - 1
        chart = LossChart({"loss": (rec.loss, PALETTE["train"])}, width=3.0, height=2.4, y_ticks=3,
                          x_label=label("cnn.train.epoch", size="small"),
                          y_label=label("cnn.train.loss", size="small"))
        chart.move_to([4.95, -0.5, 0])
        dot = Dot(radius=0.07, color=PALETTE["fit"])
        dot.add_updater(lambda m: m.move_to(chart.axes.c2p(min(epoch_state(epoch, rec.n_states), last) + 1,
                                                           losses[min(epoch_state(epoch, rec.n_states), last)])))
        counter = VGroup(label("cnn.train.epoch", size="caption"),
                         LiveNumber(np.arange(rec.n_states), epoch, num_decimal_places=0,
                                    font_size=FONT_SIZE["caption"])).arrange(RIGHT, buff=0.15)
        counter.next_to(chart, UP, buff=0.35)
        self.play(Write(title), FadeIn(setup), run_time=1.2)
        self.play(FadeIn(filters), FadeIn(f_cap), FadeIn(f_bar), run_time=1)
        self.play(FadeIn(fmaps), FadeIn(m_head), FadeIn(m_bar), run_time=1)
        self.play(FadeIn(chart), FadeIn(dot), FadeIn(counter), run_time=1)
        self.wait(2)
        self.play(epoch.animate.set_value(rec.n_states - 1), run_time=8, rate_func=linear)
        self.wait(1.5)
        _conclude(self, "cnn.train.conclusion", first=f"{losses[0]:.4f}", last=f"{losses[-1]:.4f}")
        dot.clear_updaters()


class PredictionRaster(Group):
    """Many points over ``axes`` as one image (one pixel block per point), following ``tracker`` over
    ``ys`` (n_frames, n): 12665 dots without 12665 mobjects."""

    def __init__(self, axes: Axes, xs: np.ndarray, ys: np.ndarray, tracker: ValueTracker, *, color,
                 y_lim=(-0.06, 1.06), px_per_unit: int = 110, dot: int = 2, **kwargs):
        super().__init__(**kwargs)
        from manim import RESAMPLING_ALGORITHMS, ManimColor

        self.axes, self.xs, self.ys, self.tracker = axes, np.asarray(xs, float), np.atleast_2d(ys), tracker
        lo, hi = axes.c2p(axes.x_range[0], y_lim[0]), axes.c2p(axes.x_range[1], y_lim[1])
        self.w_px, self.h_px = int((hi[0] - lo[0]) * px_per_unit), int((hi[1] - lo[1]) * px_per_unit)
        self.y_lim, self.dot = y_lim, dot
        self.rgb = (np.array(ManimColor(color).to_rgb()) * 255).astype(np.uint8)
        self.image = ImageMobject(self._pixels(0))
        self.image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.image.stretch_to_fit_width(hi[0] - lo[0]).stretch_to_fit_height(hi[1] - lo[1])
        self.image.move_to((lo + hi) / 2)
        self.add(self.image)
        self._frame = 0
        if len(self.ys) > 1:
            self.add_updater(self._follow)

    def _pixels(self, k: int) -> np.ndarray:
        a = np.zeros((self.h_px, self.w_px, 4), np.uint8)
        x0, x1 = self.axes.x_range[:2]
        cols = np.clip(((self.xs - x0) / (x1 - x0) * (self.w_px - self.dot)).astype(int), 0, self.w_px - self.dot)
        u = (self.ys[k] - self.y_lim[0]) / (self.y_lim[1] - self.y_lim[0])
        rows = np.clip(((1 - u) * (self.h_px - self.dot)).astype(int), 0, self.h_px - self.dot)
        for di in range(self.dot):
            for dj in range(self.dot):
                a[rows + di, cols + dj, :3] = self.rgb
                a[rows + di, cols + dj, 3] = 255
        return a

    def _follow(self, _):
        k = epoch_state(self.tracker, len(self.ys))
        if k != self._frame:
            self.image.pixel_array = self._pixels(k)
            self._frame = k


def _prediction_axes(n: int, key: str, width: float = 6.0, height: float = 2.7):
    step = 2000 if n > 5000 else 500
    axes = Axes(x_range=[0, n, step], y_range=[0, 1, 0.5], x_length=width, y_length=height, tips=False,
                axis_config={"stroke_width": 2, "color": PALETTE["muted"]},
                x_axis_config={"decimal_number_config": {"num_decimal_places": 0}},
                y_axis_config={"decimal_number_config": {"num_decimal_places": 1}})
    axes.add_coordinates(list(range(step, n, step * 2)), [0.0, 0.5, 1.0], font_size=FONT_SIZE["small"])
    head = label(key, size="caption").next_to(axes, UP, buff=0.25)
    y_name = _tex(r"y,\ \hat y", FONT_SIZE["small"], PALETTE["muted"]).next_to(axes.y_axis, UP, buff=0.1)
    axes.add(y_name)
    x_name = label("cnn.pred.index", size="small", color=PALETTE["muted"]).next_to(axes.x_axis, DOWN, buff=0.45)
    return axes, head, x_name


class Predictions(Part):
    """Beats.

    1. Title; left "Training Set" as the notes plot it: y (green line, the zeros then the ones) and the
       net's prediction per image (yellow dots), image index on x; the legend names both; the
       predictions at epoch 0 (the loop's own yhat); held.
    2. The dots move through the logged epochs 0, 5, ..., 45 and after the last update, the epoch
       counter with them: the zeros sink to 0, the ones rise to 1; held.
    3. Right "Test Set": the same plot for the 2115 test images after 50 epochs; the accuracies of
       both (recorded predictions, threshold 0.5); held.
    4. Conclusion "The zeros fall to 0, the ones rise to 1, on images it never saw too", held 3 s.
    """

    id = "cnn.pred"
    lecture = "cnn"
    title_key = "cnn.pred.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        epochs, train_yhat = train_predictions(rec)
        y_train, y_test = rec.series("y_train")[0], rec.series("y_test")[0]
        test_yhat = rec.series("yhat_test")[0]
        title = _title(self.title_key)
        frame = ValueTracker(0)
        boards = []
        for n, key, y, x_pos in ((len(y_train), "cnn.pred.train", y_train, -3.4),
                                 (len(y_test), "cnn.pred.test", y_test, 3.4)):
            axes, head, x_name = _prediction_axes(n, key)
            Group(axes, head, x_name).move_to([x_pos, 0.75, 0])
            truth = axes.plot_line_graph(np.arange(n), y, add_vertex_dots=False, line_color=PALETTE["truth"],
                                         stroke_width=3)
            boards.append((axes, head, x_name, truth))
        train_dots = PredictionRaster(boards[0][0], np.arange(len(y_train)), train_yhat, frame, color=PALETTE["fit"])
        test_dots = PredictionRaster(boards[1][0], np.arange(len(y_test)), test_yhat, frame, color=PALETTE["fit"])
        legend = VGroup(
            VGroup(Rectangle(width=0.35, height=0.06, fill_opacity=1, stroke_width=0, color=PALETTE["truth"]),
                   label("cnn.pred.y", size="small")).arrange(RIGHT, buff=0.12),
            VGroup(Dot(radius=0.06, color=PALETTE["fit"]),
                   label("cnn.pred.yhat", size="small")).arrange(RIGHT, buff=0.12),
        ).arrange(RIGHT, buff=0.6).move_to([0, -2.5, 0])
        counter = VGroup(label("cnn.train.epoch", size="caption"),
                         LiveNumber(epochs, frame, num_decimal_places=0, font_size=FONT_SIZE["caption"]))
        counter.arrange(RIGHT, buff=0.15).move_to([boards[0][0].get_x(), -1.95, 0])
        axes, head, x_name, truth = boards[0]
        self.play(Write(title), FadeIn(legend), run_time=1)
        self.play(FadeIn(axes), FadeIn(head), FadeIn(x_name), Create(truth), FadeIn(train_dots), FadeIn(counter),
                  run_time=1.5)
        self.wait(2)
        self.play(frame.animate.set_value(len(epochs) - 1), run_time=5, rate_func=linear)
        self.wait(1.5)

        axes, head, x_name, truth = boards[1]
        after = label("cnn.pred.after", size="caption").move_to([axes.get_x(), -1.95, 0])
        acc = keep_in_frame(label("cnn.pred.accuracy", size="caption", color=PALETTE["fit"],
                                  train=f"{accuracy(train_yhat[-1], y_train):.2%}",
                                  test=f"{accuracy(test_yhat, y_test):.2%}").move_to([0, -3.0, 0]))
        self.play(FadeIn(axes), FadeIn(head), FadeIn(x_name), Create(truth), FadeIn(test_dots), FadeIn(after),
                  run_time=1.5)
        self.play(FadeIn(acc), run_time=0.8)
        self.wait(2)
        _conclude(self, "cnn.pred.conclusion")


class FlatteningScene(PartScene):
    part = Flattening


class NotesExamplesScene(PartScene):
    part = NotesExamples


class ConvolutionScene(PartScene):
    part = Convolution


class ReluPoolScene(PartScene):
    part = ReluPool


class ArchitectureScene(PartScene):
    part = Architecture


class TrainingScene(PartScene):
    part = Training


class PredictionsScene(PartScene):
    part = Predictions


class CnnLesson(LessonScene):
    parts = [Flattening, NotesExamples, Convolution, ReluPool, Architecture, Training, Predictions]


default_scene("CnnLesson")
