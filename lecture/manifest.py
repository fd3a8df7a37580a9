"""``manifest.json``: read it, and refuse one that could point a deck outside its lecture folder.

A manifest is written by ``lecture render`` but read back from disk, where anyone
(or a damaged copy) may have changed it. Decks and the gallery only ever act on
what :func:`load_manifest` returned: a dict of the expected shape whose clip and
poster names are plain file names in the lecture folder (no separator, no ``..``,
not absolute). Anything else is one :class:`LectureError` naming the manifest.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from .errors import LectureError

__all__ = ["ManifestError", "plain_name", "clip_problem", "check_manifest", "load_manifest", "check_clip_files"]


class ManifestError(LectureError):
    """A manifest that is missing, unreadable, or not of the expected structure."""


_RESOLUTION = re.compile(r"[1-9][0-9]{0,5}x[1-9][0-9]{0,5}")


def plain_name(name) -> bool:
    """A plain file name: a non-empty string with no separator, no NUL, not ``.``/``..``, not hidden."""
    return (isinstance(name, str) and 0 < len(name) <= 255 and name not in (".", "..")
            and not name.startswith(".") and not any(c in name for c in "/\\\0")
            and not (len(name) > 1 and name[1] == ":"))   # "C:x" is a drive-relative path on Windows


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x >= 0


def clip_problem(c) -> str | None:
    """What is wrong with one clip entry (a manifest's, or a job's record), or ``None``."""
    if not isinstance(c, dict):
        return " is not an object"
    for key in ("part", "title", "scene", "scene_file"):
        if not isinstance(c.get(key), str):
            return f": {key!r} is not a string"
    for key in ("clip", "poster"):
        if not plain_name(c.get(key)):
            return f": {key!r} is not a plain file name in the lecture folder ({c.get(key)!r})"
    if not _is_number(c.get("duration")):
        return ": 'duration' is not a number of seconds"
    if not (isinstance(c.get("resolution"), str) and _RESOLUTION.fullmatch(c["resolution"])):
        return ": 'resolution' is not WIDTHxHEIGHT"
    if "subtitles" in c and not plain_name(c["subtitles"]):
        return f": 'subtitles' is not a plain file name in the lecture folder ({c['subtitles']!r})"
    beats = c.get("beats", [])
    if not (isinstance(beats, list) and all(
            isinstance(b, dict) and _is_number(b.get("start")) and _is_number(b.get("end"))
            and isinstance(b.get("captions", []), list) and all(isinstance(s, str) for s in b.get("captions", []))
            for b in beats)):
        return ": 'beats' is not a list of beats (start and end in seconds, captions)"
    recs = c.get("recordings", {})
    if not (isinstance(recs, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in recs.items())):
        return ": 'recordings' is not an object of experiment ids to keys"
    return None


def _problem(data) -> str | None:
    """What is wrong with a manifest's structure, or ``None``."""
    if not isinstance(data, dict):
        return f"expected a JSON object, found {type(data).__name__}"
    for key in ("lecture", "title"):
        if not isinstance(data.get(key), str):
            return f"{key!r} is not a string"
    for key in ("language", "quality", "quality_dir"):
        if key in data and not isinstance(data[key], str):
            return f"{key!r} is not a string"
    if "missing" in data and not (
        isinstance(data["missing"], list) and all(isinstance(m, str) for m in data["missing"])
    ):
        return "'missing' is not a list of part ids"
    clips = data.get("clips")
    if not isinstance(clips, list):
        return "'clips' is not a list"
    for i, c in enumerate(clips, 1):
        problem = clip_problem(c)
        if problem:
            return f"clip {i}{problem}"
    names = [c[k] for c in clips for k in ("clip", "poster", "subtitles") if k in c]
    if len(set(names)) != len(names):
        return "two clips share a file name"
    return None


def check_manifest(path: Path, data) -> dict:
    """``data`` if it is a well-formed manifest, else a one-line :class:`ManifestError` naming ``path``."""
    problem = _problem(data)
    if problem:
        raise ManifestError(f"{path}: not a lecture manifest ({problem}); render the lecture again "
                            "(`lecture render ...`)")
    return data


def load_manifest(path: Path) -> dict:
    """Read and check ``path`` (a ``manifest.json``)."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():   # a FIFO would hang read_text
            raise ManifestError(f"{path}: not a regular file; remove it and render the lecture again")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest; render the lecture first (`lecture render ...`)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: cannot read it ({getattr(e, 'strerror', None) or e}); "
                            "render the lecture again (`lecture render ...`)") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ManifestError(f"{path}: manifest is corrupt; render the lecture again (`lecture render ...`)") from None
    return check_manifest(path, data)


def check_clip_files(manifest: dict, folder: Path) -> None:
    """Raise a one-line LectureError unless each clip and poster of ``manifest`` is a regular file in
    ``folder`` and each clip is the one its render recorded (size and SHA-256, as ``lecture render``
    checks before it calls a part cached): a deck or the gallery never ships a damaged or replaced clip."""
    from .files import is_recorded_file

    again = f"run `lecture render {manifest['lecture']}` again"
    for c in manifest["clips"]:
        for key in ("clip", "poster"):
            path = Path(folder) / c[key]
            if path.is_symlink() or (path.exists() and not path.is_file()):
                raise LectureError(f"{path}: not a regular file in the lecture folder (a link?); remove it and {again}")
            if not path.is_file():
                raise LectureError(f"{path}: missing; {again}")
        if not is_recorded_file(Path(folder) / c["clip"], c.get("clip_size"), c.get("clip_sha256")):
            raise LectureError(
                f"{Path(folder) / c['clip']}: not the clip its render wrote (its size or SHA-256 differs "
                f"from manifest.json, or none was recorded); {again}"
            )
