"""The diagram lesson's parts: in the lesson and the lecture, and the numbers on screen are the recording's.

Scenes run with every animation skipped (Manim's dry run: nothing drawn or written), then the
texts and numbers left on screen are read (from the run each part's layout check makes).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import forward
from lectures.wk05_2 import diagram as nd

MNIST = "05wk-2/mnist-gd"


def _final(scene: str, lang: str = "en") -> dict:
    """The Text strings and DecimalNumber values on screen at the end of ``scene``, from the session's one
    skipped run of it (the run its layout check makes: tests/conftest.py)."""
    from conftest import scene_run

    return scene_run("lectures/wk05_2/diagram.py", scene, lang)


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
    shown = [v for v in _final("ForwardPassScene")["numbers"] if v not in (0.0, 1.0)]
    acts = forward.activations(rec, rec.data("x_show"), state=-1)
    # the last readout on screen is the last digit's P(digit is 1), as torch computes it from the recorded weights
    assert shown[-1] == pytest.approx(float(acts[-1][nd.ForwardPass.digits[-1], 0]), abs=1e-7)
    assert shown[-1] == pytest.approx(float(rec.prediction[-1][nd.ForwardPass.digits[-1], 0]), abs=1e-6)


@pytest.mark.slow
def test_mnist_weights_shows_the_recorded_accuracy_korean():
    from scenes.common.recordings import recording

    rec = recording(MNIST)
    texts = _final("MnistWeightsScene", "ko")["texts"]
    assert f"{rec.accuracy:.4f}" == "0.9953"  # the course's printed train accuracy
    assert any("0.9953" in t for t in texts)


@pytest.mark.slow
def test_counting_shows_the_course_counts():
    texts = _final("CountingScene")["texts"]
    # the part ends on the course's remark (layers + 1 is wrong); Text keeps its string without spaces
    assert any("layers+1" in t.replace(" ", "") for t in texts)


def test_forward_says_why_right_but_unsure():
    """diagram.forward: the side of 0.5 decides the class; the BCE term says how unsure (typeset)."""
    from scenes.common.recordings import recording

    rec = recording(MNIST)
    p0, p1 = (float(rec.prediction[-1][d, 0]) for d in nd.ForwardPass.digits)
    assert (f"{p0:.2f}", f"{p1:.2f}") == ("0.31", "0.58") and f"{rec.loss[-1]:.2f}" == "0.47"
    zero = nd.verdict(p0, 0)
    assert zero[0][0].get_tex_string() == f"{p0:.4f} < 0.5" and "right" in zero[0][1].original_text
    assert zero[1][1].get_tex_string() == rf"-\log(1 - {p0:.4f}) = {-np.log(1 - p0):.2f}"
    one = nd.verdict(p1, 1)
    assert one[0][0].get_tex_string() == f"{p1:.4f} > 0.5"
    assert one[1][1].get_tex_string().startswith(rf"-\log({p1:.4f})")
    assert "wrong" in nd.verdict(0.7, 0)[0][1].original_text
