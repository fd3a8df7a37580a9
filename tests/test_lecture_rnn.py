"""The ``rnn`` lecture (dl2024 12wk-1, 12wk-2): the course's printed numbers from our recordings, the
lecture as the CLI lists it, and one part's layout.

Pinned machine-independently: the course's printed digits within a tolerance that holds on AVX2,
AVX-512 and ATEN_CPU_CAPABILITY=default, at any thread count. The rNNCell run (seed 43052) gives
yhat[0][1] = 0.945547 with AVX2 and AVX-512 (the course printed 9.4555e-01) and 0.945803 with the
default (no vector) kernels (the 0.9458 noted in issue 30): the tolerance holds both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["rnn.data", "rnn.mlp", "rnn.soy", "rnn.unrolled", "rnn.probs", "rnn.space", "rnn.same", "rnn.hidden",
         "rnn.abcabc"]


def _saved(fn, tmp_path):
    out = fn()
    rec, extra = out if isinstance(out, tuple) else (out, {})
    return rec.save(tmp_path / f"{fn.__name__}.safetensors", id=f"rnn/{fn.__name__}", **extra)


def test_plain_net_prints_the_courses_logits(tmp_path):
    """12wk-1 3.B prints net(x): after A -3.8668, 3.6836, 3.6836, 3.6836; after b 5.4879, -4.9081 (x3)."""
    from lectures.rnn.experiments import abacad_mlp

    r = _saved(abacad_mlp, tmp_path)
    netout = r.series("netout")[-1]
    np.testing.assert_allclose(netout[0], [-3.8668, 3.6836, 3.6836, 3.6836], atol=2e-4)
    np.testing.assert_allclose(netout[1], [5.4879, -4.9081, -4.9081, -4.9081], atol=2e-4)
    np.testing.assert_allclose(netout[-1], netout[0], atol=1e-5)   # every A the same: the failure
    assert r.series("h").shape == (1, 299, 2) and r.n_states == 201


def test_the_data_is_the_courses():
    from lectures.rnn.experiments import abacad

    x, y, X, Y = abacad()
    assert x[:8].tolist() == [0, 1, 0, 2, 0, 3, 0, 1] and y[:8].tolist() == [1, 0, 2, 0, 3, 0, 1, 0]
    assert X.shape == (299, 4) and Y.shape == (299, 4)


@pytest.mark.slow
def test_rnncell_run_prints_the_courses_probabilities(tmp_path):
    """12wk-1 4.C prints yhat[0] = 4.1978e-03, 9.4555e-01, 1.9557e-06, 5.0253e-02 and yhat[-1] =
    7.2919e-04, 2.5484e-02, 3.3011e-02, 9.4078e-01. Ours: yhat[0][1] = 0.94555 (AVX2, AVX-512),
    0.94580 (default kernels); on screen beside the course's."""
    from lectures.rnn.experiments import LOG_EVERY, abacad_rnncell

    r = _saved(abacad_rnncell, tmp_path)
    yhat = r.series("yhat")[-1]
    np.testing.assert_allclose(yhat[0], [4.1978e-03, 9.4555e-01, 1.9557e-06, 5.0253e-02], atol=5e-4)
    np.testing.assert_allclose(yhat[-1], [7.2919e-04, 2.5484e-02, 3.3011e-02, 9.4078e-01], atol=5e-4)
    assert abs(yhat[0][1] - 0.94555) < 3e-4      # 0.945547 (AVX2/AVX-512) or 0.945803 (default)
    assert r.series("h").shape == (200 // LOG_EVERY, 299, 2)
    assert r.param("rnncell/i2h.weight").shape == (201, 2, 4) and r.param("cook/weight").shape == (201, 4, 2)


@pytest.mark.slow
def test_rnncell_and_nn_rnn_give_the_courses_result(tmp_path):
    """12wk-2 3.B/3.C print yhat[0] = 2.1032e-03, 7.4842e-01, 2.4849e-01, 9.889e-04 for both."""
    from lectures.rnn.experiments import abacad_nn_rnn, abacad_rnncell_seed4

    cell = _saved(abacad_rnncell_seed4, tmp_path).series("yhat")[-1]
    rnn = _saved(abacad_nn_rnn, tmp_path).series("yhat")[-1]
    for yhat in (cell, rnn):
        np.testing.assert_allclose(yhat[0], [2.1032e-03, 7.4842e-01, 2.4849e-01, 9.8890e-04], atol=5e-4)
        np.testing.assert_allclose(yhat[-1], [2.2350e-05, 1.9198e-02, 1.1779e-07, 9.8078e-01], atol=5e-4)
    np.testing.assert_allclose(cell, rnn, atol=1e-4)


def test_the_comparison_logs_the_notes_matrix_of_each_seeded_run(tmp_path):
    """12wk-2 3.F: each run's first 8 steps [h | softmax], its share right and loss, runs seeded 0, 1, 2."""
    import engine
    from engine.numerics import fixed_threads
    from lectures.rnn.experiments import _comparison, abacad

    _, _, X, y = abacad()
    with fixed_threads(), engine.Recorder(None, None) as rec:
        _comparison(X, y, 3, 2, rec, seeds=range(3))
    r = rec.save(tmp_path / "hidden.safetensors", id="rnn/hidden-3")
    mats = r.series("mat")
    assert mats.shape == (3, 8, 7)
    np.testing.assert_allclose(mats[:, :, 3:].sum(axis=2), 1.0, atol=1e-5)      # softmax rows
    assert np.abs(mats[:, :, :3]).max() <= 1.0                                  # tanh states
    assert not np.allclose(mats[0], mats[1])                                     # two seeds, two runs
    assert r.series("accuracy").shape == r.series("loss").shape == (3,)


def test_the_lecture_is_listed_with_its_parts():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "lecture", "--lectures", "lectures/rnn", "list", "--json"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    listing = json.loads(r.stdout)
    (lec,) = [lec for lec in listing["lectures"] if lec["id"] == "rnn"]
    assert lec["title"] == "Recurrent networks: AbAcAd"
    assert [p["id"] for p in lec["parts"]] == PARTS
    assert {e["id"] for e in lec["experiments"]} >= {"rnn/abacad-rnncell", "rnn/abacad-mlp", "rnn/abcabc-rnn",
                                                     "rnn/hidden-2", "rnn/abacad-nn-rnn-no-h0"}
    assert not [p for p in listing["problems"] if "rnn" in str(p)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_data_part_passes_the_layout_check(lang, monkeypatch, tmp_path):
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))     # its one recording trains in a second
    from lectures.rnn.parts import DataScene
    from scenes.common.layout_check import check_scene

    report = check_scene(DataScene, lang)
    assert report.ok, report
