"""Clear answers to weak spots a probe found (issue 25 item 6): a negative number where no option takes it,
--mask-every for a run without dropout, the disk margin, a record another process made, a scheduler address
that cannot work. Each is one line naming the thing and the fix."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

import pytest
from test_cli_safety import invoke, one_line_error


def test_a_negative_number_where_no_option_takes_it_is_named(tmp_path):
    r = invoke(["record", "05wk-1/linreg", "-0.1"], tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output
    err = one_line_error(r)
    assert "-0.1 is not an option" in err and "--lr 0.1" in err and "No such option" not in err
    r = invoke(["record", "05wk-1/linreg", "--lr", "-0.1"], tmp_path)      # given to its option: its own check
    assert r.exit_code == 2 and "-0.1 is not a positive finite number" in one_line_error(r)
    r = invoke(["record", "05wk-1/linreg", "-x"], tmp_path)                 # an unknown option stays one
    assert r.exit_code == 2 and "No such option '-x'" in one_line_error(r)


@pytest.mark.parametrize("targets", [["05wk-1/linreg"], ["05wk-1"], ["05wk-1/dropout", "05wk-1/linreg"]])
def test_mask_every_for_a_run_without_dropout_is_refused_before_anything_trains(tmp_path, monkeypatch, targets):
    import engine.training

    monkeypatch.setattr(engine.training, "train", lambda *a, **k: pytest.fail("trained a run"))
    r = invoke(["record", *targets, "--mask-every", "7"], tmp_path)
    assert r.exit_code == 1
    err = one_line_error(r)
    assert "05wk-1/linreg has no dropout layer" in err and "--mask-every" in err
    assert not (tmp_path / "recordings").exists()


def test_the_disk_check_names_the_margin_it_keeps(tmp_path, monkeypatch):
    import engine.training

    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1 << 40, 1 << 40, 3 << 20))
    monkeypatch.setattr(engine.training, "train", lambda *a, **k: pytest.fail("trained although the disk is full"))
    r = invoke(["record", "05wk-1/linreg"], tmp_path)
    assert r.exit_code == 1
    err = one_line_error(r)
    assert "needs about 17 MB" in err and "16 MiB margin" in err and "3 MB are free" in err, err
    assert "needs about 0 MB" not in err


def test_a_record_made_by_another_process_while_waiting_is_cached_not_recorded(tmp_path, monkeypatch):
    import engine
    from engine.cache import recording_lock

    made = engine.record("05wk-1/linreg", root=tmp_path / "made", epochs=1)   # what the other process trains
    media = tmp_path / "media"
    path = engine.cache_path(engine.get_config("05wk-1/linreg").replace(epochs=1), media)
    holding, release = threading.Event(), threading.Event()

    def other_process():
        with recording_lock(path, media):
            holding.set()
            release.wait(30)
            shutil.copyfile(made.path, path)

    other = threading.Thread(target=other_process)
    other.start()
    assert holding.wait(30)
    threading.Timer(1.0, release.set).start()       # it finishes while `record` waits for its lock
    import engine.training

    monkeypatch.setattr(engine.training, "train", lambda *a, **k: pytest.fail("trained although it waited"))
    started = time.monotonic()
    r = invoke(["record", "05wk-1/linreg", "--epochs", "1", "--json"], media)
    other.join(30)
    assert r.exit_code == 0, r.output
    assert time.monotonic() - started >= 0.5
    (row,) = json.loads(r.stdout)
    assert row["status"] == "cached" and row["by_another_process"] is True
    assert "05wk-1/linreg: cached (recorded by another process" in r.stderr


@pytest.mark.parametrize("address, says", [
    ("not a url", "is not an address"),
    ("tcp://127.0.0.1:99999", "port 99999 is not a TCP port (1 to 65535)"),
    ("tcp://127.0.0.1:0", "port 0 is not a TCP port"),
    ("foo://127.0.0.1:8786", "unknown protocol foo://"),
    ("tcp://a b:8786", "is not a host name"),
])
def test_a_scheduler_address_that_cannot_work_is_refused_at_once(tmp_path, address, says):
    pytest.importorskip("distributed", reason='the cluster extra: pip install ".[cluster]"')
    from test_cli_safety import TINY

    started = time.monotonic()
    r = invoke(["render", "tiny", "--executor", "dask", "--scheduler", address], tmp_path, sources=(TINY,))
    assert r.exit_code == 2, r.output
    err = one_line_error(r)
    assert "--scheduler" in err and says in err and "tcp://HOST:PORT" in err and "internal error" not in err
    assert time.monotonic() - started < 10


def test_a_scheduler_address_check_accepts_what_distributed_connects_to():
    pytest.importorskip("distributed")
    from lecture.executors import scheduler_problem

    for ok in ("tcp://127.0.0.1:8786", "127.0.0.1:8786", "tls://sched.example.org:8786", "tcp://[::1]:8786",
               "inproc://10.0.0.1/123/1"):
        assert scheduler_problem(ok) is None, ok


def test_dask_jobs_are_bounded_by_what_the_machine_can_start(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from test_cli_safety import TINY

    from lecture import executors

    started = []

    def enter(self):
        started.append(self.workers)
        raise executors.LectureError("stop here: no cluster in this test")

    monkeypatch.setattr(executors.DaskExecutor, "__enter__", enter)
    most, why = executors.max_local_workers()
    assert 1 <= most <= executors.LOCAL_WORKERS_PER_CORE * (os.cpu_count() or 1)
    r = invoke(["render", "tiny", "--executor", "dask", "-j", "10000"], tmp_path, sources=(TINY,))
    assert started == [most]
    note = [ln for ln in r.stderr.splitlines() if "--jobs 10000" in ln]
    assert len(note) == 1 and f"can start {most} local Dask workers" in note[0] and why in note[0]
    started.clear()
    r = invoke(["render", "tiny", "--executor", "dask", "-j", "1"], tmp_path, sources=(TINY,))
    assert started == [1] and "--jobs" not in r.stderr


def test_the_local_worker_bound_follows_cores_and_memory(monkeypatch):
    import engine.memory
    from lecture import executors

    monkeypatch.setattr(executors, "_cores", lambda: 2)
    monkeypatch.setattr(engine.memory, "available_memory", lambda: 64 << 30)
    assert executors.max_local_workers() == (8, "4 per core, 2 cores")
    monkeypatch.setattr(engine.memory, "available_memory", lambda: 1536 << 20)
    n, why = executors.max_local_workers()
    assert n == 3 and "1.5 GiB" in why and "512 MiB for each worker" in why
    monkeypatch.setattr(engine.memory, "available_memory", lambda: 100 << 20)
    assert executors.max_local_workers()[0] == 1
