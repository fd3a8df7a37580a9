"""05wk-1/linreg: a line fitted by Adam, its path over the MSE surface, then the predictions read off it.

``manim render lectures/wk05_1/landscape.py LinregPredictionScene`` renders the part alone.
Every number comes from the recording ``05wk-1/linreg`` or from engine's loss grid.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Rectangle,
    ValueTracker,
    VGroup,
    Write,
)

import engine
from lectures.wk05_1.declaration import LECTURE
from scenes.common import runs
from scenes.common.lesson import Part, PartScene
from scenes.common.plots import FitPlot, edge_axes
from scenes.common.plots import axis_names as _axis_names
from scenes.common.recordings import predict_linear, recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.surface import LossSurface, TrainingCaption
from scenes.common.text import label
from scenes.common.tracking import at_most_fps

__all__ = ["LECTURE", "LinregPrediction", "LinregPredictionScene"]


class LinregPrediction(Part):
    """05wk-1/linreg: the line converging, its path over the MSE surface under Adam, then predictions.

    Storyboard:

    1. Title; the plot's axes with names (x, y), the 100 data points; the MSE surface over
       (w0, w1) = (bias, weight) with its colour bar.
    2. The line at epoch 0 and its point on the surface, the caption.
    3. 200 Adam epochs: the first ten slowly, then faster.
    4. Predictions: the surface has done its job and gives way to a zoom of the plot around
       x = 0.1 .. 0.2 (a box on the plot, joined to the zoomed axes); the fitted line
       yhat = w0 + w1 x with the recorded numbers, then each prediction read off with dashed
       guides and its value (the course's 2.8463 and 3.2467), held.
    """

    lecture = "05wk-1"
    id = "landscape.linreg"
    title_key = "landscape.linreg.title"
    experiment = "05wk-1/linreg"
    experiments = (experiment,)
    #: the inputs the course predicts at
    queries = (0.1, 0.2)
    schedule = ((10, 0.3), (None, 0.04))
    #: the zoomed window (x, y) around the predictions
    zoom_x = (0.0, 0.3, 0.1)
    zoom_y = (2.4, 3.8, 0.2)

    def build(self) -> dict:
        rec = recording(self.experiment)
        tracker = ValueTracker(0)
        title = self.title_at_top(max_width=12.8)
        x, y = rec.data("x").ravel(), rec.data("y").ravel()
        plot = FitPlot.from_run(x, y, rec.data("x_show"), rec.prediction, tracker, x_range=[-3, 3, 1],
                                y_range=[-10, 15, 5], x_length=4.9, y_length=3.6, data_opacity=0.55, data_radius=0.04)
        edge_axes(plot)
        plot.move_to(LEFT * 4.0 + UP * 0.7)
        names = _axis_names(plot, "x", "y")
        legend = runs.legend([(runs.dot_sample(), "landscape.data"), (runs.line_sample(PALETTE["fit"]), "landscape.fit_line")])
        legend.next_to(plot.axes.c2p(-3, 15), DOWN + RIGHT, buff=0.12)
        surface = LossSurface(engine.landscape_for(rec), size=(4.5, 4.2, 2.4)).move_to(RIGHT * 2.45 + UP * 0.55)
        bar = surface.color_bar(height=2.6, decimals=1).move_to(RIGHT * 6.5 + UP * 0.45)
        path = runs.path_over(surface, rec, tracker)
        caption = TrainingCaption(rec, tracker).to_edge(DOWN, buff=0.3).set_x(0)
        zoom = self.zoom(rec, plot)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, names=names, legend=legend, surface=surface,
                    bar=bar, path=path, caption=caption, zoom=zoom, predictions=zoom["predictions"])

    def zoom(self, rec, plot: FitPlot) -> dict:
        """The zoomed axes around the queries, the final line on them, the box and the joins on the plot."""
        ax = plot.axes
        zx, zy = self.zoom_x, self.zoom_y
        inset = FitPlot(zx, zy, width=4.3, height=3.3, numbers=True, tick_size=0.06)
        edge_axes(inset)
        inset.move_to(RIGHT * 2.9 + UP * 0.5)
        names = _axis_names(inset, "x", r"\hat y")
        ends = predict_linear(rec, [zx[0], zx[1]])
        line = Line(inset.point(zx[0], float(ends[0])), inset.point(zx[1], float(ends[1])), color=PALETTE["fit"],
                    stroke_width=4)
        w0, w1 = runs.final_weights(rec)
        formula = MathTex(rf"\hat y = {w0:.4f} + {w1:.4f}\,x", font_size=FONT_SIZE["body"], color=PALETTE["fit"])
        # inside the zoom, above the line on the left, where no guide runs
        formula.move_to(inset.point(zx[0], zy[1] - 0.1 * (zy[1] - zy[0])), aligned_edge=LEFT).shift(RIGHT * 0.2)
        box = Rectangle(width=abs(ax.c2p(zx[1], 0)[0] - ax.c2p(zx[0], 0)[0]),
                        height=abs(ax.c2p(0, zy[1])[1] - ax.c2p(0, zy[0])[1]), stroke_width=2,
                        color=PALETTE["point"]).move_to(0.5 * (ax.c2p(zx[0], zy[0]) + ax.c2p(zx[1], zy[1])))
        frame = Rectangle(width=inset.axes.width, height=inset.axes.height, stroke_width=0)
        frame.move_to(0.5 * (inset.point(zx[0], zy[0]) + inset.point(zx[1], zy[1])))
        joins = VGroup(DashedLine(box.get_corner(UR), frame.get_corner(UL), stroke_width=1.5, color=PALETTE["point"]),
                       DashedLine(box.get_corner(DOWN + RIGHT), frame.get_corner(DOWN + LEFT), stroke_width=1.5,
                                  color=PALETTE["point"]))
        return dict(inset=inset, names=names, line=line, formula=formula, box=box, joins=joins,
                    predictions=self.predictions(rec, inset))

    def predictions(self, rec, plot: FitPlot) -> VGroup:
        """For each query x: dashed guides from x up to the final line and across, and the value."""
        ax, fs = plot.axes, FONT_SIZE["caption"]
        yhat = predict_linear(rec, self.queries)
        group = VGroup()
        x_lo, y_lo = ax.x_range[0], ax.y_range[0]
        (x0, x1), (y0, y1) = ax.x_range[:2], ax.y_range[:2]
        for i, (q, v) in enumerate(zip(self.queries, yhat)):
            p = ax.c2p(q, float(v))
            guides = VGroup(DashedLine(ax.c2p(q, y_lo), p, color=PALETTE["point"], stroke_width=2),
                            DashedLine(p, ax.c2p(x_lo, float(v)), color=PALETTE["point"], stroke_width=2))
            dot = Dot(p, radius=0.07, color=PALETTE["point"])
            text = VGroup(MathTex(rf"\hat y({q:g}) =", font_size=fs),
                          DecimalNumber(float(v), num_decimal_places=4, font_size=fs)).arrange(RIGHT, buff=0.1)
            # the values stacked under the line, right of the last guide: no guide runs through them
            text.move_to(ax.c2p(max(self.queries) + 0.05 * (x1 - x0), y0 + (0.32 - 0.15 * i) * (y1 - y0)),
                         aligned_edge=LEFT)
            group.add(VGroup(guides, dot, text))
        return group

    def run(self) -> None:
        m = self.build()
        plot, s = m["plot"], m["surface"]
        runs.write_title(self, m["title"])
        self.play(Create(plot.axes), FadeIn(m["names"]), run_time=1)
        self.play(FadeIn(plot.data), FadeIn(m["legend"][0]), run_time=0.8)
        self.play(Create(s.box), FadeIn(s.labels), run_time=0.8)
        with at_most_fps(self.scene):   # 1,300 faces, each redrawn on every frame of the fade
            self.play(FadeIn(s.faces), FadeIn(m["bar"]), run_time=1)
        self.play(Create(plot.fit), FadeIn(m["legend"][1]), FadeIn(m["path"]), FadeIn(m["caption"]), run_time=1)
        self.wait(0.5)
        moving = runs.relayer(self, m["title"], plot, m["names"], s, m["bar"], m["legend"], m["caption"], m["path"])
        runs.run_epochs(self, m["tracker"], m["rec"].n_epochs, moving, self.schedule)
        self.wait(0.5)
        # predictions: the surface gives way to a zoom of the plot around the queries
        z = m["zoom"]
        subtitle = label("landscape.linreg.predict", size="caption").next_to(m["title"], DOWN, buff=0.1)
        with at_most_fps(self.scene):   # the surface's faces fade out
            self.play(FadeOut(s), FadeOut(m["bar"]), FadeOut(m["path"]), FadeIn(subtitle), run_time=0.8)
        self.play(Create(z["box"]), run_time=0.6)
        self.play(Create(z["joins"]), Create(z["inset"].axes), FadeIn(z["names"]), run_time=1)
        self.play(Create(z["line"]), Write(z["formula"]), run_time=1)
        for pred in m["predictions"]:
            self.play(Create(pred[0]), FadeIn(pred[1], scale=1.5), run_time=0.8)
            self.play(Write(pred[2]), run_time=0.6)
            self.wait(1.4)
        self.wait(2)


class LinregPredictionScene(PartScene):
    part = LinregPrediction
