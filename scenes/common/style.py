"""The palette and type sizes of every video, in one place."""

from __future__ import annotations

from manim import BLUE_C, GREEN_C, GREY_B, GREY_D, ORANGE, RED_C, WHITE, YELLOW_C

from ..strings import language

__all__ = ["PALETTE", "FONT_SIZE", "font"]

#: colour roles, not colours: scenes ask for "fit", never for BLUE
PALETTE = {
    "data": GREY_B,
    "data_faint": GREY_D,
    "truth": GREEN_C,
    "fit": YELLOW_C,
    "path": ORANGE,
    "point": RED_C,
    "train": BLUE_C,
    "test": RED_C,
    "positive": BLUE_C,   # weight sign
    "negative": RED_C,
    "kept": YELLOW_C,     # dropout survivors
    "dropped": "#202020",
    "text": WHITE,
    "muted": GREY_B,
}

#: sizes legible at 480p on a 16:9 frame
FONT_SIZE = {"title": 40, "body": 28, "caption": 24, "small": 20}

#: fonts with Latin and Hangul glyphs; Korean needs a CJK font (fonts-nanum) or Pango draws boxes
_FONTS = {"en": "DejaVu Sans", "ko": "NanumGothic"}


def font() -> str:
    return _FONTS[language()]
