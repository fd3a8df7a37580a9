"""Bars for a few named choices and a value each (a bandit's arms and their estimated values, a policy's
probabilities), with the value written above each bar::

    bars = ValueBars([1.0, 10.0], names=[label_0, label_1], top=10, height=2.5)
    self.play(Transform(bars, bars.with_values([0.5, 9.0])))

``names`` are mobjects (already translated labels); the bars grow from one baseline, ``top`` is the
value of a full-height bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, Rectangle, VGroup

from .style import PALETTE
from .text import plain

__all__ = ["ValueBars"]


class ValueBars(VGroup):
    """One bar per choice, ``width`` wide and ``gap`` apart, its height ``value / top * height``; each value
    written above its bar with ``decimals`` (or the format spec ``fmt``, e.g. ``".1e"``)."""

    def __init__(self, values: Sequence[float], *, names: Sequence, top: float, height: float = 2.5,
                 width: float = 0.9, gap: float = 0.7, colors: Sequence | None = None, decimals: int = 2,
                 size: str | float = "caption", fmt: str | None = None, **kwargs):
        super().__init__(**kwargs)
        values = np.asarray(values, dtype=float)
        if len(names) != len(values):
            raise ValueError(f"ValueBars: {len(values)} values but {len(names)} names")
        if top <= 0:
            raise ValueError(f"ValueBars: top must be positive, got {top}")
        self.settings = dict(top=top, height=height, width=width, gap=gap, colors=colors, decimals=decimals, size=size,
                             fmt=fmt)
        spec = fmt or f".{decimals}f"   # a format spec for the numbers (".1e" for values like 1.3e-04)
        self.names = list(names)
        self.bars, self.numbers = VGroup(), VGroup()
        colors = list(colors or [PALETTE["train"]] * len(values))
        for i, v in enumerate(values):
            x = i * (width + gap)
            h = max(float(np.clip(v / top, 0, 1)) * height, 1e-3)
            bar = Rectangle(width=width, height=h, stroke_width=0, fill_color=colors[i], fill_opacity=0.9)
            bar.move_to(np.array([x, h / 2, 0.0]))
            number = plain(format(v, spec), size=size).next_to(bar, UP, buff=0.1)
            self.bars.add(bar)
            self.numbers.add(number)
        # an invisible frame of the full height (and the numbers' room above it): the group's size does not
        # depend on its values, so it lays out once and keeps clear of what is above it as the bars grow
        room = self.numbers[0].height + 0.1
        span = (len(values) - 1) * (width + gap) + width
        self.frame = Rectangle(width=span, height=height + room, stroke_opacity=0, fill_opacity=0)
        self.frame.move_to(np.array([span / 2 - width / 2, (height + room) / 2, 0.0]))
        self.add(self.frame, self.bars, self.numbers)
        for bar, name in zip(self.bars, self.names):
            name.next_to(np.array([bar.get_center()[0], 0.0, 0.0]), DOWN, buff=0.15)
        self.add(*self.names)

    def with_values(self, values: Sequence[float]) -> ValueBars:
        """The same bars showing ``values``, placed where these are (for ``Transform``)."""
        names = [n.copy() for n in self.names]
        new = ValueBars(values, names=names, **self.settings)
        new.shift(self.bars[0].get_bottom() - new.bars[0].get_bottom())
        return new
