"""The torch demos of 05wk-2's motivation and GPU-usage parts reproduce what the course says."""

from __future__ import annotations

import numpy as np
import pytest

from engine import sgd_demos


@pytest.fixture(scope="module")
def mot():
    return sgd_demos.motivation()


def test_one_point_in_a_hundred_fits_almost_as_well(mot):
    assert mot.n == 100_000 and mot.every == 100 and len(mot.x_sub) == 1000 and mot.fit_sub.n == 1000
    np.testing.assert_allclose(mot.x_sub[[0, -1]], [-10.0, 10.0 - 20 * 99 / 99_999], rtol=1e-6)   # x[::100]
    assert abs(mot.fit_all.w1 - 2.0) < 0.01 and abs(mot.fit_sub.w1 - 2.0) < 0.02   # both find the slope 2
    assert abs(mot.fit_all.w0) < 0.02 and abs(mot.fit_sub.w0) < 0.1
    assert mot.megabytes_all == pytest.approx(0.8) and mot.megabytes_sub == pytest.approx(0.008)


def test_motivation_is_reproducible_and_leaves_the_global_rng_alone():
    import torch

    state = torch.get_rng_state()
    a = sgd_demos.motivation(n=1000, every=10)
    assert torch.equal(torch.get_rng_state(), state)
    b = sgd_demos.motivation(n=1000, every=10)
    np.testing.assert_array_equal(a.y_sub, b.y_sub)
    assert a.fit_sub == b.fit_sub


def test_dataset_views_are_the_courses():
    v = sgd_demos.dataset_views()
    assert v["tensors"] == [list(map(float, range(10))), [1.0] * 5 + [0.0] * 5]
    assert v["item0"] == ([0.0], [1.0]) and v["item0_shapes"] == ((1,), (1,))
    assert v["tuple0"] == list(map(float, range(10))) and v["tuple0_shape"] == (10, 1)   # (x, y)[0] is all of x
    assert v["len"] == 10


def test_to_copies_a_tensor_and_moves_a_net():
    s = sgd_demos.device_semantics()
    assert s["tensor_is_copy"] and s["x_device"] == "cpu" and s["copy_device"].startswith(s["device"].split(":")[0])
    assert s["net_is_same"] and s["net_device"].startswith(s["device"].split(":")[0])



def test_ds_item_is_torchs_own_text():
    assert sgd_demos.dataset_views()["item0_repr"] == "(tensor([0.]), tensor([1.]))"


def test_fit_shown_is_torchs_fit(mot):
    from lectures.wk05_2.sgd import fit_tex

    assert (
        fit_tex(mot.fit_sub)
        == rf"\hat y = {mot.fit_sub.w1:.3f}\,x {'-' if mot.fit_sub.w0 < 0 else '+'} {abs(mot.fit_sub.w0):.3f}"
    )
    assert fit_tex(sgd_demos.LineFit(-0.5, 2.0, 3)) == r"\hat y = 2.000\,x - 0.500"


def test_course_timing_is_the_courses_and_cited():
    from lectures.wk05_2.sgd import COURSE_TIMING

    assert (COURSE_TIMING["epochs"], COURSE_TIMING["width"]) == (1000, 500)
    assert (COURSE_TIMING["cpu_seconds"], COURSE_TIMING["gpu_seconds"]) == (0.36, 0.58)
    assert (COURSE_TIMING["big_width"], COURSE_TIMING["big_speedup"]) == (200_000, 80)
    assert "05wk-2" in COURSE_TIMING["source"]


def test_mismatch_error_is_torchs_own_and_names_both_devices():
    """gpu-usage shows torch's error for net_gpu(x_cpu), raised now on the device the checks ran on."""
    s = sgd_demos.device_semantics()
    dev = s["device"].split(":")[0]
    assert dev in s["mismatch_error"] and "cpu" in s["mismatch_error"]
    assert "\n" not in s["mismatch_error"]


def test_tuple_item_is_torchs_print():
    text = sgd_demos.dataset_views()["tuple0_repr"]
    assert text.startswith("tensor([[0.],\n        [1.],") and text.endswith("[9.]])")
