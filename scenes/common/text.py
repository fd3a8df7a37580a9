"""Text from the strings table, in the language's font."""

from __future__ import annotations

from manim import LEFT, RIGHT, Text, config

from ..strings import t
from .beats import STRING_KEY
from .style import FONT_SIZE, PALETTE, font

__all__ = ["label", "plain", "keep_in_frame", "LINE_SPACING"]

#: the leading of multi-line text, as manim's ``Text(line_spacing=...)`` takes it (a fraction of the font
#: size added between lines). Manim's default (0.3) leaves about 1 px at 480p between two lines of Korean
#: (Hangul fills the whole em box) and between an English descender and the next line's capitals.
LINE_SPACING = 0.6


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
    return Text(text, font=font(), font_size=font_size, color=color or PALETTE["text"],  # type: ignore[arg-type]
                line_spacing=spacing)


def keep_in_frame(mob, margin: float = 0.2):
    """Shift ``mob`` sideways so it stays ``margin`` inside the frame (long Korean sentences)."""
    half = config.frame_width / 2 - margin
    if mob.get_right()[0] > half:
        mob.shift(LEFT * (mob.get_right()[0] - half))
    if mob.get_left()[0] < -half:
        mob.shift(RIGHT * (-half - mob.get_left()[0]))
    return mob
