"""The diagram lesson's last frames render at low quality, in English and Korean, with the right content."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor

from scenes.common.style import PALETTE

SCENES = "lectures/wk05_2/diagram.py"


def _near(frame: np.ndarray, color, tol: int = 40) -> np.ndarray:
    rgb = (np.array(ManimColor(color).to_rgb()) * 255).astype(int)
    return np.abs(frame.astype(int) - rgb).max(axis=2) < tol


@pytest.mark.slow
def test_mnist_weights_last_frame(last_frame):
    frame = last_frame(SCENES, "MnistWeightsScene")
    assert frame.shape == (480, 854, 3)
    h, w, _ = frame.shape
    # left half: the 784-32-1 diagram with both signs drawn (its edges are each weight's change since
    # epoch 0, the widest at full width: thin lines, about 0.1% to 0.3% of the half each)
    left = frame[:, : w // 2]
    assert _near(left, PALETTE["positive"]).mean() > 0.001
    assert _near(left, PALETTE["negative"]).mean() > 0.001
    # right half: four weight images (coloured pixels of both signs)
    right = frame[int(h * 0.3):, w // 2:].astype(int)
    r, g, b = right[..., 0], right[..., 1], right[..., 2]
    assert ((b > r + 40) & (g > r)).mean() > 0.01   # bluish: weights that grew
    assert ((r > g + 30) & (r > b + 30)).mean() > 0.005  # reddish: weights that shrank


@pytest.mark.slow
def test_forward_pass_last_frame_korean(last_frame):
    frame = last_frame(SCENES, "ForwardPassScene", lang="ko")
    lit = (frame.max(axis=2) > 40).mean()
    assert 0.02 < lit < 0.5
    # the digit (white strokes) is drawn at the left
    h, w, _ = frame.shape
    assert (frame[h // 3: 2 * h // 3, : w // 6].min(axis=2) > 200).sum() > 30


@pytest.mark.slow
def test_representations_last_frame_korean(last_frame):
    frame = last_frame(SCENES, "RepresentationsScene", lang="ko")
    h, w, _ = frame.shape
    lit = frame.max(axis=2) > 60
    # the last drawing (x -> u -> yhat) spans the middle band; the bias=True code is at the bottom left
    band = lit[int(h * 0.35):int(h * 0.65)]
    assert band[:, w // 4: 3 * w // 4].mean() > 0.003
    assert lit[int(h * 0.8):, : w // 3].mean() > 0.01
    # the caption is the course's yellow (fit colour)
    assert _near(frame[: h // 6], PALETTE["fit"]).sum() > 50


@pytest.mark.slow
def test_layer_names_last_frame(last_frame):
    frame = last_frame(SCENES, "LayerNamesScene")
    h, w, _ = frame.shape
    # the 784-32-1 diagram (edges and nodes) on the right, the code and the rule on the left
    right = frame[int(h * 0.2): int(h * 0.8), w // 2:]
    assert (right.max(axis=2) > 60).mean() > 0.02
    assert _near(frame[:, : w // 2], PALETTE["fit"]).sum() > 100  # "number of nodes = number of features"
