"""Text from the strings table, in the language's font."""

from __future__ import annotations

from manim import LEFT, RIGHT, Text, config

from ..strings import t
from .beats import STRING_KEY
from .style import FONT_SIZE, PALETTE, font

__all__ = ["label", "plain", "keep_in_frame"]


def label(key: str, size: str | float = "body", color=None, **fmt) -> Text:
    """A ``Text`` of string ``key`` (formatted with ``fmt``) at a named size (or a font size).

    The text remembers its key: a part's beats list the prose each one shows (``scenes.common.beats``).
    """
    text = plain(t(key, **fmt), size=size, color=color)
    setattr(text, STRING_KEY, key)
    return text


def plain(text: str, size: str | float = "body", color=None) -> Text:
    """A ``Text`` of an already-translated or numeric string; use ``label`` for prose."""
    font_size = FONT_SIZE[size] if isinstance(size, str) else size
    return Text(text, font=font(), font_size=font_size, color=color or PALETTE["text"])  # type: ignore[arg-type]


def keep_in_frame(mob, margin: float = 0.2):
    """Shift ``mob`` sideways so it stays ``margin`` inside the frame (long Korean sentences)."""
    half = config.frame_width / 2 - margin
    if mob.get_right()[0] > half:
        mob.shift(LEFT * (mob.get_right()[0] - half))
    if mob.get_left()[0] < -half:
        mob.shift(RIGHT * (-half - mob.get_left()[0]))
    return mob
