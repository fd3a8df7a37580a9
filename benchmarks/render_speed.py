"""Render speed against the encoder (issue 32): ratios measured in one run, on one machine, interleaved.

For each part asked for, every round renders, one after the other (A B C D E A B C D E ...: load from
other work hits each alike), recording wall and CPU seconds (user + system of the children):

- ``part``: the part as ``lecture render`` renders it with one process (``produce``, sections=1);
- ``part_sections``: the same with ``--sections`` processes (lecture/sections.py);
- ``floor``: our encoding floor (benchmarks/floor_scene.py ``EncodingFloor``) of the part's length;
- ``manim_floor``: manim 0.22's own pipeline on the same floor (``ManimFloor``);
- ``ffmpeg``: ffmpeg alone encoding the part's frames with the same x264 options (it decodes our clip
  and encodes every frame again: ``ffmpeg_decode``, decoding alone, is measured too, so the encoder's
  own share is ``ffmpeg - ffmpeg_decode``), and the same for the floor's frames.

Ratios reported: floor / ffmpeg-alone on the floor's frames, part / ffmpeg-alone on the part's frames,
part / part-in-sections (the speed-up), and whether the joined clip's frames equal the serial clip's.

    .venv/bin/python -m benchmarks.render_speed --part dropout.arithmetic --quality h --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.matrix import ROOT, floor_render, manim_render, select_parts
from benchmarks.run import video_duration

X264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` as ``(result, wall seconds, CPU seconds of the children)``."""
    c0, t0 = _children_cpu(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0, _children_cpu() - c0


def ffmpeg_alone(clip: Path, out: Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(clip), "-an", *X264, str(out)], check=True)


def ffmpeg_decode(clip: Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(clip), "-f", "null", "-"], check=True)


def frame_hashes(clip: Path) -> list[str]:
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(clip), "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [ln.rsplit(",", 1)[-1].strip() for ln in out.splitlines() if ln and not ln.startswith("#")]


def produce_part(file: str, scene: str, quality: str, lang: str, tmp: Path, sections: int) -> Path:
    from lecture.render import produce

    tmp.mkdir(parents=True)
    out = produce(ROOT / file, scene, quality, lang, tmp, media_root=ROOT / "media", sections=sections)
    if out.rc != 0 or out.video is None:
        raise RuntimeError((tmp / "render.log").read_text(errors="replace")[-600:])
    return out.video


def measure(part: str, quality: str, lang: str, rounds: int, sections: int, out: Path) -> list[dict]:
    (pid, file, scene), = select_parts([part])
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp_:
        tmp = Path(tmp_)
        for rnd in range(rounds):
            row: dict = {"part": pid, "quality": quality, "lang": lang, "round": rnd, "sections": sections,
                         "load_before": round(os.getloadavg()[0], 2)}
            serial, row["part_s"], row["part_cpu_s"] = timed(
                produce_part, file, scene, quality, lang, tmp / f"serial-{rnd}", 1)
            joined, row["part_sections_s"], row["part_sections_cpu_s"] = timed(
                produce_part, file, scene, quality, lang, tmp / f"sections-{rnd}", sections)
            row["video_s"] = round(video_duration(serial), 3)
            length = row["video_s"]
            (_, fclip, _), row["floor_s"], row["floor_cpu_s"] = timed(
                floor_render, length, quality, tmp / f"floor-{rnd}")
            _, row["manim_floor_s"], row["manim_floor_cpu_s"] = timed(
                manim_render, "benchmarks/floor_scene.py", "ManimFloor", quality, "en", tmp / f"mfloor-{rnd}",
                env={"FLOOR_SECONDS": f"{length:.3f}"})
            for name, clip in (("part", serial), ("floor", fclip)):
                _, row[f"ffmpeg_{name}_s"], row[f"ffmpeg_{name}_cpu_s"] = timed(
                    ffmpeg_alone, clip, tmp / f"ff-{name}-{rnd}.mp4")
                _, row[f"decode_{name}_s"], _ = timed(ffmpeg_decode, clip)
            row["sections_equal_serial"] = frame_hashes(serial) == frame_hashes(joined)
            row["load_after"] = round(os.getloadavg()[0], 2)
            row = {k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}
            rows.append(row)
            print(json.dumps(row), flush=True)
            with open(out, "a") as fh:
                fh.write(json.dumps(row) + "\n")
    return rows


def summary(rows: list[dict]) -> dict:
    """Median ratios over the rounds."""
    med = lambda key: statistics.median(r[key] for r in rows)  # noqa: E731
    return {
        "part": rows[0]["part"], "rounds": len(rows), "video_s": rows[0]["video_s"],
        "floor_over_ffmpeg": round(med("floor_s") / med("ffmpeg_floor_s"), 2),
        "manim_floor_over_ffmpeg": round(med("manim_floor_s") / med("ffmpeg_floor_s"), 2),
        "part_over_ffmpeg": round(med("part_s") / med("ffmpeg_part_s"), 2),
        "part_over_floor": round(med("part_s") / med("floor_s"), 2),
        "sections_speedup": round(med("part_s") / med("part_sections_s"), 2),
        "part_s_over_video_s": round(med("part_s") / rows[0]["video_s"], 2),
        "sections_equal_serial": all(r["sections_equal_serial"] for r in rows),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", action="append", required=True, help="part id (repeatable)")
    ap.add_argument("--quality", default="h")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--sections", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-speed/results.jsonl"))
    a = ap.parse_args(argv)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    for part in a.part:
        rows = measure(part, a.quality, a.lang, a.rounds, a.sections, a.out)
        print(json.dumps(summary(rows)), flush=True)


if __name__ == "__main__":
    main()
