"""The course matrix: every part's render time per language and quality, and what it implies on N workers.

Measuring (slow: tens of minutes) writes one JSON line per render, so a stopped run keeps what it had:

    .venv/bin/python -m benchmarks.matrix measure --quality h --lang en --floor   # issues 15/16: part vs floor
    .venv/bin/python -m benchmarks.matrix measure --quality l --lang en,ko
    .venv/bin/python -m benchmarks.matrix report                                # tables + scaling on paper

Each part is rendered the way ``lecture render`` renders it (``python -m manim render -qX --disable_caching``
with ``lecture.render.ENCODER_OPTIONS`` into a fresh media folder, ``LECTURE_LANG`` set), so LaTeX is compiled
anew as in a first render (``--warm-tex``: from ``lecture render``'s TeX store, as in a second render); rows
carry the options as ``encoder`` (absent: made before they were adopted). With
``--floor`` every part is followed at once by the encoding floor of the same length and quality (A B A B:
load from other work hits both alike) and the ratio is part / floor. Every row carries the 1-minute load
average before and after it.

Scaling on paper: :func:`lpt_makespan` schedules the measured per-part times longest first onto N
workers (greedy list scheduling, each job to the worker that frees up first) and reports that wall time
with its lower bound ``max(longest part, total / N)``; LPT is within 4/3 of the optimum. With sections
(:func:`section_lengths`), a part longer than a worker's share becomes several shorter jobs, at the
measured cost of drawing it in sections, so the longest part no longer caps the speed-up.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import video_duration

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path(os.environ.get("BENCH_MATRIX_OUT", "/tmp/bench-matrix/results.jsonl"))


# -- scheduling on paper -------------------------------------------------------------------
def lpt_makespan(times: list[float], workers: int) -> dict:
    """Wall time of ``times`` on ``workers`` identical workers, longest first (LPT list scheduling).

    Returns ``makespan`` (LPT's wall time), ``bound`` (``max(longest, total / workers)``, which no
    schedule beats), ``longest``, ``total`` and ``speedup`` (total / makespan).
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    free = [0.0] * min(workers, max(len(times), 1))
    heapq.heapify(free)
    for t in sorted(times, reverse=True):
        heapq.heappush(free, heapq.heappop(free) + t)
    total, longest = float(sum(times)), float(max(times, default=0.0))
    makespan = max(free) if times else 0.0
    return {"workers": workers, "makespan": makespan, "bound": max(longest, total / workers),
            "longest": longest, "total": total, "speedup": total / makespan if makespan else 0.0}


#: extra CPU a part costs when drawn in sections, as a fraction of its serial time (every process builds
#: the scene and fast-forwards the plays it does not draw): dropout.arithmetic at -qh, 2 sections, CPU
#: seconds 66.4 against 48.5 (benchmarks/render_speed.py, 2026-12-07, docs/benchmarks.md)
SECTION_OVERHEAD = 0.37


def section_lengths(times: list[float], workers: int, overhead: float = SECTION_OVERHEAD) -> list[float]:
    """The jobs a matrix becomes when parts longer than a worker's fair share (``total / workers``) are split
    into sections (lecture/sections.py): a part of ``t`` seconds in ``k`` sections is ``k`` jobs of
    ``t * (1 + overhead) / k``, ``k`` the fewest that bring it under the share (at most ``workers``)."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    share = sum(times) / workers if times else 0.0
    out: list[float] = []
    for t in times:
        k = 1
        while k < workers and t * (1 + overhead * (k > 1)) / k > share:
            k += 1
        out += [t * (1 + overhead * (k > 1)) / k] * k
    return out


# -- measuring ------------------------------------------------------------------------------
def select_parts(only: list[str] | None) -> list[tuple[str, str, str]]:
    """The course's parts ``(id, file, scene)`` whose id is or starts with one of ``only`` (all without it)."""
    from benchmarks.run import lecture_parts

    parts = lecture_parts()
    if not only:
        return parts
    # in the order given (the most wanted first: a stopped run keeps those)
    return [p for o in only for p in parts if p[0] == o or p[0].startswith(o + ".")]


def manim_render(file: str, scene: str, quality: str, lang: str, media: Path, extra: list[str] = (),
           env: dict | None = None) -> tuple[float, Path, float]:
    """Wall seconds, the clip, and the CPU seconds (user + system) manim and its children used."""
    from lecture.render import RENDER_HASH_SEED, _manim_command  # the command `lecture render` runs

    cmd = _manim_command(Path(file), scene, quality, media, extra)
    env = {**os.environ, "LECTURE_LANG": lang, "LECTURE_MEDIA_DIR": str(ROOT / "media"),
           "PYTHONHASHSEED": RENDER_HASH_SEED, **(env or {})}
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if proc.returncode != 0:
        raise RuntimeError((proc.stdout + proc.stderr)[-400:])
    videos = [p for p in media.rglob(f"{scene}.mp4") if "partial_movie_files" not in p.parts]
    return seconds, videos[0], cpu


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def floor_render(seconds: float, quality: str, media: Path, extra: list[str] = ()) -> tuple[float, Path, float]:
    return manim_render("benchmarks/floor_scene.py", "EncodingFloor", quality, "en", media, extra,
                  env={"FLOOR_SECONDS": f"{seconds:.3f}"})


def measure(parts, langs, qualities, floor: bool, out: Path, extra: list[str] = (), keep: Path | None = None,
            warm_tex: bool = False) -> None:
    """``warm_tex``: formulas from ``lecture render``'s TeX store (``media/tex``, the folder it shares between
    parts and renders), as a teacher's second render of a part finds them; rows say ``"tex": "warm"``."""
    tex_env = {"LECTURE_TEX_CACHE": str(ROOT / "media" / "tex")} if warm_tex else None
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-matrix-") as tmp:
        for q in qualities:
            for lang in langs:
                for pid, file, scene in parts:
                    media = Path(tmp) / f"{scene}-{lang}-{q}"
                    from lecture.render import ENCODER_OPTIONS

                    row = {"part": pid, "lang": lang, "quality": q, "encoder": " ".join(ENCODER_OPTIONS),
                           "load_before": round(os.getloadavg()[0], 2),
                           "when": time.strftime("%H:%M:%S"), "extra": " ".join(extra)}
                    if warm_tex:
                        row["tex"] = "warm"
                    try:
                        t, video, cpu = manim_render(file, scene, q, lang, media, extra, env=tex_env)
                        row.update(render_s=round(t, 2), cpu_s=round(cpu, 2), video_s=round(video_duration(video), 2))
                        if keep is not None:   # to look at what was measured (contact sheets)
                            keep.mkdir(parents=True, exist_ok=True)
                            shutil.copyfile(video, keep / f"{pid}-{lang}-{q}.mp4")
                        if floor:
                            f, _, fcpu = floor_render(row["video_s"], q, Path(tmp) / f"floor-{q}", extra)
                            row.update(floor_s=round(f, 2), floor_cpu_s=round(fcpu, 2), ratio=round(t / f, 2),
                                       cpu_ratio=round(cpu / fcpu, 2))
                    except (RuntimeError, subprocess.CalledProcessError, IndexError) as e:
                        row["error"] = str(e).strip().splitlines()[-1][:200] if str(e).strip() else repr(e)
                    row["load_after"] = round(os.getloadavg()[0], 2)
                    with open(out, "a") as fh:
                        fh.write(json.dumps(row) + "\n")
                    print(json.dumps(row), flush=True)
                    shutil.rmtree(media, ignore_errors=True)
                    shutil.rmtree(Path(tmp) / f"floor-{q}", ignore_errors=True)


# -- report ---------------------------------------------------------------------------------
def load_rows(path: Path) -> list[dict]:
    """The measured rows, the last measurement of each (part, lang, quality, extra) winning."""
    rows = {}
    for line in path.read_text().splitlines():
        if line.strip():
            r = json.loads(line)
            rows[(r["part"], r["lang"], r["quality"], r.get("extra", ""))] = r
    return list(rows.values())


def _median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def measured(rows: list[dict], key: str = "render_s") -> dict:
    """{(part, lang, quality): seconds} of the rows made with today's options (``key``, else ``render_s``:
    rows of an idle machine's run carry wall seconds only, and there wall is what CPU is under load)."""
    return {(r["part"], r["lang"], r["quality"]): r.get(key, r.get("render_s")) for r in rows
            if "render_s" in r and not r.get("extra")}


def ratios(have: dict) -> dict:
    """Medians over parts measured both ways: ``("ko/en", q)`` per quality and ``("l/h", lang)``."""
    out = {}
    for q in ("l", "h"):
        rs = [
            have[p, "ko", q] / have[p, "en", q]
            for (p, lang, qq) in have
            if (lang, qq) == ("en", q) and (p, "ko", q) in have
        ]
        if rs:
            out["ko/en", q] = (_median(rs), len(rs))
    for lang in ("en", "ko"):
        rs = [
            have[p, lang, "l"] / have[p, lang, "h"]
            for (p, lg, q) in have
            if (lg, q) == (lang, "h") and (p, lang, "l") in have
        ]
        if rs:
            out["l/h", lang] = (_median(rs), len(rs))
    return out


def matrix_times(have: dict, factors: dict) -> tuple[list[float], list[str]]:
    """Per-job seconds of the whole matrix (every measured part x en, ko x -ql, -qh). A job not measured is
    estimated from the same part's measured job and a measured median ratio (``factors``, from
    :func:`ratios`): ko from en at the same quality, -ql from -qh (or -qh from -ql) in the same language,
    else ko from the estimated en. Returns the times and one note per estimate or gap."""
    parts = sorted({p for p, _, _ in have})
    times, notes = [], []
    f = {k: v[0] for k, v in factors.items()}
    for p in parts:
        def get(lang, q, depth=0):
            if (p, lang, q) in have:
                return have[p, lang, q]
            if depth > 1:
                return None
            if lang == "ko" and ("ko/en", q) in f and (p, "en", q) in have:
                return have[p, "en", q] * f["ko/en", q]
            if q == "l" and ("l/h", lang) in f and (p, lang, "h") in have:
                return have[p, lang, "h"] * f["l/h", lang]
            if q == "h" and ("l/h", lang) in f and (p, lang, "l") in have:
                return have[p, lang, "l"] / f["l/h", lang]
            if lang == "ko" and ("ko/en", q) in f:
                en = get("en", q, depth + 1)
                return None if en is None else en * f["ko/en", q]
            return None
        for lang in ("en", "ko"):
            for q in ("l", "h"):
                t = get(lang, q)
                if t is None:
                    notes.append(f"{p} {lang} -q{q} missing")
                    continue
                times.append(t)
                if (p, lang, q) not in have:
                    notes.append(f"{p} {lang} -q{q} estimated")
    return times, notes


def report(path: Path, key: str | None = None, also: list[Path] = ()) -> str:
    """Tables of ``path`` (part vs floor; ko/en and l/h ratios) and the scaling on paper of every job in
    ``also`` (earlier runs, read first) and ``path`` (later rows win)."""
    rows = load_rows(path)
    earlier = [r for a in also for r in load_rows(a)]
    have_rows = list({(r["part"], r["lang"], r["quality"]): r for r in [*earlier, *rows]}.values())
    key = key or ("cpu_s" if rows and all("cpu_s" in r for r in rows if "render_s" in r) else "render_s")
    lines = []
    floor_rows = [r for r in rows if "ratio" in r and not r.get("extra")]
    if floor_rows:
        lines += [
            "| part | lang | quality | x264 preset | video_s | render_s | floor_s | ratio | cpu_s | floor_cpu_s "
            "| cpu ratio | load before/after |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in sorted(floor_rows, key=lambda r: -r["ratio"]):
            preset = r.get("encoder", "").rpartition("preset=")[2] or "default"
            lines.append(
                f"| {r['part']} | {r['lang']} | {r['quality']} | {preset} | {r['video_s']} | {r['render_s']} | "
                f"{r['floor_s']} | "
                f"{r['ratio']} | {r.get('cpu_s', '')} | {r.get('floor_cpu_s', '')} | {r.get('cpu_ratio', '')} | "
                f"{r['load_before']} / {r['load_after']} |"
            )
        lines.append("")
    factors = ratios(measured(rows, key))               # ratios from this run's own rows only
    have = measured(have_rows, key)
    for (what, q), (v, n) in sorted(factors.items()):
        lines.append(f"{what} at {'-q' + q if what == 'ko/en' else q}: median {v:.2f} over {n} parts")
    for what, a, b in (("ko/en", "h", "l"), ("ko/en", "l", "h"), ("l/h", "en", "ko"), ("l/h", "ko", "en")):
        if (what, a) not in factors and (what, b) in factors:
            factors[what, a] = factors[what, b]
            lines.append(f"{what} at {'-q' if what == 'ko/en' else ''}{a}: not measured; "
                         f"{'-q' if what == 'ko/en' else ''}{b}'s ratio used")
    times, notes = matrix_times(have, factors)
    if times:
        est = [n for n in notes if n.endswith("estimated")]
        gaps = [n for n in notes if n.endswith("missing")]
        lines += ["", f"matrix ({key}): {len(times)} jobs, {sum(times):.0f} s in all; {len(have)} measured, "
                  f"{len(est)} estimated" + (f", {len(gaps)} missing ({', '.join(gaps[:4])}...)" if gaps else ""),
                  "", "| workers | LPT wall s | lower bound s | longest part s | speed-up | with sections: LPT wall s "
                  "| speed-up |", "|---|---|---|---|---|---|---|"]
        for n in (1, 4, 16, 64):
            s = lpt_makespan(times, n)
            w = lpt_makespan(section_lengths(times, n), n)["makespan"]
            lines.append(f"| {n} | {s['makespan']:.0f} | {s['bound']:.0f} | {s['longest']:.0f} | {s['speedup']:.1f} "
                         f"| {w:.0f} | {s['total'] / w if w else 0:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--quality", default="h", help="comma-separated: l,h")
    m.add_argument("--lang", default="en", help="comma-separated: en,ko")
    m.add_argument("--floor", action="store_true", help="follow each part by the encoding floor of its length")
    m.add_argument("--only", action="append", help="part id or family prefix (repeatable)")
    m.add_argument("--out", type=Path, default=DEFAULT_OUT)
    m.add_argument("--keep", type=Path, metavar="DIR", help="copy each part's clip into DIR as <part>-<lang>-<q>.mp4")
    m.add_argument("--warm-tex", action="store_true",
                   help="take formulas from lecture render's TeX store (media/tex), as a second render does")
    r = sub.add_parser("report")
    r.add_argument("--out", type=Path, default=DEFAULT_OUT)
    r.add_argument("--key", choices=["render_s", "cpu_s"], help="wall or CPU seconds (default: CPU when measured)")
    r.add_argument(
        "--also", type=Path, action="append", default=[], help="earlier rows (JSON lines) to fill the matrix"
    )
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    if args.cmd == "measure":
        measure(
            select_parts(args.only), args.lang.split(","), args.quality.split(","), args.floor, args.out,
            keep=args.keep, warm_tex=args.warm_tex,
        )
    else:
        print(report(args.out, args.key, args.also))
    return 0


if __name__ == "__main__":
    sys.exit(main())
