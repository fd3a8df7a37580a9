"""Numbers that change every frame without being typeset every frame.

A new ``Text``, ``MathTex`` or ``DecimalNumber`` per frame writes and parses an
SVG (and for TeX runs LaTeX) each time, which dominates a render. Here each
character is typeset once per style into a :class:`GlyphAtlas`; a
:class:`GlyphText` then shows any string of those characters as one
``VMobject`` whose points are the glyphs' outlines laid side by side.

- :class:`LiveNumber`: ``values[state]`` of a recorded series for the state an
  epoch tracker points at (TeX digits, as ``DecimalNumber`` draws them).
- :class:`MonoText`: a short line of digits and signs in a monospace font,
  re-set by the caller (e.g. from an updater).
"""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, RIGHT, MathTex, Text, ValueTracker, VGroup, VMobject

from .style import FONT_SIZE, PALETTE
from .tracking import epoch_state

__all__ = ["GlyphAtlas", "GlyphText", "LiveNumber", "MonoText"]


class GlyphAtlas:
    """Characters typeset once: the outline points of each and how far the pen moves after it.

    ``points[c]`` are the Bezier points of character ``c`` placed for a pen at
    x = 0 on the atlas's line; ``advance[c]`` is how far the pen then moves
    (characters without points, like a space, only move the pen).
    Atlases are cached per style: get them with :meth:`tex` or :meth:`mono`.
    """

    _cache: dict = {}

    def __init__(self, points: dict, advance: dict):
        self.points, self.advance = points, advance

    @property
    def chars(self) -> str:
        return "".join(self.advance)

    def layout(self, text: str) -> np.ndarray:
        """Points of ``text`` with the pen starting at the origin; (0, 3) for text without glyphs."""
        bad = set(text) - set(self.advance)
        if bad:
            raise ValueError(f"cannot show {sorted(bad)}; the glyphs are {self.chars!r}")
        x, parts = 0.0, []
        for c in text:
            if c in self.points:
                parts.append(self.points[c] + np.array([x, 0.0, 0.0]))
            x += self.advance[c]
        return np.vstack(parts) if parts else np.zeros((0, 3))

    @classmethod
    def tex(cls, font_size: float) -> GlyphAtlas:
        """Digits, point and signs as ``MathTex`` sets them, proportionally spaced, signs centred on the digits."""
        key = ("tex", font_size)
        if key not in cls._cache:
            chars = "0123456789.-+"
            tex = MathTex(*chars, font_size=font_size)
            digit = np.vstack([m.points for m in tex[0].family_members_with_points()])
            low, high = digit[:, 1].min(), digit[:, 1].max()
            center = 0.5 * (low + high)
            buff = 0.175 * (high - low)  # the gap between glyphs, as a share of a digit's height
            points, advance = {}, {}
            for i, c in enumerate(chars):
                pts = np.vstack([m.points for m in tex[i].family_members_with_points()]).copy()
                if c in "-+":
                    pts[:, 1] += center - 0.5 * (pts[:, 1].min() + pts[:, 1].max())
                pts[:, 0] -= pts[:, 0].min()
                points[c], advance[c] = pts, float(pts[:, 0].max()) + buff
            cls._cache[key] = cls(points, advance)
        return cls._cache[key]

    @classmethod
    def mono(cls, font: str, font_size: float, chars: str) -> GlyphAtlas:
        """``chars`` and the space set by Pango in a monospace ``font``, one advance for all.

        The pen starts at the left edge of the typeset line, at its vertical centre.
        """
        key = ("mono", font, font_size, chars)
        if key not in cls._cache:
            line = Text(chars, font=font, font_size=font_size)
            two = Text("00", font=font, font_size=font_size)
            step = two[1].get_center()[0] - two[0].get_center()[0]
            left = line.get_left()
            points = {c: line[k].points - left - RIGHT * k * step for k, c in enumerate(chars)}
            advance = {c: float(step) for c in chars + " "}
            cls._cache[key] = cls(points, advance)
        return cls._cache[key]


class GlyphText(VGroup):
    """A string of an atlas's characters as one ``VMobject`` (attribute ``glyphs``), re-set cheaply.

    ``set_text`` only replaces points. The pen's start stays where the mobject was
    moved or scaled to: the last layout maps to the points shown now by a uniform
    scale and a shift (whatever ``arrange``, ``move_to`` or ``scale`` did), and the
    new layout goes through the same map. The pen's start is part of the points
    (a sub-path of zero area), so the left edge is the pen's, whatever the first
    glyph's side bearing, and no helper mobject is needed: each GlyphText is one
    mobject for Cairo to draw.

    Parameters
    ----------
    text
        The initial string.
    atlas
        The typeset characters (:meth:`GlyphAtlas.tex`, :meth:`GlyphAtlas.mono`).
    color
        Fill colour of the glyphs.
    """

    def __init__(self, text: str, atlas: GlyphAtlas, *, color=None, **kwargs):
        super().__init__(**kwargs)
        self.atlas = atlas
        self.text_color = color or PALETTE["text"]
        self.glyphs = VMobject(fill_color=self.text_color, fill_opacity=1, stroke_width=0)  # type: ignore[arg-type]
        self.add(self.glyphs)
        self.string: str | None = None
        self._layout: np.ndarray | None = None
        self._scale = 1.0
        self.set_text(text)

    def set_text(self, text: str) -> GlyphText:
        """Show ``text``, starting where the previous text started."""
        if text == self.string:
            return self
        # the pen's start leads as a zero-area sub-path: it keeps the left edge on the pen (not on the ink of
        # the first glyph, e.g. a narrow monospace "1"), marks where the text is, and draws nothing
        layout = np.vstack([np.zeros((4, 3)), self.atlas.layout(text)])
        shift = ORIGIN
        if self._layout is not None:
            scale = self.layout_scale()
            if (
                scale is not None
            ):  # a blank layout (the pen alone) tells where the pen is, not the scale: keep the last one
                self._scale = scale
            shift = self.glyphs.points[0] - self._scale * self._layout[0]
        self.glyphs.set_points(shift + self._scale * layout)
        self._layout, self.string = layout, text
        return self

    def layout_scale(self) -> float | None:
        """How much the shown glyphs are scaled against their layout (moves, ``scale``, a scaled group);
        None while the layout is blank (the pen alone), which tells where the pen is but not the scale, or
        when the points are no longer the layout's (another mobject's, after a ``Transform``)."""
        if self._layout is None or len(self._layout) != len(self.glyphs.points):
            return None
        span = np.ptp(self._layout[:, 0])
        return float(np.ptp(self.glyphs.points[:, 0]) / span) if span > 0 else None


class MonoText(GlyphText):
    """A short line of digits and signs in a monospace font that can change every frame cheaply.

    Parameters
    ----------
    text
        The initial text, made of ``CHARS`` and spaces.
    font_size, color, font
        Typography.
    """

    CHARS = "0123456789.,-+e/()%x×:"

    def __init__(self, text: str, *, font_size: float | None = None, color=None,
                 font: str = "DejaVu Sans Mono", **kwargs):
        self.font, self.font_size = font, font_size or FONT_SIZE["caption"]
        super().__init__(text, GlyphAtlas.mono(self.font, self.font_size, self.CHARS), color=color, **kwargs)


class LiveNumber(GlyphText):
    """A number that shows ``values[state]`` for the state an epoch tracker points at.

    The digits are TeX glyphs typeset once (:meth:`GlyphAtlas.tex`); the points
    change only when the shown value does. The left edge and the baseline stay
    put as the number changes, wherever the number was moved or scaled to.

    Parameters
    ----------
    values
        (n_states,) the recorded series.
    tracker
        The epoch ``ValueTracker``.
    num_decimal_places, include_sign
        Formatting, as ``DecimalNumber`` takes them.
    font_size, color
        Style of the digits.
    """

    def __init__(self, values, tracker: ValueTracker, *, num_decimal_places: int = 2, include_sign: bool = False,
                 font_size: float = 28, color=None, **kwargs):
        self.values = np.asarray(values, dtype=float).ravel()
        self.tracker = tracker
        self.num_decimal_places, self.include_sign = num_decimal_places, include_sign
        self.font_size = font_size
        self._value = float(self.values[0])
        super().__init__(self.text(self._value), GlyphAtlas.tex(font_size), color=color, **kwargs)
        self._follow(self)
        self.add_updater(self._follow)

    def text(self, value: float) -> str:
        """How ``value`` is written."""
        s = f"{value:{'+' if self.include_sign else ''}.{self.num_decimal_places}f}"
        return "0" if s in ("-0", "+0") and not self.include_sign else s

    def get_value(self) -> float:
        return self._value

    def set_value(self, value: float) -> LiveNumber:
        self._value = float(value)
        self.set_text(self.text(self._value))
        return self

    def state(self) -> int:
        return epoch_state(self.tracker, len(self.values))

    def _follow(self, _):
        v = float(self.values[self.state()])
        if v != self._value:
            self.set_value(v)
