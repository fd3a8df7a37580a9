"""The garbage collector is kept off what a part built before each play, until the scene ends
(scenes/common/collector.py)."""

import gc

import pytest
from manim import FadeIn, Scene, Square, tempconfig

from scenes.common.encoding import HeldFrameRendering, PartRenderer


def test_what_a_scene_built_is_frozen_during_its_plays_and_released_after(tmp_path):
    seen = {}

    class Story(HeldFrameRendering, Scene):
        def construct(self):
            square = Square()
            self.play(FadeIn(square), run_time=0.2)
            seen["frozen after a play"] = gc.get_freeze_count()

    with tempconfig({"pixel_width": 160, "pixel_height": 90, "frame_rate": 15, "media_dir": str(tmp_path),
                     "disable_caching": True, "progress_bar": "none"}):
        scene = Story()
        assert isinstance(scene.renderer, PartRenderer)
        before = gc.get_freeze_count()
        scene.render()
    assert seen["frozen after a play"] > before
    assert gc.get_freeze_count() == 0


def test_a_failing_play_leaves_nothing_frozen(tmp_path, monkeypatch):
    frozen = []
    freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (frozen.append(True), freeze()))

    class Broken(HeldFrameRendering, Scene):
        def construct(self):
            square = Square()
            square.add_updater(lambda m, dt: 1 / 0)   # fails while the play draws its frames
            self.play(FadeIn(square), run_time=0.2)

    with tempconfig({"pixel_width": 160, "pixel_height": 90, "frame_rate": 15, "media_dir": str(tmp_path),
                     "disable_caching": True, "progress_bar": "none"}):
        with pytest.raises(ZeroDivisionError):
            Broken().render()
    assert frozen and gc.get_freeze_count() == 0
