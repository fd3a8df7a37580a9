"""05wk-2: GD, SGD and minibatch SGD; the DataLoader's batches; MNIST with 700 updates; CPU vs GPU.

    manim render scenes/sgd.py                     # the whole lesson, one section per part
    manim render scenes/sgd.py TenSamplesScene     # one part
    LECTURE_LANG=ko manim render scenes/sgd.py     # in Korean

Every number on screen is read from a recording (05wk-2/gd, /sgd, /minibatch,
/minibatch with shuffle=True, /mnist-gd, /mnist-minibatch, /cpu-vs-gpu).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    BLACK, DL, DOWN, DR, LEFT, ORIGIN, RIGHT, UL, UP, UR, BLUE_C, GREEN_C, ORANGE, PURPLE_B, TEAL_C, WHITE,
    Arrow, Axes, Create, Cross, TransformFromCopy, DashedLine, Dot, Text, Rectangle, ReplacementTransform, GrowArrow, FadeIn, FadeOut, GrowFromCenter, Indicate, Integer, Line, MathTex, Square, Star,
    SurroundingRectangle, ValueTracker, VGroup,
)
from manim.utils.rate_functions import linear, smooth

import engine
from scenes.common.charts import LossChart, PixelImage, SampleScatter, TimingChart, thousands
from scenes.common.contour import LossContour, PathOnContour
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain
from scenes.strings import t
from scenes.strings.sgd import COURSE_TIMING, CUDA_MISMATCH_ERROR

__all__ = [
    "TenSamples", "Shuffle", "MnistMinibatch", "CpuVsGpu", "SgdMotivation", "GpuUsage",
    "TenSamplesScene", "ShuffleScene", "MnistScene", "CpuVsGpuScene", "SgdMotivationScene", "GpuUsageScene",
    "SGDLesson",
    "TEN_RUNS", "shared_landscape", "epoch_batches", "images_per_update", "input_megabytes",
    "accuracy_card", "timing_view", "EpochBatches",
]

#: the three ten-sample runs, in the order they are drawn, with their colours
TEN_RUNS = (("05wk-2/gd", "sgd.ten.gd", BLUE_C), ("05wk-2/sgd", "sgd.ten.sgd", ORANGE),
            ("05wk-2/minibatch", "sgd.ten.minibatch", GREEN_C))
#: colours of a batch's position within its epoch (a DataLoader of 10 samples in 3s has 4)
BATCH_COLORS = (BLUE_C, GREEN_C, ORANGE, PURPLE_B, TEAL_C)
#: updates walked one at a time before the rest run continuously (two minibatch epochs)
STEP_BY_STEP = 8
#: the font of code on screen (Latin only; code is the same in both languages)
MONO_FONT = "DejaVu Sans Mono"
#: epochs of batch indices shown by the shuffle part
SHUFFLE_EPOCHS = 3
#: test digits drawn by the MNIST part (the first of each class the recording shows)
DIGITS_PER_CLASS = 4


# -- data helpers (pure functions over recordings; tested) -----------------------------------

def ten_sample_arrays(rec: engine.Recording) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``x``, ``y`` (n,) of the data and ``w0``, ``w1`` (n_states,) of the recorded path, as float64."""
    x = rec.data("x")[:, 0].astype(float)
    y = rec.data("y")[:, 0].astype(float)
    return x, y, rec.param("0.bias")[:, 0].astype(float), rec.param("0.weight")[:, 0, 0].astype(float)


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The closed-form minimiser (w0, w1) of sum (y_i - w0 - w1 x_i)^2 (numpy's lstsq, at render time)."""
    X = np.column_stack([np.ones_like(x), x])
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return float(w[0]), float(w[1])


def largest_curvature(x: np.ndarray) -> float:
    """Largest eigenvalue of the Hessian 2 X^T X of the summed squared error (X = [1, x])."""
    X = np.column_stack([np.ones_like(x), x])
    return float(np.linalg.eigvalsh(2 * X.T @ X)[-1])


def summed_loss(x: np.ndarray, y: np.ndarray, w0: np.ndarray, w1: np.ndarray) -> np.ndarray:
    """sum_i (y_i - w0 - w1 x_i)^2 over all samples, at every recorded state (n_states,)."""
    r = y[None, :] - np.asarray(w0)[:, None] - np.asarray(w1)[:, None] * x[None, :]
    return (r ** 2).sum(axis=1)


def rises(loss: np.ndarray) -> int:
    """Updates after which the loss was higher than before (relative tolerance 1e-9)."""
    loss = np.asarray(loss, dtype=float)
    return int((np.diff(loss) > 1e-9 * np.abs(loss[:-1])).sum())


def shared_landscape(recs, n: int = 81, margin: float = 0.3, include=()) -> engine.Landscape:
    """One (w0, w1) loss grid covering every recorded path (and the points ``include``), so the runs share a contour."""
    b = np.concatenate([r.param("0.bias")[:, 0] for r in recs] + [np.array([p[0] for p in include], np.float32)])
    w = np.concatenate([r.param("0.weight")[:, 0, 0] for r in recs] + [np.array([p[1] for p in include], np.float32)])

    def axis(v):
        lo, hi = float(v.min()), float(v.max())
        pad = (hi - lo) * margin
        return np.linspace(lo - pad, hi + pad, n, dtype=np.float32)

    return engine.landscape_for(recs[0], axis(b), axis(w))


def epoch_batches(rec: engine.Recording, epoch: int) -> list[np.ndarray]:
    """The sample indices of every batch of one epoch (from 0), in the order they were drawn."""
    per = rec.updates_per_epoch
    return [rec.batch(k) for k in range(epoch * per, (epoch + 1) * per)]


def images_per_update(rec: engine.Recording) -> int:
    """The most samples one update held (full batch: all of them), read without loading the data."""
    if "batches/offsets" in rec:
        return int(np.diff(rec.array("batches/offsets")).max())
    return rec.n_samples


def input_megabytes(rec: engine.Recording, n_images: int) -> float:
    """Size in MB of ``n_images`` inputs as the run held them (shape and dtype of the recorded data)."""
    one = rec.data("x_show")[0]
    return n_images * one.size * one.itemsize / 1e6


# -- part 1 --------------------------------------------------------------------------------

def minimum_marker(radius: float = 0.11) -> Star:
    """The star marking the least-squares minimum (on the contours and in the legend)."""
    return Star(5, outer_radius=radius, color=WHITE, fill_opacity=1, stroke_width=1.5, stroke_color=BLACK)


class TenSamples(Part):
    """The ten samples, which feed each update, and the three paths over one loss contour.

    Beats:
      1. Title and setup (same start, learning rate, 100 updates each); the three run names.
      2. Each run's scatter: axes named x and y with numbers, then the ten samples, then the fitted
         line of the start (in the run's colour, as its path).
      3. The loss contours: frame, w0 / w1 ticks and names, then the heatmap with its colour bar,
         then the least-squares minimum (a star, computed by numpy now) and the shared start.
      4. The loss formula and the legend: lit samples are the batch B of this update.
      5. Updates 1..8 one at a time (the batch lights, the line moves, the paths grow), then
         the remaining updates faster.
      6. Conclusion, pointing at the paths: GD's steps never turn back (lr x largest curvature < 1,
         the number shown), the summed loss fell on every GD update; under each contour how often
         the summed loss rose, the one-sample path's count highlighted: SGD is the noisy path.
    """

    id = "sgd.ten"
    title_key = "sgd.ten.title"
    lecture = "05wk-2"

    def run(self):
        recs = [recording(i) for i, _, _ in TEN_RUNS]
        x, y, _, _ = ten_sample_arrays(recs[0])
        w_star = least_squares(x, y)
        land = shared_landscape(recs, include=[w_star])
        n_updates = recs[0].n_updates
        cfg = recs[0].config
        self.tracker = ValueTracker(0)

        title = label(self.title_key, size="title")
        title.scale_to_fit_width(min(title.width, 9.0)).to_edge(UP, buff=0.25).to_edge(LEFT, buff=0.4)
        start = recs[0].param("0.bias")[0, 0], recs[0].param("0.weight")[0, 0, 0]
        setup = label("sgd.ten.setup", size="small", color=PALETTE["muted"], lr=cfg["lr"], n=n_updates,
                      w0=f"{start[0]:g}", w1=f"{start[1]:g}")
        setup.next_to(title, DOWN, buff=0.12, aligned_edge=LEFT)
        counter = self.update_counter(n_updates)
        counter.to_edge(RIGHT, buff=0.5).align_to(title, UP)

        cols = [self.column(rec, land, key, color, w_star) for rec, (_, key, color) in zip(recs, TEN_RUNS)]
        # the path goes with its contour (its start dot is placed once; line and head follow c2p)
        layout = VGroup(*(VGroup(c["head"], c["scatter"], VGroup(c["contour"], c["path"])) for c in cols))
        for col in layout:
            col.arrange(DOWN, buff=0.22)
        layout.arrange(RIGHT, buff=0.55).next_to(setup, DOWN, buff=0.25).set_x(-0.65)
        self.contours = [c["contour"] for c in cols]
        self.paths = [c["path"] for c in cols]
        self.scatters = [c["scatter"] for c in cols]
        last = self.contours[-1]
        bar = last.colorbar(height=last.frame.height)
        bar.next_to(last.frame, RIGHT, buff=0.12)
        bar_title = label("sgd.ten.loss_sum", size="small", color=PALETTE["muted"]).next_to(bar, UP, buff=0.1)
        if bar_title.get_right()[0] > 6.95:
            bar_title.shift(LEFT * (bar_title.get_right()[0] - 6.95))
        stars = VGroup(*(minimum_marker().move_to(c.c2p(*w_star)) for c in self.contours))
        for path in self.paths:
            path.start.set_z_index(2)
            path.line.set_z_index(1)
            path.head.set_z_index(2)

        loss = MathTex(r"L = \sum_{i \in B} (y_i - w_0 - w_1 x_i)^2", font_size=FONT_SIZE["body"])
        lit = VGroup(Dot(radius=0.07, color=PALETTE["fit"]),
                     label("sgd.ten.lit", size="small", color=PALETTE["fit"])).arrange(RIGHT, buff=0.12)
        fits = VGroup(*(Line(ORIGIN, RIGHT * 0.28, color=c, stroke_width=3) for _, _, c in TEN_RUNS)).arrange(RIGHT, buff=0.06)
        fit_key = VGroup(fits, label("sgd.ten.fit", size="small")).arrange(RIGHT, buff=0.12)
        star_key = VGroup(minimum_marker(), label("sgd.ten.minimum", size="small",
                                                  w0=f"{w_star[0]:.2f}", w1=f"{w_star[1]:.2f}")).arrange(RIGHT, buff=0.12)
        legend = VGroup(lit, fit_key, star_key).arrange(RIGHT, buff=0.45)
        bottom = VGroup(loss, legend).arrange(RIGHT, buff=0.6).to_edge(DOWN, buff=0.2)
        if bottom.width > 13.4:
            bottom.scale_to_fit_width(13.4)

        # 1. title and setup
        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(setup), *(FadeIn(c["head"]) for c in cols), run_time=0.8)
        # 2. the data: axes with names and numbers, the samples, the start's fitted line
        self.play(*(FadeIn(VGroup(sc.axes, sc.numbers, sc.names)) for sc in self.scatters), run_time=0.8)
        self.play(*(FadeIn(sc.dots, lag_ratio=0.1) for sc in self.scatters), run_time=1.0)
        # 3. the loss over (w0, w1): frame and ticks, then the heatmap, then the minimum and the start
        statics = [VGroup(c.frame, c.x_ticks, c.y_ticks, c.x_label, c.y_label) for c in self.contours]
        self.play(*(FadeIn(m) for m in statics), run_time=0.8)
        self.play(*(FadeIn(VGroup(c.heatmap, c.iso_lines)) for c in self.contours), FadeIn(bar), FadeIn(bar_title),
                  run_time=1.0)
        self.play(FadeIn(bottom[0]), FadeIn(star_key), *(GrowFromCenter(s) for s in stars), run_time=1.0)
        # 4. the model at the start: line and path head (the moving pieces go last, over cached statics)
        moving = VGroup(*(sc.fit for sc in self.scatters), *self.paths, counter)
        self.play(FadeIn(moving), FadeIn(fit_key), run_time=0.8)
        self.play(FadeIn(lit), run_time=0.6)
        self.wait(0.5)
        # 5. the first updates one at a time, then the rest
        for k in range(1, STEP_BY_STEP + 1):
            self.play(self.tracker.animate.set_value(k), run_time=0.8, rate_func=smooth)
            self.wait(0.2)
        self.play(self.tracker.animate.set_value(30), run_time=4, rate_func=linear)
        self.play(self.tracker.animate.set_value(n_updates), run_time=5, rate_func=linear)
        self.wait(0.5)
        # 6. conclusion: GD steady (with the reason), SGD noisy (the count), each pointing at its path
        self.conclude(cols, x, y, cfg["lr"], setup)

    def column(self, rec, land, key, color, w_star) -> dict:
        """Header, the samples with this run's batch lit and its fitted line, and its path over the contour."""
        n = len(rec.batch(0))
        head = label(key, size="caption", color=color, n=n)
        x, y, w0, w1 = ten_sample_arrays(rec)
        scatter = SampleScatter(x, y, width=3.3, height=1.2, show_indices=False, fit_color=color,
                                x_numbers=[int(v) for v in x], y_numbers=[0, 1], axis_names=("x", "y"))
        scatter.follow(self.tracker, rec.batches, w0, w1)
        contour = LossContour(land, width=3.3, height=2.45, n_levels=12)
        path = PathOnContour(contour, w0, w1, tracker=self.tracker, color=color, stroke_width=2.5, head_radius=0.055)
        return {"head": head, "scatter": scatter, "contour": contour, "path": path, "color": color,
                "rises": rises(summed_loss(x, y, w0, w1))}

    def conclude(self, cols, x, y, lr, setup) -> None:
        """GD: no turning back, and why (lr x largest curvature); every run: how often the summed loss rose."""
        lam = largest_curvature(x)
        gd, sgd = cols[0], cols[1]
        why = label("sgd.ten.steady", size="small", color=gd["color"], lr=f"{lr:g}", lam=f"{lam:.1f}",
                    prod=f"{lr * lam:.2f}")
        why.move_to(setup, aligned_edge=LEFT)
        counts = VGroup()
        for c in cols:
            text = label("sgd.ten.rises", size="small", color=c["color"], k=c["rises"], n=len(c["path"].w0) - 1)
            text.next_to(c["contour"], DOWN, buff=0.12)
            counts.add(text)
        self.play(FadeOut(setup), FadeIn(why), run_time=0.8)
        self.play(Indicate(gd["path"].line, color=gd["color"], scale_factor=1.0), FadeIn(counts[0]), run_time=1.5)
        self.wait(2.0)
        box = SurroundingRectangle(VGroup(sgd["contour"], counts[1]), color=sgd["color"], buff=0.08,
                                   stroke_width=3)
        self.play(FadeIn(counts[1]), FadeIn(counts[2]), Create(box), run_time=1.2)
        self.wait(3.5)

    def update_counter(self, n_updates: int) -> VGroup:
        """``update k / n`` following the tracker."""
        word = label("common.update", size="body")
        k = Integer(0, font_size=FONT_SIZE["body"] + 6)
        total = MathTex(rf"/\ {n_updates}", font_size=FONT_SIZE["body"] + 6)
        group = VGroup(word, k, total).arrange(RIGHT, buff=0.18)

        def follow(g):
            value = int(np.ceil(self.tracker.get_value() - 1e-9))
            if value != k.get_value():      # re-typesetting every frame would dominate the render
                k.set_value(value)
                k.next_to(word, RIGHT, buff=0.18)
                total.next_to(k, RIGHT, buff=0.18)

        group.add_updater(follow)
        return group


# -- part 2 --------------------------------------------------------------------------------

class EpochBatches(VGroup):
    """One epoch of a DataLoader: its batches as groups of numbered cells, in the order drawn.

    Parameters
    ----------
    batches
        Sample indices of each batch of the epoch.
    tag
        Mobject written left of the cells (e.g. "epoch 1").
    cell
        Side of a cell in scene units.
    colors
        Fill colour of each batch position.
    """

    def __init__(self, batches, tag=None, *, cell: float = 0.42, colors=BATCH_COLORS, **kwargs):
        super().__init__(**kwargs)
        self.batch_groups = VGroup()
        for b, idx in enumerate(batches):
            group = VGroup(*(
                VGroup(Square(cell, stroke_width=1.5, stroke_color=WHITE,
                              fill_color=colors[b % len(colors)], fill_opacity=0.75),
                       MathTex(str(int(i)), font_size=FONT_SIZE["caption"]))
                for i in idx
            )).arrange(RIGHT, buff=0.04)
            self.batch_groups.add(group)
        self.batch_groups.arrange(RIGHT, buff=0.28)
        if tag is not None:
            self.tag = tag.next_to(self.batch_groups, LEFT, buff=0.35)
            self.add(self.tag)
        self.add(self.batch_groups)

    @property
    def indices(self) -> list[list[int]]:
        """The sample numbers written in each batch group (what is drawn)."""
        return [[int(c[1].get_tex_string()) for c in g] for g in self.batch_groups]


class Shuffle(Part):
    """DataLoader(batch_size=3): fixed batches {0,1,2},{3,4,5},{6,7,8},{9}; with shuffle, new ones each epoch."""

    id = "sgd.shuffle"
    title_key = "sgd.shuffle.title"
    lecture = "05wk-2"

    def run(self):
        fixed = recording("05wk-2/minibatch")
        shuffled = recording("05wk-2/minibatch", shuffle=True)
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)

        def block(rec, key):
            head = label(key, size="body", color=PALETTE["muted"])
            rows = VGroup(*(EpochBatches(epoch_batches(rec, e), label("sgd.shuffle.epoch", size="caption", e=e + 1))
                            for e in range(SHUFFLE_EPOCHS))).arrange(DOWN, buff=0.16, aligned_edge=RIGHT)
            return VGroup(head, rows).arrange(DOWN, buff=0.22, aligned_edge=LEFT)

        top = block(fixed, "sgd.shuffle.off")
        bottom = block(shuffled, "sgd.shuffle.on")
        sizes = [len(b) for b in epoch_batches(fixed, 0)]
        alone = label("sgd.shuffle.last_alone", size="caption", color=PALETTE["fit"],
                      sum=f"{sum(sizes)} = " + " + ".join(map(str, sizes)), last=sizes[-1])
        VGroup(top, alone, bottom).arrange(DOWN, buff=0.3, aligned_edge=LEFT).next_to(title, DOWN, buff=0.3)
        alone.align_to(top[1], RIGHT)
        self.blocks = (top, bottom)
        cover = label("sgd.shuffle.cover", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.3)

        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(top[0]), run_time=0.6)
        for row in top[1]:
            self.play(FadeIn(row, shift=RIGHT * 0.2), run_time=0.6)
        last = VGroup(*(cell[0] for row in top[1] for cell in row.batch_groups[-1]))
        self.play(FadeIn(alone), last.animate.set_stroke(PALETTE["fit"], width=4), run_time=0.8)
        self.wait(0.8)
        self.play(FadeIn(bottom[0]), run_time=0.6)
        for row in bottom[1]:
            self.play(FadeIn(row, shift=RIGHT * 0.2), run_time=0.8)
        self.play(FadeIn(cover), run_time=0.8)
        self.wait(2)


# -- part 3 --------------------------------------------------------------------------------

def zoom_window(n_updates: int, per_epoch: int, epochs: int) -> tuple[int, int]:
    """Updates (1-based, inclusive) of the last ``epochs`` whole epochs of a run."""
    return n_updates - epochs * per_epoch + 1, n_updates


def accuracy_card(rec, key, color, **fmt) -> VGroup:
    """Name, final train accuracy and the input held per update of one run."""
    name = label(key, size="body", color=color, **fmt)
    acc = VGroup(label("sgd.mnist.accuracy", size="caption"),
                 MathTex(f"{rec.accuracy:.4f}", font_size=FONT_SIZE["body"] + 4)).arrange(RIGHT, buff=0.2)
    n = images_per_update(rec)
    mem = label("sgd.mnist.memory", size="small", color=PALETTE["muted"], n=thousands(n),
                mb=f"{input_megabytes(rec, n):.1f}")
    card = VGroup(name, acc, mem).arrange(DOWN, buff=0.14, aligned_edge=LEFT)
    card.accuracy_value = acc[1]
    return card



#: epochs of the minibatch run shown magnified at the end of the MNIST part
ZOOM_EPOCHS = 6


class MnistMinibatch(Part):
    """Loss per update of full-batch GD and minibatch SGD on MNIST 0/1; a zoom on the jagged curve; accuracy, memory, digits.

    Beats:
      1. Title and the comparison (700 updates each: 700 x 1 batch vs 100 epochs x 7 batches).
      2. The axes with their names; the two run names as the legend (colours).
      3. Both loss curves drawn update by update.
      4. Zoom: a box on the last epochs, magnified beside the chart: the minibatch loss jumps with
         every batch (7 per epoch, the same batches each epoch), GD's falls smoothly; held.
      5. Accuracy and input memory of each run; a few test digits with the minibatch model's probability.
    """

    id = "sgd.mnist"
    title_key = "sgd.mnist.title"
    lecture = "05wk-2"

    def run(self):
        gd = recording("05wk-2/mnist-gd")
        mb = recording("05wk-2/mnist-minibatch")
        title = label(self.title_key, size="title").to_edge(UP, buff=0.25)
        same = label("sgd.mnist.same", size="caption", color=PALETTE["muted"], n=thousands(mb.n_updates),
                     e_gd=gd.n_epochs, e_mb=mb.n_epochs, b=mb.updates_per_epoch).next_to(title, DOWN, buff=0.12)
        colors = {"gd": BLUE_C, "mb": ORANGE}
        n_mb = images_per_update(mb)
        series = {"mb": (mb.loss, colors["mb"]), "gd": (gd.loss, colors["gd"])}
        widths = {"mb": 1.5, "gd": 3.5}
        # minibatch first, so the smooth full-batch curve stays visible on top of the jagged one
        chart = LossChart(
            series, width=5.4, height=2.5, y_min=0.0, fit_y=True, stroke_widths=widths,
            x_label=label("sgd.mnist.updates", size="small", color=PALETTE["muted"]),
            y_label=label("sgd.mnist.loss", size="small", color=PALETTE["muted"]),
        ).to_edge(LEFT, buff=0.8).shift(UP * 0.85)
        window = zoom_window(mb.n_updates, mb.updates_per_epoch, ZOOM_EPOCHS)
        zoom = LossChart(
            series, width=4.6, height=2.5, y_min=0.0, fit_y=True, window=window, stroke_widths={"mb": 2.5, "gd": 3.5},
            x_label=label("sgd.mnist.updates", size="small", color=PALETTE["muted"]),
        ).to_edge(RIGHT, buff=0.5).align_to(chart.axes, DOWN)
        lo, hi = zoom.axes.y_range[:2]
        box = Rectangle(width=abs(chart.axes.c2p(window[1], 0)[0] - chart.axes.c2p(window[0], 0)[0]),
                        height=abs(chart.axes.c2p(0, hi)[1] - chart.axes.c2p(0, lo)[1]),
                        stroke_color=PALETTE["fit"], stroke_width=2.5)
        box.move_to(chart.axes.c2p(window[0], lo), aligned_edge=DOWN + LEFT)
        frame = Rectangle(width=zoom.axes.x_length, height=zoom.axes.y_length, stroke_color=PALETTE["fit"],
                          stroke_width=2).move_to(zoom.axes.c2p(window[0], lo), aligned_edge=DOWN + LEFT)
        links = VGroup(Line(box.get_corner(UR), frame.get_corner(UL)), Line(box.get_corner(DR), frame.get_corner(DL)))
        links.set_stroke(PALETTE["fit"], width=1.5, opacity=0.6)
        zoom_note = label("sgd.mnist.zoom", size="small", color=colors["mb"], b=mb.updates_per_epoch,
                          a=window[0], z=window[1]).next_to(frame, UP, buff=0.15)
        self.zoom_window = window

        self.cards = [accuracy_card(gd, "sgd.mnist.gd", colors["gd"]),
                      accuracy_card(mb, "sgd.mnist.minibatch", colors["mb"], n=thousands(n_mb))]
        cards = VGroup(*self.cards).arrange(RIGHT, buff=1.2, aligned_edge=UP)
        cards.next_to(chart.x_label, DOWN, buff=0.3).to_edge(LEFT, buff=0.8)
        digits = self.digits(mb, colors["mb"]).to_edge(DOWN, buff=0.2)
        if cards.get_bottom()[1] < digits.get_top()[1] + 0.15:
            cards.shift(UP * (digits.get_top()[1] + 0.15 - cards.get_bottom()[1]))

        self.play(FadeIn(title), FadeIn(same), run_time=1)
        self.play(FadeIn(chart.axes), FadeIn(chart.x_label), FadeIn(chart.y_label), run_time=0.8)
        self.play(FadeIn(cards[0][0]), FadeIn(cards[1][0]), run_time=0.6)
        self.play(chart.draw(run_time=5))
        self.wait(0.5)
        # zoom into the last epochs, where the jagged curve is one pixel thick at full scale
        self.play(Create(box), run_time=0.8)
        self.play(ReplacementTransform(box.copy(), frame), Create(links), FadeIn(zoom.axes), FadeIn(zoom.x_label),
                  run_time=1.2)
        self.play(zoom.draw(run_time=2.5))
        self.play(FadeIn(zoom_note), Indicate(zoom.get_curve("mb"), color=PALETTE["fit"], scale_factor=1.0),
                  run_time=1.5)
        self.wait(3)
        self.play(*(FadeIn(c[1:]) for c in cards), run_time=1)
        self.wait(2)
        self.play(FadeIn(digits, lag_ratio=0.1), run_time=1.5)
        self.wait(3)

    def digits(self, rec, color) -> VGroup:
        """A few test digits with the trained model's predicted probability of a one."""
        images = rec.data("show_images")
        labels = rec.data("y_show")[:, 0]
        prob = rec.prediction[-1][:, 0]
        pick = np.concatenate([np.flatnonzero(labels == c)[:DIGITS_PER_CLASS] for c in (0.0, 1.0)])
        cells = VGroup()
        for i in pick:
            img = PixelImage(images[i], height=0.75)
            p = MathTex(f"{prob[i]:.2f}", font_size=FONT_SIZE["caption"], color=color).next_to(img, DOWN, buff=0.08)
            cells.add(VGroup(img, p))
        cells.arrange(RIGHT, buff=0.35)
        head = label("sgd.mnist.digits", size="caption", color=PALETTE["muted"])
        out = VGroup(head, cells).arrange(DOWN, buff=0.15)
        out.probabilities = [float(prob[i]) for i in pick]
        return out


# -- part 4 --------------------------------------------------------------------------------

def timing_view(rec: engine.Recording) -> dict:
    """The CPU-vs-GPU chart and its captions from a recording's measured timings and the course's figures.

    Measured bars: only devices with a ``timing/<device>`` array, scaled from the epochs timed to the
    course's 1,000 (the factor is written in the legend). Outlined bars: the course's own figures at
    500 nodes (``COURSE_TIMING``), labelled as the course's. Without ``timing/cuda`` the note says
    there was no GPU instead of showing one. Returns unplaced mobjects.
    """
    widths = rec.array("timing/widths")
    devices = [d for d in ("cpu", "cuda") if f"timing/{d}" in rec]
    measured_epochs = int(rec.array("timing/epochs"))
    course_epochs = COURSE_TIMING["epochs"]
    factor = course_epochs / measured_epochs
    seconds = {d: rec.array(f"timing/{d}") * factor for d in devices}
    reference = {d: np.full(len(widths), np.nan) for d in ("course_cpu", "course_gpu")}
    at = np.flatnonzero(widths == COURSE_TIMING["width"])
    if len(at):
        reference["course_cpu"][at[0]] = COURSE_TIMING["cpu_seconds"]
        reference["course_gpu"][at[0]] = COURSE_TIMING["gpu_seconds"]
    colors = {"cpu": BLUE_C, "cuda": GREEN_C, "course_cpu": BLUE_C, "course_gpu": GREEN_C}
    net = label("sgd.device.net", size="caption", color=PALETTE["muted"], n=rec.n_samples)
    chart = TimingChart([thousands(w).replace(",", "{,}") for w in widths], seconds, colors=colors,
                        reference=reference, log=True, width=6.6, height=3.0,
                        y_label=label("sgd.device.seconds", size="small", color=PALETTE["muted"], e=thousands(course_epochs)))
    chart.x_name = label("sgd.device.width", size="small", color=PALETTE["muted"])
    chart.x_name.next_to(chart.setting_labels, DOWN, buff=0.12)
    fmt = {"m": measured_epochs, "f": f"{factor:g}"}
    keys = [*devices, "course_cpu", "course_gpu"]
    legend = VGroup(*(VGroup(Square(0.24, fill_color=colors[d], fill_opacity=0.9 if d in devices else 0.0,
                                    stroke_color=colors[d], stroke_width=0 if d in devices else 3),
                             label(f"sgd.device.{d}", size="small", **fmt)).arrange(RIGHT, buff=0.12)
                      for d in keys)).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
    legend.keys = keys
    if "cuda" in seconds:
        i = int(np.argmax(widths))
        note = label("sgd.device.speedup", size="caption", color=PALETTE["fit"],
                     x=f"{seconds['cpu'][i] / seconds['cuda'][i]:.0f}", w=thousands(widths[i]))
    else:
        note = label("sgd.device.no_gpu", size="caption", color=PALETTE["test"])
    lo, hi = int(np.argmin(widths)), int(np.argmax(widths))
    growth = label("sgd.device.growth", size="caption", color=BLUE_C,
                   x=f"{seconds['cpu'][hi] / seconds['cpu'][lo]:.0f}", r=thousands(widths[hi] // widths[lo]))
    faster = label("sgd.device.faster", size="caption", w=thousands(COURSE_TIMING["width"]),
                   c=f"{COURSE_TIMING['cpu_seconds']:g}", g=f"{COURSE_TIMING['gpu_seconds']:g}")
    big = label("sgd.device.course_big", size="caption", color=GREEN_C, w=thousands(COURSE_TIMING["big_width"]),
                x=COURSE_TIMING["big_speedup"])
    big_at = np.flatnonzero(widths == COURSE_TIMING["big_width"])
    return {"devices": devices, "net": net, "chart": chart, "legend": legend, "note": note, "growth": growth,
            "faster": faster, "big": big, "big_at": int(big_at[0]) if len(big_at) else None,
            "course_at": int(at[0]) if len(at) else None, "factor": factor}


def cores_picture(n_cpu: int = 4, gpu_side: int = 12) -> VGroup:
    """The course's reason as a picture: a few big CPU cores beside a grid of many small GPU cores."""
    cpu = VGroup(*(Square(0.42, fill_color=BLUE_C, fill_opacity=0.8, stroke_width=1) for _ in range(n_cpu)))
    cpu.arrange_in_grid(2, n_cpu // 2, buff=0.1)
    gpu = VGroup(*(Square(0.07, fill_color=GREEN_C, fill_opacity=0.8, stroke_width=0) for _ in range(gpu_side ** 2)))
    gpu.arrange_in_grid(gpu_side, gpu_side, buff=0.025)
    gpu.match_height(cpu)
    cpu_text = label("sgd.device.cpu_cores", size="small", color=BLUE_C)
    gpu_text = label("sgd.device.gpu_cores", size="small", color=GREEN_C)
    return VGroup(VGroup(cpu, cpu_text).arrange(RIGHT, buff=0.2), VGroup(gpu, gpu_text).arrange(RIGHT, buff=0.2)
                  ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)


class CpuVsGpu(Part):
    """Training time of the course's 1 -> w -> 1 net per device: the course's figures beside ours, log scale.

    Beats:
      1. Title and the course's net; the empty log-scale axes with their names and the widths.
      2. The course's figures at 500 nodes as outlined bars (CPU 0.36 s, GPU 0.58 s): "the CPU is faster?".
      3. This machine's CPU, measured (epochs scaled to the course's 1,000, said in the legend), bars
         growing with the width; how much the time grows.
      4. The course's 80x at 200,000 nodes, pointing at that group; our GPU bar only from a CUDA
         recording (otherwise the note says there was none).
      5. The course's reason: few strong CPU cores, many weak GPU cores (a picture of both); hold.
    """

    id = "sgd.device"
    title_key = "sgd.device.title"
    lecture = "05wk-2"

    def run(self):
        rec = recording("05wk-2/cpu-vs-gpu")
        v = timing_view(rec)
        chart, legend = v["chart"], v["legend"]
        title = label(self.title_key, size="title").to_edge(UP, buff=0.25).to_edge(LEFT, buff=0.5)
        v["net"].next_to(title, DOWN, buff=0.12, aligned_edge=LEFT)
        plot = VGroup(chart, chart.x_name)
        plot.next_to(v["net"], DOWN, buff=0.35).to_edge(LEFT, buff=0.6)
        legend.next_to(chart.axes, RIGHT, buff=0.6).align_to(chart.axes, UP)
        cores = cores_picture().next_to(legend, DOWN, buff=0.5, aligned_edge=LEFT)
        captions = VGroup(v["faster"], v["growth"], v["big"], v["note"]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        captions.to_edge(DOWN, buff=0.2).to_edge(LEFT, buff=0.5)
        rows = dict(zip(legend.keys, legend))

        self.play(FadeIn(title), FadeIn(v["net"]), run_time=0.8)
        self.play(FadeIn(chart.axes), FadeIn(chart.y_label), run_time=0.8)
        self.play(FadeIn(chart.setting_labels, lag_ratio=0.2), FadeIn(chart.x_name), run_time=0.8)
        # the course's figures first, outlined, with the course's surprise
        self.play(FadeIn(rows["course_cpu"]), FadeIn(rows["course_gpu"]), run_time=0.6)
        self.play(chart.grow("course_cpu", run_time=0.8), chart.grow("course_gpu", run_time=0.8))
        self.play(FadeIn(v["faster"]), run_time=0.8)
        if v["course_at"] is not None:
            group = VGroup(chart.bars["course_cpu"], chart.bars["course_gpu"], chart.values["course_cpu"],
                           chart.values["course_gpu"])
            self.play(Indicate(group, color=PALETTE["fit"], scale_factor=1.05), run_time=1.2)
        self.wait(1.5)
        # this machine's measurements
        for d in v["devices"]:
            self.play(FadeIn(rows[d]), run_time=0.6)
            self.play(chart.grow(d, run_time=2.5))
        self.play(FadeIn(v["growth"]), run_time=0.8)
        self.wait(2)
        # the course's 80x, pointing at the widest group; our GPU only from a CUDA recording
        if v["big_at"] is not None:
            i = v["big_at"]
            group = VGroup(chart.setting_labels[i], *(chart.bars[d][-1] for d in v["devices"]),
                           *(chart.values[d][-1] for d in v["devices"]))
            box = SurroundingRectangle(group, color=GREEN_C, buff=0.08, stroke_width=3)
            self.play(FadeIn(v["big"]), Create(box), run_time=1.2)
        else:
            self.play(FadeIn(v["big"]), run_time=0.8)
        self.play(FadeIn(v["note"]), run_time=0.8)
        self.wait(2.5)
        # the course's reason
        self.play(FadeIn(cores[0], shift=RIGHT * 0.2), run_time=0.8)
        self.play(FadeIn(cores[1][0], lag_ratio=0.01), FadeIn(cores[1][1]), run_time=1.5)
        self.wait(4)


# -- 05wk-2 section 3: why SGD ---------------------------------------------------------------

def code(text: str, size: int | None = None, color=None) -> Text:
    """A line of Python in a monospace font (at least the small size, so it reads at 480p)."""
    return Text(text, font=MONO_FONT, font_size=size or FONT_SIZE["small"] + 2, color=color or PALETTE["text"])


def code_block(*lines: str, size: int | None = None) -> VGroup:
    """Lines of code, left-aligned, one ``Text`` per line (so a line can be highlighted)."""
    return VGroup(*(code(l, size) for l in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def fit_tex(fit) -> str:
    """``\\hat y = w0 + w1 x`` of a ``sgd_demos.LineFit`` with the numbers torch found (3 decimals)."""
    sign = "-" if fit.w0 < 0 else "+"
    return rf"\hat y = {fit.w1:.3f}\,x {sign} {abs(fit.w0):.3f}"


class SgdMotivation(Part):
    """The course's question (100,000 points on a GPU?), 1 point in 100, the even/odd algorithm, the names, ``ds``.

    Beats:
      1. The course's data: its code, the axes (x, y named and numbered), the points (1 in 100 drawn,
         said so), and the question: all of it on the GPU, with its size in MB.
      2. The idea: keep 1 point in 100; the line torch fits to those beside the one it fits to all
         100,000 (numbers from torch now): nearly the same line; held.
      3. The even/odd algorithm, steps 1-7 of the course, each lit in turn while the GPU box shows
         what is in GPU memory; "would that work? yes".
      4. The names: ver1 / ver2 / ver3, old and today; today minibatch SGD is simply SGD (box); held.
      5. ``ds = TensorDataset(x, y)``: ``ds.tensors`` looks like (x, y), but ``ds[0]`` is the first
         sample (torch's own output) while ``(x, y)[0]`` is all of x; held.
    """

    id = "sgd.sgd-motivation"
    title_key = "sgd.motivation.title"
    lecture = "05wk-2"

    def run(self):
        from engine import sgd_demos

        mot = sgd_demos.motivation()
        self.data_beat(mot)
        self.clear_beat()
        self.algorithm_beat()
        self.clear_beat()
        self.terms_beat()
        self.clear_beat()
        self.dataset_beat(sgd_demos.dataset_views())

    def clear_beat(self):
        self.play(*(FadeOut(m) for m in self.mobjects), run_time=0.6)

    def data_beat(self, mot):
        title = label(self.title_key, size="title").to_edge(UP, buff=0.25)
        src = code_block(f"x = torch.linspace(-10,10,{mot.n}).reshape(-1,1)",
                         f"eps = torch.randn({mot.n}).reshape(-1,1)", "y = x*2 + eps")
        src.next_to(title, DOWN, buff=0.25).to_edge(LEFT, buff=0.6)
        axes = Axes(x_range=[-10, 10, 5], y_range=[-25, 25, 10], x_length=6.0, y_length=3.4, tips=False,
                    axis_config={"stroke_width": 1.5, "color": PALETTE["muted"], "font_size": FONT_SIZE["small"]},
                    x_axis_config={"numbers_to_include": [-10, -5, 5, 10]},
                    y_axis_config={"numbers_to_include": [-20, -10, 10, 20]})
        names = VGroup(MathTex("x", font_size=FONT_SIZE["caption"]).next_to(axes.x_axis.get_end(), RIGHT, buff=0.1),
                       MathTex("y", font_size=FONT_SIZE["caption"]).next_to(axes.y_axis.get_end(), UP, buff=0.08))
        plot = VGroup(axes, names).next_to(src, DOWN, buff=0.35).to_edge(LEFT, buff=0.9)
        pts = [axes.c2p(a, b) for a, b in zip(mot.x_sub, mot.y_sub)]
        dots = VGroup(*(Dot(p, radius=0.022, color=PALETTE["data"], fill_opacity=0.6) for p in pts))
        drawn = label("sgd.motivation.drawn", size="small", color=PALETTE["muted"], k=mot.every)
        drawn.next_to(axes, DOWN, buff=0.45).align_to(axes, LEFT)
        data = label("sgd.motivation.data", size="caption", n=thousands(mot.n))
        too_much = label("sgd.motivation.too_much", size="caption", color=PALETTE["test"],
                         mb=f"{mot.megabytes_all:.1f}")
        idea = label("sgd.motivation.idea", size="caption", color=PALETTE["fit"], k=mot.every)
        right = VGroup(data, too_much, idea).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        right.next_to(plot, RIGHT, buff=0.6).align_to(plot, UP)
        for m in right:
            if m.get_right()[0] > 6.9:
                m.scale_to_fit_width(6.9 - m.get_left()[0])

        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(src, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(plot), run_time=0.8)
        self.play(FadeIn(dots, lag_ratio=0.002), FadeIn(drawn), FadeIn(data), run_time=1.5)
        self.wait(1)
        self.play(FadeIn(too_much), run_time=0.8)
        self.wait(2.5)
        self.play(FadeIn(idea), dots.animate.set_color(PALETTE["fit"]), run_time=1)

        # the two fits, computed by torch now
        xs = np.array([-10.0, 10.0])
        ends = lambda f: [axes.c2p(a, f.w0 + f.w1 * a) for a in xs]  # noqa: E731
        line_all = Line(*ends(mot.fit_all), color=BLUE_C, stroke_width=6)
        line_sub = DashedLine(*ends(mot.fit_sub), color=ORANGE, stroke_width=3)
        def key(swatch, name, fit):
            text = VGroup(name, MathTex(fit_tex(fit), font_size=FONT_SIZE["caption"])).arrange(DOWN, aligned_edge=LEFT,
                                                                                               buff=0.08)
            return VGroup(swatch, text).arrange(RIGHT, buff=0.15)

        key_all = key(Line(ORIGIN, RIGHT * 0.4, color=BLUE_C, stroke_width=6),
                      label("sgd.motivation.fit_all", size="small", n=thousands(mot.n)), mot.fit_all)
        key_sub = key(DashedLine(ORIGIN, RIGHT * 0.4, color=ORANGE, stroke_width=3),
                      label("sgd.motivation.fit_sub", size="small", n=thousands(mot.fit_sub.n), k=mot.every), mot.fit_sub)
        keys = VGroup(key_all, key_sub).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        keys.next_to(right, DOWN, buff=0.45).align_to(right, LEFT)
        enough = label("sgd.motivation.good_enough", size="caption", color=PALETTE["fit"])
        enough.next_to(keys, DOWN, buff=0.35).align_to(keys, LEFT)
        for m in (keys, enough):
            if m.get_right()[0] > 6.9:
                m.scale_to_fit_width(6.9 - m.get_left()[0])
        self.play(Create(line_all), FadeIn(key_all), run_time=1.2)
        self.play(Create(line_sub), FadeIn(key_sub), run_time=1.2)
        self.play(FadeIn(enough), Indicate(VGroup(key_all[1][1], key_sub[1][1]), color=PALETTE["fit"], scale_factor=1.05),
                  run_time=1.5)
        self.wait(3)

    def algorithm_beat(self):
        title = label("sgd.motivation.algo_title", size="title").to_edge(UP, buff=0.25)
        if title.width > 13.4:
            title.scale_to_fit_width(13.4)
        steps = VGroup(*(label(f"sgd.motivation.step{i}", size="caption") for i in range(1, 8)))
        steps.arrange(DOWN, aligned_edge=LEFT, buff=0.22).next_to(title, DOWN, buff=0.45).to_edge(LEFT, buff=0.5)
        # the GPU box: parameters always in, one half of the data at a time
        box = Rectangle(width=4.2, height=3.2, stroke_color=GREEN_C, stroke_width=3)
        box.to_edge(RIGHT, buff=0.5).match_y(steps)
        box_name = label("sgd.motivation.gpu", size="caption", color=GREEN_C).next_to(box, UP, buff=0.12)
        params = VGroup(Rectangle(width=3.6, height=0.7, fill_color=PURPLE_B, fill_opacity=0.6, stroke_width=0),
                        label("sgd.motivation.params", size="small"))
        params[1].move_to(params[0])
        params.move_to(box).align_to(box, UP).shift(DOWN * 0.3)
        slot = box.get_center() + DOWN * 0.7

        def half(key, color):
            g = VGroup(Rectangle(width=3.6, height=0.9, fill_color=color, fill_opacity=0.6, stroke_width=0),
                       label(key, size="caption"))
            g[1].move_to(g[0])
            return g

        even, odd = half("sgd.motivation.even", BLUE_C), half("sgd.motivation.odd", ORANGE)
        outside = box.get_bottom() + DOWN * 1.3
        even.move_to(outside + LEFT * 1.0)
        odd.move_to(outside + RIGHT * 1.0)
        for m in (even, odd):
            m.scale(0.55)
        works = label("sgd.motivation.works", size="caption", color=PALETTE["fit"]).next_to(steps, DOWN, buff=0.4)
        works.align_to(steps, LEFT)
        # keep the right column clear of the steps
        widest = max(st.get_right()[0] for st in steps)
        if widest > box.get_left()[0] - 0.3:
            steps.scale_to_fit_width(steps.width - (widest - box.get_left()[0] + 0.3))

        def lit(i):
            return [st.animate.set_color(PALETTE["fit"] if j == i else PALETTE["muted"]) for j, st in enumerate(steps)]

        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(steps[0]), FadeIn(even), FadeIn(odd), Create(box), FadeIn(box_name), *lit(0), run_time=1.2)
        self.wait(0.6)
        self.play(FadeIn(steps[1]), *lit(1), FadeIn(params),
                  even.animate.scale(1 / 0.55).move_to(slot), run_time=1.2)
        self.wait(0.6)
        self.play(FadeIn(steps[2]), *lit(2), Indicate(VGroup(params, even), color=PALETTE["fit"], scale_factor=1.03),
                  run_time=1.2)
        self.play(FadeIn(steps[3]), *lit(3), even.animate.scale(0.55).move_to(outside + LEFT * 1.0),
                  odd.animate.scale(1 / 0.55).move_to(slot), run_time=1.4)
        self.play(FadeIn(steps[4]), *lit(4), Indicate(VGroup(params, odd), color=PALETTE["fit"], scale_factor=1.03),
                  run_time=1.2)
        self.play(FadeIn(steps[5]), *lit(5), odd.animate.scale(0.55).move_to(outside + RIGHT * 1.0),
                  even.animate.scale(1 / 0.55).move_to(slot), run_time=1.4)
        self.play(FadeIn(steps[6]), *lit(6), run_time=0.8)
        self.play(FadeIn(works), run_time=0.8)
        self.wait(3)

    def terms_beat(self):
        title = label("sgd.motivation.terms_title", size="title").to_edge(UP, buff=0.25)
        head = [label("sgd.motivation.uses", size="caption", color=PALETTE["muted"]),
                label("sgd.motivation.old", size="caption", color=PALETTE["muted"]),
                label("sgd.motivation.new", size="caption", color=PALETTE["muted"])]
        rows = [[label(f"sgd.motivation.{k}", size="caption", color=c),
                 label(f"sgd.terms.{v}_old", size="small"), label(f"sgd.terms.{v}_new", size="small")]
                for k, v, c in (("all", "v1", BLUE_C), ("one", "v2", ORANGE), ("some", "v3", GREEN_C))]
        table = VGroup(*(m for row in [head, *rows] for m in row))
        table.arrange_in_grid(4, 3, buff=(0.6, 0.45), col_alignments="lll")
        table.next_to(title, DOWN, buff=0.5)
        if table.width > 13.2:
            table.scale_to_fit_width(13.2)
        rule = Line(table.get_left(), table.get_right(), stroke_width=1.5, color=PALETTE["muted"])
        rule.next_to(VGroup(*head), DOWN, buff=0.2).set_x(table.get_x())
        today = rows[2][2]
        box = SurroundingRectangle(today, color=PALETTE["fit"], buff=0.1)
        note = label("sgd.motivation.today_sgd", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.6)

        self.play(FadeIn(title), FadeIn(VGroup(*head)), Create(rule), run_time=1)
        for row in rows:
            self.play(FadeIn(row[0]), FadeIn(row[1]), run_time=0.9)
        self.wait(1)
        self.play(*(FadeIn(row[2], shift=LEFT * 0.2) for row in rows), run_time=1.2)
        self.play(Create(box), FadeIn(note), run_time=1)
        self.wait(3.5)

    def dataset_beat(self, v):
        title = label("sgd.motivation.ds_title", size="title").to_edge(UP, buff=0.25)
        src = code_block("x = torch.tensor(range(10)).float().reshape(-1,1)",
                         "y = torch.tensor([1.0]*5+[0.0]*5).reshape(-1,1)",
                         "ds = torch.utils.data.TensorDataset(x,y)")
        src.next_to(title, DOWN, buff=0.4).to_edge(LEFT, buff=0.6)

        def vec(values):
            return "[" + ", ".join(f"{a:g}" for a in values) + "]"

        tensors = code(f"ds.tensors  # x = {vec(v['tensors'][0])}", color=PALETTE["text"])
        tensors_note = label("sgd.motivation.ds_tensors", size="small", color=PALETTE["muted"])
        tensors_y = code(f"            # y = {vec(v['tensors'][1])}")
        item = code("ds[0]")
        item_out = code(v["item0_repr"], color=PALETTE["fit"])
        item_note = label("sgd.motivation.ds_item", size="small", color=PALETTE["fit"])
        tup = code("(x,y)[0]")
        tup_out = code(f"tensor({vec(v['tuple0'])})  # shape {tuple(v['tuple0_shape'])}", color=BLUE_C)
        tup_note = label("sgd.motivation.tuple_item", size="small", color=BLUE_C)
        block = VGroup(VGroup(tensors, tensors_y).arrange(DOWN, aligned_edge=LEFT, buff=0.08), tensors_note,
                       VGroup(item, item_out).arrange(RIGHT, buff=0.4), item_note,
                       VGroup(tup, tup_out).arrange(RIGHT, buff=0.4), tup_note)
        block.arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(src, DOWN, buff=0.45).align_to(src, LEFT)
        for m in block:
            if m.get_right()[0] > 6.9:
                m.scale_to_fit_width(6.9 - m.get_left()[0])
        not_tuple = label("sgd.motivation.not_tuple", size="caption", color=PALETTE["fit"]).to_edge(DOWN, buff=0.35)

        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(src, lag_ratio=0.3), run_time=1.5)
        self.play(FadeIn(block[0]), FadeIn(block[1]), run_time=1)
        self.wait(1.5)
        self.play(FadeIn(block[2]), FadeIn(block[3]), run_time=1)
        self.wait(1.5)
        self.play(FadeIn(block[4]), FadeIn(block[5]), run_time=1)
        self.play(FadeIn(not_tuple), Indicate(VGroup(item_out, tup_out), color=PALETTE["fit"], scale_factor=1.03),
                  run_time=1.5)
        self.wait(4)


# -- 05wk-2 section 2: using a GPU --------------------------------------------------------------

class GpuUsage(Part):
    """The course's GPU section: .to copies a tensor but moves a net, GPU memory in use, the device mismatch, timing.

    Beats:
      1. The course's CPU code (x_cpu, y_cpu, net_cpu); a CPU memory box holding x_cpu, y_cpu and the net.
      2. ``x_gpu = x_cpu.to("cuda:0")``: a copy appears in GPU memory and x_cpu stays; the course's
         nvidia-smi point: memory in use grows (a meter, no invented numbers).
      3. ``net.to("cuda:0")``: the net itself moves (checked with torch now: ``x.to(d) is x`` False,
         ``net.to(d) is net`` True, ``d`` = cuda:0 if present, else meta).
      4. ``net_gpu(x_cpu)``: a cross out and torch's error text, labelled as torch's on a CUDA machine.
      5. The course's timing result (0.36 s vs 0.58 s at 500 nodes, about 80x at 200,000) and its reason;
         held.
    """

    id = "sgd.gpu-usage"
    title_key = "sgd.gpu.title"
    lecture = "05wk-2"

    def run(self):
        from engine import sgd_demos

        sem = sgd_demos.device_semantics()
        title = label(self.title_key, size="title").to_edge(UP, buff=0.25)
        src = code_block("x_cpu = torch.tensor([0.0,0.1,0.2]).reshape(-1,1)",
                         "net_cpu = torch.nn.Linear(1,1)",
                         'x_gpu = x_cpu.to("cuda:0")',
                         'net_gpu = net_cpu.to("cuda:0")  # the same net, moved')
        src.next_to(title, DOWN, buff=0.3).to_edge(LEFT, buff=0.6)
        cpu_box = Rectangle(width=4.6, height=2.2, stroke_color=BLUE_C, stroke_width=3)
        gpu_box = Rectangle(width=4.6, height=2.2, stroke_color=GREEN_C, stroke_width=3)
        boxes = VGroup(cpu_box, gpu_box).arrange(RIGHT, buff=1.6).next_to(src, DOWN, buff=0.75).set_x(-1.3)
        cpu_name = label("sgd.gpu.cpu_mem", size="caption", color=BLUE_C).next_to(cpu_box, UP, buff=0.1)
        gpu_name = label("sgd.gpu.gpu_mem", size="caption", color=GREEN_C).next_to(gpu_box, UP, buff=0.1)

        def chip(text, color):
            g = VGroup(Rectangle(width=1.7, height=0.55, fill_color=color, fill_opacity=0.5, stroke_width=0), code(text))
            g[1].move_to(g[0])
            return g

        x_cpu = chip("x_cpu", BLUE_C).move_to(cpu_box.get_center() + LEFT * 1.05 + UP * 0.45)
        net = chip("net", PURPLE_B).move_to(cpu_box.get_center() + RIGHT * 1.05 + UP * 0.45)
        x_gpu = chip("x_gpu", GREEN_C).move_to(gpu_box.get_center() + LEFT * 1.05 + UP * 0.45)
        # GPU memory meter: how full, only as "more than before" (the course's nvidia-smi, no numbers of ours)
        meter = Rectangle(width=0.3, height=1.8, stroke_color=GREEN_C, stroke_width=2)
        meter.next_to(gpu_box, RIGHT, buff=0.25)
        fill = Rectangle(width=0.3, height=0.2, fill_color=GREEN_C, fill_opacity=0.8, stroke_width=0)
        fill.move_to(meter, aligned_edge=DOWN)
        copy_note = label("sgd.gpu.copy", size="small", color=BLUE_C)
        move_note = label("sgd.gpu.moves", size="small", color=PURPLE_B)
        checked = label("sgd.gpu.checked", size="small", color=PALETTE["muted"], d=sem["device"],
                        a=str(not sem["tensor_is_copy"]), b=str(sem["net_is_same"]))
        memory = label("sgd.gpu.memory", size="small", color=GREEN_C)
        notes = VGroup(copy_note, move_note, memory, checked).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        notes.next_to(boxes, DOWN, buff=0.35).to_edge(LEFT, buff=0.6)
        for m in notes:
            if m.get_right()[0] > 6.9:
                m.scale_to_fit_width(6.9 - m.get_left()[0])

        self.play(FadeIn(title), run_time=0.8)
        self.play(FadeIn(src[:2], lag_ratio=0.3), Create(cpu_box), FadeIn(cpu_name), run_time=1.2)
        self.play(FadeIn(x_cpu), FadeIn(net), Create(gpu_box), FadeIn(gpu_name), Create(meter), FadeIn(fill),
                  run_time=1.2)
        self.wait(0.8)
        # a tensor: a copy goes over, the original stays
        self.play(FadeIn(src[2]), run_time=0.6)
        self.play(TransformFromCopy(x_cpu, x_gpu), fill.animate.stretch_to_fit_height(0.8, about_edge=DOWN),
                  FadeIn(copy_note), run_time=1.5)
        self.play(FadeIn(memory), Indicate(fill, color=PALETTE["fit"]), run_time=1.2)
        self.wait(1.5)
        # a net: the net itself goes over
        self.play(FadeIn(src[3]), run_time=0.6)
        self.play(net.animate.move_to(gpu_box.get_center() + RIGHT * 1.05 + UP * 0.45),
                  fill.animate.stretch_to_fit_height(1.3, about_edge=DOWN), FadeIn(move_note), run_time=1.5)
        self.play(FadeIn(checked), run_time=0.8)
        self.wait(3)
        self.play(FadeOut(notes), FadeOut(src), run_time=0.6)
        self.mismatch(x_cpu, net, boxes)
        self.timing(boxes)

    def mismatch(self, x_cpu, net, boxes):
        """``net_gpu(x_cpu)``: the arrow from the CPU tensor to the GPU net is crossed out; torch's error text."""
        call = code("net_gpu(x_cpu)").next_to(boxes, DOWN, buff=0.35).to_edge(LEFT, buff=0.6)
        arrow = Arrow(x_cpu.get_bottom() + DOWN * 0.05, net.get_bottom() + DOWN * 0.05, path_arc=0.6,
                      color=PALETTE["test"], stroke_width=4, buff=0.05)
        cross = Cross(VGroup(arrow), stroke_color=PALETTE["test"], stroke_width=5).scale(0.4)
        what = label("sgd.gpu.mismatch", size="caption", color=PALETTE["test"]).next_to(call, RIGHT, buff=0.4)
        err_label = label("sgd.gpu.error_label", size="small", color=PALETTE["muted"])
        err = code(CUDA_MISMATCH_ERROR, color=PALETTE["test"])
        err_group = VGroup(err_label, err).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        err_group.next_to(call, DOWN, buff=0.25).align_to(call, LEFT)
        for m in (what, err_group):
            if m.get_right()[0] > 6.9:
                m.scale_to_fit_width(6.9 - m.get_left()[0])
        self.play(FadeIn(call), run_time=0.6)
        self.play(Create(arrow), run_time=0.8)
        self.play(Create(cross), FadeIn(what), run_time=0.8)
        self.play(FadeIn(err_group), run_time=0.8)
        self.wait(3.5)
        self.play(*(FadeOut(m) for m in (call, arrow, cross, what, err_group)), run_time=0.6)

    def timing(self, boxes):
        """The course's timing result and its reason (the cores)."""
        c = COURSE_TIMING
        result = label("sgd.gpu.timing", size="caption", e=thousands(c["epochs"]), w=thousands(c["width"]),
                       c=f"{c['cpu_seconds']:g}", g=f"{c['gpu_seconds']:g}", W=thousands(c["big_width"]),
                       x=c["big_speedup"])
        result.next_to(boxes, DOWN, buff=0.35).to_edge(LEFT, buff=0.6)
        if result.get_right()[0] > 6.9:
            result.scale_to_fit_width(6.9 - result.get_left()[0])
        cores = cores_picture().next_to(result, DOWN, buff=0.3).align_to(result, LEFT)
        self.play(FadeIn(result), run_time=0.8)
        self.wait(1.5)
        self.play(FadeIn(cores[0], shift=RIGHT * 0.2), run_time=0.8)
        self.play(FadeIn(cores[1][0], lag_ratio=0.01), FadeIn(cores[1][1]), run_time=1.2)
        self.wait(4)


# -- scenes --------------------------------------------------------------------------------

class TenSamplesScene(PartScene):
    part = TenSamples


class ShuffleScene(PartScene):
    part = Shuffle


class MnistScene(PartScene):
    part = MnistMinibatch


class CpuVsGpuScene(PartScene):
    part = CpuVsGpu


class SgdMotivationScene(PartScene):
    part = SgdMotivation


class GpuUsageScene(PartScene):
    part = GpuUsage


class SGDLesson(LessonScene):
    parts = [GpuUsage, CpuVsGpu, SgdMotivation, TenSamples, Shuffle, MnistMinibatch]   # the course's order


default_scene("SGDLesson")
