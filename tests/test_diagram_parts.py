"""The diagram lesson's parts: in the lesson and the lecture, and the numbers on screen are the recording's.

Scenes run with every animation skipped (Manim's dry run: nothing drawn or written), then the
mobjects left on screen are read.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from manim import DecimalNumber, Text, tempconfig

import engine
from engine import forward
from scenes import network_diagram as nd

MNIST = "05wk-2/mnist-gd"


def _final_mobjects(scene_cls, lang: str = "en") -> list:
    """Every mobject on screen at the end of ``scene_cls``, run with animations skipped."""
    old = os.environ.get("LECTURE_LANG")
    os.environ["LECTURE_LANG"] = lang
    try:
        with tempconfig({"dry_run": True, "write_to_movie": False, "save_last_frame": False,
                         "disable_caching": True, "progress_bar": "none", "preview": False}):
            scene = scene_cls(skip_animations=True)
            scene.renderer.update_frame = lambda *a, **k: None
            scene.render()
            return [m for top in scene.mobjects for m in top.get_family()]
    finally:
        if old is None:
            os.environ.pop("LECTURE_LANG", None)
        else:
            os.environ["LECTURE_LANG"] = old


def test_new_parts_are_in_the_lesson_of_05wk_2():
    ids = [p.id for p in nd.DiagramLesson.parts]
    assert ids == ["diagram.representations", "diagram.course_net", "diagram.layer-names", "diagram.counting",
                   "diagram.mnist", "diagram.forward"]
    assert all(p.lecture == "05wk-2" for p in nd.DiagramLesson.parts)
    from lecture.catalog import Catalog

    parts = [p.id for p in Catalog.discover().lectures["05wk-2"].parts]
    assert "diagram.representations" in parts and "diagram.layer-names" in parts


@pytest.mark.slow
def test_forward_pass_shows_torchs_probabilities():
    from scenes.common.recordings import recording

    rec = recording(MNIST)
    shown = [m.get_value() for m in _final_mobjects(nd.ForwardPassScene) if isinstance(m, DecimalNumber)
             and m.get_value() not in (0.0, 1.0)]
    acts = forward.activations(rec, rec.data("x_show"), state=-1)
    # the last readout on screen is the last digit's P(digit is 1), as torch computes it from the recorded weights
    assert shown[-1] == pytest.approx(float(acts[-1][nd.ForwardPass.digits[-1], 0]), abs=1e-7)
    assert shown[-1] == pytest.approx(float(rec.prediction[-1][nd.ForwardPass.digits[-1], 0]), abs=1e-6)


@pytest.mark.slow
def test_mnist_weights_shows_the_recorded_accuracy_korean():
    from scenes.common.recordings import recording

    rec = recording(MNIST)
    texts = [m.text for m in _final_mobjects(nd.MnistWeightsScene, "ko") if isinstance(m, Text)]
    assert f"{rec.accuracy:.4f}" == "0.9953"  # the course's printed train accuracy
    assert any("0.9953" in t for t in texts)


@pytest.mark.slow
def test_counting_shows_the_course_counts():
    texts = [m.text for m in _final_mobjects(nd.CountingScene) if isinstance(m, Text)]
    # the part ends on the course's remark (layers + 1 is wrong); Text keeps its string without spaces
    assert any("layers+1" in t.replace(" ", "") for t in texts)
