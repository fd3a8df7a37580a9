"""The static picture of a play takes what the play cannot reach (scenes/common/static_frame.py): the
frames are manim's, fewer mobjects are drawn per frame, and a play whose reach is not known keeps
manim's split (issue 32)."""

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Animation,
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    ImageMobject,
    Indicate,
    LaggedStart,
    Rectangle,
    Scene,
    Square,
    Succession,
    Text,
    Transform,
    VGroup,
    Write,
    rate_functions,
    tempconfig,
)

from scenes.common import static_frame
from scenes.common.static_frame import DisjointStaticFrame, _Unbounded, split_static


class _Shift(Animation):
    def interpolate_mobject(self, alpha):
        self.mobject.shift(RIGHT * alpha)


def _story(scene: Scene) -> None:
    cells = VGroup(*[Rectangle(width=1.0, height=0.5, fill_opacity=0.4, stroke_width=3) for _ in range(12)])
    cells.arrange_in_grid(3, 4, buff=0.1)
    scene.add(cells)
    below = Text("added after the cells", font_size=24).next_to(cells, DOWN)
    over = Square(side_length=0.6, fill_opacity=0.7).move_to(cells[5])   # lies on a cell, drawn above it
    pixels = np.zeros((4, 6, 4), np.uint8)
    pixels[..., 0], pixels[..., 3] = np.arange(24).reshape(4, 6) * 10, 200
    far = ImageMobject(pixels).set_height(0.8).to_corner(DOWN + RIGHT)      # an image the plays do not reach
    near = ImageMobject(pixels).set_height(0.5).move_to(cells[0])           # one they do
    scene.add(below, over, far, near)
    scene.play(Indicate(cells[5]), Indicate(cells[0]), run_time=0.5)   # `over` must stay on top: redrawn
    scene.play(FadeIn(Text("a caption", font_size=24).to_edge(UP)), run_time=0.4)
    scene.play(LaggedStart(*[c.animate.set_fill(opacity=0.9) for c in cells[8:]]), run_time=0.5)
    scene.play(Write(Text("written", font_size=24).to_edge(LEFT)), Create(Circle(radius=0.3).to_edge(RIGHT)),
               run_time=0.4)
    scene.play(Transform(cells[1], cells[1].copy().shift(DOWN * 0.3)), FadeOut(below), run_time=0.4)
    # a transform that starts in the middle of the play and grows its mobject's family when it does
    grows = VGroup(Square(side_length=0.3)).to_corner(UP + LEFT)
    scene.add(grows)
    scene.play(Succession(Indicate(cells[11]), Transform(grows, VGroup(Square(side_length=0.3), Circle(radius=0.2),
                                                                         Dot()).arrange(RIGHT).to_corner(UP + LEFT))),
               run_time=0.6)


def _frames(scene_class, tmp_path) -> list[bytes]:
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "frame_rate": 15, "media_dir": str(tmp_path),
                     "write_to_movie": False, "disable_caching": True, "progress_bar": "none"}):
        scene = scene_class()
        frames = []
        add = scene.renderer.add_frame
        scene.renderer.add_frame = lambda frame, num_frames=1: (frames.extend([frame.tobytes()] * num_frames),
                                                                 add(frame, num_frames))
        scene.render()
    return frames


class Manims(Scene):
    def construct(self):
        _story(self)


class Split(DisjointStaticFrame, Scene):
    def construct(self):
        _story(self)


def test_the_frames_are_manims_with_fewer_mobjects_drawn_per_frame(tmp_path, monkeypatch):
    moved = []
    real = static_frame.split_static

    def spy(scene, animations, moving):
        kept, background = real(scene, animations, moving)
        moved.append(len(background))
        return kept, background

    monkeypatch.setattr(static_frame, "split_static", spy)
    split = _frames(Split, tmp_path / "split")
    manims = _frames(Manims, tmp_path / "manim")
    assert len(split) == len(manims) > 20
    assert [i for i, (a, b) in enumerate(zip(split, manims)) if a != b] == []
    assert len(moved) == 6 and sum(moved) > 0, moved


class _Probe(Scene):
    def construct(self):
        pass


def _split_of(*animations, extra=()):
    with tempconfig({"pixel_width": 320, "pixel_height": 180, "write_to_movie": False}):
        scene = _Probe()
        base = Square().shift(LEFT * 3)
        scene.add(base, *extra)
        for a in animations:
            scene.add(a.mobject)
            a._setup_scene(scene)
            a.begin()
        scene.add(Dot(RIGHT * 3))
        moving = scene.get_moving_mobjects(*animations)
        return split_static(scene, list(animations), moving)


def test_a_known_animation_leaves_the_far_mobjects_to_the_static_picture():
    kept, background = _split_of(Indicate(Square(side_length=0.5).move_to(ORIGIN)))
    assert len(background) == 1 and isinstance(background[0], Dot)
    assert kept


@pytest.mark.parametrize("animation, why", [
    (lambda: Transform(Square(), Circle(), path_arc=1.0), "a curved path"),
    (lambda: FadeIn(Square(), rate_func=rate_functions.ease_in_back), "an overshooting rate function"),
    (lambda: _Shift(Square()), "an animation of unknown reach"),
])
def test_an_unbounded_play_keeps_manims_split(animation, why):
    with pytest.raises(_Unbounded):
        _split_of(animation())


def test_from_a_mobject_with_an_updater_on_everything_is_drawn_per_frame():
    follower = Dot().add_updater(lambda m: m.shift(RIGHT * 0.01))
    kept, background = _split_of(FadeIn(Square(side_length=0.5)), extra=(follower,))
    assert background == [] and follower in kept
