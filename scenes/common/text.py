"""Text from the strings table, in the language's font."""

from __future__ import annotations

from manim import LEFT, RIGHT, Text, config

from ..strings import t
from .beats import STRING_KEY
from .style import FONT_SIZE, PALETTE, font

__all__ = ["label", "plain", "keep_in_frame", "typeset", "LINE_SPACING"]

#: the leading of multi-line text, as manim's ``Text(line_spacing=...)`` takes it (a fraction of the font
#: size added between lines). Manim's default (0.3) leaves about 1 px at 480p between two lines of Korean
#: (Hangul fills the whole em box) and between an English descender and the next line's capitals.
LINE_SPACING = 0.6


#: Texts kept by :func:`typeset` before it starts again (a part makes tens to a few hundred)
_TYPESET_KEPT = 4096
_typeset: dict[tuple, Text] = {}


def typeset(text: str, **kwargs) -> Text:
    """Manim's ``Text(text, **kwargs)``, typeset once per process: a later call with the same arguments gets a
    copy of the first.

    Manim keeps a Text's SVG on disk but parses it again on every call (svgelements, then a mobject per
    path), a few milliseconds per short string; a part makes the same table entries, tick values and
    captions many times (dropout.arithmetic: 153 Texts of 63 strings). A copy is the same mobject: the same
    points, colours and attributes (tests/test_text.py).
    """
    # manim makes other mobjects for the OpenGL renderer
    key = (text, str(config.renderer), tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
    kept = _typeset.get(key)
    if kept is None:
        if len(_typeset) >= _TYPESET_KEPT:
            _typeset.clear()
        kept = _typeset[key] = Text(text, **kwargs)
    return kept.copy()


def label(key: str, size: str | float = "body", color=None, **fmt) -> Text:
    """A ``Text`` of string ``key`` (formatted with ``fmt``) at a named size (or a font size).

    The text remembers its key: a part's beats list the prose each one shows (``scenes.common.beats``).
    """
    text = plain(t(key, **fmt), size=size, color=color)
    setattr(text, STRING_KEY, key)
    return text


def plain(text: str, size: str | float = "body", color=None) -> Text:
    """A ``Text`` of an already-translated or numeric string; use ``label`` for prose.

    A newline breaks the line, with ``LINE_SPACING`` between the lines (in both languages)."""
    font_size = FONT_SIZE[size] if isinstance(size, str) else size
    spacing = LINE_SPACING if "\n" in text else -1   # one line: manim's default, the same cached glyphs
    return typeset(text, font=font(), font_size=font_size, color=color or PALETTE["text"], line_spacing=spacing)


def keep_in_frame(mob, margin: float = 0.2):
    """Shift ``mob`` sideways so it stays ``margin`` inside the frame (long Korean sentences)."""
    half = config.frame_width / 2 - margin
    if mob.get_right()[0] > half:
        mob.shift(LEFT * (mob.get_right()[0] - half))
    if mob.get_left()[0] < -half:
        mob.shift(RIGHT * (-half - mob.get_left()[0]))
    return mob
