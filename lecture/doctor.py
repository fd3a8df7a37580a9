"""``lecture doctor``: is everything a render needs installed? Each check says how to fix it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass

from . import media
from .errors import LectureError
from .files import ensure_writable

__all__ = ["Check", "CHECKS", "run_checks"]


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str

    def to_dict(self) -> dict:
        return asdict(self)


CHECKS: list[tuple[str, str, Callable[[], tuple[bool, str]]]] = []


def check(name: str, fix: str):
    """Register ``fn() -> (ok, detail)`` as a check with its fix (like manim's checkhealth)."""
    def deco(fn):
        CHECKS.append((name, fix, fn))
        return fn
    return deco


def _which(prog: str) -> tuple[bool, str]:
    path = shutil.which(prog)
    return (path is not None, path or f"{prog} not on PATH")


@check("ffmpeg", "apt-get install ffmpeg")
def _ffmpeg():
    found = [_which(p) for p in ("ffmpeg", "ffprobe")]
    return all(ok for ok, _ in found), ", ".join(detail for _, detail in found)


@check("latex", "apt-get install texlive-latex-base texlive-latex-extra texlive-fonts-recommended")
def _latex():
    return _which("latex")


@check("dvisvgm", "apt-get install dvisvgm")
def _dvisvgm():
    return _which("dvisvgm")


@check("korean font (NanumGothic)", "apt-get install fonts-nanum && fc-cache -f")
def _font():
    if shutil.which("fc-list") is None:
        return False, "fc-list not found (fontconfig)"
    out = subprocess.run(["fc-list", ":family=NanumGothic", "file"], capture_output=True, text=True, timeout=30)
    files = [ln.strip().rstrip(":") for ln in out.stdout.splitlines() if ln.strip()]
    return bool(files), files[0] if files else "no font with family NanumGothic"


@check("cairo and pango", "apt-get install libcairo2-dev libpango1.0-dev pkg-config, then reinstall .venv")
def _cairo():
    try:
        import cairo  # noqa: F401
        import manimpango
    except Exception as e:  # noqa: BLE001
        return False, f"{type(e).__name__}: {e}"
    return True, f"pycairo {cairo.version}, manimpango {manimpango.__version__}"


@check("media dir writable", "chmod u+w the folder, or set LECTURE_MEDIA_DIR to a writable folder")
def _media():
    try:
        return True, str(ensure_writable(media.media_root()))
    except LectureError as e:
        return False, str(e)


def run_checks() -> list[Check]:
    results = []
    for name, fix, fn in CHECKS:
        try:
            ok, detail = fn()
        except Exception as e:  # noqa: BLE001 - a broken check is a failed check
            ok, detail = False, f"{type(e).__name__}: {e}"
        results.append(Check(name, bool(ok), str(detail), fix))
    return results
