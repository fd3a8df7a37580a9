"""What shapes a recording's numbers is pinned and part of its cache key.

Thread count, CPU capability, torch version and ENGINE_VERSION are written into the
metadata and hashed into the key; the code a run executes is keyed by itself
(tests/test_run_code.py).
"""

import numpy as np
import torch

import engine
from engine import numerics
from engine.training import train


def test_cache_key_changes_with_everything_that_shapes_numbers():
    cfg = engine.get_config("05wk-1/linreg")
    here = numerics.numerics()
    assert engine.cache_key(cfg) == engine.cache_key(cfg, here)
    # "another machine" is derived from this one's values, so it differs on every CPU (issue 25: a literal
    # "AVX512" was this machine's own capability on AVX-512 CPUs)
    other_capability = next(c for c in ("AVX2", "AVX512", "DEFAULT") if c != here["cpu_capability"])
    for field, other in [("threads", here["threads"] + 1), ("engine_version", here["engine_version"] + 1),
                         ("cpu_capability", other_capability), ("torch", here["torch"] + ".other")]:
        assert other != here[field]
        assert engine.cache_key(cfg, {**here, field: other}) != engine.cache_key(cfg), field
    assert set(numerics.KEY_FIELDS) == set(here)


def test_engine_version_bump_moves_the_cache_path(monkeypatch):
    cfg = engine.get_config("05wk-1/linreg")
    before = engine.cache_path(cfg)
    monkeypatch.setattr(numerics, "ENGINE_VERSION", numerics.ENGINE_VERSION + 1)
    assert engine.cache_path(cfg) != before


def test_training_uses_fixed_threads_and_restores_the_callers(tmp_path):
    seen = []
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        cfg = engine.get_config("05wk-1/linreg").replace(epochs=3)
        run = train(cfg, on_update=lambda done, total: seen.append(torch.get_num_threads()))
        assert seen and set(seen) == {numerics.TRAIN_THREADS}
        assert torch.get_num_threads() == 3
    finally:
        torch.set_num_threads(before)
    meta = run.metadata["meta"]
    assert meta["threads"] == numerics.TRAIN_THREADS and meta["engine_version"] == numerics.ENGINE_VERSION
    assert meta["cpu_capability"] == numerics.cpu_capability() and meta["torch"] == torch.__version__


def test_recording_does_not_depend_on_the_callers_threads():
    cfg = engine.get_config("05wk-1/overfit").replace(epochs=20)
    runs = []
    before = torch.get_num_threads()
    try:
        for n in (1, 4):
            torch.set_num_threads(n)
            runs.append(train(cfg))
    finally:
        torch.set_num_threads(before)
    a, b = (r.arrays for r in runs)
    for k in a:
        assert np.array_equal(a[k], b[k]), k


def test_stored_metadata_gives_the_file_names_key(tmp_path):
    r = engine.record("05wk-2/gd", root=tmp_path, epochs=2)
    assert r.path.name.endswith(f"-{engine.recording_key(r)}.safetensors")
    assert {k: r.meta[k] for k in numerics.KEY_FIELDS} == numerics.numerics()


def test_landscape_restores_the_callers_threads():
    from engine.landscape import loss_grid

    before = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        loss_grid([0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], loss="mse")
        assert torch.get_num_threads() == 3
    finally:
        torch.set_num_threads(before)
