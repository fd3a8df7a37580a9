"""Encoder settings of Manim 0.22 against today's defaults, for a part and the encoding floor (issue 18 item 6).

Variants (each a list of extra ``manim render`` options) are rendered interleaved, A B C D A B C D ...,
so load from other work hits each alike; every render records wall and CPU seconds (user + system of
manim and its threads) and the load average. Quality: ffmpeg's SSIM of each variant's clip against the
baseline's clip of the same round (>= 0.99 is "equal quality").

    .venv/bin/python -m benchmarks.encoders --part sgd.device --rounds 2 --quality h
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.matrix import ROOT, floor_render, manim_render, select_parts, video_duration

VARIANTS = {
    "default": [],
    "inflight4": ["--max-inflight-encoders", "4"],
    "veryfast": ["--encoder-option", "preset=veryfast"],
    "veryfast+inflight4": ["--encoder-option", "preset=veryfast", "--max-inflight-encoders", "4"],
}


def ssim(a: Path, b: Path) -> float:
    """ffmpeg's mean SSIM (All) of clip ``a`` against clip ``b``."""
    out = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(a), "-i", str(b), "-lavfi", "ssim",
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    return float(re.findall(r"All:([0-9.]+)", out)[-1])


def run(
    part: str, quality: str, rounds: int, out: Path, variants: dict = VARIANTS, common: list[str] = ()
) -> list[dict]:
    """``common``: options every render gets (e.g. ``-n 0,6``: the first animations only, to fit a busy machine)."""
    (pid, file, scene), = select_parts([part])
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-enc-") as tmp:
        for rnd in range(rounds):
            clips = {}
            for name, extra in variants.items():
                media = Path(tmp) / f"{name}-{rnd}"
                load = round(os.getloadavg()[0], 2)
                t, video, cpu = manim_render(file, scene, quality, "en", media, [*common, *extra])
                length = video_duration(video)
                f, fvideo, fcpu = floor_render(length, quality, Path(tmp) / f"floor-{name}-{rnd}", extra)
                clips[name] = (video, fvideo)
                row = {
                    "part": pid,
                    "quality": quality,
                    "common": " ".join(common),
                    "variant": name,
                    "round": rnd,
                    "render_s": round(t, 2),
                    "cpu_s": round(cpu, 2),
                    "floor_s": round(f, 2),
                    "floor_cpu_s": round(fcpu, 2),
                    "video_s": round(length, 2),
                    "size_kb": video.stat().st_size // 1024,
                    "load_before": load,
                    "load_after": round(os.getloadavg()[0], 2),
                }
                if name != "default":
                    row["ssim_part"] = ssim(video, clips["default"][0])
                    row["ssim_floor"] = ssim(fvideo, clips["default"][1])
                rows.append(row)
                print(json.dumps(row), flush=True)
                with open(out, "a") as fh:
                    fh.write(json.dumps(row) + "\n")
            for name in variants:
                shutil.rmtree(Path(tmp) / f"{name}-{rnd}", ignore_errors=True)
                shutil.rmtree(Path(tmp) / f"floor-{name}-{rnd}", ignore_errors=True)
    return rows


def summary(rows: list[dict]) -> list[dict]:
    """Median wall and CPU seconds per variant, and each as a ratio to the default's median."""
    med = lambda xs: sorted(xs)[len(xs) // 2] if len(xs) % 2 else sum(sorted(xs)[len(xs) // 2 - 1:len(xs) // 2 + 1]) / 2  # noqa: E731
    by = {}
    for r in rows:
        by.setdefault(r["variant"], []).append(r)
    base = by.get("default")
    out = []
    for name, rs in by.items():
        s = {"variant": name, "n": len(rs)}
        for k in ("render_s", "cpu_s", "floor_s", "floor_cpu_s", "size_kb"):
            s[k] = round(med([r[k] for r in rs]), 2)
            if base:
                s[k + "_ratio"] = round(s[k] / med([r[k] for r in base]), 3)
        if name != "default":
            s["ssim_part_min"] = min(r["ssim_part"] for r in rs)
            s["ssim_floor_min"] = min(r["ssim_floor"] for r in rs)
        s["load"] = f"{min(r['load_before'] for r in rs)}-{max(r['load_after'] for r in rs)}"
        out.append(s)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", default="sgd.device")
    ap.add_argument("--quality", default="h")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-encoders.jsonl"))
    ap.add_argument("--summary", action="store_true", help="only summarise --out")
    ap.add_argument("--animations", help="render only these animations of the part, e.g. 0,6 (manim's -n)")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    if not args.summary:
        run(args.part, args.quality, args.rounds, args.out, common=["-n", args.animations] if args.animations else [])
    rows = [json.loads(line) for line in args.out.read_text().splitlines() if line.strip()]
    for s in summary(rows):
        print(json.dumps(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
