"""TeX at font size N as tall as text at font size N.

Manim sizes ``MathTex``/``Tex`` (and so ``DecimalNumber``, axis numbers and ``LiveNumber``'s TeX digits) by
its own constant, ``SCALE_FACTOR_PER_FONT_POINT``, and ``Text`` by another: at one font size a TeX digit
is 0.68 as tall as a DejaVu Sans or Nanum Gothic digit, so a tick number at 20 read like text at 14
(9 px at 480p), under the course's smallest readable size. :func:`install` makes manim's TeX
``TEX_TO_TEXT`` times larger per point, so that every font size in the project means one height, whether
the text is a label or a number, and "nothing under font size 20" holds for both.

The layout check measures a TeX glyph against the text font (``layout_check.tex_glyph_scale``), so a
scene that misses this still fails there.
"""

from __future__ import annotations

__all__ = ["TEX_TO_TEXT", "install"]

#: height of a text digit over a TeX digit at one manim font size (DejaVu Sans and NanumGothic: 1/0.680)
TEX_TO_TEXT = 1.47

_installed = False


def install() -> None:
    """Scale manim's TeX per font point by ``TEX_TO_TEXT``; idempotent."""
    global _installed
    if _installed:
        return
    from manim import constants
    from manim.mobject.text import tex_mobject

    tex_mobject.SCALE_FACTOR_PER_FONT_POINT = constants.SCALE_FACTOR_PER_FONT_POINT * TEX_TO_TEXT
    _installed = True
