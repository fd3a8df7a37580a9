"""Playing a recorded Linear(1, 1) run: its path over a loss surface, its epochs on a schedule, legends.

Shared by every part that trains a line or a logistic curve on screen with its loss surface beside it.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, Dot, Line, ValueTracker, VGroup, Write, linear

from scenes.common.lesson import Part
from scenes.common.style import PALETTE
from scenes.common.surface import LossSurface, ParameterPath
from scenes.common.text import label
from scenes.common.tracking import add_layered, reuse_unchanged_frames

__all__ = ["SCHEDULE", "final_weights", "path_over", "write_title", "legend", "line_sample",
           "dot_sample", "relayer", "run_epochs"]

#: seconds of video per epoch: the first few slowly (most of the change is early), then faster
SCHEDULE = ((5, 0.5), (None, 0.08))

def final_weights(rec, state: int = -1) -> tuple[float, float]:
    """(w0, w1) = (bias, weight) of a recorded Linear(1, 1) at ``state``."""
    return float(rec.param("0.bias")[state].ravel()[0]), float(rec.param("0.weight")[state].ravel()[0])

def path_over(surface: LossSurface, rec, tracker, **kwargs) -> ParameterPath:
    """The recorded (bias, weight) path of a Linear(1, 1) run over ``surface``, up to ``tracker``'s epoch."""
    return ParameterPath(surface, rec.param("0.bias").ravel(), rec.param("0.weight").ravel(), rec.state_loss,
                         tracker, **kwargs)

def write_title(part: Part, title) -> None:
    """Write the title, then move it under everything so later plays paint it once, not every frame."""
    part.play(Write(title), run_time=1)
    part.bring_to_back(title)
    title.suspend_updating()


def legend(rows) -> VGroup:
    """Stacked legend rows, each a sample mobject and a string key."""
    out = VGroup()
    for sample, key in rows:
        out.add(VGroup(sample, label(key, size="small")).arrange(RIGHT, buff=0.12))
    return out.arrange(DOWN, aligned_edge=LEFT, buff=0.1)


def line_sample(color) -> Line:
    """A short line in ``color``: a curve's sample in a legend."""
    return Line(LEFT * 0.22, RIGHT * 0.22, stroke_width=4, color=color)


def dot_sample(color=None) -> Dot:
    """A small dot: the data's sample in a legend."""
    return Dot(radius=0.05, color=color or PALETTE["data"])


def relayer(part: Part, *mobjects) -> list:
    """Put what is on screen back as static pieces first, then moving ones (the picture is unchanged).

    Reveals add mobjects in the order they appear; Cairo redraws every frame everything after
    the first moving one, so before training the scene is re-added in layers.
    """
    part.clear()
    return add_layered(part.scene, *mobjects)


def run_epochs(part: Part, tracker: ValueTracker, n_epochs: int, moving: list, schedule=SCHEDULE,
                start: int = 0, stop: int | None = None) -> None:
    """Play epochs ``start..stop`` (default all) on the schedule ``((until, seconds per epoch), ...)``.

    Everything that moves shows ``round(tracker)``, so a frame is drawn only when the epoch changes.
    After the last epoch the moving pieces are frozen (later plays paint them once).
    """
    stop = n_epochs if stop is None else stop
    at = start
    with reuse_unchanged_frames(part.scene, lambda: round(tracker.get_value())):
        for until, seconds in schedule:
            end = min(stop, n_epochs if until is None else until)
            if end > at:
                part.play(tracker.animate.set_value(end), run_time=(end - at) * seconds, rate_func=linear)
                at = end
    if stop >= n_epochs:
        for m in moving:
            m.clear_updaters()
