"""The recording file: exact round trip, cache keyed by config, and refusal of anything bad."""

import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.recording import FORMAT, MAX_HEADER_BYTES


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("rec")
    return engine.record("05wk-1/dropout", root=root, epochs=3)


def test_round_trip_is_exact(tmp_path, small):
    arrays = {k: small.array(k) for k in small.keys()}
    path = engine.save_recording(tmp_path / "copy.safetensors", arrays,
                                 {"config": small.config, "meta": small.meta, "architecture": small.architecture,
                                  "mask_shapes": {"2": [80, 512]}})
    again = engine.load_recording(path)
    assert again.keys() == small.keys()
    for k in small.keys():
        assert np.array_equal(again.array(k), small.array(k)) and again.array(k).dtype == small.array(k).dtype
    assert np.array_equal(again.mask("2"), small.mask("2"))
    assert again.config == small.config and again.meta == small.meta


def test_file_is_plain_safetensors_readable_without_engine(small):
    from safetensors.numpy import load_file

    arrays = load_file(str(small.path))
    assert arrays["params/0.weight"].shape == (4, 512, 1)
    with open(small.path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        md = json.loads(f.read(n))["__metadata__"]
    assert md["format"] == FORMAT and md["schema"] == str(engine.SCHEMA_VERSION)
    cfg = json.loads(md["config"])
    assert cfg["id"] == "05wk-1/dropout" and cfg["epochs"] == 3 and cfg["model_seed"] == 1
    meta = json.loads(md["meta"])
    assert {"torch", "numpy", "device", "wall_seconds"} <= meta.keys()


def test_config_and_meta_travel_with_the_recording(small):
    assert engine.ExperimentConfig.from_dict(small.config) == engine.get_config("05wk-1/dropout").replace(epochs=3)
    assert [a["kind"] for a in small.architecture] == ["linear", "relu", "dropout", "linear"]
    assert small.architecture[2]["p"] == 0.8


def test_cache_hit_and_miss(tmp_path):
    first = engine.record("05wk-1/linreg", root=tmp_path, epochs=5)
    mtime = first.path.stat().st_mtime_ns
    again = engine.record("05wk-1/linreg", root=tmp_path, epochs=5)
    assert again.path == first.path and again.path.stat().st_mtime_ns == mtime  # read, not retrained
    other = engine.record("05wk-1/linreg", root=tmp_path, epochs=6)
    assert other.path != first.path and other.n_updates == 6
    forced = engine.record("05wk-1/linreg", root=tmp_path, epochs=5, force=True)
    assert forced.path.stat().st_mtime_ns != mtime
    assert engine.cache_key(engine.get_config("05wk-1/linreg")) != engine.cache_key(engine.get_config("05wk-1/linreg").replace(lr=0.2))


def test_corrupt_cache_is_rerecorded(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=5)
    data = r.path.read_bytes()
    r.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(engine.RecordingError, match="truncated"):
        engine.load_recording(r.path)
    assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=5) is None
    again = engine.record("05wk-1/linreg", root=tmp_path, epochs=5)
    assert again.n_updates == 5 and again.path.stat().st_size == len(data)


def _rewrite_metadata(path, **changes):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        body = f.read()
    header["__metadata__"].update(changes)
    blob = json.dumps(header).encode()
    blob += b" " * (-len(blob) % 8)
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + body)


def test_other_schema_is_refused(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    _rewrite_metadata(r.path, schema="0")
    with pytest.raises(engine.RecordingError, match="schema 0 .* re-record"):
        engine.load_recording(r.path)


def test_wrong_shapes_are_refused(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    arrays = {k: r.array(k) for k in r.keys()}
    arrays["params/0.weight"] = arrays["params/0.weight"][:2]
    md = {"config": r.config, "meta": r.meta, "architecture": r.architecture, "mask_shapes": {}}
    path = engine.save_recording(tmp_path / "bad.safetensors", arrays, md)
    with pytest.raises(engine.RecordingError, match="params/0.weight has shape"):
        engine.load_recording(path)


def test_hostile_header_is_refused_before_allocating(tmp_path):
    p = tmp_path / "huge.safetensors"
    p.write_bytes(struct.pack("<Q", 1 << 60) + b"{}")
    with pytest.raises(engine.RecordingError, match="header size"):
        engine.load_recording(p)
    # a header that declares a 1 TB array in a small file
    header = json.dumps({"__metadata__": {"format": FORMAT, "schema": "1"},
                         "params/x": {"dtype": "F32", "shape": [1 << 38], "data_offsets": [0, 1 << 40]}}).encode()
    p.write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 16)
    with pytest.raises(engine.RecordingError, match="outside the file"):
        engine.load_recording(p)


def test_pickle_payload_is_refused(tmp_path):
    import pickle

    p = tmp_path / "evil.safetensors"
    p.write_bytes(pickle.dumps({"params/0.weight": np.zeros(3)}))
    with pytest.raises(engine.RecordingError):
        engine.load_recording(p)


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    return engine.record("05wk-1/linreg", root=root, epochs=2).path.read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_files_load_or_raise_recording_error(tmp_path, valid_bytes, data):
    kind = data.draw(st.sampled_from(["random", "truncate", "flip"]))
    if kind == "random":
        blob = data.draw(st.binary(max_size=4096))
    elif kind == "truncate":
        blob = valid_bytes[: data.draw(st.integers(0, len(valid_bytes) - 1))]
    else:
        blob = bytearray(valid_bytes)
        for _ in range(data.draw(st.integers(1, 8))):
            i = data.draw(st.integers(0, len(blob) - 1))
            blob[i] ^= 1 << data.draw(st.integers(0, 7))
        blob = bytes(blob)
    p = tmp_path / "fuzz.safetensors"
    p.write_bytes(blob)
    try:
        r = engine.load_recording(p)
        for k in r.keys():
            r.array(k)
    except engine.RecordingError as e:
        assert "\n" not in str(e)


def test_interrupted_save_leaves_nothing(tmp_path, monkeypatch):
    import safetensors.numpy

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(safetensors.numpy, "save_file", boom)
    with pytest.raises(KeyboardInterrupt):
        engine.save_recording(tmp_path / "x.safetensors", {"a": np.zeros(2)}, {})
    assert list(tmp_path.iterdir()) == []


def test_unknown_experiment_names_close_ids():
    with pytest.raises(engine.UnknownExperiment, match="did you mean 05wk-1/dropout"):
        engine.record("05wk-1/dropuot")
    with pytest.raises(engine.EngineError, match="unknown override 'epoch'"):
        engine.record("05wk-1/linreg", epoch=3)


def test_engine_never_imports_manim():
    code = "import engine, engine.training, engine.landscape, engine.recorder; import sys; assert 'manim' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
    for path in (os.path.dirname(engine.__file__),):
        for name in os.listdir(path):
            if name.endswith(".py"):
                src = open(os.path.join(path, name)).read()
                assert "import manim" not in src and "from manim" not in src, name


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_killed_record_leaves_nothing_half_written(tmp_path, delay):
    import signal
    import time

    code = ("import engine; engine.record('05wk-1/dropout', root=%r, epochs=400)" % str(tmp_path))
    for sig in (signal.SIGINT, signal.SIGKILL):
        proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait()
        # whatever the moment, every file that looks like a recording loads
        for f in tmp_path.rglob("*.safetensors"):
            engine.load_recording(f)
    r = engine.record("05wk-1/dropout", root=tmp_path, epochs=400)
    assert r.n_updates == 400
    leftovers = [p.name for p in tmp_path.rglob("*.tmp")]
    assert leftovers == []
