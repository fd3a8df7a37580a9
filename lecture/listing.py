"""What ``lecture list`` shows, as plain data.

Imports neither torch nor manim when the catalog index is fresh (``lecture.catalog_index``) and this
machine's numerics are known without torch (``engine.cache.numerics_without_torch``: derived, or torch's
answer kept in the media dir by the first listing on this machine): experiment ids and cache paths come
from ``engine`` (torch-free at import), the recordings are read with numpy.
"""

from __future__ import annotations

import sys

import engine

from . import catalog_index, files, media
from .errors import MediaDirError
from .strings import lecture_title

__all__ = ["listing", "listing_indexed"]


def listing(catalog) -> dict:
    """Lectures (with parts, experiments and rendered folders), experiments and import problems."""
    return _listing(catalog_index.view(catalog))


def listing_indexed(sources=None) -> dict:
    """``listing`` of the catalog of ``sources`` (default: ``$LECTURE_SCENES`` or the packages under
    ``lectures/``), from its
    index when fresh (no scene imports), else discovered (and indexed)."""
    return _listing(catalog_index.view_indexed(sources))


def _numerics() -> dict:
    """This machine's ``numerics()``: without torch where known, else torch's answer, kept for the next listing."""
    from engine.cache import numerics_without_torch, remembered_numerics

    env = numerics_without_torch() or engine.numerics.numerics()
    kept = remembered_numerics(env) if "torch" in sys.modules else None   # torch's own answer is at hand
    if kept is not None:
        try:
            files.atomic_write_json(*kept)
        except MediaDirError:
            pass   # a read-only media dir: list all the same, asking torch again next time
    return env


def _cached(exp: str, path) -> bool:
    """A recording at ``path`` that loads and is the run its name says (as ``engine.cached_recording``)."""
    import os

    if not os.path.lexists(path):
        return False
    try:
        engine.check_identity(engine.load_recording(path), exp, path)
    except engine.RecordingError:
        return False
    return True


def _listing(view: dict) -> dict:
    env = _numerics()
    experiments = []
    for exp in engine.experiments():
        path = engine.cache_path(engine.get_config(exp), env=env)
        # "recorded" means a recording that loads and is the run its name says, not just a file
        experiments.append({"id": exp, "lecture": exp.split("/")[0], "cached": _cached(exp, path), "path": str(path)})
    cached = {e["id"]: e["cached"] for e in experiments}
    root = media.media_root() / "lectures"
    # the catalog's order (the course's weeks, Lecture(week=...)), then lectures that only have experiments
    names = list(dict.fromkeys([*view["order"], *engine.lectures()]))
    lectures = []
    for name in names:
        info = view["lectures"].get(name)
        exps = info["experiments"] if info else engine.experiments(name)
        rendered = sorted(str(p.parent.relative_to(root / name)) for p in (root / name).glob("**/manifest.json"))
        lectures.append({
            "id": name, "title": (info or {}).get("title", {}).get("en") or lecture_title(name),
            "parts": [dict(p) for p in (info["parts"] if info else [])],
            "experiments": [{"id": e, "cached": cached.get(e, False)} for e in exps],
            "rendered": rendered,
        })
    return {"lectures": lectures, "experiments": experiments, "problems": [list(p) for p in view["problems"]],
            "media_dir": str(media.media_root())}
