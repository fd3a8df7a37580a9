"""Text from the strings table, in the language's font."""

from __future__ import annotations

from manim import Text

from ..strings import t
from .style import FONT_SIZE, PALETTE, font

__all__ = ["label", "plain"]


def label(key: str, size: str = "body", color=None, **fmt) -> Text:
    """A ``Text`` of string ``key`` (formatted with ``fmt``) at a named size."""
    return plain(t(key, **fmt), size=size, color=color)


def plain(text: str, size: str = "body", color=None) -> Text:
    """A ``Text`` of an already-translated or numeric string; use ``label`` for prose."""
    return Text(text, font=font(), font_size=FONT_SIZE[size], color=color or PALETTE["text"])
