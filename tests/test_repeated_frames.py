"""A frame whose drawn mobjects did not change is written again, not drawn (scenes/common/repeated_frames.py):
the frames are manim's, and the repeats are found without the scene naming its state (issue 32)."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    DecimalNumber,
    FadeIn,
    ImageMobject,
    Indicate,
    PMobject,
    Polygon,
    Rectangle,
    Scene,
    Square,
    Text,
    ValueTracker,
    VGroup,
    linear,
    tempconfig,
)

from scenes.common.repeated_frames import ChangedRows, RepeatingRenderer, drawn_state


def _story(scene: Scene) -> None:
    epoch = ValueTracker(0)
    counter = DecimalNumber(0, num_decimal_places=0, font_size=36).to_edge(UP)
    counter.add_updater(lambda m: m.set_value(round(epoch.get_value())))   # a discrete state, as an epoch
    dot = Circle(radius=0.2, fill_opacity=1).add_updater(lambda m: m.move_to(RIGHT * round(epoch.get_value())))
    pixels = np.zeros((3, 3, 4), np.uint8)
    pixels[..., 1], pixels[..., 3] = 180, 255
    tile = ImageMobject(pixels).set_height(0.6).to_edge(DOWN)
    tile.add_updater(lambda m: m.pixel_array.__setitem__((0, 0, 0), 40 * round(epoch.get_value())))
    scene.add(Text("static", font_size=24).to_edge(DOWN + RIGHT), counter, dot, tile)
    scene.play(epoch.animate.set_value(4), run_time=2, rate_func=linear)
    scene.wait(0.5)                    # updaters attached: manim draws every frame of this wait
    scene.play(FadeIn(Square().shift(UP)), run_time=0.4)
    scene.play(Indicate(counter), run_time=0.4)


def _overlapping(scene: Scene) -> None:
    """Changing mobjects under and over ones that do not change: a see-through band over a moving dot, a thin
    triangle with a thick mitred stroke stepping under an image, a counter whose digits change, a disc
    half out of the frame."""
    epoch = ValueTracker(0)
    state = lambda: round(epoch.get_value())  # noqa: E731 - a discrete state, as an epoch
    counter = DecimalNumber(0, num_decimal_places=0, font_size=36).to_edge(UP)
    counter.add_updater(lambda m: m.set_value(7 * state()))
    dot = Circle(radius=0.25, fill_opacity=1).add_updater(lambda m: m.move_to(LEFT * 3 + RIGHT * 0.4 * state()))
    spike = Polygon([0, 0, 0], [2.5, 0.3, 0], [0, 0.6, 0], stroke_width=14, fill_opacity=0.4)   # a mitred tip
    spike.add_updater(lambda m: m.move_to(DOWN * 1.5 + RIGHT * (1.5 - 0.3 * state())))   # leaves its tip behind
    band = Rectangle(width=4, height=0.6, fill_opacity=0.5, stroke_width=0).move_to(LEFT * 2.5)
    pixels = np.zeros((4, 4, 4), np.uint8)
    pixels[..., 0], pixels[..., 3] = 200, 160
    tile = ImageMobject(pixels).set_height(1.8).move_to(DOWN * 1.5 + RIGHT * 2.2)
    edge = Circle(radius=0.6, fill_opacity=0.7)
    edge.add_updater(lambda m: m.move_to(LEFT * 7.3 + UP * 2 + RIGHT * 0.1 * state()))
    scene.add(Text("still", font_size=24).to_edge(DOWN + LEFT), counter, dot, spike, band, tile, edge)
    scene.play(epoch.animate.set_value(5), run_time=2, rate_func=linear)
    scene.play(Indicate(band), run_time=0.4)


def _nothing_to_draw(scene: Scene) -> None:
    scene.add(Square(fill_opacity=0.5))
    scene.play(FadeIn(VGroup()), run_time=0.3)   # moves nothing that has points: nothing to draw per frame


def _frames(renderer_class, tmp_path, story=_story, counts: dict | None = None) -> tuple[list[bytes], int]:
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "frame_rate": 15, "media_dir": str(tmp_path),
                     "write_to_movie": False, "disable_caching": True, "progress_bar": "none"}):
        renderer = renderer_class()
        scene = type("Story", (Scene,), {"construct": lambda self: story(self)})(renderer=renderer)
        frames = []
        add = renderer.add_frame
        renderer.add_frame = lambda frame, num_frames=1: (frames.extend([frame.tobytes()] * num_frames),
                                                          add(frame, num_frames))
        scene.render()
    if counts is not None:
        counts["partial"] = getattr(renderer, "partial_frames", 0)
    return frames, getattr(renderer, "repeated_frames", 0)


def test_repeated_frames_are_manims_frames(tmp_path):
    from manim.renderer.cairo_renderer import CairoRenderer

    counts: dict = {}
    ours, repeated = _frames(RepeatingRenderer, tmp_path / "ours", counts=counts)
    manims, _ = _frames(CairoRenderer, tmp_path / "manim")
    assert len(ours) == len(manims) > 40
    assert [i for i, (a, b) in enumerate(zip(ours, manims)) if a != b] == []
    # 30 frames of epochs 0..4 show 5 states, the wait's frames one: 22 of them repeat here
    assert repeated >= 15
    # a new epoch changes the counter, the dot and the tile, not the rest: drawn in their boxes only
    assert counts["partial"] >= 4


def test_frames_drawn_in_boxes_are_manims_where_changes_overlap_what_does_not(tmp_path):
    from manim.renderer.cairo_renderer import CairoRenderer

    counts: dict = {}
    ours, _ = _frames(RepeatingRenderer, tmp_path / "ours", _overlapping, counts)
    manims, _ = _frames(CairoRenderer, tmp_path / "manim", _overlapping)
    assert len(ours) == len(manims) > 30
    assert [i for i, (a, b) in enumerate(zip(ours, manims)) if a != b] == []
    assert counts["partial"] >= 5


def test_a_frame_drawn_in_boxes_names_the_rows_it_changed(tmp_path):
    handed: list = []
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "frame_rate": 15, "media_dir": str(tmp_path),
                     "write_to_movie": False, "disable_caching": True, "progress_bar": "none"}):
        renderer = RepeatingRenderer()
        scene = type("Story", (Scene,), {"construct": lambda self: _overlapping(self)})(renderer=renderer)
        add = renderer.add_frame
        renderer.add_frame = lambda frame, num_frames=1: (handed.append(frame), add(frame, num_frames))
        scene.render()
    # a repeated frame is the array handed before, handed again
    partial = [i for i, f in enumerate(handed) if isinstance(f, ChangedRows) and f is not handed[i - 1]]
    assert len(partial) == renderer.partial_frames >= 5
    for i in partial:
        frame, before = handed[i], handed[i - 1]
        assert frame.after() is before   # relative to the frame handed just before it, as the encoder reads it
        outside = np.ones(frame.shape[0], bool)
        for first, end in frame.rows:
            outside[first:end] = False
        assert np.array_equal(np.asarray(frame)[outside], np.asarray(before)[outside])


def test_a_play_with_nothing_to_draw_per_frame_is_manims(tmp_path):
    from manim.renderer.cairo_renderer import CairoRenderer

    ours, _ = _frames(RepeatingRenderer, tmp_path / "ours", _nothing_to_draw)
    assert ours == _frames(CairoRenderer, tmp_path / "manim", _nothing_to_draw)[0]


def test_the_state_read_covers_what_the_camera_draws():
    square = Square(fill_opacity=0.5)
    before = drawn_state([square])
    for change in (lambda: square.set_fill(opacity=0.6), lambda: square.set_stroke(width=7),
                   lambda: square.shift(RIGHT * 1e-9), lambda: square.set_stroke(width=3, background=True)):
        change()
        after = drawn_state([square])
        assert after != before
        before = after
    assert drawn_state([square]) == drawn_state([square])
    assert drawn_state([square, PMobject().add_points(np.zeros((2, 3)))]) is None      # not known: draw
    assert drawn_state([square, ValueTracker(1)]) == drawn_state([square, ValueTracker(2)])  # not drawn
