"""Copies of text share the parsed SVG path and nothing else (scenes/common/svg_copy.py)."""

import numpy as np
from manim import MathTex, Text

import scenes.common.lesson  # noqa: F401 - installs the shared-path copy, as every part scene does


def test_a_copied_text_shares_only_its_parsed_paths():
    text = Text("copies 복사", font_size=28)
    twin = text.copy()
    for a, b in zip(text.family_members_with_points(), twin.family_members_with_points()):
        assert b.path_obj is a.path_obj                       # shared: read once, in __init__
        assert b.points is not a.points and np.array_equal(b.points, a.points)
    twin.shift(np.array([1.0, 0.0, 0.0])).set_color("#FF0000")
    assert np.allclose(twin.get_center() - text.get_center(), [1.0, 0.0, 0.0])
    assert text.family_members_with_points()[0].get_fill_color().to_hex() != "#FF0000"


def test_a_copied_formula_is_independent():
    tex = MathTex(r"x^2")
    twin = tex.copy().scale(2)
    assert twin.width > 1.9 * tex.width
