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
    DOWN, LEFT, RIGHT, UP, BLUE_C, GREEN_C, ORANGE, PURPLE_B, TEAL_C, WHITE,
    FadeIn, Integer, MathTex, Square, ValueTracker, VGroup,
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

__all__ = [
    "TenSamples", "Shuffle", "MnistMinibatch", "CpuVsGpu",
    "TenSamplesScene", "ShuffleScene", "MnistScene", "CpuVsGpuScene", "SGDLesson",
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
#: epochs of batch indices shown by the shuffle part
SHUFFLE_EPOCHS = 3
#: test digits drawn by the MNIST part (the first of each class the recording shows)
DIGITS_PER_CLASS = 4


# -- data helpers (pure functions over recordings; tested) -----------------------------------

def shared_landscape(recs, n: int = 81, margin: float = 0.3) -> engine.Landscape:
    """One (w0, w1) loss grid covering every recorded path, so the runs share a contour."""
    b = np.concatenate([r.param("0.bias")[:, 0] for r in recs])
    w = np.concatenate([r.param("0.weight")[:, 0, 0] for r in recs])

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

class TenSamples(Part):
    """The ten samples, which feed each update, and the three paths over one loss contour."""

    id = "sgd.ten"
    title_key = "sgd.ten.title"
    lecture = "05wk-2"

    def run(self):
        recs = [recording(i) for i, _, _ in TEN_RUNS]
        land = shared_landscape(recs)
        n_updates = recs[0].n_updates
        self.tracker = ValueTracker(0)

        title = label(self.title_key, size="title")
        title.scale_to_fit_width(min(title.width, 9.0)).to_edge(UP, buff=0.3).to_edge(LEFT, buff=0.4)
        cfg = recs[0].config
        setup = label("sgd.ten.setup", size="small", color=PALETTE["muted"], lr=cfg["lr"], n=n_updates)
        setup.next_to(title, DOWN, buff=0.12, aligned_edge=LEFT)
        counter = self.update_counter(n_updates)

        columns = VGroup()
        self.paths, self.scatters = [], []
        for rec, (_, key, color) in zip(recs, TEN_RUNS):
            col, path, scatter = self.column(rec, land, key, color)
            columns.add(col)
            self.paths.append(path)
            self.scatters.append(scatter)
        columns.arrange(RIGHT, buff=0.5).next_to(setup, DOWN, buff=0.3).set_x(-0.45)
        last = self.contours[-1]
        bar = last.colorbar(height=last.frame.height)
        bar.next_to(last.frame, RIGHT, buff=0.12)
        counter.to_edge(RIGHT, buff=0.5).align_to(title, UP)
        loss = MathTex(r"L = \sum_{i \in B} (y_i - w_0 - w_1 x_i)^2", font_size=FONT_SIZE["body"])
        legend = label("sgd.ten.lit", size="small", color=PALETTE["fit"])
        VGroup(loss, legend).arrange(RIGHT, buff=0.8).to_edge(DOWN, buff=0.2)

        self.play(FadeIn(title), FadeIn(setup), run_time=0.8)
        # Static pieces first, the tracker-driven ones last: manim redraws every frame only the
        # mobjects from the first one with updaters onwards, so the heatmaps stay a cached background.
        moving = VGroup(*(VGroup(sc.dots, sc.fit) for sc in self.scatters), *self.paths, counter)
        static = VGroup(*(col[0] for col in columns), *(VGroup(sc.axes, sc.indices) for sc in self.scatters),
                        *self.contours, bar, loss, legend)
        self.play(FadeIn(static), run_time=1.2)
        self.play(FadeIn(moving), run_time=0.5)
        self.wait(0.5)
        for k in range(1, STEP_BY_STEP + 1):
            self.play(self.tracker.animate.set_value(k), run_time=0.7, rate_func=smooth)
            self.wait(0.15)
        self.play(self.tracker.animate.set_value(n_updates), run_time=8, rate_func=linear)
        self.wait(1.5)

    def column(self, rec, land, key, color):
        """Header, the samples with this run's batch lit, and its path over the contour."""
        self.contours = getattr(self, "contours", [])
        n = len(rec.batch(0))
        head = label(key, size="caption", color=color, n=n)
        scatter = SampleScatter(rec.data("x"), rec.data("y"), width=3.4, height=1.25)
        scatter.follow(self.tracker, rec.batches, rec.param("0.bias")[:, 0], rec.param("0.weight")[:, 0, 0])
        contour = LossContour(land, width=3.3, height=3.0, n_levels=12)
        path = PathOnContour(contour, rec.param("0.bias")[:, 0], rec.param("0.weight")[:, 0, 0],
                             tracker=self.tracker, color=color, stroke_width=2.5, head_radius=0.055)
        self.contours.append(contour)
        body = VGroup(contour, path)
        col = VGroup(head, scatter, body).arrange(DOWN, buff=0.2)
        return col, path, scatter

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



class MnistMinibatch(Part):
    """Loss per update of full-batch GD and minibatch SGD on MNIST 0/1; accuracy, memory, digits."""

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
        # minibatch first, so the smooth full-batch curve stays visible on top of the jagged one
        chart = LossChart(
            {"mb": (mb.loss, colors["mb"]), "gd": (gd.loss, colors["gd"])},
            width=5.8, height=3.2, y_min=0.0, fit_y=True, stroke_widths={"mb": 1.2, "gd": 4.0},
            x_label=label("sgd.mnist.updates", size="small", color=PALETTE["muted"]),
            y_label=label("sgd.mnist.loss", size="small", color=PALETTE["muted"]),
        ).to_edge(LEFT, buff=0.7).shift(UP * 0.45)
        self.cards = [accuracy_card(gd, "sgd.mnist.gd", colors["gd"]),
                      accuracy_card(mb, "sgd.mnist.minibatch", colors["mb"], n=thousands(n_mb))]
        cards = VGroup(*self.cards).arrange(DOWN, buff=0.4, aligned_edge=LEFT)
        cards.next_to(chart, RIGHT, buff=0.5).align_to(chart, UP)
        digits = self.digits(mb, colors["mb"]).to_edge(DOWN, buff=0.25)

        self.play(FadeIn(title), FadeIn(same), FadeIn(chart.axes), FadeIn(chart.x_label), FadeIn(chart.y_label), run_time=1)
        self.play(FadeIn(cards[0][0]), FadeIn(cards[1][0]), run_time=0.6)
        self.play(chart.draw(run_time=4))
        self.play(*(FadeIn(c[1:]) for c in cards), run_time=1)
        self.wait(1)
        self.play(FadeIn(digits, lag_ratio=0.1), run_time=1.5)
        self.wait(2.5)

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
    """The CPU-vs-GPU chart and its captions from a recording's measured timings (unplaced).

    Only devices with a ``timing/<device>`` array get bars; without ``timing/cuda``
    the note says there was no GPU instead of showing one.
    """
    widths = rec.array("timing/widths")
    devices = [d for d in ("cpu", "cuda") if f"timing/{d}" in rec]
    seconds = {d: rec.array(f"timing/{d}") for d in devices}
    colors = {"cpu": BLUE_C, "cuda": GREEN_C}
    net = VGroup(MathTex(r"1 \to w \to 1", font_size=FONT_SIZE["body"] + 4),
                 label("sgd.device.net", size="caption", color=PALETTE["muted"],
                       epochs=int(rec.array("timing/epochs")), n=rec.n_samples)).arrange(RIGHT, buff=0.4)
    chart = TimingChart([r"w = " + thousands(w).replace(",", "{,}") for w in widths], seconds, colors=colors,
                        width=9.5, height=3.6,
                        y_label=label("sgd.device.seconds", size="small", color=PALETTE["muted"]))
    legend = VGroup(*(VGroup(Square(0.22, fill_color=colors[d], fill_opacity=0.9, stroke_width=0),
                             label(f"sgd.device.{d}", size="caption")).arrange(RIGHT, buff=0.12)
                      for d in devices)).arrange(DOWN, aligned_edge=LEFT)
    if "cuda" in seconds:
        i = int(np.argmax(widths))
        note = label("sgd.device.speedup", size="body", color=PALETTE["fit"],
                     x=f"{seconds['cpu'][i] / seconds['cuda'][i]:.0f}", w=thousands(widths[i]))
    else:
        note = label("sgd.device.no_gpu", size="body", color=PALETTE["test"])
    lo, hi = int(np.argmin(widths)), int(np.argmax(widths))
    growth = label("sgd.device.growth", size="caption", color=PALETTE["muted"],
                   x=f"{seconds['cpu'][hi] / seconds['cpu'][lo]:.0f}", r=thousands(widths[hi] // widths[lo]))
    return {"devices": devices, "net": net, "chart": chart, "legend": legend, "note": note, "growth": growth}


class CpuVsGpu(Part):
    """Measured training time of 1 -> width -> 1 per device, growing with the width."""

    id = "sgd.device"
    title_key = "sgd.device.title"
    lecture = "05wk-2"

    def run(self):
        rec = recording("05wk-2/cpu-vs-gpu")
        v = timing_view(rec)
        net, chart, legend, note, growth = v["net"], v["chart"], v["legend"], v["note"], v["growth"]
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        net.next_to(title, DOWN, buff=0.25)
        chart.next_to(net, DOWN, buff=0.55).set_x(-0.6)
        legend.next_to(chart, RIGHT, buff=0.3).align_to(chart, UP)
        VGroup(note, growth).arrange(DOWN, buff=0.12).to_edge(DOWN, buff=0.25)
        devices = v["devices"]

        self.play(FadeIn(title), FadeIn(net), run_time=0.8)
        self.play(FadeIn(chart.axes), FadeIn(chart.setting_labels), FadeIn(chart.y_label), FadeIn(legend), run_time=0.8)
        for d in devices:
            self.play(chart.grow(d, run_time=2))
        self.play(FadeIn(note), run_time=0.8)
        self.play(FadeIn(growth), run_time=0.8)
        self.wait(2)


# -- scenes --------------------------------------------------------------------------------

class TenSamplesScene(PartScene):
    part = TenSamples


class ShuffleScene(PartScene):
    part = Shuffle


class MnistScene(PartScene):
    part = MnistMinibatch


class CpuVsGpuScene(PartScene):
    part = CpuVsGpu


class SGDLesson(LessonScene):
    parts = [TenSamples, Shuffle, MnistMinibatch, CpuVsGpu]


default_scene("SGDLesson")
