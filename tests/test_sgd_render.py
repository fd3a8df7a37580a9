"""Last frames of the sgd parts render at -ql and show what they should (pixel statistics)."""

from __future__ import annotations

import numpy as np
import pytest

from lectures.wk05_2.sgd import accuracy_card, images_per_update, input_megabytes
from scenes.common.recordings import recording

SCENE = "lectures/wk05_2/sgd.py"


def test_mnist_numbers_come_from_the_recordings():
    gd, mb = recording("05wk-2/mnist-gd"), recording("05wk-2/mnist-minibatch")
    assert round(gd.accuracy, 4) == 0.9953 and round(mb.accuracy, 4) == 0.9931   # the course's
    assert images_per_update(gd) == 12665 and images_per_update(mb) == 2048
    assert round(input_megabytes(gd, 12665), 1) == 39.7
    assert gd.n_updates == mb.n_updates == 700
    # the card writes exactly the recorded accuracy, to 4 decimals
    card = accuracy_card(mb, "sgd.mnist.minibatch", "#ff8800", n="2,048")
    assert card.accuracy_value.get_tex_string() == f"{mb.accuracy:.4f}"
    # only the arrays the scene draws were read: no weights of the MNIST nets
    for rec in (gd, mb):
        assert not any(k.startswith(("params/", "grads/", "data/x")) and k != "data/x_show" for k in rec._cache)


def _colourful(frame: np.ndarray) -> float:
    """Fraction of pixels that are saturated (heatmap, paths, bars), not grey or black."""
    f = frame.astype(int)
    return float(((f.max(-1) - f.min(-1)) > 60).mean())


@pytest.mark.slow
def test_ten_samples_last_frame(last_frame):
    frame = last_frame(SCENE, "TenSamplesScene")
    assert frame.shape[:2] == (480, 854)
    # three heatmaps fill a good part of the frame
    assert _colourful(frame) > 0.15
    # the three panels are side by side: each third of the frame's middle band has colour
    band = frame[230:360]
    assert all(_colourful(band[:, i * 284:(i + 1) * 284]) > 0.3 for i in range(3))


@pytest.mark.slow
def test_shuffle_last_frame_korean(last_frame):
    frame = last_frame(SCENE, "ShuffleScene", lang="ko")
    assert 0.03 < _colourful(frame) < 0.4          # the coloured batch cells
    assert (frame.max(-1) > 200).mean() > 0.01      # text drawn (white glyphs, not empty)


@pytest.mark.slow
def test_mnist_last_frame(last_frame):
    frame = last_frame(SCENE, "MnistScene")
    digits = frame[400:455]
    assert (digits.min(-1) > 200).mean() > 0.02     # white digit strokes at the bottom


def test_timing_chart_shows_only_measured_devices(tmp_path):
    import torch

    import engine
    from lectures.wk05_2.sgd import timing_view

    rec = engine.record("05wk-2/cpu-vs-gpu", root=tmp_path, timing_widths=(8, 64), epochs=3)
    v = timing_view(rec)
    assert v["devices"] == (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"])
    assert len(v["chart"].bars["cpu"]) == 2
    # bar heights follow the recorded seconds
    h = [b.height for b in v["chart"].bars["cpu"]]
    s = rec.array("timing/cpu")
    assert (h[0] < h[1]) == (s[0] < s[1])
    if not torch.cuda.is_available():
        assert "cuda" not in v["chart"].bars
        assert "CUDA" in v["note"].text


def test_course_figures_are_outlined_and_ours_scaled(tmp_path):
    """The course's 0.36 s / 0.58 s are outlined reference bars at 500 nodes; ours are measured, scaled to 1,000
    epochs."""
    import engine
    from lectures.wk05_2.sgd import COURSE_TIMING, timing_view

    rec = engine.record("05wk-2/cpu-vs-gpu", root=tmp_path, timing_widths=(500, 2000), epochs=3)
    v = timing_view(rec)
    chart = v["chart"]
    assert v["factor"] == COURSE_TIMING["epochs"] / int(rec.array("timing/epochs"))
    assert [b.get_fill_opacity() for b in chart.bars["course_cpu"]] == [0.0]      # outlined: a quoted figure
    assert [b.get_fill_opacity() for b in chart.bars["cpu"]] == [0.9, 0.9]         # solid: measured here
    assert [m.get_tex_string() for m in chart.values["course_cpu"]] == [r"0.36\,\mathrm{s}"]
    assert [m.get_tex_string() for m in chart.values["course_gpu"]] == [r"0.58\,\mathrm{s}"]
    from scenes.common.charts import _seconds

    assert chart.values["cpu"][0].get_tex_string() == _seconds(rec.array("timing/cpu")[0] * v["factor"])
    assert v["big_at"] is None and v["course_at"] == 0
    # log scale: a bar ten times longer in seconds is one decade taller
    axes = chart.axes
    assert abs(axes.c2p(0, 1)[1] - axes.c2p(0, 0)[1] - axes.y_axis.get_unit_size()) < 1e-6


@pytest.mark.slow
@pytest.mark.parametrize("scene", ["SgdMotivationScene", "GpuUsageScene"])
def test_new_05wk2_parts_last_frame(last_frame, scene):
    frame = last_frame(SCENE, scene, lang="ko")
    assert frame.shape[:2] == (480, 854)
    assert (frame.max(-1) > 200).mean() > 0.01      # text drawn (not an empty frame)


def test_cpu_timing_is_one_thread_median_with_cpu_time(tmp_path, monkeypatch):
    """sgd.device's "ours": the plain loop on one intra-op thread (48 s at 500 nodes came from 2 threads on a
    loaded machine), the median of several runs, the process's CPU time beside the wall time; said on screen."""
    import dataclasses

    import torch

    import engine
    from engine import training
    from lectures.wk05_2.sgd import timing_view

    threads_seen = []
    real = training.fixed_threads

    def spy(n=training.TIMING_THREADS):
        threads_seen.append(n)
        return real(n)

    monkeypatch.setattr(training, "fixed_threads", spy)
    before = torch.get_num_threads()
    cfg = dataclasses.replace(engine.get_config("05wk-2/cpu-vs-gpu"), timing_epochs=2)
    out = training.time_training(cfg, (8, 500), repeats=3)
    assert torch.get_num_threads() == before and threads_seen == [1, 1]      # one thread, the caller's restored
    assert int(out["timing/repeats"]) == 3 and out["timing/cpu"].shape == out["timing/cpu_cpu"].shape == (2,)
    assert (out["timing/cpu"] > 0).all() and (out["timing/cpu_cpu"] >= 0).all()
    monkeypatch.undo()

    rec = engine.record("05wk-2/cpu-vs-gpu", root=tmp_path, timing_widths=(500, 2000), epochs=3)
    assert rec.meta["timing_threads"] == 1 and int(rec.array("timing/repeats")) == training.TIMING_REPEATS
    text = timing_view(rec)["measured"].original_text.replace("\n", " ")
    assert "1 thread" in text and f"median of {training.TIMING_REPEATS} runs" in text and "CPU time" in text
    factor = 1000 / int(rec.array("timing/epochs"))
    assert f"wall {rec.array('timing/cpu')[0] * factor:.2f} s" in text
    assert f"CPU time {rec.array('timing/cpu_cpu')[0] * factor:.2f} s" in text


def test_mnist_updates_per_epoch_are_the_courses():
    """len(X)/2048 = 6.18 -> 7 updates per epoch (05wk-2 notes, F.), read from the recorded DataLoader."""
    from lectures.wk05_2.sgd import epoch_batches

    mb = recording("05wk-2/mnist-minibatch")
    assert f"{mb.n_samples / mb.config['batch_size']:.2f}" == "6.18"
    sizes = [len(b) for b in epoch_batches(mb, 0)]
    assert sizes == [2048] * 6 + [377] and mb.updates_per_epoch == 7
