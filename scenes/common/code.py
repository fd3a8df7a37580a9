"""Code on screen: one mobject for every listing of every family, and one for a single line.

:class:`CodeBlock` typesets Python in a monospace font with syntax colours, one glyph group
per line, so a line can be dimmed (:meth:`CodeBlock.focus`), banded behind
(:meth:`CodeBlock.highlight_box` over whole lines, :meth:`CodeBlock.band` behind one line's
glyphs) or animated on its own (``block.lines[i]``). :class:`scenes.common.network.SequentialCode`
is a CodeBlock of a Sequential's source. :func:`code_line` is one line in the same font, for
code that mixes in non-Python text (an arrow, a result).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
from manim import MarkupText, Rectangle, Text, VGroup
from pygments.lexers import PythonLexer
from pygments.token import Token

from .style import FONT_SIZE, PALETTE
from .text import typeset

__all__ = ["CODE_FONT", "CODE_COLORS", "CodeBlock", "code_line", "markup"]

#: the font of code on screen (Latin only: code is the same in both languages)
CODE_FONT = "DejaVu Sans Mono"
#: syntax colours of code on screen (token kind -> colour); plain names stay white
CODE_COLORS = (
    (Token.Keyword, "#ff8fd8"), (Token.Operator.Word, "#ff8fd8"), (Token.Name.Builtin, "#7fdbff"),
    (Token.Name.Function, "#a6e22e"), (Token.Literal.Number, "#f7c873"), (Token.Literal.String, "#f7c873"),
    (Token.Comment, "#9a9a9a"),
)


def markup(line: str) -> str:
    """One line of Python as Pango markup with :data:`CODE_COLORS`."""
    out = []
    for ttype, value in PythonLexer().get_tokens(line):
        value = value.rstrip("\n")
        if not value:
            continue
        text = html.escape(value, quote=False)
        color = next((c for kind, c in CODE_COLORS if ttype in kind), None)
        out.append(f'<span foreground="{color}">{text}</span>' if color and value.strip() else text)
    return "".join(out)


def code_line(text: str, size: str | float = "caption", color=None) -> Text:
    """One line in the code font without syntax colours (it may hold non-Python text such as ``→ True``).

    ``size`` is a name of :data:`FONT_SIZE` or a number (at least 20, so it reads at 480p).
    """
    font_size = FONT_SIZE[size] if isinstance(size, str) else size
    return typeset(text, font=CODE_FONT, font_size=font_size, color=color or PALETTE["text"])


class CodeBlock(VGroup):
    """Python code in a monospace font with syntax colours, one glyph group per line.

    Pango lays the block out (indentation and baselines as typed); ``lines[i]`` are
    the glyphs of line ``i`` (whitespace has none), so a line can be dimmed,
    coloured, banded or faded in on its own.

    Parameters
    ----------
    code
        The source: one string with lines separated by ``\\n``, or a sequence of lines.
    font_size
        At least 20 so it reads at 480p (default the small size). Lines are Pango's own
        spacing (MarkupText takes no ``line_spacing``).
    """

    def __init__(self, code: str | Sequence[str], *, font_size: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.source_lines = code.split("\n") if isinstance(code, str) else list(code)
        self.code = "\n".join(self.source_lines)
        self.text = MarkupText("\n".join(markup(line) for line in self.source_lines), font=CODE_FONT,
                               font_size=font_size or FONT_SIZE["small"])
        counts = [len("".join(line.split())) for line in self.source_lines]
        glyphs = self.text.submobjects
        if sum(counts) != len(glyphs):  # pragma: no cover - Pango gave ligatures or dropped glyphs
            raise ValueError(f"code typeset into {len(glyphs)} glyphs for {sum(counts)} characters")
        self.lines = VGroup()
        start = 0
        for n in counts:
            self.lines.add(VGroup(*glyphs[start:start + n]))
            start += n
        self.add(self.text)

    def line_y(self, i: int) -> float:
        """Vertical centre of line ``i``: a straight fit through the lines' glyph centres (lines are evenly spaced)."""
        idx = [k for k, line in enumerate(self.lines) if len(line)]
        ys = [float(np.mean([g.get_center()[1] for g in self.lines[k]])) for k in idx]
        slope, icpt = np.polyfit(idx, ys, 1) if len(idx) > 1 else (0.0, ys[0])
        return float(icpt + slope * i)

    @property
    def pitch(self) -> float:
        """Distance between two lines."""
        return abs(self.line_y(1) - self.line_y(0)) if len(self.lines) > 1 else self.text.height

    def highlight_box(self, i: int, j: int | None = None, *, color=None, pad: float = 0.12,
                      opacity: float = 0.18) -> Rectangle:
        """A filled band (no outline) behind lines ``i``..``j`` (inclusive), as wide as the block."""
        j = i if j is None else j
        top, bottom = self.line_y(i) + self.pitch / 2, self.line_y(j) - self.pitch / 2
        box = Rectangle(width=self.width + 2 * pad, height=top - bottom, stroke_width=0,
                        fill_color=color or PALETTE["fit"], fill_opacity=opacity)
        return box.move_to([self.get_center()[0], (top + bottom) / 2, 0])

    def band(self, i: int, *, color=None, opacity: float = 0.3, pad: float = 0.1) -> Rectangle:
        """A filled band (no outline) behind line ``i``'s glyphs only, centred on the line, drawn under the code."""
        line = self.lines[i]
        band = Rectangle(width=line.width + 2 * pad, height=self.pitch * 0.92, stroke_width=0)
        band.set_fill(color or PALETTE["fit"], opacity).move_to([line.get_center()[0], self.line_y(i), 0])
        band.set_z_index(-1)
        return band

    def focus(self, *keep: int, dim: float = 0.35) -> list:
        """Animations that dim every line but ``keep`` (all lines back to full with no ``keep``)."""
        return [line.animate.set_opacity(1.0 if not keep or k in keep else dim)
                for k, line in enumerate(self.lines) if len(line)]
