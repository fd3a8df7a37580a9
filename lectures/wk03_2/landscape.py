"""Loss-landscape videos of 03wk-2 (logistic regression, MSE vs BCE) and 05wk-1/linreg.

``manim render scenes/loss_landscape.py`` renders the whole landscape story (``LandscapeLesson``, one section
per part, defined in ``parts.py`` beside ``why.py``'s part, which imports this module); each part renders alone
by name, e.g. ``manim render -qh scenes/loss_landscape.py LearningMseGoodScene``.

Every number comes from a recording (``scenes.common.recordings.recording``)
or from engine's batched loss grid (``engine.landscape_for``). The epoch is one
``ValueTracker`` that runs through every recorded state, the last included;
the surfaces are static, so Cairo paints them once per animation.

Every part is built up before anything trains (axes with their names, then the
data, the truth, the surface with W*, then the model at epoch 0), the first
epochs run slowly, and each conclusion is a sentence with the recording's
numbers held on screen, pointing at what it is about.
"""

from __future__ import annotations

import re

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    LaggedStart,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

import engine
from engine import logistic_demos as demos
from lectures.wk03_2.declaration import LECTURE
from scenes.common import runs
from scenes.common.lesson import Part, PartScene
from scenes.common.numbers import LiveNumber
from scenes.common.plots import FitPlot, edge_axes
from scenes.common.plots import axis_names as _axis_names
from scenes.common.recordings import predict_linear, recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.surface import LossSurface, TrainingCaption, gradient_norm, loss_tex, reserve_slots
from scenes.common.text import keep_in_frame, label, plain
from scenes.common.tracking import at_most_fps, reuse_unchanged_frames
from scenes.strings import t

__all__ = [
    "LECTURE", "LearningProcess", "LearningMseLong", "ThreeStarts", "MseVsBce",
    "predict_linear", "edge_axes", "W_STAR", "START_COLORS",
]

#: the true parameters of 03wk-2's data (w0, w1) = (-1, 5), as the course's data generator uses them
W_STAR = (-1.0, 5.0)
#: colours of the three starts (paths, current points, rows), chosen to stand out on the height colours
START_COLORS = {"good": "#ffffff", "possible": "#ff6ad5", "worst": "#7df9ff"}
#: how long a conclusion stays on screen, pointing at what it is about
HOLD = 3.0
#: colours of the MSE and BCE cross-sections through the start (on the surfaces and the chart)
SECTION_COLORS = {"mse": "#ff6ad5", "bce": "#ffffff"}


def _start_name(rec) -> str:
    return rec.id.rsplit("-", 1)[-1]


def _callout(text, target, *, color=None, buff: float = 0.1) -> VGroup:
    """A sentence and an arrow from it to ``target`` (a mobject or a point)."""
    color = color or PALETTE["fit"]
    end = target.get_center() if hasattr(target, "get_center") else np.asarray(target, dtype=float)
    start = text.get_critical_point(_toward(text.get_center(), end))
    arrow = Arrow(start, end, buff=buff, color=color, stroke_width=3, max_tip_length_to_length_ratio=0.2,
                  tip_length=0.18)
    return VGroup(text, arrow)


def _toward(a, b) -> np.ndarray:
    """The edge direction of a box at ``a`` facing ``b`` (UP, DOWN, LEFT or RIGHT)."""
    d = np.asarray(b) - np.asarray(a)
    return (UP if d[1] > 0 else DOWN) if abs(d[1]) >= 0.5 * abs(d[0]) else (RIGHT if d[0] > 0 else LEFT)


def _ring(dot, color=None) -> Circle:
    """A ring around a point on screen: what a conclusion is about, kept while it is held."""
    return Circle(radius=0.16, color=color or PALETTE["fit"], stroke_width=3).move_to(dot.get_center())


def _pointer(dot, color=None, length: float = 0.8, direction=UP) -> Arrow:
    """An arrow coming onto a point from ``direction`` (where a ring would cross nearby labels)."""
    end = dot.get_center()
    return Arrow(end + direction * length, end, buff=0.1, color=color or PALETTE["fit"], stroke_width=4,
                 max_tip_length_to_length_ratio=0.3)


def _show_callout(part: Part, callout: VGroup, hold: float = HOLD) -> None:
    """Write a callout (sentence, then its arrow) and hold it."""
    part.play(FadeIn(callout[0], shift=UP * 0.1), run_time=0.6)
    part.play(GrowArrow(callout[1]), run_time=0.5)
    part.wait(hold - 0.5)


def sig_text(v: float, digits: int = 2, *, round_up: bool = False) -> str:
    """``v`` to ``digits`` significant figures as plain text ("2.5e-5", "-0.31"); ``round_up`` rounds the
    magnitude up, so the text is an honest upper bound (``|grad| <= 2.5e-5`` for a recorded 2.4497e-5,
    where ``:.5f`` printed 0.00002, below the recording)."""
    if v == 0 or not np.isfinite(v):
        return f"{v:g}"
    e = int(np.floor(np.log10(abs(v))))
    scale = 10.0 ** (digits - 1 - e)
    m = (np.ceil(abs(v) * scale * (1 - 1e-12)) if round_up else np.round(abs(v) * scale)) / scale
    if m >= 10.0 ** (e + 1):        # 9.96 -> 10: one more digit before the point
        e += 1
    sign = "-" if v < 0 else ""
    if -3 <= e < digits:
        return f"{sign}{m:.{max(digits - 1 - e, 0)}f}"
    return f"{sign}{m / 10.0 ** e:.{digits - 1}f}e{e}"


#: formulas a sentence may hold, by their slot in the strings ("{grad} = {g}"): typeset, never plain text
FORMULAS = {
    "grad": r"\|\nabla\mathcal{L}\|",
    "dldw0": r"\partial\mathcal{L} / \partial w_0",
    "factor": r"\hat y_i(1-\hat y_i)",
    "y1": r"y_i = 1",
    "grad_le": r"\|\nabla\mathcal{L}\| \le",
}


def _sentence(key: str, color=None, size: str = "caption", **fmt):
    """A sentence (numbers included) from the strings table, its :data:`FORMULAS` slots typeset in place;
    a newline starts a second line."""
    color = color or PALETTE["text"]
    marks = {name: f"\x00{name}\x00" for name in FORMULAS}
    rows = []
    for line in t(key, **marks, **fmt).split("\n"):
        pieces = re.split("\x00(\\w+)\x00", line)    # text, slot, text, slot, ... text
        parts = [MathTex(FORMULAS[p], font_size=FONT_SIZE[size], color=color) if i % 2
                 else plain(p.strip(), size=size, color=color) for i, p in enumerate(pieces) if i % 2 or p.strip()]
        rows.append(parts[0] if len(parts) == 1 else VGroup(*parts).arrange(RIGHT, buff=0.1))
    return rows[0] if len(rows) == 1 else VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.1)


# --- learning process --------------------------------------------------------------------
class LearningProcess(Part):
    """Left: data, true probability and the fitted curve; right: the path over the loss surface.

    Storyboard:

    1. The title; the fit plot's axes with their names (x, y); the data (y in {0, 1}, faint)
       and the true probability, each with its legend row.
    2. The loss surface over (w0, w1) with its colour bar, then W* = (-1, 5) marked on it (the first
       part, ``build_once``, builds it from its definition first: one point, one row, every row).
    3. The model at epoch 0: the fitted curve, its point on the surface (a ring marks the
       start) and the caption (epoch, w0, w1, loss, optimizer, gradient).
    4. Training: the first five epochs slowly, then the rest of the 100 faster; the curve and
       the path move together.
    5. The top-down view (:meth:`show_top_down`): the surface gives way, in its place, to a contour of the
       same loss seen from above (its own colour bar), over a window holding the path and W* (marked); the
       100 epochs are replayed there as a line (2.5 s), with a bead every tenth of the run where the path
       has moved.
    6. The conclusion, with the recording's numbers, a ring round the path's end on the contour
       (held >= 3 s). Parts may add callouts during training (:meth:`during`).
    The student leaves knowing: where on the landscape the start lies and how far toward W* 100 epochs of
    this loss carry it, read from above where no hill hides the path.
    """

    lecture = "03wk-2"
    title_key = "landscape.learning.title"
    experiment = "03wk-2/mse-good"
    experiments = (experiment,)
    id = "landscape.learning.mse-good"
    schedule = runs.SCHEDULE
    #: where W*'s label sits beside its dot: clear of the path's end
    star_direction = RIGHT
    #: build the surface from its definition before showing it (the lecture's first landscape part)
    build_once = False
    #: the top-down view's window holds the path and W* (``False``: the path alone, an arrow toward W*)
    top_down_with_star = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.experiments = (cls.experiment,)  # what `lecture render` records before this part

    @classmethod
    def title_args(cls) -> dict:
        """Fields of the title: ``LearningBceWorst`` -> loss BCE, start "worst" (translated)."""
        loss, start = cls.experiment.split("/", 1)[1].split("-")
        epochs = engine.get_config(cls.experiment).epochs
        return {"loss": loss.upper(), "start": t(f"landscape.start.{start}"), "n": epochs}

    @classmethod
    def verdict_key(cls) -> str:
        return "landscape.learning.verdict." + cls.experiment.split("/", 1)[1]

    def verdict_args(self, rec) -> dict:
        w0, w1 = runs.final_weights(rec)
        return {"w0": f"{w0:.2f}", "w1": f"{w1:.2f}", "n": rec.n_epochs, "g": f"{gradient_norm(rec)[-1]:.5f}"}

    def build(self) -> dict:
        """Every mobject of the part, laid out, nothing added to the scene."""
        rec = recording(self.experiment)
        tracker = ValueTracker(0)
        title = self.title_at_top(max_width=12.8, **self.title_args())
        plot = FitPlot.from_run(rec.data("x"), rec.data("y"), rec.data("x_show"), rec.prediction, tracker,
                                truth=rec.data("prob"), x_range=[-1, 1, 0.5], y_range=[0, 1, 0.5],
                                x_length=4.9, y_length=3.4, data_opacity=0.12)
        edge_axes(plot)
        plot.move_to(LEFT * 4.05 + UP * 0.75)
        names = _axis_names(plot, "x", "y")
        legend = runs.legend([(runs.dot_sample(), "landscape.data"), (runs.line_sample(PALETTE["truth"]), "landscape.truth"),
                          (runs.line_sample(PALETTE["fit"]), "landscape.fit")])
        legend.next_to(plot.axes.c2p(-1, 0.93), DOWN + RIGHT, buff=0.12)
        surface = LossSurface(engine.landscape_for(rec), size=(4.6, 4.2, 2.4))
        surface.move_to(RIGHT * 2.45 + UP * 0.55)
        bar = surface.color_bar(height=2.6).move_to(RIGHT * 6.5 + UP * 0.45)
        star = surface.marker(*W_STAR, direction=self.star_direction)
        path = runs.path_over(surface, rec, tracker)
        caption = TrainingCaption(rec, tracker).to_edge(DOWN, buff=0.3).set_x(0)
        verdict = _sentence(self.verdict_key(), **self.verdict_args(rec))
        verdict.move_to(UP * (caption.get_top()[1] + 0.45)).set_x(0)
        m = dict(rec=rec, tracker=tracker, title=title, plot=plot, names=names, legend=legend, surface=surface,
                 bar=bar, star=star, path=path, caption=caption, verdict=verdict)
        if self.build_once:
            m["once"] = self.once_pieces(m)
        return m

    def once_pieces(self, m: dict) -> dict:
        """The surface from its definition: one (w0, w1) -> one curve -> one loss -> one point; then w0 swept along
        the start's row (the curve, the loss and the point follow; the row is traced on the surface); then rows.

        The sweep leaves the start leftwards to the grid's edge, then goes right from it, so what it has
        visited is always one stretch of the row. The losses are torch's (``engine.landscape_for``)."""
        rec, s, plot = m["rec"], m["surface"], m["plot"]
        w0_start, w1 = runs.final_weights(rec, 0)
        w0s = np.asarray(s.landscape.w0s, dtype=float)
        row = engine.landscape_for(rec, w0s, np.array([w1], dtype=np.float32)).loss[0].astype(float)
        k = int(np.argmin(np.abs(w0s - w0_start)))
        idx = np.concatenate([np.arange(k, -1, -1), np.arange(k + 1, len(w0s))])
        sweep = ValueTracker(0)
        x_show = rec.data("x_show").ravel()
        curve = plot.follower(x_show, demos.curves(x_show, w0s[idx], np.full(len(idx), w1)), sweep,
                              color=PALETTE["fit"])

        def state() -> int:
            return int(np.clip(round(sweep.get_value()), 0, len(idx) - 1))

        dot = Dot(radius=0.08, color=PALETTE["point"], stroke_width=1.5, stroke_color="#000000")
        dot.add_updater(lambda d: d.move_to(s.point(w0s[idx[state()]], w1, row[idx[state()]])))
        trace = VMobject(stroke_color=PALETTE["fit"], stroke_width=4)
        # a stem from the floor of the box at (w0, w1) up to the point: its height is the loss
        stem = DashedLine(ORIGIN, RIGHT, color=PALETTE["point"], stroke_width=2)
        stem.add_updater(lambda v: v.put_start_and_end_on(s.point(w0s[idx[state()]], w1, s.loss_range[0]),
                                                          dot.get_center()))

        def retrace(v):
            seen = idx[: state() + 1]
            lo, hi = seen.min(), seen.max() + 1
            pts = s.path_points(w0s[lo:hi], np.full(hi - lo, w1), row[lo:hi])
            v.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))

        trace.add_updater(retrace)
        fs = FONT_SIZE["caption"]
        numbers = VGroup(MathTex(r"(w_0,\ w_1) = (", font_size=fs),
                         LiveNumber(w0s[idx], sweep, num_decimal_places=2, include_sign=True, font_size=fs),
                         MathTex(rf",\ {w1:.2f})\ \to\ \mathcal{{L}}_{{\text{{{rec.config['loss'].upper()}}}}} =",
                                 font_size=fs),
                         LiveNumber(row[idx], sweep, num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.1)
        numbers.to_edge(DOWN, buff=0.35).set_x(0)
        steps = [_sentence(f"landscape.once.{k}", color=PALETTE["fit"]) for k in ("point", "row", "grid")]
        for text in steps:
            text.next_to(numbers, UP, buff=0.25).set_x(0)
        w1s = np.asarray(s.landscape.w1s, dtype=float)
        others = VGroup()
        for i in np.linspace(0, len(w1s) - 1, 9).round().astype(int):
            line = VMobject(stroke_color=PALETTE["fit"], stroke_width=2, stroke_opacity=0.7)
            others.add(line.set_points_as_corners(s.path_points(w0s, np.full(len(w0s), w1s[i]), s.landscape.loss[i])))
        return dict(sweep=sweep, n=len(idx), curve=curve, dot=dot, stem=stem, trace=trace, numbers=numbers,
                    steps=steps, rows=others)

    def build_from_definition(self, m: dict) -> None:
        """The beats of :meth:`once_pieces`: one point, one row, every row (then the faces come)."""
        o = m["once"]
        self.play(FadeIn(o["steps"][0]), FadeIn(o["numbers"]), Create(o["curve"]), run_time=1)
        self.play(FadeIn(o["dot"], scale=1.5), Create(o["stem"]), run_time=0.6)
        self.add(o["trace"])
        self.wait(2.5)
        self.play(FadeOut(o["steps"][0]), run_time=0.3)
        self.play(FadeIn(o["steps"][1]), run_time=0.4)
        self.play(o["sweep"].animate.set_value(o["n"] - 1), run_time=6, rate_func=linear)
        self.wait(0.5)
        self.play(FadeOut(o["steps"][1]), run_time=0.3)
        self.play(FadeIn(o["steps"][2]), LaggedStart(*(Create(r) for r in o["rows"]), lag_ratio=0.15), run_time=2)
        self.wait(0.5)

    # -- beats -------------------------------------------------------------------------
    def introduce(self, m: dict) -> None:
        """Axes and names, data, truth; the surface, its colour bar and W*; the model at epoch 0."""
        plot, legend = m["plot"], m["legend"]
        runs.write_title(self, m["title"])
        self.play(Create(plot.axes), FadeIn(m["names"]), run_time=1)
        self.play(FadeIn(plot.data), FadeIn(legend[0]), run_time=0.8)
        self.play(Create(plot.truth), FadeIn(legend[1]), run_time=1)
        s = m["surface"]
        self.play(Create(s.box), FadeIn(s.labels), run_time=0.8)
        if "once" in m:
            self.build_from_definition(m)
            o = m["once"]
            with at_most_fps(self.scene):   # 1,300 faces, each redrawn on every frame of the fade
                self.play(FadeIn(s.faces), FadeIn(m["bar"]), FadeOut(o["rows"]), FadeOut(o["trace"]),
                          FadeOut(o["dot"]), FadeOut(o["stem"]), run_time=1.5)
            self.wait(1)
            self.play(FadeOut(o["steps"][2]), FadeOut(o["numbers"]), FadeOut(o["curve"]), run_time=0.5)
        else:
            with at_most_fps(self.scene):   # 1,300 faces, each redrawn on every frame of the fade
                self.play(FadeIn(s.faces), FadeIn(m["bar"]), run_time=1)
        self.play(FadeIn(m["star"], scale=1.5), run_time=0.6)
        self.play(Create(plot.fit), FadeIn(legend[2]), FadeIn(m["path"]), FadeIn(m["caption"]), run_time=1)
        self.wait(0.5)

    def layers(self, m: dict) -> list:
        """Static first, movers last (the order Cairo needs to paint the statics once)."""
        return [m["title"], m["plot"], m["names"], m["surface"], m["bar"], m["star"], m["legend"], m["caption"],
                m["path"]]

    def during(self, m: dict, moving: list) -> None:
        """Play the training (a part may stop on the way to point at something)."""
        runs.run_epochs(self, m["tracker"], m["rec"].n_epochs, moving, self.schedule)

    def show_top_down(self, m: dict) -> dict:
        """The 3D view gives way, in its place, to a top-down contour of the same loss (its own colour bar)
        where the recorded path is replayed (:func:`top_down_view`); returns the view's pieces."""
        top, s = top_down_view(m["rec"], m["surface"], with_star=self.top_down_with_star), m["surface"]
        marks = [top["star"]] if top["star"] is not None else []
        with at_most_fps(self.scene):   # the surface's 1,300 faces fade, then the contour comes in their place
            self.play(FadeOut(VGroup(s, m["bar"], m["star"], m["path"])), run_time=0.6)
            self.play(FadeIn(top["contour"]), FadeIn(top["bar"]), FadeIn(top["name"]), *map(FadeIn, marks),
                      run_time=0.8)
        self.play(FadeIn(top["path"], scale=1.5), run_time=0.4)   # the whole path: its line's updater moves the head
        self.play(top["path"].advance_to(top["path"].n_states - 1, run_time=2.5), run_time=2.5)
        shown = [FadeIn(top["ticks"])] if len(top["ticks"]) else []
        if top["toward"] is not None:
            shown += [GrowArrow(top["toward"][0]), FadeIn(top["toward"][1])]
        if shown:
            self.play(*shown, run_time=0.6)
        return top

    def conclude(self, m: dict) -> None:
        """The top-down view, then the verdict under it, in the colour of a ring around the path's end."""
        top = self.show_top_down(m)
        ring = _ring(top["path"].head)
        self.play(Create(ring), FadeIn(m["verdict"], shift=UP * 0.1), run_time=0.8)
        self.wait(HOLD + 0.5)

    def run(self) -> None:
        m = self.build()
        self.introduce(m)
        moving = runs.relayer(self, *self.layers(m))
        self.during(m, moving)
        self.conclude(m)


class LearningMseGood(LearningProcess):
    """The good start under MSE, and the first loss surface of the lecture, built from its definition.

    Storyboard: as every learning part, except that before the surface appears it is built once
    (:meth:`LearningProcess.once_pieces`): the start (w0, w1) = (-0.8, -0.3) gives one curve on the left,
    one loss value (written) and one point at that height on the surface's box; w0 then sweeps the start's
    row (the curve, the loss and the point follow, the row is traced on the surface); nine more rows are
    drawn, and the faces fill in between them. Then the model at epoch 0 trains; the top-down view replays
    the path up toward W*, and the verdict's ring marks its end (held >= 3 s).
    The student leaves knowing: each point of the surface is one (w0, w1), one curve, one loss; training
    walks this surface downhill toward W*, slowly under MSE.
    """

    experiment, id = "03wk-2/mse-good", "landscape.learning.mse-good"
    build_once = True


class LearningMsePossible(LearningProcess):
    """The possible start under MSE: it creeps, too little to see on the whole surface, so the top-down view
    zooms in on it.

    Storyboard: as every learning part (the path on the 3D surface is a few pixels); its top-down view
    (:meth:`LearningProcess.show_top_down`) is a window around the path alone, W* = (-1, 5) off it: an arrow
    from the path's end toward W*, named; the verdict with the recording's numbers points at the path's end
    (held >= 3 s).
    The student leaves knowing: from (-3, -1) MSE does move toward W*, but 100 epochs cover only a short
    stretch of a gentle slope.
    """

    experiment, id = "03wk-2/mse-possible", "landscape.learning.mse-possible"
    top_down_with_star = False


def star_on(contour, direction=RIGHT) -> VGroup:
    """W* on a top-down contour: a dot in the truth's colour, named on a plate beside it (``direction``)."""
    star = VGroup(Dot(contour.c2p(*W_STAR), radius=0.07, color=PALETTE["truth"]),
                  MathTex(r"W^*", font_size=FONT_SIZE["small"], color=PALETTE["truth"]))
    star[1].next_to(star[0], direction, buff=0.06).add_background_rectangle(opacity=1, buff=0.03)
    return star


def top_down_view(rec, surface: LossSurface, *, with_star: bool = True, margin: float = 0.3,
                  beads: int = 10) -> dict:
    """A top-down contour of ``rec``'s loss in ``surface``'s place: the recorded path with ``beads`` dots along
    it (one every n_epochs / ``beads`` epochs) and W*. ``with_star``: the window holds the path and W* (marked);
    otherwise the path alone, with an arrow from its end toward W* (named), for a path too short to read
    in a window that reaches W*."""
    from lectures.wk03_2.logistic import equal_window
    from scenes.common.contour import LossContour, PathOnContour

    b0, b1 = rec.param("0.bias").ravel(), rec.param("0.weight").ravel()
    w0s, w1s = (np.append(b0, W_STAR[0]), np.append(b1, W_STAR[1])) if with_star else (b0, b1)
    # room around what the window must show: the margin, more for a wide window (the end's ring stays inside)
    margin = max(margin, 0.08 * max(np.ptp(w0s), np.ptp(w1s)))
    width, height = 3.9, 2.9
    w0s, w1s = equal_window(w0s.min() - margin, w0s.max() + margin, w1s.min() - margin, w1s.max() + margin,
                            width / height, n=49)
    contour = LossContour(engine.landscape_for(rec, w0s, w1s), width=width, height=height, n_levels=10)
    # where the surface's box was, its frame's top under the title with room for its name
    contour.shift([surface.box.get_center()[0] - contour.frame.get_center()[0], 1.05 - contour.frame.get_center()[1], 0])
    bar = contour.colorbar(height=2.4, title=label("common.loss", size="small")).next_to(contour.frame, RIGHT, buff=0.3)
    every = max(rec.n_epochs // beads, 1)
    path = PathOnContour(contour, b0, b1, tracker=ValueTracker(0), color=PALETTE["path"], stroke_width=4,
                         head_radius=0.08)
    # beads on the line (filled white they hid it): dark centres ringed in the path's colour; one where the
    # path has moved since the last bead (a path that stays put gets none: they would pile up under its head)
    ticks, last = VGroup(), contour.c2p(b0[0], b1[0])
    for k in range(every, len(b0) - 1, every):
        at = contour.c2p(b0[k], b1[k])
        if min(np.linalg.norm(at - last), np.linalg.norm(at - path.points_2d[-1])) < 0.12:
            continue
        ticks.add(Dot(at, radius=0.045, color="#000000", stroke_width=1.5, stroke_color=PALETTE["text"]))
        last = at
    # its name says what the beads are, where there are any
    name = label("landscape.top_down.beads" if len(ticks) else "landscape.top_down", size="small",
                 color=PALETTE["muted"], every=every)
    name.next_to(contour.frame, UP, buff=0.12).align_to(contour.frame, LEFT)
    if with_star:
        # W*'s name on the side toward the frame's middle: inside the contour, clear of its colour bar
        inward = LEFT if contour.c2p(*W_STAR)[0] > contour.frame.get_center()[0] else RIGHT
        return dict(contour=contour, bar=bar, name=name, path=path, ticks=ticks, star=star_on(contour, inward),
                    toward=None)
    end = contour.c2p(b0[-1], b1[-1])
    way = contour.c2p(*W_STAR) - end
    way = way / np.linalg.norm(way)
    arrow = Arrow(end + way * 0.15, end + way * 0.6, buff=0, color=PALETTE["truth"], stroke_width=4,
                  max_tip_length_to_length_ratio=0.25)
    star = MathTex(r"W^* = (-1,\ 5)", font_size=FONT_SIZE["small"], color=PALETTE["truth"])
    # on the side of the arrow's end toward the frame's middle: inside the contour, clear of its colour bar
    star.next_to(arrow.get_center(), LEFT if arrow.get_end()[0] > contour.frame.get_center()[0] else RIGHT, buff=0.2)
    star.add_background_rectangle(opacity=1, buff=0.05)
    return dict(contour=contour, bar=bar, name=name, path=path, ticks=ticks, star=None, toward=VGroup(arrow, star))


class LearningMseWorst(LearningProcess):
    """The worst start under MSE: nothing moves, and the part says why, pointing at the gradient.

    Storyboard: built up as every learning part; after five slow epochs the training stops, a box
    marks the caption's gradient and the sentence gives its recorded size as an honest bound
    (typeset, ||grad L|| <= 2.5e-5: the largest norm of those epochs, 2.4497e-5, rounded up), then an arrow
    points at the fitted curve, about 0 everywhere (held >= 3 s); the rest of the 100 epochs run
    quickly; from above, the start sits in the plateau's corner far from W* and its path stays a point
    (no beads); the verdict ("stuck on the plateau") rings it.
    The student leaves knowing: the gradient here is not 0 but so small that 100 epochs move nothing.
    """

    experiment, id = "03wk-2/mse-worst", "landscape.learning.mse-worst"
    #: after the slow epochs, stop and point at the gradient and the flat curve; then the rest quickly
    schedule = ((5, 0.5), (None, 0.04))

    def during(self, m: dict, moving: list) -> None:
        rec, tracker = m["rec"], m["tracker"]
        runs.run_epochs(self, tracker, rec.n_epochs, moving, self.schedule, stop=5)
        cells = m["caption"].cells
        grads = VGroup(cells[5], cells[6])
        box = SurroundingRectangle(grads, color=PALETTE["fit"], buff=0.08, stroke_width=3)
        g = gradient_norm(rec)
        plateau = _sentence("landscape.worst.plateau", color=PALETTE["fit"], g=sig_text(g[:6].max(), round_up=True))
        plateau.move_to(UP * (m["caption"].get_top()[1] + 0.4)).set_x(0)
        plot = m["plot"]
        flat = _sentence("landscape.worst.flat_fit", color=PALETTE["fit"], size="small")
        flat.move_to(plot.axes.c2p(0.72, 0.2))  # right of where the true curve rises, above the flat fit
        # the arrow down-left onto the flat fit, long enough to read (straight down it was a tick)
        two = _callout(flat, plot.axes.c2p(0.35, 0.0))
        self.play(Create(box), FadeIn(plateau, shift=UP * 0.1), run_time=0.8)
        self.wait(1.5)
        _show_callout(self, two, hold=HOLD)
        self.play(FadeOut(box), FadeOut(plateau), FadeOut(two), run_time=0.5)
        runs.run_epochs(self, tracker, rec.n_epochs, moving, self.schedule, start=5)


class LearningBceGood(LearningProcess):
    """The good start under BCE: as every learning part; from above, the path runs up toward W* further than
    MSE's from the same start. The student leaves knowing: BCE moves the same start further in 100 epochs."""

    experiment, id = "03wk-2/bce-good", "landscape.learning.bce-good"


class LearningBcePossible(LearningProcess):
    """The possible start under BCE: as every learning part; from above, the path crosses most of the window
    to end near W*, where MSE's crept. The student leaves knowing: under BCE this start is not a problem."""

    experiment, id = "03wk-2/bce-possible", "landscape.learning.bce-possible"


class LearningBceWorst(LearningProcess):
    """The worst start under BCE: as every learning part; from above, the path leaves the corner where MSE's
    stayed a point and ends near W*. The student leaves knowing: BCE's slope there is steep, so it escapes."""

    experiment, id = "03wk-2/bce-worst", "landscape.learning.bce-worst"
    #: the path ends just above-right of W*: its label below the dot, where the end's ring does not reach
    star_direction = DOWN


class LearningMseLong(LearningProcess):
    """The course's continuation of mse-good to 5,000 epochs: a time-lapse until the curve meets the truth.

    Storyboard: built up as every learning part; the first 100 epochs (the course's first run)
    at 25 epochs a second, then epochs 100 to 5,000 as a time-lapse at 500 a second with the
    epoch counter running; from above, the 5,000 epochs replayed (a bead every 500) end beside W*; the
    conclusion gives (w0, w1) after 5,000 epochs against W* and points at the path's end, held >= 3 s.
    """

    experiment, id = "03wk-2/mse-long", "landscape.learning.mse-long"
    title_key = "landscape.long.title"
    schedule = ((5, 0.4), (100, 0.04), (None, 0.002))

    @classmethod
    def title_args(cls) -> dict:
        return {"loss": "MSE", "start": t("landscape.start.good"), "n": engine.get_config(cls.experiment).epochs}

    @classmethod
    def verdict_key(cls) -> str:
        return "landscape.learning.verdict.mse-long"

    def conclude(self, m: dict) -> None:
        """The top-down view; the end of the path lies next to W*: an arrow from the open side (left) points
        at it, where a ring would cover the star and its label."""
        arrow = _pointer(self.show_top_down(m)["path"].head, direction=LEFT)
        self.play(GrowArrow(arrow), FadeIn(m["verdict"], shift=UP * 0.1), run_time=0.8)
        self.wait(HOLD + 0.5)


# --- three starts ---------------------------------------------------------------------------
class ThreeStarts(Part):
    """The three MSE starts on one surface: good moves toward W*, possible creeps, worst sits on the plateau.

    Storyboard:

    1. Title; the MSE surface (box, names, ticks, faces) with its colour bar; W* marked.
    2. Each start in turn: its ring on the surface and its row on the right, in its own colour
       (the rows are the legend: name, start, live gradient length and loss).
    3. The three run together: five epochs slowly, then the rest of the 100.
    4. One verdict per start (caption size), in its colour, with the recording's numbers, an arrow in its
       colour coming onto its path's end from a clear side (no ring: the possible start's would overlap
       the ring at its start); each held >= 3 s.
    The student leaves knowing: under MSE the start decides everything: good moves, possible creeps,
    worst does not move at all.
    """

    lecture = "03wk-2"
    id = "landscape.three-starts"
    title_key = "landscape.starts.title"
    experiments = ("03wk-2/mse-good", "03wk-2/mse-possible", "03wk-2/mse-worst")
    #: where each verdict's arrow comes from onto its path's end (good, possible, worst)
    pointer_from = (LEFT, (UP + LEFT) / np.sqrt(2), UP)

    def build(self) -> dict:
        recs = [recording(e) for e in self.experiments]
        tracker = ValueTracker(0)
        title = self.title_at_top(max_width=12.8)
        surface = LossSurface(engine.landscape_for(recs[0]), size=(4.4, 4.0, 2.3)).move_to(LEFT * 3.55 + DOWN * 0.35)
        bar = surface.color_bar(height=2.6).move_to(RIGHT * 0.05 + DOWN * 0.4)
        star = surface.marker(*W_STAR, direction=RIGHT)
        paths, rows, verdicts = VGroup(), VGroup(), VGroup()
        fs = FONT_SIZE["caption"]
        for rec in recs:
            name = _start_name(rec)
            color = START_COLORS[name]
            paths.add(runs.path_over(surface, rec, tracker, color=color, dot_color=color))
            w = runs.final_weights(rec, 0)
            head = VGroup(runs.line_sample(color), label(f"landscape.start.row.{name}", size="caption", color=color),
                          MathTex(rf"({w[0]:g},\ {w[1]:g})", font_size=fs, color=color)).arrange(RIGHT, buff=0.15)
            norm = VGroup(MathTex(r"\|\nabla\mathcal{L}\| =", font_size=fs),
                          LiveNumber(gradient_norm(rec), tracker, num_decimal_places=5, font_size=fs)
                          ).arrange(RIGHT, buff=0.1)
            loss = VGroup(MathTex(loss_tex(rec) + "=", font_size=fs),
                          LiveNumber(rec.state_loss, tracker, num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.1)
            live = VGroup(norm, loss).arrange(RIGHT, buff=0.35)
            row = VGroup(head, live).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            rows.add(row)
            w0, w1 = runs.final_weights(rec)
            verdicts.add(_sentence(f"landscape.verdict.{name}", color=color, size="caption", w0=f"{w0:.2f}",
                                   w1=f"{w1:.2f}", n=rec.n_epochs, g=sig_text(gradient_norm(rec)[-1])))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.75).move_to(DOWN * 0.35, aligned_edge=LEFT).set_x(0.75, LEFT)
        for row, verdict in zip(rows, verdicts):
            keep_in_frame(verdict.next_to(row, DOWN, aligned_edge=LEFT, buff=0.12))
        # the conclusion points at each path's end from a side where nothing else is (a ring round the
        # possible start's end overlapped the ring at its start; the good end's left is clear of W*)
        pointers = VGroup(*(_pointer(path.dot.copy().move_to(path.point(path.n_states - 1)), path.dot.get_color(),
                                     length=0.7, direction=d)
                            for path, d in zip(paths, self.pointer_from)))
        epoch = VGroup(label("common.epoch", size="caption"),
                       LiveNumber(np.arange(recs[0].n_states), tracker, num_decimal_places=0, font_size=fs),
                       MathTex(rf"/\,{recs[0].n_epochs}", font_size=fs)
                       ).arrange(RIGHT, buff=0.12)
        reserve_slots(epoch)
        epoch.next_to(title, DOWN, buff=0.15)
        return dict(recs=recs, tracker=tracker, title=title, surface=surface, bar=bar, star=star, paths=paths,
                    rows=rows, verdicts=verdicts, epoch=epoch, pointers=pointers)

    def run(self) -> None:
        m = self.build()
        s = m["surface"]
        runs.write_title(self, m["title"])
        self.play(Create(s.box), FadeIn(s.labels), run_time=0.8)
        with at_most_fps(self.scene):   # 1,300 faces, each redrawn on every frame of the fade
            self.play(FadeIn(s.faces), FadeIn(m["bar"]), run_time=1)
        self.play(FadeIn(m["star"], scale=1.5), run_time=0.6)
        for path, row in zip(m["paths"], m["rows"]):
            self.play(FadeIn(path.start, scale=1.5), FadeIn(path.dot), FadeIn(row, shift=LEFT * 0.2), run_time=0.8)
        self.play(FadeIn(m["epoch"]), run_time=0.4)
        moving = runs.relayer(self, m["title"], s, m["bar"], m["star"], *(r for row in m["rows"] for r in row),
                          m["paths"], m["epoch"])
        runs.run_epochs(self, m["tracker"], m["recs"][0].n_epochs, moving)
        for pointer, verdict in zip(m["pointers"], m["verdicts"]):
            self.play(FadeIn(verdict, shift=RIGHT * 0.2), GrowArrow(pointer), run_time=1)
            self.wait(HOLD - 0.5)
        self.wait(1)


# --- MSE vs BCE -------------------------------------------------------------------------------
class MseVsBce(Part):
    """MSE and BCE surfaces side by side, each on its own height and colour scale, the same worst start.

    Storyboard:

    1. Title; the two losses as formulas above their panels (the mean, as torch's MSELoss and
       BCELoss compute them; the note says the course writes BCE as a sum, which has the same minimum).
    2. The two surfaces, each on its own loss scale with its own colour bar named after it (MSE's
       loss spans 0.1 to 0.56, BCE's 0.1 to 4.2: on one scale MSE would be a dark flat sheet and
       its plateau corner would not stand out); W* marked.
    3. The worst start (-10, -1) on both, with live gradient length and loss under each.
    4. Training: MSE's point does not move, BCE's runs down the slope; slowly first.
    5. Verdicts under each panel with the numbers (MSE's gradient 2.4e-5, BCE's 0.45), the points
       highlighted by arrows from below (BCE's end lies near W*: nothing covers the star), held.
    6. The cross-section through the start: the line w1 = w1(start) drawn on both surfaces, then
       the surfaces give way to one 2D chart (w0 with numbered ticks, running the way it runs in the
       3D view: 0 on the left, -10 on the right; the loss on one axis) where the two section curves
       land, with a legend. The start is marked on both curves (away from the axes' numbers) and each
       sentence points at its start: MSE is a plateau there (its slope dL/dw0 from the recording,
       about 0), BCE a slope down toward the minimum. Held, then the final hold.
    7. The end of the lecture: every start under each loss, side by side: a top-down contour of MSE and
       one of BCE over the course's grid, each on its own colour scale and bar, W* marked; the three
       recorded paths of each grow together over the 100 epochs; under each, where each start is after
       100 epochs and its loss (the recordings' numbers). The notes' conclusion (the fix is the loss:
       with BCE every start moves toward W*) held 4.5 s.
    The student leaves knowing: from the same bad start MSE's gradient is about 0 (a saturation
    plateau in this corner, not a flat loss everywhere) while BCE's is steep, so BCE escapes; under MSE
    the start decides, under BCE all three starts head for W*: the loss function matters.
    """

    lecture = "03wk-2"
    id = "landscape.mse-vs-bce"
    title_key = "landscape.mse_bce.title"
    #: the worst start under each loss (the panels), then every start under each loss (the summary)
    pair = ("03wk-2/mse-worst", "03wk-2/bce-worst")
    experiments = pair + tuple(f"03wk-2/{loss}-{start}" for loss in ("mse", "bce") for start in ("good", "possible"))
    formulas = {
        "mse": r"\mathcal{L}_{\text{MSE}} = \tfrac{1}{n}\textstyle\sum_{i=1}^{n} (y_i - \hat y_i)^2",
        # two lines: on one, at a readable size, it ran to the frame's edge
        "bce": r"\mathcal{L}_{\text{BCE}} &= -\tfrac{1}{n}\textstyle\sum_{i=1}^{n}\big(y_i\log\hat y_i \\ &\qquad\quad + (1-y_i)\log(1-\hat y_i)\big)",
    }
    #: the panels' centres (x) and their colour bars' (x): each bar right of its own surface
    panel_x, bar_x = (-3.9, 3.0), (-0.85, 6.35)

    def build(self) -> dict:
        recs = [recording(e) for e in self.pair]
        tracker = ValueTracker(0)
        title = self.title_at_top(max_width=12.8)
        fs = FONT_SIZE["caption"]
        lands = [engine.landscape_for(rec) for rec in recs]
        panels = []
        for rec, land, x, bx in zip(recs, lands, self.panel_x, self.bar_x):
            name = rec.config["loss"]
            surface = LossSurface(land, size=(3.7, 3.4, 2.2)).move_to(RIGHT * x + DOWN * 0.2)
            bar = surface.color_bar(height=2.4, title=label("landscape.mse_bce.bar", size="small", loss=name.upper()))
            bar.move_to(RIGHT * bx + DOWN * 0.1)
            formula = MathTex(self.formulas[name], font_size=FONT_SIZE["caption"])
            keep_in_frame(formula.move_to(RIGHT * (x + bx) / 2 + UP * 2.65), margin=0.3)
            path = runs.path_over(surface, rec, tracker, color=START_COLORS["worst"], dot_color=START_COLORS["worst"])
            norm = VGroup(MathTex(r"\|\nabla\mathcal{L}\| =", font_size=fs),
                          LiveNumber(gradient_norm(rec), tracker, num_decimal_places=5, font_size=fs))
            norm.arrange(RIGHT, buff=0.1)
            loss = VGroup(MathTex(loss_tex(rec) + "=", font_size=fs),
                          LiveNumber(rec.state_loss, tracker, num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.1)
            live = VGroup(norm, loss).arrange(RIGHT, buff=0.4).move_to(RIGHT * x + DOWN * 2.7)
            w0, w1 = runs.final_weights(rec)
            key = "landscape.verdict.mse_stuck" if name == "mse" else "landscape.verdict.bce_escapes"
            verdict = _sentence(key, color=PALETTE["fit"], size="small", w0=f"{w0:.2f}", w1=f"{w1:.2f}", n=rec.n_epochs,
                                g=sig_text(gradient_norm(rec)[0]))
            keep_in_frame(verdict.next_to(live, DOWN, buff=0.15).set_x(x))
            panels.append(dict(rec=rec, surface=surface, bar=bar, formula=formula,
                               # BCE's path ends above-right of W*: its label left, where the end dot is not
                               star=surface.marker(*W_STAR, direction=RIGHT if name == "mse" else LEFT), path=path,
                               live=live, verdict=verdict))
        note = label("landscape.mse_bce.mean_note", size="small", color=PALETTE["muted"])
        keep_in_frame(note.next_to(panels[1]["formula"], DOWN, buff=0.1))
        epoch = VGroup(label("common.epoch", size="caption"),
                       LiveNumber(np.arange(recs[0].n_states), tracker, num_decimal_places=0, font_size=fs)
                       ).arrange(RIGHT, buff=0.15).move_to(DOWN * 2.1 + LEFT * 0.6)   # between the panels
        section = self.cross_section(recs, panels)
        # the summary (two contours of 2,400 cells) is built when it is played: most checks of the part never need it
        return dict(recs=recs, tracker=tracker, title=title, panels=panels, epoch=epoch, note=note, section=section)

    def summary(self) -> dict:
        """Every start under each loss, side by side: a top-down contour per loss on its own colour scale (the
        course's grid, coarser), the three recorded paths on it, a table of where each is after 100 epochs."""
        from scenes.common.contour import LossContour, PathOnContour

        tracker = ValueTracker(0)
        fs = FONT_SIZE["small"]
        w0s, w1s = np.linspace(-10, 3, 53, dtype=np.float32), np.linspace(-1, 10, 45, dtype=np.float32)
        sides = {}
        for loss, x in (("mse", -4.0), ("bce", 2.9)):
            recs = [recording(f"03wk-2/{loss}-{start}") for start in START_COLORS]
            contour = LossContour(engine.landscape_for(recs[0], w0s, w1s), width=4.2, height=2.6, n_levels=10)
            contour.shift(RIGHT * x + UP * 1.25 - contour.frame.get_center())
            bar = contour.colorbar(height=2.3, title=label("landscape.mse_bce.bar", size="small", loss=loss.upper()))
            bar.next_to(contour.frame, RIGHT, buff=0.2)
            star = star_on(contour)
            paths = VGroup(*(PathOnContour(contour, rec.param("0.bias").ravel(), rec.param("0.weight").ravel(),
                                           tracker=tracker, color=START_COLORS[_start_name(rec)], stroke_width=4,
                                           head_radius=0.07) for rec in recs))
            rows = VGroup()
            for rec in recs:
                name = _start_name(rec)
                w0, w1 = runs.final_weights(rec)
                rows.add(VGroup(runs.line_sample(START_COLORS[name]),
                                label(f"landscape.start.{name}", size="small", color=START_COLORS[name]),
                                MathTex(rf"\to ({w0:.2f},\ {w1:.2f})", font_size=fs),
                                MathTex(rf"{loss_tex(rec)} = {float(rec.state_loss[-1]):.3f}", font_size=fs)))
            cols = [max(r[k].width for r in rows) for k in range(4)]
            for r in rows:
                at = 0.0
                for k, cell in enumerate(r):
                    cell.move_to([at, 0, 0], aligned_edge=LEFT)
                    at += cols[k] + 0.2
            rows.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
            rows.next_to(contour.frame, DOWN, buff=0.75).align_to(contour.frame, LEFT).shift(LEFT * 0.3)
            keep_in_frame(rows)
            head = label("landscape.mse_bce.summary_head", size="caption", loss=loss.upper(), n=recs[0].n_epochs)
            head.next_to(contour.frame, UP, buff=0.15).align_to(contour.frame, LEFT)
            sides[loss] = dict(contour=contour, bar=bar, star=star, paths=paths, rows=rows, head=head)
        conclusion = _sentence("landscape.mse_bce.conclusion", color=PALETTE["fit"])
        keep_in_frame(conclusion.to_edge(DOWN, buff=0.3))
        return dict(tracker=tracker, sides=sides, conclusion=conclusion)

    def cross_section(self, recs, panels) -> dict:
        """Loss along w0 through the start (w1 fixed at the start's), on each surface and on one chart.

        The losses are computed by torch now (``engine.landscape_for`` on a one-row grid over the
        course's w0 range); the slopes at the start are the recorded gradients dL/dw0 of state 0.
        The chart's w0 runs right to left, as it does in the 3D view (the start, w0 = -10, on the right).
        """
        w1 = float(recs[0].param("0.weight")[0].ravel()[0])
        w0s = np.asarray(panels[0]["surface"].landscape.w0s)
        rows = {}
        for rec, p in zip(recs, panels):
            name = rec.config["loss"]
            loss = engine.landscape_for(rec, w0s, np.array([w1], dtype=np.float32)).loss[0].astype(float)
            on_surface = VMobject(stroke_color=SECTION_COLORS[name], stroke_width=4)
            on_surface.set_points_as_corners(p["surface"].path_points(w0s, np.full_like(w0s, w1), loss))
            rows[name] = dict(rec=rec, loss=loss, on_surface=on_surface,
                              slope=float(rec.grad("0.bias")[0].ravel()[0]))
        top = float(np.ceil(max(r["loss"].max() for r in rows.values())))
        # the chart's x is -w0 (so w0 grows to the left, as in the 3D view); its numbers say w0
        lo, hi = float(np.floor(-w0s[-1] / 2) * 2), float(-w0s[0])
        plot = FitPlot((lo, hi, 2), (0, top, 1), width=9.6, height=4.4, tick_size=0.08)
        edge_axes(plot).move_to(DOWN * 0.45)
        _negate_numbers(plot.axes.drawn[0])
        names = _axis_names(plot, r"w_0", r"\mathcal{L}")
        # where the formulas were (they make way for it)
        heading = label("landscape.mse_bce.section", size="caption", w1=f"{w1:g}").move_to(UP * 2.75)
        for name, row in rows.items():
            row["curve"] = plot.curve(-w0s, row["loss"], color=SECTION_COLORS[name], stroke_width=4)
            row["start"] = Dot(plot.c2p(-float(w0s[0]), float(row["loss"][0])), radius=0.08,
                               color=SECTION_COLORS[name]).set_stroke("#000000", 2)
        legend = runs.legend([(runs.line_sample(SECTION_COLORS[n]), f"landscape.mse_bce.section_{n}") for n in rows])
        # the legend left, over the curves' far ends (w0 near 3), clear of both
        legend.move_to(plot.c2p(lo + 0.04 * (hi - lo), 0.75 * top), aligned_edge=LEFT)
        # each sentence left of its own start, which sits at the chart's right end
        verdicts = VGroup()
        for n, y in (("mse", rows["mse"]["loss"][0] + 0.11 * top), ("bce", rows["bce"]["loss"][0] + 0.06 * top)):
            text = _sentence(f"landscape.mse_bce.section_{n}_verdict", color=SECTION_COLORS[n], size="small",
                             slope=sig_text(rows[n]["slope"]))
            verdicts.add(text.move_to(plot.c2p(hi - 0.12 * (hi - lo), y), aligned_edge=RIGHT))
        arrows = VGroup(*(Arrow(v.get_right() + RIGHT * 0.05, rows[n]["start"].get_center(), buff=0.1,
                                color=SECTION_COLORS[n], stroke_width=3, max_tip_length_to_length_ratio=0.25,
                                tip_length=0.16) for v, n in zip(verdicts, ("mse", "bce"))))
        return dict(rows=rows, plot=plot, names=names, heading=heading, legend=legend,
                    verdicts=verdicts, arrows=arrows, w1=w1, w0s=w0s)

    def run(self) -> None:
        m = self.build()
        ps = m["panels"]
        runs.write_title(self, m["title"])
        self.play(*(Write(p["formula"]) for p in ps), run_time=1.2)
        self.play(FadeIn(m["note"]), run_time=0.6)
        self.wait(1)
        self.play(*(Create(p["surface"].box) for p in ps), *(FadeIn(p["surface"].labels) for p in ps), run_time=0.8)
        with at_most_fps(self.scene):   # two surfaces of 1,300 faces, each redrawn on every frame of the fade
            self.play(*(FadeIn(p["surface"].faces) for p in ps), *(FadeIn(p["bar"]) for p in ps), run_time=1.2)
        self.play(*(FadeIn(p["star"], scale=1.5) for p in ps), run_time=0.6)
        self.play(*(FadeIn(p["path"].start, scale=1.5) for p in ps), *(FadeIn(p["path"].dot) for p in ps),
                  *(FadeIn(p["live"]) for p in ps), FadeIn(m["epoch"]), run_time=0.8)
        self.wait(1)
        statics = [m["title"], m["note"]] + [p[k] for p in ps for k in ("surface", "bar", "star", "formula")]
        moving = runs.relayer(self, *statics, *(p["live"] for p in ps), *(p["path"] for p in ps), m["epoch"])
        runs.run_epochs(self, m["tracker"], m["recs"][0].n_epochs, moving)
        pointers = []
        for p in ps:
            # from below: BCE's path ends just below W*, and an arrow from above would run through the star
            pointers.append(_pointer(p["path"].dot, direction=DOWN))
            self.play(FadeIn(p["verdict"], shift=UP * 0.1), GrowArrow(pointers[-1]), run_time=1)
            self.wait(HOLD - 0.5)
        self.wait(0.5)
        self.show_section(m, pointers)

    def show_section(self, m: dict, pointers: list) -> None:
        """The section line on both surfaces, then the surfaces make way for the 2D cross-section."""
        sec, ps = m["section"], m["panels"]
        rows = list(sec["rows"].values())
        with at_most_fps(self.scene):   # the note sits under both surfaces: they are redrawn while it fades
            self.play(*(FadeOut(p["verdict"]) for p in ps), *(FadeOut(a) for a in pointers),
                      *(FadeOut(p["live"]) for p in ps), *(FadeOut(p["formula"]) for p in ps), FadeOut(m["note"]),
                      run_time=0.8)
        self.play(FadeIn(sec["heading"]), run_time=0.6)
        self.play(*(Create(r["on_surface"]) for r in rows), run_time=1.5)
        self.wait(1)
        gone = [m["epoch"]] + [p[k] for p in ps for k in ("surface", "bar", "star", "path")]
        with at_most_fps(self.scene):
            self.play(*(FadeOut(g) for g in gone), FadeIn(sec["plot"]), FadeIn(sec["names"]),
                      *(ReplacementTransform(r["on_surface"], r["curve"]) for r in rows), run_time=1.8)
        self.play(FadeIn(sec["legend"]), *(FadeIn(r["start"], scale=1.5) for r in rows), run_time=0.8)
        self.wait(1)
        for verdict, arrow in zip(sec["verdicts"], sec["arrows"]):
            self.play(FadeIn(verdict, shift=LEFT * 0.1), GrowArrow(arrow), run_time=1)
            self.wait(HOLD - 0.5)
        self.wait(1.5)
        self.show_summary(m)

    def show_summary(self, m: dict) -> None:
        """Every start under each loss, top-down, side by side; the numbers after 100 epochs; the conclusion."""
        sec, su = m["section"], self.summary()
        sides = list(su["sides"].values())
        self.play(FadeOut(VGroup(sec["plot"], sec["names"], sec["heading"], sec["legend"], sec["verdicts"],
                                 sec["arrows"], *(r["curve"] for r in sec["rows"].values()),
                                 *(r["start"] for r in sec["rows"].values()))), run_time=0.8)
        with at_most_fps(self.scene):   # two contours of 2,400 cells
            self.play(*(FadeIn(VGroup(sd["contour"], sd["bar"], sd["head"])) for sd in sides), run_time=1.2)
        self.play(*(FadeIn(sd["star"]) for sd in sides),
                  *(FadeIn(VGroup(p.start, p.head)) for sd in sides for p in sd["paths"]), run_time=0.6)
        self.add(*(sd["paths"] for sd in sides))
        n = m["recs"][0].n_epochs
        with reuse_unchanged_frames(self.scene, lambda: round(su["tracker"].get_value())):
            self.play(su["tracker"].animate.set_value(n), run_time=4, rate_func=linear)
        for sd in sides:
            self.play(FadeIn(sd["rows"], shift=UP * 0.1), run_time=0.8)
            self.wait(1.5)
        self.play(FadeIn(su["conclusion"], shift=UP * 0.1), run_time=1)
        self.wait(HOLD + 1.5)   # the lecture's conclusion: held 4.5 s


def _negate_numbers(axis) -> None:
    """Number an axis drawn over -v with v: each tick's number replaced in place by its negative."""
    for k, num in enumerate(axis.numbers):
        value = -float(num.get_value())
        new = MathTex(f"{value:g}", font_size=num.font_size, color=num.get_color())
        axis.numbers.submobjects[k] = new.move_to(num)


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


class LearningMseLongScene(PartScene):
    part = LearningMseLong


class ThreeStartsScene(PartScene):
    part = ThreeStarts


class MseVsBceScene(PartScene):
    part = MseVsBce

