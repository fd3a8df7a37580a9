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
    RESAMPLING_ALGORITHMS,
    RIGHT,
    UP,
    Arrow,
    Camera,
    Circle,
    DashedLine,
    DecimalNumber,
    ImageMobject,
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


def test_lean_camera_draws_manims_pixels_for_images():
    """An image is composited over its own box, not over the whole frame: the same pixels, also for an image
    half out of the frame, turned, faded, smoothly resampled, or over vector mobjects (issue 30)."""
    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(6, 9, 4), dtype=np.uint8)
    rgba[..., 3] = np.where(rng.random((6, 9)) < 0.3, rng.integers(0, 256, size=(6, 9)), 255)
    crisp = ImageMobject(rgba).set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    images = [
        crisp.copy().stretch_to_fit_width(2.3).stretch_to_fit_height(1.1).move_to([-3.1, 1.2, 0]),
        crisp.copy().stretch_to_fit_width(3).move_to([7.4, -3.9, 0]),            # half out of the frame
        crisp.copy().rotate(0.4).move_to([0.3, 0.2, 0]),
        crisp.copy().set_opacity(0.45).move_to([2.5, 1.0, 0]),
        ImageMobject(rgba).scale(0.7).move_to([-1.0, -2.2, 0]),                   # manim's default resampling
        crisp.copy().move_to([30, 0, 0]),                                          # out of the frame
    ]
    background = _picture()
    manims, lean = Camera(), lean_camera(Camera)()
    expected = _draw(manims, background, *images)
    assert np.array_equal(_draw(lean, background, *images), expected)
    assert np.array_equal(_draw(lean, *images, background), _draw(manims, *images, background))


def test_lean_camera_composites_an_image_over_its_box_only(monkeypatch):
    from PIL import Image

    sizes = []
    composite = Image.alpha_composite
    monkeypatch.setattr(Image, "alpha_composite", lambda under, over: sizes.append(over.size) or composite(under, over))
    image = ImageMobject(np.full((2, 3, 4), 200, dtype=np.uint8)).stretch_to_fit_width(1.5).stretch_to_fit_height(1)
    _draw(lean_camera(Camera)(), image)
    assert len(sizes) == 1 and max(sizes[0]) <= 60 < config.pixel_width     # 1.5 units of 14.2 are 51 pixels


def test_lean_camera_is_made_once_per_camera_class():
    assert lean_camera(Camera) is lean_camera(Camera)
    assert lean_camera(lean_camera(Camera)) is lean_camera(Camera)
    assert issubclass(lean_camera(ThreeDCamera), ThreeDCamera)
    assert config.pixel_width == 480


def _curves(rng, n_curves: int, scale: float) -> np.ndarray:
    """``n_curves`` cubic curves in a row, each starting at, near, just within, just beyond or far from the
    previous one's end; the last point at, near or far from the first (closed or open)."""
    atol, rtol = 1e-6, 1e-5
    points = rng.normal(scale=scale, size=(4 * n_curves, 3))
    def near(p):
        kind = rng.integers(5)
        threshold = atol + rtol * np.abs(p)
        step = [np.zeros(3), np.full(3, 1e-9), threshold, np.nextafter(threshold, np.inf) * 1.0000001,
                rng.normal(size=3)][kind]
        return p + step * rng.choice([-1, 1], size=3)
    def join(earlier: int, later: int, base: int):
        """point ``later`` near point ``earlier``; at an exact tie the tolerance is measured at ``base``"""
        if rng.integers(4):
            points[later] = near(points[earlier])
        else:   # exactly at the tolerance (a difference of atol from 0), or just beyond it
            points[base, :2] = 0.0
            other = later if base == earlier else earlier
            points[other, :2] = rng.choice([atol, np.nextafter(atol, 1.0)]) * rng.choice([-1, 1], size=2)
    for c in range(1, n_curves):
        join(4 * c - 1, 4 * c, base=4 * c)            # manim measures a split's tolerance at the next start
    if rng.integers(2):
        join(0, len(points) - 1, base=len(points) - 1)   # and a closed subpath's at its last point
    return points


@pytest.mark.parametrize("seed", range(40))
def test_paths_found_together_are_the_paths_found_one_by_one(seed):
    from scenes.common.drawing import _batched_subpaths, _subpaths

    rng = np.random.default_rng(seed)
    mobjects = []
    for _ in range(int(rng.integers(2, 8))):
        m = VGroup()   # any VMobject: what splits points is its tolerance and points per curve
        m.points = _curves(rng, int(rng.integers(1, 7)), scale=float(rng.choice([1e-3, 1.0, 7.0, 1e4])))
        mobjects.append(m)
    found = _batched_subpaths([m.points for m in mobjects], 4, mobjects[0].tolerance_for_point_equality)
    one_by_one = [_subpaths(m.points, m) for m in mobjects]
    assert found == one_by_one


def test_paths_of_points_not_finite_are_left_to_manims_way():
    from scenes.common.drawing import _batched_subpaths

    points = [np.zeros((4, 3)), np.array([[0, 0, 0], [1, 1, 0], [2, 2, 0], [np.inf, 3, 0]], dtype=float)]
    assert _batched_subpaths(points, 4, 1e-6) is None
