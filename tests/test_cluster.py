"""The Dask executor on a LocalCluster of 2 worker processes (each with its own directory): the tiny
lecture rendered end to end gives the same frames as the local executor, the matrix of languages in one
command, a worker killed mid-task and its part rendered elsewhere, a version mismatch refused."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from lecture.catalog import Catalog
from lecture.cli import cli

distributed = pytest.importorskip("distributed", reason='the cluster extra: pip install ".[cluster]"')
pytestmark = pytest.mark.slow

TINY = str(Path(__file__).parent / "fixtures" / "tiny_lecture.py")


FAILING = str(Path(__file__).parent / "fixtures" / "failing_lecture.py")


def invoke(args, media, sources=(TINY,)):
    return CliRunner().invoke(cli, args, obj={"catalog": lambda: Catalog.discover(list(sources))},
                              env={"LECTURE_MEDIA_DIR": str(media)}, catch_exceptions=False)


def frames(clip: Path) -> np.ndarray:
    """Every decoded frame of ``clip`` as (n, h, w, 3) uint8."""
    w, h = (int(v) for v in subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
         "-of", "csv=p=0", str(clip)], capture_output=True, text=True, check=True).stdout.strip().split(","))
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(clip), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def _gone(pid: int, wait: float = 20.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)   # a zombie until its nanny reaps it
    return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    local = tmp_path_factory.mktemp("dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  local_directory=str(local), silence_logs=logging.ERROR) as c, \
            distributed.Client(c) as client:
        yield client


@pytest.fixture(scope="module")
def rendered(cluster, tmp_path_factory):
    """The tiny lecture rendered by the local executor and on the cluster (through --scheduler)."""
    local, dask = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("dasked")
    r_local = invoke(["render", "tiny", "--jobs", "2", "--json"], local)
    r_dask = invoke(["render", "tiny", "--executor", "dask", "--scheduler", cluster.scheduler.address, "--json"], dask)
    return {"local": local, "dask": dask, "r_local": r_local, "r_dask": r_dask}


def test_workers_have_their_own_directories(cluster):
    dirs = cluster.run(lambda dask_worker: dask_worker.local_directory)
    assert len(dirs) == 2 and len(set(dirs.values())) == 2


def test_dask_renders_the_same_frames_as_local(rendered):
    for r in (rendered["r_local"], rendered["r_dask"]):
        assert r.exit_code == 0, r.output
    (lec,) = json.loads(rendered["r_dask"].stdout)
    assert [j["status"] for j in lec["jobs"]] == ["rendered", "rendered"]
    for name in ("tiny-square", "tiny-circle"):
        a = frames(rendered["local"] / "lectures" / "tiny" / "480p15" / f"{name}.mp4")
        b = frames(rendered["dask"] / "lectures" / "tiny" / "480p15" / f"{name}.mp4")
        assert a.shape == b.shape and a.shape[0] >= 25
        assert np.abs(a.astype(int) - b.astype(int)).max() <= 2


def test_dask_install_is_the_local_one(rendered):
    """Same records (size, hash, duration), same manifest, nothing of the workers' left in the folder."""
    out = rendered["dask"] / "lectures" / "tiny" / "480p15"
    man = json.loads((out / "manifest.json").read_text())
    assert [c["part"] for c in man["clips"]] == ["tiny.square", "tiny.circle"] and man["missing"] == []
    for c in man["clips"]:
        assert c["clip_size"] == (out / c["clip"]).stat().st_size and c["render_seconds"] > 0
    assert not (out / ".tmp").exists() and not (out / "logs").exists()
    r = invoke(["render", "tiny", "--json"], rendered["dask"])   # the local executor sees the dask clips as its own
    assert r.exit_code == 0, r.output
    assert [j["status"] for j in json.loads(r.stdout)[0]["jobs"]] == ["cached", "cached"]


def test_matrix_of_languages_in_one_command(rendered, cluster):
    r = invoke(["render", "tiny", "--only", "square", "--lang", "en,ko", "--executor", "dask",
                "--scheduler", cluster.scheduler.address, "--json"], rendered["dask"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert [(x["lang"], x["quality"], [j["status"] for j in x["jobs"]]) for x in res] == [
        ("en", "l", ["cached"]), ("ko", "l", ["rendered"])]
    man = json.loads((rendered["dask"] / "lectures" / "tiny" / "480p15" / "ko" / "manifest.json").read_text())
    assert man["language"] == "ko" and [c["part"] for c in man["clips"]] == ["tiny.square"]


def test_a_failing_part_fails_alone_with_its_log(cluster, tmp_path):
    r = invoke(["render", "broken", "--executor", "dask", "--scheduler", cluster.scheduler.address, "--json"],
               tmp_path, sources=(FAILING,))
    assert r.exit_code == 1
    status = {j["part"]: j for j in json.loads(r.stdout)[0]["jobs"]}
    assert status["broken.good"]["status"] == "rendered" and status["broken.bad"]["status"] == "failed"
    log = Path(status["broken.bad"]["log"])   # the worker's manim log, kept under the client's logs/
    assert log.is_file() and "this part fails on purpose" in log.read_text()
    assert not (tmp_path / "lectures" / "broken" / "480p15" / "broken-bad.mp4").exists()


def test_a_worker_killed_mid_task_has_its_part_rendered_elsewhere(cluster, tmp_path, monkeypatch):
    from lecture.executors import DaskExecutor
    from lecture.render import render

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    killed = []

    pids = cluster.run(os.getpid)

    def kill_the_worker_rendering():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            busy = [w for w, keys in cluster.processing().items() if any("render-" in str(k) for k in keys)]
            if busy:
                time.sleep(2.0)   # manim is running on it now
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
                return
            time.sleep(0.1)

    t = threading.Thread(target=kill_the_worker_rendering, daemon=True)
    t.start()
    with DaskExecutor(client=cluster) as ex:
        (res,) = render(Catalog.discover([TINY]), ["tiny"], only=["square"], executor=ex)
    t.join(5)
    assert killed, "no worker was seen rendering"
    assert _gone(killed[0]), "the killed worker is still there"   # so another one rendered the part
    assert [j.status for j in res.jobs] == ["rendered"], res.jobs
    clip = tmp_path / "lectures" / "tiny" / "480p15" / "tiny-square.mp4"
    assert frames(clip).shape[0] >= 25
    cluster.wait_for_workers(2, timeout=120)   # the nanny restarts the killed worker


def test_a_worker_of_another_version_refuses(cluster, tmp_path, monkeypatch):
    import lecture.executors as executors

    real = executors.client_versions
    monkeypatch.setattr(executors, "client_versions", lambda: {**real(), "manim": "0.0.1"})
    r = invoke(["render", "tiny", "--only", "circle", "--executor", "dask", "--scheduler",
                cluster.scheduler.address], tmp_path)
    assert r.exit_code == 1
    line = [ln for ln in r.output.splitlines() if "Error" in ln][-1]
    assert "manim 0.22.0, the client 0.0.1" in r.output.replace("\n", " ").replace("  ", " "), r.output
    assert line.startswith("Error:")
    assert not (tmp_path / "lectures" / "tiny" / "480p15" / "tiny-circle.mp4").exists()


def test_missing_extra_is_one_line(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    r = invoke(["render", "tiny", "--executor", "dask"], tmp_path)
    assert r.exit_code == 1
    assert 'pip install ".[cluster]"' in r.output and "Traceback" not in r.output


def test_scheduler_without_dask_is_a_usage_error(tmp_path):
    r = invoke(["render", "tiny", "--scheduler", "tcp://127.0.0.1:1"], tmp_path)
    assert r.exit_code == 2 and "--scheduler needs --executor dask" in r.output


def test_longest_first_uses_the_last_render_seconds(tmp_path, monkeypatch):
    from lecture.render import longest_first, plan

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    info = Catalog.discover([TINY]).lecture("tiny")
    low = plan(info, quality="l", lang="en")
    high = plan(info, quality="h", lang="en")
    for job, s in zip(low, (1.0, 5.0)):
        job.record_file.parent.mkdir(parents=True, exist_ok=True)
        job.record_file.write_text(json.dumps({"render_seconds": s}))
    jobs = [*low, *high]
    # the circle (5 s at 480p15) first at 1080p60 (scaled by pixels x frames), then the square at 1080p60
    assert [(jobs[i].quality, jobs[i].part.id) for i in longest_first(jobs)] == [
        ("h", "tiny.circle"), ("h", "tiny.square"), ("l", "tiny.circle"), ("l", "tiny.square")]


def test_a_worker_task_loads_neither_torch_nor_manim():
    """A worker imports lecture.render and lecture.executors for each task; torch and manim load only in
    the manim child (1.7 s of torch per worker process on an idle machine, far more on a busy one)."""
    import sys

    code = "import sys, lecture.render, lecture.executors; print('torch' in sys.modules, 'manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _descendants(pid: int) -> list[int]:
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        out += kids
        todo += kids
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_cancels_the_cluster_run_exits_130_and_leaves_no_process(tmp_path):
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path), "LECTURE_SCENES": TINY,
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    # its own session, and SIGINT to the whole group: what a terminal's Ctrl-C does
    p = subprocess.Popen([sys.executable, "-m", "lecture.cli", "render", "tiny", "--executor", "dask", "--jobs", "2"],
                         cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    deadline = time.monotonic() + 180
    procs = []
    while True:
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        procs = _descendants(p.pid)
        manims = [k for k in procs if "manim" in _cmdline(k) and _alive(k)]
        if manims:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    procs = _descendants(p.pid)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err, err
    deadline = time.monotonic() + 20
    while any(_alive(k) for k in procs) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [k for k in procs if _alive(k)], "a worker or its manim outlived the command"
    out_dir = tmp_path / "lectures" / "tiny" / "480p15"
    assert not list(out_dir.glob("*.mp4")) and not list(out_dir.glob(".tmp/*"))


def test_recordings_travel_from_the_client_to_the_workers_media_folder(tmp_path, monkeypatch):
    """The client sends each recording once, under its path in the media folder (a linked-in recordings
    folder included); a worker writes it under its own media folder, where its render looks."""
    import types

    import engine
    from lecture.executors import DaskExecutor, _place

    real = tmp_path / "elsewhere"
    media = tmp_path / "media"
    media.mkdir()
    real.mkdir()
    (media / "recordings").symlink_to(real, target_is_directory=True)   # as a worktree links the lead's
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(media))
    cfg = engine.get_config("05wk-1/linreg")
    path = engine.cache_path(cfg)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"a recording")

    class Scatter:
        calls = 0

        def scatter(self, data, hash=False):
            Scatter.calls += 1
            return data

    ex = DaskExecutor(client=Scatter())
    job = types.SimpleNamespace(recordings={"05wk-1/linreg": engine.cache_key(cfg), "05wk-1/overfit": "x"})
    sent = ex._recordings(job)
    assert sent == {f"recordings/05wk-1/{path.name}": b"a recording"}   # overfit is not recorded here
    assert ex._recordings(job) == sent and Scatter.calls == 1          # once per run
    worker_media = tmp_path / "worker" / "media"
    for rel, data in sent.items():
        _place(worker_media, rel, data)
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(worker_media))
    assert engine.cache_path(cfg).read_bytes() == b"a recording"


def test_matrix_options_name_a_bad_value_in_one_line(tmp_path):
    r = invoke(["render", "tiny", "--quality", "l,x"], tmp_path)
    assert r.exit_code == 2 and "unknown quality 'x'; known: l, m, h, k" in r.output
    r = invoke(["render", "tiny", "--lang", "en,,fr"], tmp_path)
    assert r.exit_code == 2 and "unknown language 'fr'; known: en, ko" in r.output


def test_an_unreachable_scheduler_is_one_line():
    from lecture.errors import LectureError
    from lecture.executors import DaskExecutor

    with pytest.raises(LectureError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1 .*dask scheduler"):
        with DaskExecutor("tcp://127.0.0.1:1", connect_timeout=2):
            pass


def test_a_result_is_fetched_only_once_done_never_with_a_timeout(tmp_path):
    """distributed's Future.result(timeout=...) can lose a race with its own timeout on a busy machine
    and raise UnboundLocalError; the executor polls done() and fetches without a timeout."""
    import types

    from lecture.executors import DaskExecutor

    class Fut:
        polls = 0

        def done(self):
            Fut.polls += 1
            return Fut.polls > 2

        def result(self, timeout=None):
            assert timeout is None, "result() with a timeout races in distributed.utils.sync"
            return {"status": "done", "rc": 0, "log": b"ok", "clip": None, "poster": None, "reason": "",
                    "seconds": 1.0, "info": None}

    ex = DaskExecutor(client=types.SimpleNamespace(submit=lambda *a, **k: Fut()))
    ex.spec = lambda job: {}
    ex._recordings = lambda job: {}
    job = types.SimpleNamespace(lecture="tiny", quality="l", lang="en", name="01-tiny-square")
    runner = types.SimpleNamespace(on_event=lambda *a: None, stop=threading.Event())
    out = ex._produce(job, tmp_path, runner, 0)
    assert out.rc == 0 and (tmp_path / "render.log").read_bytes() == b"ok" and Fut.polls == 3


def test_a_cluster_without_workers_fails_the_part_in_one_line_instead_of_waiting_forever(tmp_path, monkeypatch):
    import types

    import lecture.executors as ex_mod
    from lecture.errors import LectureError
    from lecture.executors import DaskExecutor

    monkeypatch.setattr(ex_mod, "NO_WORKERS_S", 0.6)
    monkeypatch.setattr(ex_mod, "WORKER_CHECK_S", 0.2)
    cancelled = []

    class Fut:   # a task no worker ever takes
        def done(self):
            return False

        def cancel(self):
            cancelled.append(True)

    fut = Fut()
    ex = DaskExecutor(client=types.SimpleNamespace(submit=lambda *a, **k: fut, nthreads=lambda: {}))
    ex.spec = lambda job: {}
    ex._recordings = lambda job: {}
    job = types.SimpleNamespace(lecture="tiny", quality="l", lang="en", name="tiny-square")
    runner = types.SimpleNamespace(on_event=lambda *a: None, stop=threading.Event())
    with pytest.raises(LectureError, match=r"no Dask worker has been connected for 1 s, so tiny-square cannot run"):
        ex._produce(job, tmp_path, runner, 0)
    assert cancelled


def test_ctrl_c_while_the_local_cluster_starts_exits_130_and_leaves_no_process(tmp_path):
    """A Ctrl-C while the local cluster starts is not lost (it was ignored then, and the part rendered)."""
    import sys

    root = Path(__file__).resolve().parents[1]
    starting = tmp_path / "a-worker-is-starting"
    slow = tmp_path / "slow_preload.py"      # each worker runs it as it starts: start-up takes 20 s
    slow.write_text(f"import pathlib, time\npathlib.Path({str(starting)!r}).touch()\ntime.sleep(20)\n")
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path / "media"), "LECTURE_SCENES": TINY,
           "DASK_DISTRIBUTED__WORKER__PRELOAD": repr([str(slow)]),
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.Popen([sys.executable, "-m", "lecture.cli", "render", "tiny", "--executor", "dask", "--jobs", "2"],
                         cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    deadline = time.monotonic() + 120
    while not starting.exists():
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        time.sleep(0.05)
    procs = _descendants(p.pid)
    os.killpg(p.pid, signal.SIGINT)          # what a terminal's Ctrl-C does
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0], err
    deadline = time.monotonic() + 20
    while any(_alive(k) for k in procs) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [k for k in procs if _alive(k)], "a worker outlived the command"
    assert not list((tmp_path / "media").rglob("*.mp4"))


def test_local_workers_never_see_the_terminals_ctrl_c():
    """Workers of a LocalCluster the command starts block (or ignore) SIGINT: only the client answers a
    Ctrl-C. multiprocessing's resource tracker unblocks SIGINT in the thread that first starts it, so
    this checks each worker process itself, not the thread that started the cluster."""
    from lecture.executors import DaskExecutor

    def sigint_held(pid: int) -> bool:
        fields = dict(ln.split(":\t", 1) for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in ln)
        bit = 1 << (signal.SIGINT - 1)
        return bool(int(fields["SigBlk"], 16) & bit or int(fields["SigIgn"], 16) & bit)

    # processes of an earlier test's cluster that are still exiting are not this cluster's workers
    before = set(_descendants(os.getpid()))
    with DaskExecutor(None, workers=2):
        workers = [k for k in _descendants(os.getpid()) if k not in before and "spawn_main" in _cmdline(k)]
        assert len(workers) == 2
        assert all(sigint_held(w) for w in workers)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # the client's own is untouched
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_single_part_is_drawn_in_sections_on_two_workers(cluster, tmp_path, monkeypatch):
    """One part, two idle workers: two section tasks, joined by the client into the serial clip (issue 32)."""
    from lecture.executors import DaskExecutor
    from lecture.render import produce, render

    drift = str(Path(__file__).parent / "fixtures" / "sections_part.py")
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    monkeypatch.delenv("LECTURE_SECTIONS")
    keys = []
    real_submit = cluster.submit
    monkeypatch.setattr(cluster, "submit", lambda *a, **k: keys.append(k["key"]) or real_submit(*a, **k))
    with DaskExecutor(client=cluster) as ex:
        (res,) = render(Catalog.discover([drift]), ["drift"], executor=ex)
    assert [j.status for j in res.jobs] == ["rendered"], res.jobs
    assert sorted(k.rsplit("-", 2)[-2:][1] for k in keys) == ["0", "1"] and all("-section-" in k for k in keys)
    (tmp_path / "serial").mkdir()
    serial = produce(Path(drift), "DriftScene", "l", "en", tmp_path / "serial", media_root=tmp_path)
    joined = tmp_path / "lectures" / "drift" / "480p15" / "drift-steps.mp4"
    assert np.array_equal(frames(joined), frames(serial.video))
