"""The diagram lesson's last frames render at low quality, in English and Korean, with the right content."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor

from scenes.common.style import PALETTE

SCENES = "scenes/network_diagram.py"


def _near(frame: np.ndarray, color, tol: int = 40) -> np.ndarray:
    rgb = (np.array(ManimColor(color).to_rgb()) * 255).astype(int)
    return np.abs(frame.astype(int) - rgb).max(axis=2) < tol


@pytest.mark.slow
def test_mnist_weights_last_frame(last_frame):
    frame = last_frame(SCENES, "MnistWeightsScene")
    assert frame.shape == (480, 854, 3)
    h, w, _ = frame.shape
    # left half: the 784-32-1 diagram with both weight signs drawn
    left = frame[:, : w // 2]
    assert _near(left, PALETTE["positive"]).mean() > 0.002
    assert _near(left, PALETTE["negative"]).mean() > 0.002
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
