"""Small 2D charts drawn from recorded arrays: samples that feed an update, loss curves, timings.

Every value drawn is passed in (read from a recording by the scene); nothing
here computes a number that appears on screen except formatting it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    Dot,
    FadeIn,
    GrowFromEdge,
    Line,
    MathTex,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
)

from .colors import cell_mobjects, grey_rgb
from .style import FONT_SIZE, PALETTE

__all__ = ["batch_at", "SampleScatter", "LossChart", "TimingChart", "PixelImage", "thousands"]


def thousands(n: int) -> str:
    """``12665`` -> ``"12,665"`` (the course writes counts this way in both languages)."""
    return f"{int(n):,}"


def batch_at(batches: Sequence[np.ndarray], t: float) -> np.ndarray:
    """Sample indices lit at update-tracker value ``t``.

    While the tracker moves from state ``k`` to ``k + 1`` (``k < t <= k + 1``), update
    ``k`` (0-based) is being taken, so its batch ``batches[k]`` is lit; at rest on a
    whole number it is the batch that just produced that state (the first batch at 0).
    """
    n = len(batches)
    k = min(max(math.ceil(t - 1e-9) - 1, 0), n - 1)
    return np.asarray(batches[k])


class SampleScatter(VGroup):
    """The samples of a one-input regression, which of them feed the current update, and the fit.

    Parameters
    ----------
    x, y
        (n,) the data.
    width, height
        Size of the axes in scene units.
    x_range, y_range
        Axis ranges ``[min, max, step]``; default from the data.
    dot_radius
        Radius of a sample dot.
    show_indices
        Write each sample's index under its dot.
    lit_color, idle_color
        Colours of samples in / out of the current batch.
    fit_color
        Colour of the fitted line (default the palette's path colour).
    x_numbers, y_numbers
        Values numbered (with a tick) on the x and y axes; ``None``: none.
    axis_names
        TeX names ``(x_name, y_name)`` written at the ends of the axes, or ``None``.

    Attributes
    ----------
    axes, dots, fit
        The axes, one dot per sample, the fitted line.
    numbers, names
        The tick marks with their numbers, and the axis names (empty groups when not asked for).
    """

    def __init__(self, x: Sequence[float], y: Sequence[float], *, width: float = 4.0, height: float = 1.6,
                 x_range=None, y_range=None, dot_radius: float = 0.07, show_indices: bool = True,
                 lit_color=None, idle_color=None, fit_color=None, x_numbers: Sequence[float] | None = None,
                 y_numbers: Sequence[float] | None = None, axis_names: tuple[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
        self.lit_color = lit_color or PALETTE["fit"]
        self.idle_color = idle_color or PALETTE["data_faint"]
        pad = 0.5
        x_range = x_range or [float(self.x.min()) - pad, float(self.x.max()) + pad, 1]
        y_range = y_range or [float(self.y.min()) - 0.5, float(self.y.max()) + 0.5, 1]
        self.axes = Axes(x_range=x_range, y_range=y_range, x_length=width, y_length=height, tips=False,
                         axis_config={"stroke_width": 1.5, "color": PALETTE["muted"], "include_ticks": False})
        self.dots = VGroup(*(Dot(self.axes.c2p(a, b), radius=dot_radius, color=self.idle_color)
                             for a, b in zip(self.x, self.y)))
        self.numbers = self._numbers(x_numbers or (), y_numbers or ())
        self.names = VGroup()
        if axis_names is not None:
            self.names.add(MathTex(axis_names[0], font_size=FONT_SIZE["caption"], color=PALETTE["muted"])
                           .next_to(self.axes.x_axis.get_end(), RIGHT, buff=0.12))
            self.names.add(MathTex(axis_names[1], font_size=FONT_SIZE["caption"], color=PALETTE["muted"])
                           .next_to(self.axes.y_axis.get_end(), UP, buff=0.08))
        self.add(self.axes, self.numbers, self.names, self.dots)
        if show_indices:
            self.indices = VGroup(*(
                MathTex(str(i), font_size=FONT_SIZE["small"], color=PALETTE["muted"])
                .next_to(self.axes.c2p(a, y_range[0]), UP, buff=0.04)
                for i, a in enumerate(self.x)
            ))
            self.add(self.indices)
        self.fit = VMobject(stroke_color=fit_color or PALETTE["path"], stroke_width=2.5)
        self.add(self.fit)
        self._lit = np.zeros(0, dtype=int)

    def _numbers(self, xs, ys) -> VGroup:
        """A tick and its number at every value of ``xs`` (under the plot) and ``ys`` (left of the plot)."""
        out = VGroup()
        style = dict(stroke_width=1.5, color=PALETTE["muted"])
        size = FONT_SIZE["small"]
        for v in xs:   # at the bottom edge of the plot, below everything drawn in it
            p = self.axes.c2p(v, self.axes.y_range[0])
            out.add(VGroup(Line(p + UP * 0.05, p + DOWN * 0.05, **style),
                           MathTex(_tick(v), font_size=size, color=PALETTE["muted"]).next_to(p, DOWN, buff=0.1)))
        for v in ys:   # at the left edge of the plot, clear of samples sitting on the y axis
            p = self.axes.c2p(self.axes.x_range[0], v)
            out.add(VGroup(Line(p + LEFT * 0.05, p + RIGHT * 0.05, **style),
                           MathTex(_tick(v), font_size=size, color=PALETTE["muted"]).next_to(p, LEFT, buff=0.1)))
        return out

    @property
    def lit(self) -> np.ndarray:
        """Indices of the samples drawn lit, in increasing order."""
        return np.flatnonzero([d.get_color().to_hex().lower() == _hex(self.lit_color) for d in self.dots])

    def light(self, indices: Sequence[int]) -> SampleScatter:
        """Light exactly the samples ``indices`` (immediately; use inside an updater)."""
        self._lit = np.asarray(indices)
        on = set(int(i) for i in self._lit.ravel())
        for i, d in enumerate(self.dots):
            d.set_color(self.lit_color if i in on else self.idle_color)
            d.set_z_index(1 if i in on else 0)
        return self

    def set_fit(self, w0: float, w1: float) -> SampleScatter:
        """Draw the line ``w0 + w1 x`` clipped to the axes."""
        (x0, x1), (y0, y1) = self.axes.x_range[:2], self.axes.y_range[:2]
        xs = np.linspace(x0, x1, 64)
        ys = w0 + w1 * xs
        keep = (ys >= y0) & (ys <= y1)
        if keep.sum() < 2:
            self.fit.set_points(np.zeros((0, 3)))
            return self
        self.fit.set_points_as_corners([self.axes.c2p(a, b) for a, b in zip(xs[keep], ys[keep])])
        return self

    def follow(self, tracker: ValueTracker, batches: Sequence[np.ndarray], w0=None, w1=None, *,
               start: bool = True) -> SampleScatter:
        """Keep the lit samples (and the fit, given the recorded ``w0``, ``w1`` per state) on ``tracker``.

        The state of ``tracker`` now is drawn at once. With ``start=False`` the updater is attached only by
        :meth:`start_following`: while a mobject has an updater, Cairo repaints it and everything drawn
        after it on every frame, so a scene attaches it when the tracker starts moving."""
        w0 = None if w0 is None else np.asarray(w0, dtype=float)
        w1 = None if w1 is None else np.asarray(w1, dtype=float)

        def update(_):
            t = tracker.get_value()
            lit = batch_at(batches, t)
            if not np.array_equal(lit, self._lit):
                self.light(lit)
            if w0 is not None:
                k = int(np.clip(np.floor(t), 0, len(w0) - 1))
                f = float(np.clip(t - k, 0, 1)) if k + 1 < len(w0) else 0.0
                nxt = min(k + 1, len(w0) - 1)
                self.set_fit(w0[k] * (1 - f) + w0[nxt] * f, w1[k] * (1 - f) + w1[nxt] * f)

        self._follow = update
        if start:
            self.start_following()
        update(None)
        return self

    def start_following(self) -> SampleScatter:
        """Attach the updater :meth:`follow` made (once)."""
        if self._follow not in self.dots.get_updaters():
            self.dots.add_updater(self._follow)
        return self


def _tick(v: float) -> str:
    """A tick value as TeX: ``3.0`` -> ``3``, ``-0.0`` -> ``0``, minus signs typeset."""
    return f"{float(v) + 0.0:g}"


def _hex(c) -> str:
    from manim import ManimColor

    return ManimColor(c).to_hex().lower()


class LossChart(VGroup):
    """Loss per update of one or more runs on one pair of axes.

    Parameters
    ----------
    series
        ``{name: (values, color)}``: each a (n_updates,) loss array and its colour, drawn in order.
    width, height
        Size of the axes.
    y_max
        Top of the y axis; default the largest value.
    y_min, fit_y
        Bottom of the y axis (default 0); with ``fit_y`` the axis starts at the
        tick below the smallest value instead, so curves that move little fill the chart.
    x_label, y_label
        Mobjects for the axis labels (already translated), or ``None``.
    stroke_width, stroke_widths
        Line width of every curve, and per-series overrides ``{name: width}``.
    y_ticks
        About how many numbered ticks the y axis gets (fewer for a short chart, so its numbers keep apart).
    window
        ``(first, last)`` updates (1-based, inclusive) to draw, e.g. to zoom into the end of a run;
        default every update. The y axis (``y_max`` default and ``fit_y``) follows the window.
    """

    def __init__(self, series: Mapping[str, tuple[np.ndarray, object]], *, width: float = 7.0,
                 height: float = 4.0, y_max: float | None = None, y_min: float = 0.0, fit_y: bool = False,
                 x_label=None, y_label=None, window: tuple[int, int] | None = None,
                 stroke_width: float = 2.0, stroke_widths: Mapping[str, float] | None = None, y_ticks: int = 4,
                 **kwargs):
        super().__init__(**kwargs)
        if not series:
            raise ValueError("LossChart needs at least one series")
        n = max(len(v) for v, _ in series.values())
        first, last = window if window is not None else (1, n)
        if not 1 <= first < last <= n:
            raise ValueError(f"window {window} is not inside updates 1..{n}")
        self.window = (first, last)
        shown = {k: np.asarray(v, dtype=float)[first - 1:last] for k, (v, _) in series.items()}
        top = y_max if y_max is not None else max(float(np.max(v)) for v in shown.values())
        x_step = _nice_step(last - first + (first == 1), 4)
        x_step = float(math.ceil(x_step))   # updates are whole numbers: a step of 2.5 would write 7.5 as 8
        x_lo = 0 if first == 1 else first
        bottom = y_min
        if fit_y:
            low = min(float(np.min(v)) for v in shown.values())
            y_step = _nice_step(top - low, y_ticks)
            bottom = max(y_min, y_step * math.floor(low / y_step))
        y_step = _nice_step(top - bottom, y_ticks)
        top = y_step * math.ceil(top / y_step - 1e-9)
        self.axes = Axes(x_range=[x_lo, last, x_step], y_range=[bottom, top, y_step], x_length=width, y_length=height,
                         tips=False, axis_config={"stroke_width": 2, "color": PALETTE["muted"]},
                         y_axis_config={"decimal_number_config": {"num_decimal_places": _decimals(y_step)}},
                         x_axis_config={"decimal_number_config": {"num_decimal_places": 0}})
        self.axes.add_coordinates(
            [float(v) for v in np.arange(x_step * math.floor(x_lo / x_step) + x_step, last + 1e-9, x_step)],
            [float(np.round(v, 6)) for v in np.arange(bottom + y_step, top + 1e-9, y_step)],
            font_size=FONT_SIZE["small"],
        )
        self.add(self.axes)
        self.curves = {}
        for name, (_, color) in series.items():
            values = shown[name]
            xs = np.arange(first, first + len(values))
            curve = VMobject(stroke_color=color, stroke_width=(stroke_widths or {}).get(name, stroke_width))
            curve.set_points_as_corners([self.axes.c2p(a, b) for a, b in zip(xs, values)])
            self.curves[name] = curve
            self.add(curve)
        if x_label is not None:
            self.x_label = x_label.next_to(self.axes.x_axis, DOWN, buff=0.12).align_to(self.axes.x_axis, RIGHT)
            self.add(self.x_label)
        if y_label is not None:
            self.y_label = y_label.next_to(self.axes.y_axis, UP, buff=0.15)
            self.add(self.y_label)

    def get_curve(self, name: str) -> VMobject:
        return self.curves[name]

    def draw(self, run_time: float = 3.0) -> AnimationGroup:
        """Draw every curve from the first update to the last, together."""
        return AnimationGroup(*(Create(c, run_time=run_time) for c in self.curves.values()))


def _decimals(step: float) -> int:
    """Decimal places that show every multiple of ``step`` exactly (0.05 -> 2)."""
    for d in range(0, 6):
        if abs(round(step, d) - step) < 1e-9:
            return d
    return 6


def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


class TimingChart(VGroup):
    """Grouped bars of wall times: one group per setting, one bar per series, on a linear or log scale.

    Measured series are solid bars; reference series (figures quoted from elsewhere, e.g. the
    course's notes) are outlined bars, drawn only where they have a value, so a quoted figure
    never looks like a measurement and a missing one is never drawn.

    Parameters
    ----------
    settings
        Labels of the groups (e.g. hidden widths), as TeX strings.
    seconds
        ``{series: (n_settings,) seconds}`` of the measured series; only measured devices, never a made-up one.
    colors
        ``{series: colour}`` for measured and reference series.
    reference
        ``{series: (n_settings,) seconds}`` with ``nan`` where there is no figure; drawn outlined.
    log
        A log10 y axis with a numbered tick at every power of ten (for times spanning orders of magnitude).
    width, height
        Size of the axes.
    y_label
        Mobject for the y-axis label, or ``None``.

    Attributes
    ----------
    bars, values
        ``{series: VGroup}`` of the bars and of their value labels, in setting order (only drawn ones).
    setting_labels
        The group labels under the axis.
    """

    def __init__(self, settings: Sequence[str], seconds: Mapping[str, np.ndarray], *, colors: Mapping[str, object],
                 reference: Mapping[str, np.ndarray] | None = None, log: bool = False,
                 width: float = 8.0, height: float = 4.0, y_label=None, bar_gap: float = 0.3, **kwargs):
        super().__init__(**kwargs)
        if not seconds:
            raise ValueError("TimingChart needs at least one device's timings")
        n = len(settings)
        reference = dict(reference or {})
        series = {**{k: np.asarray(v, float) for k, v in seconds.items()},
                  **{k: np.asarray(v, float) for k, v in reference.items()}}
        for dev, s in series.items():
            if len(s) != n:
                raise ValueError(f"{dev}: {len(s)} timings for {n} settings")
        values = np.concatenate([s[np.isfinite(s)] for s in series.values()])
        if log:
            lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()) - 1e-9)
            hi = max(hi, lo + 1)
            # y in decades above the lowest power of ten, so the x axis (at y = 0) is the bottom edge
            self.axes = Axes(x_range=[0, n, 1], y_range=[0, hi - lo, 1], x_length=width, y_length=height,
                             tips=False, x_axis_config={"include_ticks": False},
                             axis_config={"stroke_width": 2, "color": PALETTE["muted"]})
            # add_labels sets every label to the line's font size (36) unless it is given one
            self.axes.y_axis.add_labels({k - lo: MathTex(_power(k)) for k in range(lo, hi + 1)},
                                        font_size=FONT_SIZE["small"])
            to_y = lambda v: math.log10(v) - lo  # noqa: E731
            base = 0.0
        else:
            top = float(values.max())
            y_step = _nice_step(top, 4)
            y_top = y_step * math.ceil(top / y_step)
            self.axes = Axes(x_range=[0, n, 1], y_range=[0, y_top, y_step], x_length=width, y_length=height,
                             tips=False, x_axis_config={"include_ticks": False},
                             axis_config={"stroke_width": 2, "color": PALETTE["muted"]})
            self.axes.y_axis.add_numbers([float(np.round(v, 6)) for v in np.arange(y_step, y_top + 1e-9, y_step)],
                                         font_size=FONT_SIZE["small"], num_decimal_places=_decimals(y_step))
            to_y = lambda v: v  # noqa: E731
            base = 0.0
        self.add(self.axes)
        unit = self.axes.x_axis.get_unit_size()
        self.bars = {d: VGroup() for d in series}
        self.values = {d: VGroup() for d in series}
        self.setting_labels = VGroup()
        for i, name in enumerate(settings):
            here = [d for d in series if np.isfinite(series[d][i])]
            slot = (1 - bar_gap) / max(len(here), 1)
            placed = []   # (bar, value label, series) of this group
            for j, dev in enumerate(here):
                v = float(series[dev][i])
                x_mid = i + bar_gap / 2 + slot * (j + 0.5)
                h = max(self.axes.c2p(0, to_y(v))[1] - self.axes.c2p(0, base)[1], 0.01)
                solid = dev not in reference
                bar = Rectangle(width=slot * unit * 0.9, height=h, stroke_width=0 if solid else 3,
                                stroke_color=colors[dev], fill_color=colors[dev], fill_opacity=0.9 if solid else 0.0)
                bar.move_to(self.axes.c2p(x_mid, base), aligned_edge=DOWN)
                self.bars[dev].add(bar)
                value = MathTex(_seconds(v), font_size=FONT_SIZE["small"]).next_to(bar, UP, buff=0.06)
                placed.append((bar, value, dev))
                self.values[dev].add(value)
            # values wider than their bars: one column over the group's middle, the first bar's lowest, each
            # in its bar's colour after a small square drawn like its bar, filled or outlined (a staircase of
            # white numbers ran into the axis and read as one list; two series may share a colour)
            if len(placed) > 1 and any(value.width > bar.width for bar, value, _ in placed):
                top = max(bar.get_top()[1] for bar, _, _ in placed) + 0.08
                middle = 0.5 * (placed[0][0].get_left()[0] + placed[-1][0].get_right()[0])
                for bar, value, dev in placed:
                    value.set_color(colors[dev])
                    key = Rectangle(width=0.16, height=0.16, stroke_color=colors[dev], fill_color=colors[dev],
                                    stroke_width=bar.get_stroke_width(), fill_opacity=bar.get_fill_opacity())
                    value.add(key.next_to(value[0], LEFT, buff=0.1))
                    value.move_to([middle, top + value.height / 2, 0])
                    top = value.get_top()[1] + 0.08
            self.setting_labels.add(MathTex(name, font_size=FONT_SIZE["small"])
                                    .next_to(self.axes.c2p(i + 0.5, base), DOWN, buff=0.15))
        self.add(*self.bars.values(), *self.values.values(), self.setting_labels)
        if y_label is not None:   # above the axis, starting at its numbers (a long name would widen the chart)
            self.y_label = y_label.next_to(self.axes.y_axis, UP, buff=0.15)
            self.y_label.align_to(self.axes.y_axis, LEFT)   # the axis' box holds its numbers
            self.add(self.y_label)

    def grow(self, device: str, run_time: float = 1.5) -> AnimationGroup:
        """Bars of ``device`` growing from the axis, then their values."""
        return AnimationGroup(
            AnimationGroup(*(GrowFromEdge(b, DOWN) for b in self.bars[device]), run_time=run_time),
            FadeIn(self.values[device]),
            lag_ratio=1.0,
        )


def _power(k: int) -> str:
    """A power of ten as the number it is (0.01, 0.1, 1, 10, 100)."""
    return f"{10.0 ** k:g}" if k < 0 else f"{10 ** k:d}"


def _seconds(v: float) -> str:
    """Seconds with 2 significant digits at least (0.31, 4.2, 27)."""
    if v >= 10:
        return rf"{v:.0f}\,\mathrm{{s}}"
    if v >= 1:
        return rf"{v:.1f}\,\mathrm{{s}}"
    return rf"{v:.2f}\,\mathrm{{s}}"


class PixelImage(VGroup):
    """A small greyscale image (e.g. an MNIST digit) as vector cells, black pixels left out.

    Vector cells, not an ``ImageMobject`` like ``network.WeightImage``: these digits
    never change once drawn, so they cost one mobject per grey level, stay sharp at
    every render quality and need no resampling; black pixels are simply left out.
    Weight images change every frame and take every colour of their scale, which
    one pixel-array swap does cheaper than rebuilding cells. Both take their
    colours from ``colors`` (``grey_rgb`` here, ``diverging_rgb`` there).

    Parameters
    ----------
    pixels
        (h, w) uint8 (0..255) or floats in [0, 1]; row 0 is the top.
    height
        Height in scene units (width follows the aspect ratio).
    levels
        Grey levels drawn.
    frame_color
        Colour of a thin frame around the image.
    """

    def __init__(self, pixels: np.ndarray, *, height: float = 1.0, levels: int = 16, frame_color=None, **kwargs):
        super().__init__(**kwargs)
        a = np.asarray(pixels, dtype=float)
        if a.ndim != 2:
            raise ValueError(f"PixelImage needs a 2-D array, got shape {a.shape}")
        a = a / 255.0 if a.max() > 1 else a
        h, w = a.shape
        cell = height / h
        self.pixels = cell_mobjects(a[::-1], np.arange(w + 1) * cell, np.arange(h + 1) * cell,
                                    lambda x, y: np.array([x, y, 0.0]), n_colors=levels, colors=grey_rgb,
                                    skip_below=0.5 / levels)
        self.frame = Rectangle(
            width=w * cell, height=h * cell, stroke_width=1, stroke_color=frame_color or PALETTE["data_faint"]
        ).move_to([w * cell / 2, h * cell / 2, 0])
        self.add(self.frame, self.pixels)
