"""The palette and type sizes of every video, in one place."""

from __future__ import annotations

import functools

from manim import BLUE_C, GREEN_C, GREY_B, GREY_D, LIGHT_PINK, ORANGE, RED_C, WHITE, YELLOW_C

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
    "inactive": "#34507a",  # a unit whose activation is 0 before any dropout (ReLU zeroed it)
    "text": WHITE,
    "muted": GREY_B,
    "train_mode": LIGHT_PINK,  # a net left in training mode (a new dropout mask every call)
}

#: sizes legible at 480p on a 16:9 frame
FONT_SIZE = {"title": 40, "body": 28, "caption": 24, "small": 20}

#: fonts with Latin and Hangul glyphs; Korean needs a CJK font (fonts-nanum) or Pango draws boxes
_FONTS = {"en": "DejaVu Sans", "ko": "NanumGothic"}


#: the Debian package that provides each font, for the error message
_FONT_PACKAGES = {"DejaVu Sans": "fonts-dejavu-core", "NanumGothic": "fonts-nanum"}


@functools.cache
def _installed(name: str) -> bool:
    import manimpango

    return name in manimpango.list_fonts()


def font() -> str:
    """The font of the current language; a missing one is an error, since Pango would draw boxes."""
    name = _FONTS[language()]
    if not _installed(name):
        raise RuntimeError(
            f"font {name!r} for LECTURE_LANG={language()} is not installed; install it "
            f"(apt-get install {_FONT_PACKAGES.get(name, 'a package with it')}, or run scripts/setup.sh) "
            "and delete media/texts"
        )
    return name
