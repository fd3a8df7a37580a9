"""The lean camera (scenes/common/drawing.py) draws manim's pixels: the same Cairo calls with the same
doubles, a path kept while its points do not change (issue 32)."""

import numpy as np
import pytest
from manim import (
    BLUE,
    DOWN,
    LEFT,
    ORIGIN,
    RED,
    RIGHT,
    UP,
    Arrow,
    Camera,
    Circle,
    DashedLine,
    DecimalNumber,
    MathTex,
    Rectangle,
    Square,
    Surface,
    Text,
    ThreeDCamera,
    VGroup,
    config,
    tempconfig,
)

from scenes.common.drawing import LeanPathDrawing, lean_camera


def _picture() -> VGroup:
    rng = np.random.default_rng(0)
    cells = VGroup(*[VGroup(Rectangle(width=0.9, height=0.4, fill_opacity=0.3, stroke_width=2),
                            DecimalNumber(rng.normal(), font_size=20)).arrange(ORIGIN) for _ in range(12)])
    return VGroup(
        Text("Dropout scales the rest", font_size=28).to_edge(UP),
        MathTex(r"\hat y = \sigma(w_0 + w_1 x)", font_size=48).shift(UP),
        cells.arrange_in_grid(3, 4).shift(DOWN * 1.5),
        Arrow(LEFT, RIGHT).shift(DOWN * 3.3),
        DashedLine(LEFT * 3, RIGHT * 3).shift(UP * 2.5),
        Square(fill_opacity=1).set_color([RED, BLUE]).shift(LEFT * 5),     # a gradient
        Circle(stroke_width=6).set_stroke(BLUE, 12, background=True).shift(RIGHT * 5),
    )


def _draw(camera: Camera, *mobjects) -> np.ndarray:
    camera.reset()
    camera.capture_mobjects(list(mobjects))
    return camera.pixel_array.copy()


@pytest.fixture(autouse=True)
def small_frames():
    with tempconfig({"pixel_width": 480, "pixel_height": 270}):
        yield


def test_lean_camera_draws_manims_pixels_frame_after_frame():
    picture = _picture()
    manims, lean = Camera(), lean_camera(Camera)()
    assert isinstance(lean, LeanPathDrawing)
    for step in range(4):   # the first frame builds every path, the next reuse them, then things move and fade
        if step == 2:
            picture[2].shift(RIGHT * 0.37)
            picture[0].set_opacity(0.4)
        if step == 3:
            picture[1].scale(1.3).set_color(RED)
        expected = _draw(manims, picture)
        assert np.array_equal(_draw(lean, picture), expected), f"frame {step}"
    assert lean._paths   # the paths were kept


def test_lean_three_d_camera_draws_manims_pixels():
    surface = Surface(lambda u, v: np.array([u, v, np.sin(u) * np.cos(v)]), u_range=(-2, 2), v_range=(-2, 2),
                      resolution=(12, 12), fill_opacity=0.8)
    cameras = [cls(phi=1.1, theta=-0.8) for cls in (ThreeDCamera, lean_camera(ThreeDCamera))]
    assert np.array_equal(_draw(cameras[1], surface), _draw(cameras[0], surface))


def test_lean_camera_is_made_once_per_camera_class():
    assert lean_camera(Camera) is lean_camera(Camera)
    assert lean_camera(lean_camera(Camera)) is lean_camera(Camera)
    assert issubclass(lean_camera(ThreeDCamera), ThreeDCamera)
    assert config.pixel_width == 480
