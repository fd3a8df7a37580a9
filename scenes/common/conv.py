"""Convolutional stages: feature maps, a kernel sliding window, pooling, flatten, filters as images.

Every size drawn comes from a traced ``LayerSpec`` (``engine.describe(model, example_input)``):
a :class:`FeatureMaps` stack is ``channels x height x width`` of a module's ``out_shape``, a
:class:`WindowStage` draws the module's own ``kernel_size``, ``stride`` and ``padding``. Values
(activations, filters) are plain arrays ``(n_states, ...)``, one entry per recorded state, followed
through an epoch ``ValueTracker`` as :class:`~scenes.common.numbers.LiveNumber` follows a series.

>>> maps = FeatureMaps((4, 10, 10), values=acts, tracker=epoch)      # acts: (n_states, 4, 10, 10)
>>> conv = ConvStage(spec, FeatureMaps((1, 12, 12)), maps)           # the kernel window and its label
>>> filters = FilterImages(weights, tracker=epoch)                   # weights: (n_states, 4, 1, 3, 3)
>>> self.play(flatten_animation(maps, column))                      # maps -> the flattened vector
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    FadeOut,
    Group,
    ImageMobject,
    Line,
    Rectangle,
    Succession,
    Transform,
    ValueTracker,
    VGroup,
)

from engine.architecture import LayerSpec

from .colors import colormap, diverging_rgb
from .columns import FeatureColumn, WeightImageGrid
from .style import PALETTE
from .text import plain
from .tracking import epoch_state

__all__ = ["shape_text", "map_pixels", "FeatureMaps", "WindowStage", "ConvStage", "PoolStage", "FlattenStage",
           "FilterImages", "flatten_animation", "window_text"]


def shape_text(shape: Sequence[int]) -> str:
    """A traced shape as the label writes it: ``(4, 10, 10)`` -> ``"4×10×10"``, ``()`` -> ``"scalar"``."""
    return "×".join(str(int(n)) for n in shape) if len(shape) else "scalar"


def _states(values, shape: tuple) -> np.ndarray:
    """``values`` as (n_states, *shape): one state when given without the state axis."""
    v = np.asarray(values, dtype=float)
    if v.shape == tuple(shape):
        v = v[None]
    if v.shape[1:] != tuple(shape):
        raise ValueError(f"values of shape {v.shape} do not fit maps of shape {tuple(shape)}: "
                         f"pass (n_states, {', '.join(map(str, shape))})")
    return v


def map_pixels(values: np.ndarray, scale: float, signed: bool) -> np.ndarray:
    """RGBA uint8 of one (H, W) map: signed values diverging (negative, black, positive), others along the
    loss colour scale from 0 to ``scale``."""
    rgb = diverging_rgb(values, scale) if signed else colormap(np.asarray(values, float) / (scale or 1.0))
    return np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, np.uint8)], axis=2)


class FeatureMaps(Group):
    """A stack of feature maps ``channels x height x width``, the first in front, the others behind it.

    Parameters
    ----------
    shape : ``(C, H, W)`` (a traced ``out_shape``); ``(H, W)`` is one map.
    values : optional ``(n_states, C, H, W)`` (or ``(C, H, W)``) activations of one shown input: each map
        is then an image of its values that follows ``tracker``.
    tracker : the epoch ``ValueTracker`` (default: a tracker at state 0).
    map_height : height of one map in scene units (its width follows ``W / H``).
    offset : how far each map behind sits up and right of the one before.
    max_maps : at most this many maps are drawn (the first ones); the shape label says how many there are.
    scale : |value| drawn at full colour (default: the largest over all states, per channel).
    grid : draw the cell grid on the front map (maps up to 32 cells a side).

    Attributes
    ----------
    frames : one outline per drawn map, back to front.
    images : one ``ImageMobject`` per drawn map (empty without ``values``), back to front.
    grid_lines : the front map's cell grid (may be empty).
    """

    def __init__(self, shape: Sequence[int], *, values=None, tracker: ValueTracker | None = None,
                 map_height: float = 1.2, offset: float = 0.14, max_maps: int = 6, scale: float | None = None,
                 grid: bool = True, color=None, **kwargs):
        super().__init__(**kwargs)
        shape = tuple(int(n) for n in shape)
        if len(shape) == 2:
            shape = (1,) + shape
        if len(shape) != 3 or min(shape) < 1:
            raise ValueError(f"feature maps need a (channels, height, width) shape, got {shape}")
        self.shape = shape
        c, h, w = shape
        self.n_drawn = min(c, max_maps)
        self.map_height, self.map_width = map_height, map_height * w / h
        self.offset = offset
        color = color or PALETTE["muted"]
        self.frames = VGroup()
        self.images = Group()
        self.values = None if values is None else _states(values, shape)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        if self.values is not None:
            v = self.values
            self.signed = bool(np.min(v) < 0)
            peak = np.max(np.abs(v), axis=(0, 2, 3))
            self.scales = np.full(c, float(scale)) if scale else np.where(peak > 0, peak, 1.0)
        for k in reversed(range(self.n_drawn)):      # back to front: the first channel is drawn last
            corner = np.array([k * offset, k * offset, 0.0])
            frame = Rectangle(width=self.map_width, height=map_height, stroke_width=2, color=color)
            frame.set_fill("#000000", 1.0).move_to(corner)
            if self.values is not None:
                from manim import RESAMPLING_ALGORITHMS

                image = ImageMobject(map_pixels(self.values[0, k], self.scales[k], self.signed))
                image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
                image.stretch_to_fit_height(map_height).stretch_to_fit_width(self.map_width).move_to(corner)
                image.channel = k
                self.images.add(image)
                self.add(frame, image)
            else:
                self.add(frame)
            self.frames.add(frame)
        self.grid_lines = VGroup()
        if grid and max(h, w) <= 32:
            front = self.front
            x0, y0 = front.get_left()[0], front.get_bottom()[1]
            cell = self.cell_size
            style = {"stroke_width": 0.6, "color": color, "stroke_opacity": 0.5}
            for i in range(1, w):
                self.grid_lines.add(Line([x0 + i * cell, y0, 0], [x0 + i * cell, y0 + map_height, 0], **style))
            for j in range(1, h):
                self.grid_lines.add(Line([x0, y0 + j * cell, 0], [x0 + self.map_width, y0 + j * cell, 0], **style))
            self.add(self.grid_lines)
        self._state = 0
        if self.values is not None and len(self.values) > 1:
            self.add_updater(self._follow)

    @property
    def front(self) -> Rectangle:
        """The first channel's map (drawn in front)."""
        return self.frames[-1]

    @property
    def cell_size(self) -> float:
        return self.map_height / self.shape[1]

    def cell(self, row: int, col: int) -> np.ndarray:
        """Centre of cell (row, col) of the front map (row 0 at the top); may lie outside (padding)."""
        left, top = self.front.get_left()[0], self.front.get_top()[1]
        s = self.cell_size
        return np.array([left + (col + 0.5) * s, top - (row + 0.5) * s, 0.0])

    def state(self) -> int:
        return epoch_state(self.tracker, len(self.values)) if self.values is not None else 0

    def set_state(self, k: int) -> FeatureMaps:
        """Show the activations of recorded state ``k``."""
        for image in self.images:
            image.pixel_array = map_pixels(self.values[k, image.channel], self.scales[image.channel], self.signed)
        self._state = k
        return self

    def _follow(self, _):
        k = self.state()
        if k != self._state:
            self.set_state(k)


def window_text(spec: LayerSpec) -> str:
    """A conv's or a pooling's kernel, stride and padding as its label says them (``3×3, stride 1, pad 0``)."""
    kernel = shape_text(spec.kernel_size)
    stride = "×".join(map(str, spec.stride)) if len(set(spec.stride)) > 1 else str(spec.stride[0])
    pad = spec.padding if spec.padding else (0,)
    pad = "×".join(map(str, pad)) if len(set(pad)) > 1 else str(pad[0])
    return f"{kernel}, stride {stride}, pad {pad}"


class WindowStage(VGroup):
    """A kernel window over the front input map, projected onto the output cell it computes.

    The window covers the kernel's cells at the top-left position (shifted out by the padding, so a padded
    kernel visibly runs over the map's edge); the rays join its corners to output cell (0, 0).

    Parameters
    ----------
    spec : the traced conv or pooling ``LayerSpec`` (kernel_size, stride, padding).
    left, right : the input and output :class:`FeatureMaps`.
    color : the window's colour.

    Attributes
    ----------
    window, target, rays, label : the kernel square, the output cell, the projection lines, the
        ``kernel, stride, pad`` text (placed by the caller; not added).
    """

    def __init__(self, spec: LayerSpec, left: FeatureMaps, right: FeatureMaps, *, color=None, **kwargs):
        super().__init__(**kwargs)
        if spec.kernel_size is None or len(spec.kernel_size) != 2:
            raise ValueError(f"{spec.name}: a window stage draws a 2-D kernel, got {spec.kernel_size}")
        self.spec = spec
        color = color or PALETTE["fit"]
        kh, kw = spec.kernel_size
        pad = tuple(spec.padding) if spec.padding and not isinstance(spec.padding[0], str) else (0, 0)
        s = left.cell_size
        top_left = left.cell(-pad[0], -pad[1]) + np.array([-s / 2, s / 2, 0])
        self.window = Rectangle(width=kw * s, height=kh * s, stroke_width=3, color=color)
        self.window.move_to(top_left + np.array([kw * s / 2, -kh * s / 2, 0]))
        t = right.cell_size
        self.target = Rectangle(width=t, height=t, stroke_width=3, color=color).move_to(right.cell(0, 0))
        corners = lambda r: [r.get_corner(UP + LEFT), r.get_corner(UP + RIGHT), r.get_corner(DOWN + RIGHT),
                             r.get_corner(DOWN + LEFT)]
        self.rays = VGroup(*(Line(a, b, stroke_width=1.5, color=color, stroke_opacity=0.8)
                             for a, b in list(zip(corners(self.window), corners(self.target)))[1:3]))
        self.add(self.rays, self.window, self.target)
        self.label = plain(window_text(spec), size="small", color=PALETTE["fit"])


class ConvStage(WindowStage):
    """A convolution: its kernel window on the input maps, projected to one output cell."""


class PoolStage(WindowStage):
    """A max or average pooling: its window on the input maps, projected to one output cell."""

    def __init__(self, spec: LayerSpec, left: FeatureMaps, right: FeatureMaps, **kwargs):
        kwargs.setdefault("color", PALETTE["truth"])
        super().__init__(spec, left, right, **kwargs)


class FlattenStage(VGroup):
    """Maps funnelled into a vector: two lines from the stack's right corners to the column's ends."""

    def __init__(self, left: FeatureMaps, right: FeatureColumn, *, color=None, **kwargs):
        super().__init__(**kwargs)
        color = color or PALETTE["muted"]
        top_right = left.frames[0].get_corner(UP + RIGHT)
        bottom_right = left.front.get_corner(DOWN + RIGHT)
        r = right.nodes[0].radius
        self.add(Line(top_right, right.nodes[0].get_center() + LEFT * r, stroke_width=1.5, color=color),
                 Line(bottom_right, right.nodes[-1].get_center() + LEFT * r, stroke_width=1.5, color=color))


def flatten_animation(maps: FeatureMaps, column: FeatureColumn, *, run_time: float = 2.0) -> AnimationGroup:
    """Each drawn map collapses into its share of the flattened vector (``C*H*W`` long, the column's size),
    front map first: a copy of each map's outline becomes a slice of a bar beside the column, then fades."""
    c, h, w = maps.shape
    if column.size != c * h * w:
        raise ValueError(f"a {shape_text(maps.shape)} stack flattens to {c * h * w} features, "
                         f"the column has {column.size}")
    top, bottom = column.nodes.get_top()[1], column.nodes.get_bottom()[1]
    x = column.get_left()[0] - 0.12
    share = (top - bottom) / c
    steps = []
    for n, frame in enumerate(reversed(list(maps.frames))):   # front (channel 0) first: the first features
        y1 = top - n * share
        bar = Rectangle(width=0.1, height=share, stroke_width=0, fill_color=PALETTE["fit"], fill_opacity=0.8)
        bar.move_to([x, y1 - share / 2, 0])
        ghost = frame.copy().set_fill(PALETTE["fit"], 0.3).set_stroke(PALETTE["fit"])
        # one mobject morphs and leaves: a Transform target would stay in the scene after the play
        steps.append(Succession(Transform(ghost, bar), FadeOut(ghost, run_time=0.3)))
    return AnimationGroup(*steps, lag_ratio=0.25, run_time=run_time)


class FilterImages(Group):
    """A convolution's filters ``(n_states, C_out, C_in, kh, kw)`` as small images that follow training.

    One :class:`~scenes.common.network.WeightImageGrid` mosaic: a column per output channel, a row per
    input channel, diverging colours at one scale for every state (the largest |w| over the run).

    Parameters
    ----------
    weights : ``(n_states, C_out, C_in, kh, kw)`` or one state ``(C_out, C_in, kh, kw)``.
    tracker : the epoch ``ValueTracker``.
    cell_height : height of one filter in scene units.
    """

    def __init__(self, weights, tracker: ValueTracker | None = None, *, cell_height: float = 0.45,
                 gap: int = 1, scale: float | None = None, **kwargs):
        super().__init__(**kwargs)
        w = np.asarray(weights, dtype=float)
        if w.ndim == 4:
            w = w[None]
        if w.ndim != 5 or w.shape[3] != w.shape[4]:
            raise ValueError(f"filters must be (n_states, C_out, C_in, k, k), got {w.shape}")
        self.weights, self.tracker = w, tracker if tracker is not None else ValueTracker(0)
        self.shape = w.shape[1:]
        c_out, c_in = w.shape[1], w.shape[2]
        self.scale_value = scale or float(np.max(np.abs(w))) or 1.0
        # one pixel of gap per filter pixel: the mosaic's gap is counted in filter pixels
        self.grid = WeightImageGrid(self._rows(0), self.scale_value, rows=c_in, cols=c_out, gap=gap,
                                    cell_height=cell_height)
        self.add(self.grid)
        self._state = 0
        if len(w) > 1:
            self.add_updater(self._follow)

    def _rows(self, k: int) -> np.ndarray:
        """One row per filter, input channel by input channel: the mosaic's rows are input channels."""
        w = self.weights[k].transpose(1, 0, 2, 3)
        return w.reshape(w.shape[0] * w.shape[1], -1)

    def cell(self, out_channel: int, in_channel: int = 0):
        """An invisible square over the filter from ``in_channel`` to ``out_channel``."""
        return self.grid.cell(in_channel * self.shape[0] + out_channel)

    def state(self) -> int:
        return epoch_state(self.tracker, len(self.weights))

    def set_state(self, k: int) -> FilterImages:
        self.grid.set_values(self._rows(k))
        self._state = k
        return self

    def _follow(self, _):
        k = self.state()
        if k != self._state:
            self.set_state(k)

