"""One held frame at 1080p60 through x264 (veryfast, crf 23) three ways (issue 32's profile of the floor):

- ``convert_once``: the frame converted to yuv420p once and encoded N times (scenes/common/encoding.py);
- ``convert_each``: copied and converted for every repeat (manim 0.22's segment encoder);
- ``ffmpeg_pipe``: ffmpeg fed the raw RGBA frame N times through a pipe.

Rounds interleave the three; each line is wall and CPU seconds (this process and its children).

    .venv/bin/python -m benchmarks.held_frame --frames 360 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

W, H = 1920, 1080


def _frame() -> np.ndarray:
    img = np.zeros((H, W, 4), np.uint8)
    img[..., 3] = 255
    img[400:700, 600:1300, :3] = 200
    return img


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def pyav(path: Path, img: np.ndarray, n: int, once: bool) -> None:
    with av.open(str(path), "w", format="mp4") as c:
        s = c.add_stream("libx264", rate=60, options={"preset": "veryfast", "crf": "23"})
        s.pix_fmt, s.width, s.height = "yuv420p", W, H
        frame = av.VideoFrame.from_ndarray(img, format="rgba").reformat(format="yuv420p") if once else None
        for i in range(n):
            f = frame if once else av.VideoFrame.from_ndarray(img, format="rgba")
            f.pts, f.time_base = i, Fraction(1, 60)
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def ffmpeg_pipe(path: Path, img: np.ndarray, n: int) -> None:
    p = subprocess.Popen(["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{W}x{H}",
                          "-r", "60", "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                          "-pix_fmt", "yuv420p", str(path)], stdin=subprocess.PIPE)
    data = img.tobytes()
    for _ in range(n):
        p.stdin.write(data)
    p.stdin.close()
    p.wait()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=360)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args(argv)
    img = _frame()
    with tempfile.TemporaryDirectory() as tmp:
        ways = {"ffmpeg_pipe": lambda p: ffmpeg_pipe(p, img, a.frames),
                "convert_each": lambda p: pyav(p, img, a.frames, once=False),
                "convert_once": lambda p: pyav(p, img, a.frames, once=True)}
        for rnd in range(a.rounds):
            for name, fn in ways.items():
                c0, t0 = _cpu(), time.perf_counter()
                fn(Path(tmp) / f"{name}.mp4")
                print(json.dumps({"way": name, "round": rnd, "frames": a.frames,
                                  "wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(_cpu() - c0, 2)}))


if __name__ == "__main__":
    main()
