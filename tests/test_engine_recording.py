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
from engine.recording import FORMAT


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
    assert engine.cache_key(engine.get_config("05wk-1/linreg")) != engine.cache_key(
        engine.get_config("05wk-1/linreg").replace(lr=0.2)
    )


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
    import engine.recording as rec_mod

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(rec_mod.os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        engine.save_recording(tmp_path / "x.safetensors", {"a": np.zeros(2)}, {})
    assert list(tmp_path.iterdir()) == []


def test_writer_is_safetensors_byte_for_byte(tmp_path):
    # our own writer (no library temp files) must stay a plain safetensors file
    from safetensors.numpy import load_file, save

    arrays = {"params/w": np.arange(12, dtype=np.float32).reshape(3, 4), "loss/final": np.array(0.5, np.float32),
              "batches/indices": np.arange(5, dtype=np.int64), "masks/2": np.arange(6, dtype=np.uint8).reshape(2, 3),
              "metrics/acc": np.array(0.25), "flags": np.array([True, False]), "empty": np.zeros((0, 3), np.float32)}
    path = engine.save_recording(tmp_path / "x.safetensors", arrays, {"config": {"id": "a/b"}})
    ours, theirs = path.read_bytes(), save(arrays, metadata={"format": FORMAT, "schema": str(engine.SCHEMA_VERSION),
                                                             "config": json.dumps({"id": "a/b"})})
    n_ours, n_theirs = struct.unpack("<Q", ours[:8])[0], struct.unpack("<Q", theirs[:8])[0]
    assert json.loads(ours[8:8 + n_ours]) == json.loads(theirs[8:8 + n_theirs])
    assert ours[8 + n_ours:] == theirs[8 + n_theirs:]
    loaded = load_file(str(path))
    for k, a in arrays.items():
        assert np.array_equal(loaded[k].reshape(a.shape), a) and loaded[k].dtype == a.dtype


def test_sigkill_while_saving_leaves_no_temp_file(tmp_path):
    """A writer killed mid-file leaves only its own temp file, and the next save sweeps it.

    (safetensors' save_file wrote a ``.tmpXXXXXX`` file of its own that nothing ever deleted.)
    """
    import signal
    import time

    target = tmp_path / "big.safetensors"
    # 32 arrays of 4 MB: many writes, so the watcher below sees the file grow and kills mid-way
    code = (
        "import numpy as np, engine; "
        f"engine.save_recording({str(target)!r}, "
        "{f'a{i:02d}': np.ones(1 << 20, np.float32) for i in range(32)}, {})"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if any(f.stat().st_size > (1 << 20) for f in tmp_path.iterdir() if f.is_file()):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the writer finished before it could be killed"
    assert not target.exists()
    left = [f.name for f in tmp_path.iterdir()]
    assert all(n.startswith(f".{target.name}.{proc.pid}.") and n.endswith(".tmp") for n in left), left
    engine.save_recording(target, {"a": np.zeros(3, np.float32)}, {})
    assert [f.name for f in tmp_path.iterdir()] == [target.name]


def test_library_temp_files_of_dead_writers_are_swept(tmp_path):
    import time

    old, fresh = tmp_path / ".tmpAbC123", tmp_path / ".tmpXyZ789"
    old.write_bytes(b"x" * 10)
    fresh.write_bytes(b"x" * 10)
    past = time.time() - 3600
    os.utime(old, (past, past))
    engine.save_recording(tmp_path / "r.safetensors", {"a": np.zeros(2, np.float32)}, {})
    assert not old.exists() and fresh.exists()  # a fresh one may belong to a live writer


# -- a recording is what its name says -------------------------------------------------

def test_another_runs_file_at_a_cache_path_is_not_served(tmp_path):
    gd = engine.record("05wk-2/gd", root=tmp_path, epochs=2)
    path = engine.cache_path(engine.get_config("05wk-1/linreg").replace(epochs=2), tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gd.path.read_bytes())
    with pytest.raises(engine.RecordingError, match="holds a recording of 05wk-2/gd, not 05wk-1/linreg"):
        engine.check_identity(engine.load_recording(path), "05wk-1/linreg")
    assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=2) is None
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    assert r.id == "05wk-1/linreg" and r.path == path and r.config["optimizer"] == "adam"


def test_another_configs_file_under_a_keys_name_is_rerecorded(tmp_path):
    three = engine.record("05wk-1/linreg", root=tmp_path, epochs=3)
    path = engine.cache_path(engine.get_config("05wk-1/linreg").replace(epochs=2), tmp_path)
    path.write_bytes(three.path.read_bytes())
    assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=2) is None
    assert engine.record("05wk-1/linreg", root=tmp_path, epochs=2).n_epochs == 2


def test_a_recording_of_older_engine_or_threads_is_rerecorded(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    meta = dict(r.meta, threads=8)
    _rewrite_metadata(r.path, meta=json.dumps(meta))
    assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=2) is None
    assert engine.record("05wk-1/linreg", root=tmp_path, epochs=2).meta["threads"] == 1


@pytest.mark.parametrize("changes, what", [
    ({"meta": "null"}, "meta is not an object"),
    ({"config": "[1, 2]"}, "config is not an object"),
    ({"config": "[" * 50000 + "]" * 50000}, "not JSON"),
    ({"config": json.dumps({"id": "05wk-1/linreg", "epochs": "2"})}, "epochs"),
    ({"architecture": "{}"}, "architecture"),
    ({"mask_shapes": json.dumps({"2": "big"})}, "mask_shapes"),
    ({"mask_shapes": json.dumps({"2": [80, 512]})}, "dropout masks"),
    ({"config": None}, "not JSON"),
])
def test_bad_metadata_is_one_line_and_rerecorded(tmp_path, changes, what):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    _rewrite_metadata(r.path, **changes)
    with pytest.raises(engine.RecordingError) as e:
        engine.load_recording(r.path)
    assert what in str(e.value) and str(r.path) in str(e.value) and "\n" not in str(e.value)
    again = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    assert again.n_updates == 2 and again.meta["threads"] == 1


def test_deeply_nested_header_is_one_line(tmp_path):
    p = tmp_path / "deep.safetensors"
    blob = b"[" * 100000 + b"]" * 100000
    p.write_bytes(struct.pack("<Q", len(blob)) + blob)
    with pytest.raises(engine.RecordingError, match="deep.safetensors: corrupt recording"):
        engine.load_recording(p)
    p.write_bytes(struct.pack("<Q", 16) + b'{"__metadata__":' + b"[]}")
    with pytest.raises(engine.RecordingError):
        engine.load_recording(p)


def _alarm(seconds):
    import signal

    def hang(*_):
        raise TimeoutError("hung")
    signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)


def test_fifo_at_the_cache_path_never_hangs_and_is_replaced(tmp_path):
    import signal

    path = engine.cache_path(engine.get_config("05wk-1/linreg").replace(epochs=2), tmp_path)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    _alarm(60)
    try:
        with pytest.raises(engine.RecordingError, match="is a FIFO, not a recording"):
            engine.load_recording(path)
        assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=2) is None
        r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    finally:
        signal.alarm(0)
    assert r.path == path and path.is_file() and r.n_updates == 2


def test_folder_at_the_cache_path_is_one_line(tmp_path):
    path = engine.cache_path(engine.get_config("05wk-1/linreg").replace(epochs=2), tmp_path)
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine")
    with pytest.raises(engine.RecordingError, match="is a folder"):
        engine.load_recording(path)
    with pytest.raises(engine.RecordingError, match="is a folder, not a recording; move it away"):
        engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    assert (path / "keep.txt").read_text() == "mine"


# -- resources --------------------------------------------------------------------------

def test_full_disk_is_refused_before_training(tmp_path, monkeypatch):
    import errno
    import shutil

    import engine.training

    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10 << 30, 10 << 30, 1 << 20))
    monkeypatch.setattr(engine.training, "train", lambda *a, **k: pytest.fail("trained although the disk is full"))
    with pytest.raises(OSError) as e:
        engine.record("05wk-1/dropout", root=tmp_path, epochs=50)
    assert e.value.errno == errno.ENOSPC and "needs about" in e.value.strerror
    assert e.value.filename == str(
        engine.cache_path(engine.get_config("05wk-1/dropout").replace(epochs=50), tmp_path).parent
    )


def test_full_disk_while_writing_names_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    import engine.recording as rec_mod

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rec_mod.os, "fsync", full)
    with pytest.raises(OSError) as e:
        engine.save_recording(tmp_path / "x.safetensors", {"a": np.zeros(2)}, {})
    assert e.value.errno == errno.ENOSPC and e.value.filename == str(tmp_path / "x.safetensors")
    assert list(tmp_path.iterdir()) == []


def test_estimate_matches_the_recorded_arrays(tmp_path):
    from engine.training import estimate_recording_bytes

    for eid, kw in [
        ("05wk-1/dropout", {"epochs": 4}),
        ("05wk-2/minibatch", {}),
        ("05wk-1/sum-of-relus", {"epochs": 120}),
        ("03wk-2/bce-good", {"epochs": 5}),
    ]:
        cfg = engine.get_config(eid).replace(**kw)
        r = engine.record(eid, root=tmp_path, **kw)
        recorded = sum(r.array(k).nbytes for k in r.keys() if not k.startswith(("data/", "metrics/", "timing/")))
        est = estimate_recording_bytes(cfg)
        assert recorded * 0.98 <= est <= recorded * 1.02 + 64, (eid, est, recorded)


def test_epochs_beyond_memory_are_refused_before_training(tmp_path, monkeypatch):
    import engine.memory
    import engine.training

    monkeypatch.setattr(engine.memory, "available_memory", lambda: 100 << 20)
    with pytest.raises(engine.EngineError) as e:
        engine.record("05wk-1/sum-of-relus", root=tmp_path, epochs=5000)
    msg = str(e.value)
    assert "about 130 MB" in msg and "--epochs" in msg and "mask_every" in msg and "\n" not in msg
    assert not any(tmp_path.rglob("*"))
    with pytest.raises(engine.EngineError, match=r"about [0-9.]+ TB of recording"):
        engine.record("05wk-2/mnist-gd", root=tmp_path, epochs=10 ** 9)


def test_unknown_experiment_names_close_ids():
    with pytest.raises(engine.UnknownExperiment, match="did you mean 05wk-1/dropout"):
        engine.record("05wk-1/dropuot")
    with pytest.raises(engine.EngineError, match="unknown override 'epoch'"):
        engine.record("05wk-1/linreg", epoch=3)


def test_engine_never_imports_manim():
    code = ("import engine, engine.training, engine.landscape, engine.recorder; import sys; "
            "assert 'manim' not in sys.modules")
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

    code = f"import engine; engine.record('05wk-1/dropout', root={str(tmp_path)!r}, epochs=400)"
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
    # no temp file of ours (*.tmp) nor of the safetensors library (.tmpXXXXXX) is left
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".safetensors"]
    assert leftovers == []


# -- schema 2 reads schema 1; a header that lies about its arrays is unreadable ---------------------

FIXTURE_V1 = os.path.join(os.path.dirname(__file__), "fixtures", "recording-schema1.safetensors")


def test_a_schema_1_file_still_loads_and_schema_2_keeps_its_layout(tmp_path):
    """tests/fixtures/recording-schema1.safetensors was written by the schema-1 recorder from this loop."""
    import torch
    from torch import nn

    old = engine.load_recording(FIXTURE_V1)
    assert old.schema == 1 and old.id == "fixture/schema1" and old.n_updates == 3 and old.models == [""]
    assert old.param("0.weight").shape == (4, 3, 2) and old.mask("2").shape == (3, 6, 3)
    np.testing.assert_allclose(old.param("3.weight")[1:], old.param("3.weight")[:-1] - 0.1 * old.grad("3.weight")[:-1],
                               rtol=1e-5, atol=1e-7)
    torch.manual_seed(0)
    x = torch.randn(6, 2)
    y = x.sum(1, keepdim=True)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()
    with engine.Recorder(net, opt, loss_fn, x_show=x[:2]) as rec:
        for _ in range(3):
            loss_fn(net(x), y).backward()
            opt.step()
            opt.zero_grad()
    new = rec.save(tmp_path / "again.safetensors", id="fixture/schema1", data=(x, y))
    assert new.schema == 2 and new.keys() == old.keys()
    for k in old.keys():
        assert new.array(k).dtype == old.array(k).dtype and new.shape(k) == old.shape(k), k
        np.testing.assert_allclose(new.array(k), old.array(k), rtol=1e-6, atol=1e-7, err_msg=k)


def _edit_header(path, edit):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        body = f.read()
    edit(header)
    blob = json.dumps(header).encode()
    blob += b" " * (-len(blob) % 8)
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + body)


def test_an_array_whose_dtype_does_not_fit_its_bytes_is_rerecorded(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    before = r.param("0.weight").copy()
    data = r.path.read_bytes()
    # the header says F64 instead of F32 (the file keeps its length, the array now claims twice its bytes)
    i = data.index(b'"params/0.weight":{"dtype":"F32"') + len(b'"params/0.weight":{"dtype":"F')
    r.path.write_bytes(data[:i] + b"64" + data[i + 2:])
    with pytest.raises(engine.RecordingError, match=r"params/0.weight.*dtype F64") as e:
        engine.load_recording(r.path)
    assert "\n" not in str(e.value)
    assert engine.cached_recording("05wk-1/linreg", root=tmp_path, epochs=2) is None   # `list`: not "recorded"
    again = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)                   # `record`: no --force needed
    assert again.path == r.path and again.param("0.weight").dtype == np.float32
    np.testing.assert_array_equal(again.param("0.weight"), before)


def test_a_mask_shape_that_overflows_is_one_line(tmp_path):
    r = engine.record("05wk-1/linreg", root=tmp_path, epochs=2)
    arrays = {k: r.array(k) for k in r.keys()}
    # 2**62 x 4 wraps to 0 in int64: an empty packed mask used to pass the check
    arrays["masks/2"] = np.zeros((1, 0), np.uint8)
    arrays["masks/2/steps"] = np.zeros(1, np.int64)
    md = {"config": r.config, "meta": r.meta, "architecture": r.architecture, "mask_shapes": {"2": [2 ** 62, 4]}}
    path = engine.save_recording(tmp_path / "huge-mask.safetensors", arrays, md)
    with pytest.raises(engine.RecordingError, match="dropout masks of module '2'") as e:
        engine.load_recording(path).mask("2")
    assert "\n" not in str(e.value)
