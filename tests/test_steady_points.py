"""A transform between equal points keeps them while a part plays (scenes/common/steady_points.py)."""

import numpy as np
from manim import RIGHT, FadeIn, Mobject, Square, Transform

from scenes.common.steady_points import steady_points


def _fade_points(alphas) -> list[bytes]:
    square = Square().shift(RIGHT * 0.1234567)
    fade = FadeIn(square)
    fade.begin()
    out = []
    for alpha in alphas:
        fade.interpolate(alpha)
        out.append(square.points.tobytes())
    return out + [fade.starting_mobject.points.tobytes(), fade.target_copy.points.tobytes()]


def test_a_fade_holds_its_points_still_and_ends_where_manim_ends():
    manims = Mobject.interpolate
    alphas = [0, 0.2, 0.37, 0.9, 1]
    with steady_points():
        *steady, start, end = _fade_points(alphas)
        with steady_points():      # a play inside a play leaves it active
            pass
        assert Mobject.interpolate is not manims
    assert Mobject.interpolate is manims
    *plain, _, _ = _fade_points(alphas)
    assert steady[:4] == [start] * 4 and steady[4] == end == plain[4]   # still, then manim's end
    assert len(set(plain[:4])) > 1                                      # manim's move in their last bits


def test_a_transform_that_moves_points_is_manims():
    def moved(steady: bool) -> np.ndarray:
        square = Square()
        move = Transform(square, Square().shift(RIGHT * 2).set_color("#ff0000"))
        move.begin()
        if steady:
            with steady_points():
                move.interpolate(0.3)
        else:
            move.interpolate(0.3)
        return np.concatenate([square.points.ravel(), square.get_stroke_rgbas().ravel()])

    assert moved(True).tobytes() == moved(False).tobytes()
