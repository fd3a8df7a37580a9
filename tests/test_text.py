"""Text typeset once per process (scenes/common/text.py ``typeset``) is the mobject manim's ``Text`` makes."""

import numpy as np
from manim import Text

import scenes.common.lesson  # noqa: F401 - installs the shared-path copy, as every part scene does
from scenes.common.text import typeset


def _drawn(mobject) -> list:
    """What the camera reads of every drawn member, and the attributes a part reads of a Text."""
    return [(type(m).__name__, m.points.tobytes(), m.fill_rgbas.tobytes(), m.stroke_rgbas.tobytes(),
             m.stroke_width, m.z_index) for m in mobject.family_members_with_points()]


def test_a_text_typeset_again_is_manims_text_and_its_own_mobject():
    kwargs = dict(font="DejaVu Sans Mono", font_size=28, color="#E0E0E0")
    first, again = typeset("0.25 손실", **kwargs), typeset("0.25 손실", **kwargs)
    fresh = Text("0.25 손실", **kwargs)
    for text in (first, again):
        assert _drawn(text) == _drawn(fresh)
        assert (text.text, text.original_text, len(text.chars)) == (fresh.text, fresh.original_text, len(fresh.chars))
    again.shift(np.array([1.0, 0.0, 0.0])).set_color("#FF0000")
    assert _drawn(first) == _drawn(fresh)                              # the kept Text is never handed out
    assert _drawn(typeset("0.25 손실", **kwargs)) == _drawn(fresh)


def test_other_arguments_are_other_texts():
    a = typeset("0.25", font="DejaVu Sans Mono", font_size=28, color="#E0E0E0")
    b = typeset("0.25", font="DejaVu Sans Mono", font_size=28, color="#FF0000")
    c = typeset("0.25", font="DejaVu Sans Mono", font_size=36, color="#E0E0E0")
    assert _drawn(b) == _drawn(Text("0.25", font="DejaVu Sans Mono", font_size=28, color="#FF0000"))
    assert c.height > a.height
