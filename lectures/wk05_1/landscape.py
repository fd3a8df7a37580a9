"""05wk-1/linreg: a line fitted by Adam and its path over the MSE surface, down to the fitted line.

``manim render lectures/wk05_1/landscape.py LinregPredictionScene`` renders the part alone.
Every number comes from the recording ``05wk-1/linreg`` or from engine's loss grid.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, Indicate, MathTex, ValueTracker, Write

import engine
from lectures.wk05_1.declaration import LECTURE
from scenes.common import runs
from scenes.common.lesson import Part, PartScene
from scenes.common.plots import FitPlot, edge_axes
from scenes.common.plots import axis_names as _axis_names
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.surface import LossSurface, TrainingCaption
from scenes.common.text import label
from scenes.common.tracking import at_most_fps

__all__ = ["LECTURE", "LinregPrediction", "LinregPredictionScene"]


class LinregPrediction(Part):
    """05wk-1/linreg: the line converging while its (w0, w1) walks down the MSE surface under Adam.

    Storyboard:

    1. Title; the plot's axes with names (x, y), the 100 data points; the MSE surface over
       (w0, w1) = (bias, weight), every axis numbered (about four round values each), its colour bar.
    2. The line at epoch 0 and its point on the surface; the caption (epoch, w0, w1, gradient, loss).
    3. 200 Adam epochs: the first ten slowly, then faster; line and point move together.
    4. The bottom: the recorded final line typeset on the plot, yhat = 2.4459 + 4.0042 x (the course's
       net[0].bias and net[0].weight), flashing with the path's end point and the caption's w0, w1;
       the conclusion held 3.5 s.

    The student leaves knowing: training moved one point (w0, w1) down the loss surface, and the line
    at the bottom is the fitted line yhat = 2.4459 + 4.0042 x. Reading predictions off it is the next
    part's (prediction.prediction-goal), so this part ends at the fit.
    """

    lecture = "05wk-1"
    id = "landscape.linreg"
    title_key = "landscape.linreg.title"
    experiment = "05wk-1/linreg"
    experiments = (experiment,)
    #: the inputs the course predicts at (the next part reads them off this line)
    queries = (0.1, 0.2)
    schedule = ((10, 0.3), (None, 0.04))
    #: about how many numbered values on the surface's w0, w1 and loss axes
    surface_ticks = (4, 4, 4)

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
        surface = LossSurface(engine.landscape_for(rec), size=(4.5, 4.2, 2.4), ticks=self.surface_ticks)
        surface.move_to(RIGHT * 2.45 + UP * 0.55)
        bar = surface.color_bar(height=2.6, decimals=1).move_to(RIGHT * 6.5 + UP * 0.45)
        path = runs.path_over(surface, rec, tracker)
        caption = TrainingCaption(rec, tracker).to_edge(DOWN, buff=0.3).set_x(0)
        w0, w1 = runs.final_weights(rec)
        # the fitted line typeset under the plot's numbers, the conclusion under it, both above the caption
        formula = MathTex(rf"\hat y = {w0:.4f} + {w1:.4f}\,x", font_size=FONT_SIZE["body"], color=PALETTE["fit"])
        formula.next_to(plot.axes.c2p(0, -10), DOWN, buff=0.5)
        bottom = label("landscape.linreg.bottom", size="caption", color=PALETTE["fit"])
        bottom.next_to(formula, DOWN, buff=0.2).set_x(0)
        return dict(rec=rec, tracker=tracker, title=title, plot=plot, names=names, legend=legend, surface=surface,
                    bar=bar, path=path, caption=caption, formula=formula, bottom=bottom, weights=(w0, w1))

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
        # the bottom of the surface is the fitted line: its numbers typeset, the point and the numbers flashed
        numbers = m["caption"].numbers
        self.play(Write(m["formula"]), run_time=1)
        self.play(FadeIn(m["bottom"], shift=UP * 0.1), Indicate(m["path"].dot, color=PALETTE["fit"], scale_factor=1.8),
                  Indicate(numbers["w0"], color=PALETTE["fit"]), Indicate(numbers["w1"], color=PALETTE["fit"]),
                  run_time=1.2)
        self.wait(3.5)


class LinregPredictionScene(PartScene):
    part = LinregPrediction
