"""What ``lecture list`` shows, as plain data."""

from __future__ import annotations

import engine

from . import media
from .catalog import Catalog
from .strings import lecture_title

__all__ = ["listing"]


def listing(catalog: Catalog) -> dict:
    """Lectures (with parts, experiments and rendered folders), experiments and import problems."""
    experiments = []
    for exp in engine.experiments():
        path = engine.cache_path(engine.get_config(exp))
        # "recorded" means a recording that loads and is the run its name says, not just a file
        cached = engine.cached_recording(exp) is not None
        experiments.append({"id": exp, "lecture": exp.split("/")[0], "cached": cached, "path": str(path)})
    cached = {e["id"]: e["cached"] for e in experiments}
    root = media.media_root() / "lectures"
    names = list(dict.fromkeys([*engine.lectures(), *catalog.all_lectures()]))
    lectures = []
    for name in names:
        info = catalog.lectures.get(name)
        exps = info.experiments if info else engine.experiments(name)
        rendered = sorted(str(p.parent.relative_to(root / name)) for p in (root / name).glob("**/manifest.json"))
        lectures.append({
            "id": name, "title": lecture_title(name),
            "parts": [{"id": p.id, "title": p.title(), "scene_file": _rel(p.scene_file), "scene": p.scene,
                       "lesson": p.lesson} for p in (info.parts if info else [])],
            "experiments": [{"id": e, "cached": cached.get(e, False)} for e in exps],
            "rendered": rendered,
        })
    return {"lectures": lectures, "experiments": experiments, "problems": [list(p) for p in catalog.problems],
            "media_dir": str(media.media_root())}


def _rel(path) -> str:
    from .render import _rel as rel
    return rel(path)
