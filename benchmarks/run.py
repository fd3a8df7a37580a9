"""Benchmarks: how fast we record, load, compute landscapes, render and scale.

Every time is a ratio to a floor measured in the same run on the same machine:
recording on vs off, batched vs looped, a part's render vs a static scene of the
same length and quality. Writes ``<out>/benchmarks.json`` and ``<out>/benchmarks.md``.

    .venv/bin/python -m benchmarks.run            # everything (tens of minutes)
    .venv/bin/python -m benchmarks.run --smoke    # the smallest case of each section
    .venv/bin/python -m benchmarks.run --only render --quality h
    .venv/bin/python -m benchmarks.run --only dask    # dask executor (2-worker LocalCluster) vs --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECTIONS = ("record", "load", "landscape", "render", "scale", "baseline", "jobs", "dask")


def _run(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024


def _py(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- record -------------------------------------------------------------------------------
def bench_record(smoke: bool) -> list[dict]:
    import engine

    ids = ["05wk-1/linreg"] if smoke else engine.experiments()
    rows = []
    for eid in ids:
        code = f"""
import json, resource, time, engine
from engine.training import train
cfg = engine.get_config({eid!r}).replace(timing_widths=())
train(cfg.replace(epochs=2), record=False); train(cfg.replace(epochs=2), record=True)  # warm-up
def timed(record):
    t = time.perf_counter(); run = train(cfg, record=record); return time.perf_counter() - t, run
off, _ = timed(False)
on, run = timed(True)
if off < 2:  # short runs are noisy: best of three
    off = min(off, timed(False)[0], timed(False)[0]); on = min(on, timed(True)[0], timed(True)[0])
size = sum(a.nbytes for a in run.arrays.values())
print(json.dumps({{"off": off, "on": on, "bytes": size,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}))
"""
        r = _py(code)
        rows.append({"experiment": eid, "train_s": round(r["off"], 3), "recorded_s": round(r["on"], 3),
                     "overhead": round(r["on"] / r["off"] - 1, 3), "arrays_mb": round(r["bytes"] / 1e6, 1),
                     "peak_rss_mb": r["peak_mb"]})
    return rows


# -- load ---------------------------------------------------------------------------------
def bench_load(smoke: bool) -> list[dict]:
    eid = "05wk-1/dropout" if smoke else "05wk-2/mnist-gd"
    code = f"""
import json, time, engine
r = engine.record({eid!r}); path = r.path
t = time.perf_counter(); r = engine.load_recording(path); opened = time.perf_counter() - t
t = time.perf_counter(); r.loss; one = time.perf_counter() - t
t = time.perf_counter(); r.param("0.weight"); big = time.perf_counter() - t
print(json.dumps({{"file_mb": path.stat().st_size / 1e6, "open": opened, "loss": one, "weights": big}}))
"""
    r = _py(code)
    return [{"recording": eid, "file_mb": round(r["file_mb"], 1), "open_s": round(r["open"], 4),
             "load_loss_s": round(r["loss"], 4), "load_first_layer_weights_s": round(r["weights"], 4)}]


# -- landscape ------------------------------------------------------------------------------
def bench_landscape(smoke: bool) -> list[dict]:
    import engine
    from engine.landscape import course_grid, loss_grid, loss_grid_loop

    r = engine.record("03wk-2/mse-good")
    w0s, w1s = course_grid()
    if smoke:
        w0s, w1s = w0s[::10], w1s[::10]
    rows = []
    loss_grid(r.data("x"), r.data("y"), w0s[:2], w1s[:2], loss="mse")  # warm-up
    for loss in ("mse", "bce"):
        t = time.perf_counter()
        loss_grid(r.data("x"), r.data("y"), w0s, w1s, loss=loss)
        fast = time.perf_counter() - t
        t = time.perf_counter()
        loss_grid_loop(r.data("x"), r.data("y"), w0s, w1s, loss=loss)
        slow = time.perf_counter() - t
        rows.append({"loss": loss, "grid": f"{len(w0s)}x{len(w1s)}", "batched_s": round(fast, 4),
                     "loop_s": round(slow, 3), "speedup": round(slow / fast, 1)})
    return rows


# -- render ---------------------------------------------------------------------------------
def video_duration(video: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(video)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def render(scene_file: str, scene: str, quality: str, media: Path, extra: list[str] | None = None,
           env: dict | None = None) -> tuple[float, Path, int]:
    cmd = [str(BIN / "manim"), "render", f"-q{quality}", "--disable_caching", "--media_dir", str(media),
           *(extra or []), scene_file, scene]
    seconds, peak = _run(cmd, env=env)
    videos = sorted(media.rglob(f"{scene}.mp4"), key=lambda p: p.stat().st_mtime)
    return seconds, videos[-1], peak


def floor(seconds: float, quality: str, media: Path, extra: list[str] | None = None) -> float:
    t, _, _ = render("benchmarks/floor_scene.py", "EncodingFloor", quality, media, extra,
                     env={"FLOOR_SECONDS": f"{seconds:.3f}"})
    return t


def lecture_parts() -> list[tuple[str, str, str]]:
    """(part id, scene file, scene class) of every part the CLI's catalog knows."""
    from lecture.catalog import Catalog

    catalog = Catalog.discover()
    return [(p.id, str(p.scene_file), p.scene) for lec in catalog.lectures.values() for p in lec.parts]


def bench_render(smoke: bool, qualities: tuple[str, ...]) -> list[dict]:
    parts = lecture_parts()
    if smoke:
        parts, qualities = [("floor", "benchmarks/floor_scene.py", "EncodingFloor")], ("l",)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pid, file, scene in parts:
            for q in qualities:
                media = Path(tmp) / f"{scene}-{q}"
                try:
                    t, video, peak = render(file, scene, q, media, env={"FLOOR_SECONDS": "1"})
                except RuntimeError as e:
                    rows.append({"part": pid, "quality": q, "error": str(e).splitlines()[0]})
                    continue
                length = video_duration(video)
                f = floor(length, q, Path(tmp) / f"floor-{q}")
                rows.append({"part": pid, "quality": q, "render_s": round(t, 2), "video_s": round(length, 2),
                             "floor_s": round(f, 2), "ratio": round(t / f, 2), "peak_rss_mb": peak,
                             "target_met": t / f <= 3})
                shutil.rmtree(media, ignore_errors=True)
    return rows


# -- scale ----------------------------------------------------------------------------------
def bench_scale(smoke: bool) -> list[dict]:
    rows = []
    lengths = (1,) if smoke else (2, 4, 8, 16)
    qualities = ("l",) if smoke else ("l", "m", "h")
    with tempfile.TemporaryDirectory() as tmp:
        for q in qualities:
            for s in lengths:
                t = floor(s, q, Path(tmp) / f"{q}{s}")
                rows.append({"what": "floor", "quality": q, "video_s": s, "render_s": round(t, 2),
                             "render_s_per_video_s": round(t / s, 2)})
    return rows


# -- baseline ---------------------------------------------------------------------------------
def _timed_cpu(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child and its threads) of one command."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = _run(cmd, env=env)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


def bench_baseline(smoke: bool, rounds: int = 1) -> list[dict]:
    """Ours (the learning-process part at 1080p) vs the course's matplotlib FuncAnimation (2314x1080),
    both at N and at 2N frames, interleaved per round. Whole process: the N-frame runs, start-up
    included. Per frame after start-up: (time of 2N frames - time of N frames) / N, for each."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return [{"error": "matplotlib not installed: pip install -e '.[bench]'"}]
    parts = [] if smoke else [p for p in lecture_parts() if p[0] == "landscape.learning.mse-good"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if not parts:   # smoke: the course's animation alone
            mpl, _ = _run([sys.executable, "benchmarks/course_matplotlib.py", f"{tmp}/course.mp4"])
            return [{"course_matplotlib_s": round(mpl, 2)}]
        pid, file, scene = parts[0]
        length = video_duration(render(file, scene, "l", Path(tmp) / "probe")[1])
        fps = max(1, round(20 / length))            # the nearest whole frame rate to the course's 20 frames
        n = round(fps * length)
        for rnd in range(rounds):
            load = round(os.getloadavg()[0], 2)
            t = {}
            for k in (1, 2):
                t["mpl", k] = _timed_cpu([sys.executable, "benchmarks/course_matplotlib.py", f"{tmp}/course{k}.mp4",
                                          "03wk-2/mse-good", str(k * n)])
                media = Path(tmp) / f"ours{k}"
                t["ours", k] = _timed_cpu([str(BIN / "manim"), "render", "-qh", "--disable_caching", "--media_dir",
                                           str(media), "--frame_rate", str(k * fps), file, scene])
                shutil.rmtree(media, ignore_errors=True)
            row = {"round": rnd, "frames": f"{n} / {2 * n}", "resolution": "ours 1920x1080, course 2314x1080"}
            for who in ("mpl", "ours"):
                row[f"{who}_s"] = round(t[who, 1][0], 2)
                row[f"{who}_cpu_s"] = round(t[who, 1][1], 2)
                row[f"{who}_per_frame_s"] = round((t[who, 2][0] - t[who, 1][0]) / n, 4)
                row[f"{who}_per_frame_cpu_s"] = round((t[who, 2][1] - t[who, 1][1]) / n, 4)
            row["whole_ratio"] = round(row["ours_s"] / row["mpl_s"], 2)
            row["whole_cpu_ratio"] = round(row["ours_cpu_s"] / row["mpl_cpu_s"], 2)
            row["per_frame_ratio"] = round(row["ours_per_frame_s"] / row["mpl_per_frame_s"], 3)
            row["per_frame_cpu_ratio"] = round(row["ours_per_frame_cpu_s"] / row["mpl_per_frame_cpu_s"], 3)
            row["load_1min"] = f"{load}/{round(os.getloadavg()[0], 2)}"
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


# -- jobs -------------------------------------------------------------------------------------
def bench_jobs(smoke: bool) -> list[dict]:
    if smoke or not shutil.which("lecture", path=str(BIN)):
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in range(1, (os.cpu_count() or 1) + 1):
            env = {"LECTURE_MEDIA_DIR": f"{tmp}/j{jobs}"}
            # recordings are shared: link the real cache so only rendering is timed
            Path(env["LECTURE_MEDIA_DIR"]).mkdir(parents=True)
            os.symlink(ROOT / "media" / "recordings", Path(env["LECTURE_MEDIA_DIR"]) / "recordings")
            t, _ = _run(
                [str(BIN / "lecture"), "-q", "render", "05wk-1", "--quality", "l", "--jobs", str(jobs)], env=env
            )
            rows.append({"jobs": jobs, "lecture": "05wk-1", "quality": "l", "seconds": round(t, 2)})
            t2, _ = _run(
                [str(BIN / "lecture"), "-q", "render", "05wk-1", "--quality", "l", "--jobs", str(jobs)], env=env
            )
            rows[-1]["cache_hit_s"] = round(t2, 2)
    for r in rows:
        r["speedup"] = round(rows[0]["seconds"] / r["seconds"], 2)
    return rows


def bench_dask(smoke: bool, rounds: int = 1, lecture: str = "05wk-1", only: tuple[str, ...] = ()) -> list[dict]:
    """A lecture at -ql on the dask executor (a LocalCluster of 2 worker processes, started by the
    command) vs ``--jobs 2`` locally, interleaved (local, dask, local, dask, ...: load from other work
    hits both alike), each run in a fresh media folder; one row per round with the 1-minute load
    average around it, the ratio dask/local, and a last row of medians.

    ``--smoke`` (and any machine without the cluster extra's ``distributed``) uses the tiny test lecture.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        return []
    env_extra = {}
    if smoke:
        lecture, only, env_extra = "tiny", (), {"LECTURE_SCENES": str(ROOT / "tests" / "fixtures" / "tiny_lecture.py")}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(rounds):
            times, loads = {}, [round(os.getloadavg()[0], 2)]
            for name, extra in (("local", []), ("dask", ["--executor", "dask"])):
                media = Path(tmp) / f"{name}-{rnd}"
                media.mkdir()
                if (ROOT / "media" / "recordings").is_dir():
                    os.symlink(
                        (ROOT / "media" / "recordings").resolve(), media / "recordings"
                    )  # only rendering is timed
                cmd = [sys.executable, "-m", "lecture.cli", "-q", "render", lecture, "--quality", "l", "--jobs", "2",
                       "--json", *[a for p in only for a in ("--only", p)], *extra]
                times[name], _ = _run(cmd, env={"LECTURE_MEDIA_DIR": str(media), **env_extra})
                loads.append(round(os.getloadavg()[0], 2))
                shutil.rmtree(media, ignore_errors=True)
            rows.append({"lecture": lecture, "parts": ",".join(only) or "all", "quality": "l", "workers": 2,
                         "round": rnd, "local_jobs2_s": round(times["local"], 2),
                         "dask_2workers_s": round(times["dask"], 2), "ratio": round(times["dask"] / times["local"], 3),
                         "load_1min": "/".join(map(str, loads))})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if len(rows) > 1:
        med = lambda xs: (
            sorted(xs)[len(xs) // 2] if len(xs) % 2 else sum(sorted(xs)[len(xs) // 2 - 1 : len(xs) // 2 + 1]) / 2
        )  # noqa: E731
        loc, dsk = med([r["local_jobs2_s"] for r in rows]), med([r["dask_2workers_s"] for r in rows])
        rows.append({"lecture": lecture, "parts": rows[0]["parts"], "quality": "l", "workers": 2, "round": "median",
                     "local_jobs2_s": round(loc, 2), "dask_2workers_s": round(dsk, 2),
                     "ratio": round(med([r["ratio"] for r in rows]), 3), "load_1min": ""})
    return rows


def to_markdown(results: dict) -> str:
    lines = [f"# Benchmarks ({results['machine']['when']}, {results['machine']['cpu']}, "
             f"{results['machine']['cores']} cores)", ""]
    for section, rows in results["sections"].items():
        if not rows:
            continue
        lines += [f"## {section}", ""]
        cols = list(dict.fromkeys(k for r in rows for k in r))
        lines.append("| " + " | ".join(cols) + " |")
        lines.append("|" + "---|" * len(cols))
        lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="smallest case of each section (keeps this file from rotting)")
    ap.add_argument("--only", action="append", choices=SECTIONS, help="run only these sections")
    ap.add_argument("--quality", action="append", choices=list("lmhk"), help="render qualities (default l and h)")
    ap.add_argument("--out", default="media/benchmarks", help="folder for benchmarks.json and benchmarks.md")
    ap.add_argument("--rounds", type=int, default=1, help="dask: interleaved local/dask rounds (median reported)")
    ap.add_argument("--lecture", default="05wk-1", help="dask: the lecture to render")
    ap.add_argument("--part", action="append", default=[], help="dask: only these parts of --lecture (repeatable)")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    sections = args.only or list(SECTIONS)
    qualities = tuple(args.quality or ("l", "h"))
    results = {"machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                           "python": platform.python_version(), "when": time.strftime("%Y-%m-%d %H:%M")},
               "sections": {}}
    runners = {"record": bench_record, "load": bench_load, "landscape": bench_landscape,
               "render": lambda s: bench_render(s, qualities), "scale": bench_scale,
               "baseline": lambda s: bench_baseline(s, args.rounds), "jobs": bench_jobs,
               "dask": lambda s: bench_dask(s, args.rounds, args.lecture, tuple(args.part))}
    for name in sections:
        print(f"benchmark: {name} ...", file=sys.stderr, flush=True)
        results["sections"][name] = runners[name](args.smoke)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmarks.json").write_text(json.dumps(results, indent=2))
    (out / "benchmarks.md").write_text(to_markdown(results))
    print(to_markdown(results))
    print(f"wrote {out / 'benchmarks.json'} and {out / 'benchmarks.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
