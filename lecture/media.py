"""Where outputs go, and what ffmpeg says about a clip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import procs
from .errors import LectureError, MissingTool

__all__ = ["QUALITIES", "LANGUAGES", "media_root", "lecture_dir", "VideoInfo", "probe", "poster", "require_tool"]

#: --quality letter -> (manim flag, folder name = manim's own resolution folder)
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
LANGUAGES = ("en", "ko")

#: program -> what to install (Debian package names, as scripts/setup.sh installs them)
INSTALL_HINT = {
    "ffmpeg": "apt-get install ffmpeg",
    "ffprobe": "apt-get install ffmpeg",
    "latex": "apt-get install texlive-latex-base texlive-latex-extra texlive-fonts-recommended",
    "dvisvgm": "apt-get install dvisvgm",
    "fc-list": "apt-get install fontconfig",
}


def media_root() -> Path:
    """The media folder (``$LECTURE_MEDIA_DIR`` or ``./media``), absolute."""
    from engine.cache import media_dir  # here, not at import: ``lecture --help`` needs no torch

    return media_dir().resolve()


def lecture_dir(lecture: str, quality: str, lang: str = "en", root: Path | None = None) -> Path:
    """``media/lectures/<lecture>/<480p15|...>[/<lang> unless en]``."""
    d = (root or media_root()) / "lectures" / lecture / QUALITIES[quality]
    return d if lang == "en" else d / lang


def require_tool(name: str, why: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingTool(f"{name} not found (needed {why}); install it: {INSTALL_HINT.get(name, name)}")
    return path


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    width: int
    height: int
    fps: float

    @property
    def resolution(self) -> str:
        return f"{self.width}x{self.height}"


def probe(path: os.PathLike) -> VideoInfo:
    """Duration, size and frame rate of a video (ffprobe)."""
    ffprobe = require_tool("ffprobe", "to read clip durations")
    out = _run([ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height,r_frame_rate:format=duration", "-of", "json", str(path)], path, timeout=60)
    if out.returncode != 0:
        raise LectureError(f"{path}: ffprobe cannot read it ({_last_line(out.stderr)})")
    try:
        data = json.loads(out.stdout)
        st = data["streams"][0]
        num, den = (st.get("r_frame_rate") or "0/1").split("/")
        return VideoInfo(duration=round(float(data["format"]["duration"]), 3), width=int(st["width"]),
                         height=int(st["height"]), fps=round(float(num) / float(den or 1), 3))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, ZeroDivisionError):
        raise LectureError(f"{path}: not a video ffprobe can read (no video stream)") from None


def poster(video: os.PathLike, png: os.PathLike) -> Path:
    """Write the clip's last frame (the finished picture of a part) to ``png``."""
    ffmpeg = require_tool("ffmpeg", "to cut poster frames")
    out = _run([ffmpeg, "-v", "error", "-y", "-sseof", "-0.5", "-i", str(video), "-update", "1", str(png)],
               video, timeout=120)
    if out.returncode != 0 or not Path(png).stat().st_size:
        raise LectureError(f"{video}: ffmpeg could not cut a poster frame ({_last_line(out.stderr)})")
    return Path(png)


def ffmpeg(args, path: os.PathLike, *, why: str, what: str, timeout: float = 300) -> None:
    """Run ``ffmpeg -v error -y ARGS`` as every ffmpeg call here runs (its own session, a time limit);
    a failure is one line naming ``path`` and ``what`` could not be done."""
    exe = require_tool("ffmpeg", why)
    out = _run([exe, "-v", "error", "-y", *map(str, args)], path, timeout=timeout)
    if out.returncode != 0:
        raise LectureError(f"{path}: ffmpeg could not {what} ({_last_line(out.stderr)})")


def _run(cmd, path, *, timeout: float) -> subprocess.CompletedProcess:
    """ffmpeg/ffprobe in their own session (a Ctrl-C at the terminal is ours to handle, not theirs)."""
    try:
        return procs.run(cmd, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LectureError(f"{path}: {Path(cmd[0]).name} did not finish in {timeout:.0f} s") from None


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1][:200] if lines else "no message"
