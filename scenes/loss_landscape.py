"""Loss-landscape videos of 03wk-2 (logistic regression, MSE vs BCE) and 05wk-1/linreg.

``manim render scenes/loss_landscape.py`` renders the whole lesson
(``LandscapeLesson``, one section per part); each part renders alone by name,
e.g. ``manim render -qh scenes/loss_landscape.py LearningMseGoodScene``.

Every number comes from a recording (``scenes.common.recordings.recording``)
or from engine's batched loss grid (``engine.landscape_for``). The epoch is one
``ValueTracker`` that runs through every recorded state, the last included;
the surfaces are static, so Cairo paints them once per animation.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UL, UP, UR, DashedLine, DecimalNumber, Dot, FadeIn, MathTex, ValueTracker, VGroup,
    Write, linear,
)

import engine
from scenes.common.lesson import LessonScene, Part, PartScene, default_scene
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.numbers import LiveNumber
from scenes.common.plots import FitPlot
from scenes.common.surface import LossSurface, ParameterPath, TrainingCaption, gradient_norm, loss_tex
from scenes.common.tracking import add_layered, reuse_unchanged_frames
from scenes.common.text import label, plain
from scenes.strings import t

__all__ = [
    "LearningProcess", "ThreeStarts", "MseVsBce", "LinregPrediction", "LandscapeLesson", "predict_linear",
    "W_STAR",
]

#: the true parameters of 03wk-2's data (w0, w1) = (-1, 5), as the course's data generator uses them
W_STAR = (-1.0, 5.0)
#: seconds of video per recorded epoch (100 epochs: 10 s)
EPOCH_SECONDS = 0.1
#: colours of the three starts' paths, chosen to stand out on the height colours
START_COLORS = {"good": "#ffffff", "possible": "#ff6ad5", "worst": "#7df9ff"}


def predict_linear(rec, xs, state: int = -1) -> np.ndarray:
    """``w * x + b`` of a recorded Linear(1, 1) at ``state``, in float32 as torch computes it."""
    w = np.float32(rec.param("0.weight")[state].ravel()[0])
    b = np.float32(rec.param("0.bias")[state].ravel()[0])
    return np.asarray(xs, dtype=np.float32) * w + b


def _start_name(rec) -> str:
    return rec.id.rsplit("-", 1)[-1]


def _title(text_key: str, **fmt):
    return label(text_key, size="title", **fmt).to_edge(UP, buff=0.25)


def _path_over(surface: LossSurface, rec, tracker, **kwargs) -> ParameterPath:
    return ParameterPath(surface, rec.param("0.bias").ravel(), rec.param("0.weight").ravel(), rec.state_loss,
                         tracker, **kwargs)


def _write_title(part: Part, title) -> None:
    """Write the title, then move it under everything so later plays paint it once, not every frame."""
    part.play(Write(title), run_time=1)
    part.bring_to_back(title)
    title.suspend_updating()


def _run_epochs(part: Part, tracker: ValueTracker, n_epochs: int, moving: list,
                seconds: float = EPOCH_SECONDS) -> None:
    """Play every epoch 0..n_epochs, then freeze what followed it (later plays paint it once).

    Everything that moves shows ``round(tracker)``, so a frame is drawn only when the epoch changes.
    """
    with reuse_unchanged_frames(part.scene, lambda: round(tracker.get_value())):
        part.play(tracker.animate.set_value(n_epochs), run_time=n_epochs * seconds, rate_func=linear)
    for m in moving:
        m.clear_updaters()


class LearningProcess(Part):
    """Left: data, true probability and the fitted curve; right: the path over the loss surface."""

    lecture = "03wk-2"
    title_key = "landscape.learning.title"
    experiment = "03wk-2/mse-good"
    experiments = (experiment,)
    id = "landscape.learning.mse-good"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.experiments = (cls.experiment,)  # what `lecture render` records before this part

    @classmethod
    def title_args(cls) -> dict:
        """Fields of the title: ``LearningBceWorst`` -> loss BCE, start "worst" (translated)."""
        loss, start = cls.experiment.split("/", 1)[1].split("-")
        return {"loss": loss.upper(), "start": t(f"landscape.start.{start}")}

    def build(self) -> dict:
        """Every mobject of the part, laid out, nothing added to the scene."""
        rec = recording(self.experiment)
        tracker = ValueTracker(0)
        title = _title(self.title_key, **self.title_args())
        plot = FitPlot.from_run(rec.data("x"), rec.data("y"), rec.data("x_show"), rec.prediction, tracker,
                                truth=rec.data("prob"), x_range=[-1, 1, 0.5], y_range=[0, 1, 0.5],
                                x_length=5.2, y_length=3.8)
        plot.move_to(LEFT * 3.95 + UP * 0.45)
        legend = plot.legend("landscape.fit", "landscape.truth").next_to(plot.axes.c2p(-1, 0.9), DOWN + RIGHT, buff=0.1)
        surface = LossSurface(engine.landscape_for(rec), size=(4.7, 4.2, 2.4))
        surface.move_to(RIGHT * 2.75 + UP * 0.45)
        bar = surface.color_bar(height=2.6).move_to(RIGHT * 6.55 + UP * 0.3)
        star = surface.marker(*W_STAR)
        path = _path_over(surface, rec, tracker)
        caption = TrainingCaption(rec, tracker).to_edge(DOWN, buff=0.3).set_x(0)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, legend=legend, surface=surface, bar=bar,
                    star=star, path=path, caption=caption)

    def run(self) -> None:
        m = self.build()
        # static first: everything added after the first moving mobject is redrawn every frame
        moving = add_layered(self, m["plot"], m["surface"], m["bar"], m["star"], m["legend"], m["caption"], m["path"])
        _write_title(self, m["title"])
        _run_epochs(self, m["tracker"], m["rec"].n_epochs, moving)
        self.wait(1.5)


class LearningMseGood(LearningProcess):
    experiment, id = "03wk-2/mse-good", "landscape.learning.mse-good"


class LearningMsePossible(LearningProcess):
    experiment, id = "03wk-2/mse-possible", "landscape.learning.mse-possible"


class LearningMseWorst(LearningProcess):
    experiment, id = "03wk-2/mse-worst", "landscape.learning.mse-worst"


class LearningBceGood(LearningProcess):
    experiment, id = "03wk-2/bce-good", "landscape.learning.bce-good"


class LearningBcePossible(LearningProcess):
    experiment, id = "03wk-2/bce-possible", "landscape.learning.bce-possible"


class LearningBceWorst(LearningProcess):
    experiment, id = "03wk-2/bce-worst", "landscape.learning.bce-worst"


class ThreeStarts(Part):
    """The three MSE starts on one surface: good converges, possible creeps, worst sits on the plateau."""

    lecture = "03wk-2"
    id = "landscape.three-starts"
    title_key = "landscape.starts.title"
    experiments = ("03wk-2/mse-good", "03wk-2/mse-possible", "03wk-2/mse-worst")

    def build(self) -> dict:
        recs = [recording(e) for e in self.experiments]
        tracker = ValueTracker(0)
        title = _title(self.title_key)
        surface = LossSurface(engine.landscape_for(recs[0]), size=(5.2, 4.8, 2.7)).move_to(LEFT * 3.35 + DOWN * 0.2)
        bar = surface.color_bar(height=2.8).move_to(RIGHT * 0.6 + DOWN * 0.3)
        star = surface.marker(*W_STAR)
        paths, rows = VGroup(), VGroup()
        fs = FONT_SIZE["body"]
        for rec in recs:
            name = _start_name(rec)
            color = START_COLORS[name]
            paths.add(_path_over(surface, rec, tracker, color=color))
            w = rec.param("0.bias")[0].ravel()[0], rec.param("0.weight")[0].ravel()[0]
            start = MathTex(rf"(w_0, w_1)_0 = ({w[0]:g},\ {w[1]:g})", font_size=fs)
            norm = VGroup(MathTex(r"\|\nabla\mathcal{L}\| =", font_size=fs),
                          LiveNumber(gradient_norm(rec), tracker, num_decimal_places=5, font_size=fs)).arrange(RIGHT, buff=0.12)
            loss = VGroup(MathTex(loss_tex(rec) + "=", font_size=fs),
                          LiveNumber(rec.state_loss, tracker, num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.12)
            verdict = label(f"landscape.verdict.{name}", size="caption", color=color)
            rows.add(VGroup(verdict, start, VGroup(norm, loss).arrange(RIGHT, buff=0.4)).arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.45).move_to(RIGHT * 4.25 + DOWN * 0.2)
        epoch = VGroup(label("common.epoch", size="caption"),
                       LiveNumber(np.arange(recs[0].n_states), tracker, num_decimal_places=0, font_size=fs)
                       ).arrange(RIGHT, buff=0.15).next_to(title, DOWN, buff=0.2)
        return dict(recs=recs, tracker=tracker, title=title, surface=surface, bar=bar, star=star, paths=paths,
                    rows=rows, epoch=epoch)

    def run(self) -> None:
        m = self.build()
        verdicts = [row[0] for row in m["rows"]]
        moving = add_layered(self, m["surface"], m["bar"], m["star"], *(r for row in m["rows"] for r in row[1:]),
                             m["paths"], m["epoch"])
        _write_title(self, m["title"])
        _run_epochs(self, m["tracker"], m["recs"][0].n_epochs, moving)
        self.play(*(FadeIn(v, shift=RIGHT * 0.2) for v in verdicts), run_time=1)
        self.wait(2)


class MseVsBce(Part):
    """MSE and BCE surfaces side by side, the same worst start: MSE stays, BCE escapes."""

    lecture = "03wk-2"
    id = "landscape.mse-vs-bce"
    title_key = "landscape.mse_bce.title"
    experiments = ("03wk-2/mse-worst", "03wk-2/bce-worst")
    formulas = {
        "mse": r"\mathcal{L}_{\text{MSE}} = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat y_i)^2",
        "bce": r"\mathcal{L}_{\text{BCE}} = -\frac{1}{n}\sum_{i=1}^{n}\big[\,y_i\log\hat y_i + (1-y_i)\log(1-\hat y_i)\big]",
    }

    def build(self) -> dict:
        recs = [recording(e) for e in self.experiments]
        tracker = ValueTracker(0)
        title = _title(self.title_key)
        fs = FONT_SIZE["body"]
        panels = []
        for rec, x in zip(recs, (-3.55, 3.55)):
            name = rec.config["loss"]
            surface = LossSurface(engine.landscape_for(rec), size=(4.4, 4.0, 2.2)).move_to(RIGHT * (x - 0.35) + DOWN * 0.3)
            bar = surface.color_bar(height=2.2).move_to(RIGHT * (x + 2.95) + DOWN * 0.3)
            formula = MathTex(self.formulas[name], font_size=FONT_SIZE["caption"]).move_to(RIGHT * x + UP * 2.55)
            path = _path_over(surface, rec, tracker, color=START_COLORS["worst"])
            norm = VGroup(MathTex(r"\|\nabla\mathcal{L}\| =", font_size=fs),
                          LiveNumber(gradient_norm(rec), tracker, num_decimal_places=5, font_size=fs),
                          MathTex(loss_tex(rec) + "=", font_size=fs),
                          LiveNumber(rec.state_loss, tracker, num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.12)
            norm[2].shift(RIGHT * 0.3)
            norm[3].shift(RIGHT * 0.3)
            norm.move_to(RIGHT * x + DOWN * 2.75)
            key = "landscape.verdict.mse_stuck" if name == "mse" else "landscape.verdict.bce_escapes"
            verdict = label(key, size="caption", color=PALETTE["fit"]).next_to(norm, DOWN, buff=0.15)
            panels.append(dict(rec=rec, surface=surface, bar=bar, formula=formula, star=surface.marker(*W_STAR),
                               path=path, norm=norm, verdict=verdict))
        epoch = VGroup(label("common.epoch", size="caption"),
                       LiveNumber(np.arange(recs[0].n_states), tracker, num_decimal_places=0, font_size=fs)
                       ).arrange(RIGHT, buff=0.15).to_corner(UL, buff=0.3)
        return dict(recs=recs, tracker=tracker, title=title, panels=panels, epoch=epoch)

    def run(self) -> None:
        m = self.build()
        ps = m["panels"]
        moving = add_layered(self, *(p[k] for p in ps for k in ("surface", "bar", "star", "formula", "path", "norm")),
                             m["epoch"])
        _write_title(self, m["title"])
        _run_epochs(self, m["tracker"], m["recs"][0].n_epochs, moving)
        self.play(*(FadeIn(p["verdict"], shift=UP * 0.1) for p in ps), run_time=1)
        self.wait(2)


class LinregPrediction(Part):
    """05wk-1/linreg: the line converging, its path over the MSE surface under Adam, then predictions."""

    lecture = "05wk-1"
    id = "landscape.linreg"
    title_key = "landscape.linreg.title"
    experiment = "05wk-1/linreg"
    experiments = (experiment,)
    #: the inputs the course predicts at
    queries = (0.1, 0.2)
    epoch_seconds = 0.05

    def build(self) -> dict:
        rec = recording(self.experiment)
        tracker = ValueTracker(0)
        title = _title(self.title_key)
        x, y = rec.data("x").ravel(), rec.data("y").ravel()
        plot = FitPlot.from_run(x, y, rec.data("x_show"), rec.prediction, tracker, x_range=[-3, 3, 1],
                                y_range=[-10, 15, 5], x_length=5.2, y_length=3.9, data_opacity=0.55, data_radius=0.04)
        plot.move_to(LEFT * 3.95 + UP * 0.4)
        legend = plot.legend("landscape.fit_line").next_to(plot.axes.c2p(-3, 15), DOWN + RIGHT, buff=0.15)
        surface = LossSurface(engine.landscape_for(rec), size=(4.5, 4.2, 2.4)).move_to(RIGHT * 2.75 + UP * 0.4)
        bar = surface.color_bar(height=2.6, decimals=1).move_to(RIGHT * 6.55 + UP * 0.3)
        path = _path_over(surface, rec, tracker)
        caption = TrainingCaption(rec, tracker).to_edge(DOWN, buff=0.3).set_x(0)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, legend=legend, surface=surface, bar=bar,
                    path=path, caption=caption, predictions=self.predictions(rec, plot))

    def predictions(self, rec, plot: FitPlot) -> VGroup:
        """For each query x: dashed guides from x up to the final line and across, and the value."""
        ax, fs = plot.axes, FONT_SIZE["caption"]
        yhat = predict_linear(rec, self.queries)
        group = VGroup()
        x_lo, y_lo = ax.x_range[0], ax.y_range[0]
        for i, (q, v) in enumerate(zip(self.queries, yhat)):
            p = ax.c2p(q, float(v))
            guides = VGroup(DashedLine(ax.c2p(q, y_lo), p, color=PALETTE["point"], stroke_width=2),
                            DashedLine(p, ax.c2p(x_lo, float(v)), color=PALETTE["point"], stroke_width=2))
            dot = Dot(p, radius=0.06, color=PALETTE["point"])
            text = VGroup(MathTex(rf"\hat y({q:g}) =", font_size=fs),
                          DecimalNumber(float(v), num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.1)
            text.next_to(ax.c2p(ax.x_range[1], y_lo), UL, buff=0.15).shift(UP * 0.5 * (len(self.queries) - 1 - i))
            group.add(VGroup(guides, dot, text))
        return group

    def run(self) -> None:
        m = self.build()
        moving = add_layered(self, m["plot"], m["surface"], m["bar"], m["legend"], m["caption"], m["path"])
        _write_title(self, m["title"])
        _run_epochs(self, m["tracker"], m["rec"].n_epochs, moving, self.epoch_seconds)
        subtitle = label("landscape.linreg.predict", size="caption").next_to(m["title"], DOWN, buff=0.1)
        self.play(FadeIn(subtitle), run_time=0.5)
        for pred in m["predictions"]:
            self.play(FadeIn(pred[0]), FadeIn(pred[1]), Write(pred[2]), run_time=1)
        self.wait(2)


# --- one scene per part (render by name) ------------------------------------------------
class LearningMseGoodScene(PartScene):
    part = LearningMseGood


class LearningMsePossibleScene(PartScene):
    part = LearningMsePossible


class LearningMseWorstScene(PartScene):
    part = LearningMseWorst


class LearningBceGoodScene(PartScene):
    part = LearningBceGood


class LearningBcePossibleScene(PartScene):
    part = LearningBcePossible


class LearningBceWorstScene(PartScene):
    part = LearningBceWorst


class ThreeStartsScene(PartScene):
    part = ThreeStarts


class MseVsBceScene(PartScene):
    part = MseVsBce


class LinregPredictionScene(PartScene):
    part = LinregPrediction


class LandscapeLesson(LessonScene):
    """The whole loss-landscape story; ``manim render scenes/loss_landscape.py`` renders this."""

    parts = [LearningMseGood, LearningMseWorst, ThreeStarts, LearningBceWorst, MseVsBce, LinregPrediction]


default_scene("LandscapeLesson")
