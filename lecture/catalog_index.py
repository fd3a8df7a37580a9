"""What ``lecture list`` needs from the catalog, kept beside the scene sources so listing does not import them.

Discovering the catalog imports every scene family, i.e. manim and torch (seconds). ``lecture list``
only needs the parts' ids, titles, files, scenes and lessons and each lecture's experiments, so the
first listing discovers the catalog as usual and writes that data to
``<folder of the first source>/__pycache__/lecture-catalog-<sources>.json``, stamped with a
fingerprint of every ``.py`` file that can shape it (the source folders recursively, ``lectures/``,
``scenes/``, ``engine/``, this package's ``catalog.py``). A later listing with the same fingerprint
reads it and imports neither. The sources are the packages found under ``lectures/`` (a folder
listing, no import), so a lecture added there changes them and is listed at once.

Only sources that are files or packages of the project (``.py`` paths, or module names of files or
packages under it) are indexed; a catalog with import problems is never written, so a broken lecture
is reported afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from mediafiles import atomic_write_json

from .catalog import LECTURES_DIR, PROJECT_ROOT, default_sources

__all__ = ["catalog_sources", "load", "save", "view"]

#: bump when the layout of the index changes
FORMAT = 2


def catalog_sources() -> tuple[str, ...]:
    """The sources ``Catalog.discover()`` uses by default (``$LECTURE_SCENES`` or the packages under ``lectures/``)."""
    return default_sources()


def _source_files(sources) -> list[Path] | None:
    files = []
    for src in sources:
        path = Path(src) if src.endswith(".py") else PROJECT_ROOT / (src.replace(".", "/") + ".py")
        if not src.endswith(".py") and not path.is_file():
            path = PROJECT_ROOT / src.replace(".", "/") / "__init__.py"   # a package
        if not path.is_file():
            return None
        files.append(path.resolve())
    return files or None


def _index_path(sources, files: list[Path]) -> Path:
    tag = hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]
    return files[0].parent / "__pycache__" / f"lecture-catalog-{tag}.json"


def _fingerprint(sources, files: list[Path]) -> str:
    h = hashlib.sha256(f"{FORMAT}\0{os.pathsep.join(sources)}\0".encode())
    roots = {f.parent for f in files} | {PROJECT_ROOT / n for n in ("engine", "scenes", LECTURES_DIR.name)}
    paths = {p for r in roots for p in r.rglob("*.py")} | set(files) | {PROJECT_ROOT / "lecture" / "catalog.py"}
    for p in sorted(paths):
        try:
            h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
        except OSError:
            h.update(str(p).encode() + b"\0?\0")
    return h.hexdigest()


def view(catalog) -> dict:
    """The listing's data of a discovered ``Catalog``: lectures in order with parts and experiments."""
    from .render import project_relative

    return {
        "order": catalog.all_lectures(),
        "lectures": {lec.id: {"title": dict(lec.title), "parts": [{"id": p.id, "title": p.title(),
                                                                   "scene_file": project_relative(p.scene_file),
                                         "scene": p.scene, "lesson": p.lesson} for p in lec.parts],
                              "experiments": list(lec.experiments)}
                     for lec in catalog.lectures.values()},
        "problems": [list(p) for p in catalog.problems],
    }


def view_indexed(sources=None) -> dict:
    """The ``view`` of the catalog of ``sources``: from its index when fresh (no scene imports), else
    discovered (and indexed)."""
    found = load(sources)
    if found is None:
        from .catalog import Catalog

        found = view(Catalog.discover(list(sources) if sources else None))
        save(found, sources)
    return found


def load(sources=None) -> dict | None:
    """The stored view for ``sources`` if it is still what discovering them would give, else ``None``."""
    sources = tuple(sources or catalog_sources())
    files = _source_files(sources)
    if files is None:
        return None
    try:
        data = json.loads(_index_path(sources, files).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != _fingerprint(sources, files):
        return None
    return data.get("view")


def save(view_: dict, sources=None) -> None:
    """Store ``view_`` for ``sources`` (atomically; silently not where the folder is read-only)."""
    sources = tuple(sources or catalog_sources())
    files = _source_files(sources)
    if files is None or view_["problems"]:
        return
    with contextlib.suppress(OSError):
        atomic_write_json(_index_path(sources, files), {"fingerprint": _fingerprint(sources, files), "view": view_},
                          indent=None)
